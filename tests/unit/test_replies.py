"""Reading mail that arrived: auto-replies, matching to applications, offer and rejection flags,
and the touch that is logged."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from followup.domain import replies
from followup.domain.mail import REFERENCES_KEPT, IncomingMail
from followup.domain.model import AUTO_REPLY, Channel, DecisionKind, Direction, Touch
from followup.domain.replies import MailIndex, Reply, mail_index, match, reads_like

AT = datetime(2026, 12, 21, 9, 30, tzinfo=UTC)


def mail(text: str = "Thanks, talk soon.", **changes: object) -> IncomingMail:
    base = IncomingMail(
        message_id="<r1@acme.example>",
        sender="priya@acme.example",
        subject="Re: Data Analyst interview",
        at=AT,
        text=text,
    )
    return replace(base, **changes)


# --- auto-replies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("auto-submitted", "auto-replied"),
        ("auto-submitted", "auto-generated"),
        ("auto-submitted", "Auto-Replied; owner-email=priya@acme.example"),
        ("x-autoreply", "yes"),
        ("x-autorespond", "Vacation"),
        ("x-autoresponder", ""),
        ("precedence", "auto_reply"),
        ("precedence", "bulk"),
        ("precedence", "Junk"),
    ],
)
def test_each_auto_reply_header_is_recognised(name: str, value: str) -> None:
    assert replies.is_auto_reply(mail(headers={name: value}))


@pytest.mark.parametrize(
    "headers",
    [{}, {"auto-submitted": "no"}, {"precedence": "list"}, {"x-autoreply": "no"}],
)
def test_a_person_writing_is_not_an_auto_reply(headers: dict[str, str]) -> None:
    assert not replies.is_auto_reply(mail(headers=headers))


@pytest.mark.parametrize(
    "subject",
    [
        "Out of Office: Re: Data Analyst interview",
        "Out of the office until 5 January",
        "Automatic reply: Thank you",
        "Autoreply: Thank you",
        "Auto-Reply: Thank you",
        "[Auto Response] Thank you",
        "Abwesenheitsnotiz: Vielen Dank",
        "Automatische Antwort: Vielen Dank",
        "Réponse automatique : Merci",
        "Away from the office",
        "Vacation reply",
    ],
)
def test_out_of_office_subjects_are_auto_replies(subject: str) -> None:
    assert replies.is_auto_reply(mail(subject=subject))


@pytest.mark.parametrize(
    "subject", ["Re: Data Analyst interview", "Re: our office move", "Your offer of employment"]
)
def test_ordinary_subjects_are_not(subject: str) -> None:
    assert not replies.is_auto_reply(mail(subject=subject))


# --- offer or rejection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Dear Alex,\nWe are pleased to offer you the position of Data Analyst.",
        "We would like to offer you the role, starting in February.",
        "I'm delighted to extend an offer to you. Details to follow.",
        "Please find attached your offer letter.",
        "You stood out among the other candidates, and we are happy to offer you the job!",
        "We'd love to offer you the opportunity to join our analytics team.",
    ],
)
def test_offers(text: str) -> None:
    assert reads_like(mail(text)) == "offer"


@pytest.mark.parametrize(
    "text",
    [
        "Unfortunately, we have decided not to proceed with your application.",
        "Thank you for your time. We will not be moving forward with your candidacy.",
        "After careful thought we decided to move forward with another candidate.",
        "We regret to inform you that the position has been filled.",
        "We are unable to offer you the role on this occasion.",
        "Sadly we are not in a position to offer you the job.",
        "Your application has not been successful.",
        "We have decided to pursue other candidates whose experience more closely matches.",
        "Leider müssen wir Ihnen eine Absage erteilen.",
        "Nous sommes au regret de ne pas donner suite à votre candidature.",
    ],
)
def test_rejections(text: str) -> None:
    assert reads_like(mail(text)) == "rejection"


@pytest.mark.parametrize(
    "text",
    [
        "Thanks Alex, we will be in touch next week.",
        "We would like to offer you a second interview on Tuesday.",
        "Unfortunately I am out of office until 5 January and will reply to your application then.",
        "Unfortunately I can't make Tuesday; could we do Wednesday instead?",
        "We are still interviewing other candidates and will be in touch next week.",
        "I'm currently on leave; unfortunately your application will have to wait.",
        # The rejection words are in the quoted message, not in what was written now.
        "Thanks, talk soon.\n\nOn Mon, 21 Dec 2026, Alex wrote:\n> decided not to proceed",
        "Thanks!\n-----Original Message-----\nWe regret to inform you",
    ],
)
def test_neither(text: str) -> None:
    assert reads_like(mail(text)) is None


def test_the_subject_counts_too() -> None:
    assert reads_like(mail("See attached.", subject="Your offer of employment")) == "offer"


def test_an_absence_sentence_does_not_hide_the_rest() -> None:
    text = (
        "I am out of the office on Friday. Unfortunately, we have decided not to proceed "
        "with your application."
    )
    assert reads_like(mail(text)) == "rejection"


def test_an_auto_reply_wins_over_any_words_in_it() -> None:
    text = "Unfortunately we have decided not to proceed. I am out of the office."
    assert replies.outcome(mail(text, subject="Automatic reply: Thanks")) == AUTO_REPLY
    assert replies.outcome(mail(text)) == replies.LOOKS_LIKE_REJECTION
    assert replies.outcome(mail("Delighted to offer you the role.")) == replies.LOOKS_LIKE_OFFER
    assert replies.outcome(mail("Unfortunately I am out of office.")) is None


def test_a_machine_sent_decision_is_flagged_not_taken_for_an_auto_reply() -> None:
    ats = {"auto-submitted": "auto-generated", "precedence": "bulk"}
    rejection = "Thank you for applying. We have decided not to proceed with your application."
    assert replies.outcome(mail(rejection, headers=ats)) == replies.LOOKS_LIKE_REJECTION
    offer = "We are delighted to offer you the position. Your offer letter follows."
    assert replies.outcome(mail(offer, headers=ats)) == replies.LOOKS_LIKE_OFFER
    # Machine-sent without decision words, or an absence notice whatever its words: automatic.
    assert replies.outcome(mail("We have received your message.", headers=ats)) == AUTO_REPLY
    away = "Unfortunately I am on annual leave. We decided not to proceed with the merger."
    assert replies.outcome(mail(away, headers=ats)) == AUTO_REPLY


# --- which application -----------------------------------------------------------------------

DAY = timedelta(days=1)


def index(**changes: object) -> MailIndex:
    """Application 1 (Acme) and 2 (Beta), both active; Tom recruits for both."""
    base = mail_index(
        messages=[("<sent-1@followup>", 1), ("sent-2@followup", 2)],
        contacts=[
            ("Priya@Acme.example", 1, 11),
            ("tom@agency.example", 1, 12),
            ("tom@agency.example", 2, 21),
        ],
        applications=[(1, True, AT - 5 * DAY), (2, True, AT - 2 * DAY)],
    )
    return replace(base, **changes)


def test_in_reply_to_comes_first() -> None:
    assert match(mail(sender="tom@agency.example", in_reply_to="<sent-1@followup>"), index()) == 1


def test_references_newest_first_when_in_reply_to_is_unknown() -> None:
    thread = ("<sent-1@followup>", "<sent-2@followup>")
    found = mail(sender="x@y.example", in_reply_to="<unknown@x>", references=thread)
    assert match(found, index()) == 2  # brackets added to ids stored without them


def test_the_sender_when_the_thread_is_unknown() -> None:
    assert match(mail(sender="priya@acme.example"), index()) == 1  # case does not matter
    assert match(mail(sender=" PRIYA@acme.example "), index()) == 1
    assert match(mail(sender="nobody@acme.example"), index()) is None
    assert match(mail(sender="nobody@acme.example", in_reply_to="<x@y>"), index()) is None


def test_a_sender_of_several_applications_goes_to_the_latest_active_one() -> None:
    tom = mail(sender="tom@agency.example")
    assert match(tom, index()) == 2  # Beta was touched three days after Acme
    assert match(tom, index(latest={1: AT, 2: AT - DAY})) == 1
    assert match(tom, index(active=frozenset({1}))) == 1  # Beta is decided: Acme, though older
    assert match(tom, index(active=frozenset())) == 2  # none active: still the latest
    assert match(tom, index(latest={1: AT, 2: AT})) == 2  # a tie: the newer application


def test_outbox_messages_are_known_too() -> None:
    known = index().with_messages({"outbox-9@followup": 1})
    assert match(mail(sender="x@y.example", in_reply_to="<outbox-9@followup>"), known) == 1


def test_the_sending_contact_is_found_in_the_matched_application() -> None:
    assert replies.sender_contact(mail(sender="tom@agency.example"), index(), 2) == 21
    assert replies.sender_contact(mail(sender="tom@agency.example"), index(), 1) == 12
    assert replies.sender_contact(mail(sender="x@y.example"), index(), 1) is None


# --- the touch -------------------------------------------------------------------------------


def test_the_touch_logged_for_a_reply() -> None:
    text = (
        "Dear Alex,\n\nUnfortunately we have decided not to proceed.\n"
        "We wish you well.\nBest,\nPriya\n\nOn Fri, Alex wrote:\n> Thank you"
    )
    touch = replies.touch_for(mail(text, subject="Re: Data Analyst"), contact_id=11)
    assert touch == Touch(
        channel=Channel.EMAIL,
        direction=Direction.IN,
        at=AT,
        outcome="looks-like-rejection",
        note=(
            "Re: Data Analyst\nFrom: priya@acme.example\nDear Alex,\n"
            "Unfortunately we have decided not to proceed.\nWe wish you well."
        ),
        message_id="<r1@acme.example>",
        contact_id=11,
    )


@pytest.mark.parametrize(
    ("in_reply_to", "references", "kept"),
    [
        (None, ("<a@x>", "<b@x>"), ("<a@x>", "<b@x>")),
        ("<b@x>", ("<a@x><b@x>",), ("<a@x>", "<b@x>")),  # no space between: still two
        ("<b@x>", (), ("<b@x>",)),  # no References: In-Reply-To naming one (RFC 5322 3.6.4)
        ("<a@x> <b@x>", (), ()),  # naming two: which one is the parent is unknown
        (None, ("<a@x>", "junk", "<=?utf-8?q?a=0D=0Ab?=@x>", "<a@x>", "<c@x>"), ("<a@x>", "<c@x>")),
    ],
)
def test_the_touch_keeps_the_thread_the_mail_continues(in_reply_to, references, kept) -> None:
    touch = replies.touch_for(mail(in_reply_to=in_reply_to, references=references))
    assert touch.references == kept


def test_a_long_thread_keeps_its_start_and_its_latest_references() -> None:
    ids = tuple(f"<m{i}@acme.example>" for i in range(50))
    kept = replies.touch_for(mail(references=ids)).references
    assert len(kept) == REFERENCES_KEPT and kept == (ids[0], *ids[-(REFERENCES_KEPT - 1) :])


def test_the_touch_of_an_auto_reply_and_of_a_plain_reply() -> None:
    auto = replies.touch_for(mail("I am away.", headers={"auto-submitted": "auto-replied"}))
    assert (auto.outcome, auto.contact_id, auto.direction) == (AUTO_REPLY, None, Direction.IN)
    plain = replies.touch_for(mail("x" * 500, subject=""))
    assert plain.outcome is None
    assert plain.note == f"(no subject)\nFrom: priya@acme.example\n{'x' * 200}"


# --- what the user sees ----------------------------------------------------------------------


def test_a_reply_names_its_subject_sender_and_flag() -> None:
    touch = replies.touch_for(mail("We are pleased to offer you the role."))
    reply = Reply(1, "Acme", "Data Analyst", touch)
    assert (reply.subject, reply.sender, reply.flag) == (
        "Re: Data Analyst interview",
        "priya@acme.example",
        "offer",
    )
    assert reply.decision is DecisionKind.OFFER
    named = replace(reply, contact="Priya Shah", touch=replace(touch, outcome=None))
    assert (named.sender, named.flag, named.decision) == ("Priya Shah", None, None)
    logged_by_hand = Reply(1, "Acme", "Data Analyst", Touch(Channel.PHONE, Direction.IN, AT))
    assert (logged_by_hand.subject, logged_by_hand.sender) == ("", None)


def test_replies_to_show_are_those_arrived_newest_first() -> None:
    def reply(hours: int, id_: int) -> Reply:
        touch = Touch(Channel.EMAIL, Direction.IN, AT + timedelta(hours=hours), id=id_)
        return Reply(1, "Acme", "Data Analyst", touch)

    shown = replies.to_show([reply(-5, 1), reply(3, 2), reply(-1, 3), reply(-1, 4)], AT)
    assert [r.touch.id for r in shown] == [4, 3, 1]


def test_a_hostile_mail_becomes_a_touch_with_printable_words_only():
    # Escape sequences (clear screen, window title, hidden text) and a forged Message-ID that
    # carries a line break: the mail is still logged, without any of it.
    hostile = mail(
        "Thanks!\x1b[2J\x1b]0;pwned\x07 We will call.\x00",
        subject="Re: \x1b[8mhidden\x1b[0m interview " + "x" * 5_000,
        sender="priya@acme.example\x1b[2J",
        message_id="<r1@acme.example>\r\nBcc: attacker@evil.example",
    )
    touch = replies.touch_for(hostile)
    assert touch.note is not None and "\x1b" not in touch.note and "\x00" not in touch.note
    assert touch.note.startswith("Re: [8mhidden[0m interview xxx")
    assert len(touch.note.split("\n")[0]) == 300
    assert "Thanks![2J]0;pwned We will call." in touch.note
    assert touch.message_id is None
    assert replies.touch_for(mail()).message_id == "<r1@acme.example>"
