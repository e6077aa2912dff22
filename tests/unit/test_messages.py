"""Outgoing messages: pure, no servers."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_string, policy

import pytest

from followup.domain import messages
from followup.domain.drafts import Draft
from followup.domain.errors import InvalidInput
from followup.domain.messages import Addressed, Attachment
from followup.domain.model import (
    AUTO_REPLY,
    Application,
    Channel,
    Contact,
    Direction,
    Recipient,
    Relation,
    Touch,
)
from followup.domain.replies import NO_SUBJECT
from tests.unit.message_cases import DRAFT, ME, NOW, TO


def parsed(text: str):
    return message_from_string(text, policy=policy.default)


def test_a_message_is_7bit_crlf_and_reads_back_as_written():
    text = messages.build(ME, DRAFT, TO, NOW, "<abc@example.ie>")
    assert text.isascii() and "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(line) <= 76 for line in text.split("\r\n"))
    message = parsed(text)
    assert message["From"] == "Zoë Ó Briain <zoe@example.ie>"
    assert message["To"] == '"Renée Müller, PhD" <renee@example.fr>'
    assert message["Cc"] == "Sam <sam@example.fr>"
    assert message["Subject"] == "Merci — entretien"
    assert message["Date"] == "Wed, 01 Jul 2026 10:15:00 +0100"  # the profile's zone
    assert message["Message-ID"] == "<abc@example.ie>"
    assert message["In-Reply-To"] is None and message["References"] is None
    assert message.get_content().replace("\r\n", "\n") == DRAFT.body


def test_a_reply_and_attachments():
    files = [Attachment("cv.pdf", b"%PDF\x00\xff", "application/pdf")]
    text = messages.build(
        ME, DRAFT, TO, NOW, "<abc@example.ie>", "<x@fr>", ("<w@fr>", "<x@fr>"), files
    )
    message = parsed(text)
    assert message["In-Reply-To"] == "<x@fr>" and message["References"] == "<w@fr> <x@fr>"
    [cv] = message.iter_attachments()
    assert cv.get_filename() == "cv.pdf" and cv.get_content() == b"%PDF\x00\xff"


def test_message_ids_take_the_senders_domain():
    assert messages.message_id("t1", "Zoë@Exämple.IE") == "<t1@xn--exmple-cua.ie>"
    with pytest.raises(InvalidInput):
        messages.message_id("a b", "zoe@example.ie")
    with pytest.raises(InvalidInput):
        messages.message_id("t1", "nobody")


PRIYA = Contact(name="Priya Shah", email="priya@acme.example", id=1)
SAM = Contact(name="Sam Lee", relation=Relation.HR, email="sam@acme.example", id=2)
REFEREE = Contact(name="Ola Berg", relation=Relation.REFERENCE, email="ola@example.no", id=3)


def to(*contacts: Contact, kind: str = "feedback-request") -> Draft:
    people = tuple(Recipient(c.name, c.relation, contact_id=c.id) for c in contacts)
    return Draft(kind, Channel.EMAIL, "Hi", "Thank you, and a request for feedback", to=people)


def mail_in(hours: int, message_id: str | None, sender: Contact | None = PRIYA,
            subject: str = "Your application", references: tuple[str, ...] = (),
            outcome: str | None = None, direction: Direction = Direction.IN) -> Touch:  # fmt: skip
    return Touch(Channel.EMAIL, direction, NOW - timedelta(hours=hours), outcome=outcome,
                 note=f"{subject}\nFrom: someone", message_id=message_id,
                 contact_id=sender.id if sender else None, references=references)  # fmt: skip


def test_the_thread_is_the_latest_mail_from_those_written_to_with_its_whole_chain():
    app = Application(
        "Acme",
        "Analyst",
        contacts=(PRIYA, SAM, REFEREE),
        touches=(
            mail_in(6, "<old@acme>"),
            mail_in(4, "<new@acme>", subject="RE: Re: Next steps", references=("<a@x>", "<b@x>")),
            mail_in(3, "<ours@example.ie>", direction=Direction.OUT),
            mail_in(2, None),  # logged by hand: no Message-ID to answer
            mail_in(1, "<away@acme>", subject="Automatic reply: Next steps", outcome=AUTO_REPLY),
            mail_in(1, "<ola@example.no>", REFEREE, subject="Happy to help"),
            mail_in(1, "<unknown@acme>", None, subject="Re: Next steps"),  # no contact's
        ),
    )
    thread = messages.thread_of(app, to(PRIYA))
    assert thread.in_reply_to == "<new@acme>"
    assert thread.references == ("<a@x>", "<b@x>", "<new@acme>")  # the parent's, then it
    assert thread.subject == "Re: Next steps"  # not "Re: RE: Re: Next steps"
    draft = to(PRIYA)
    answer = thread.answer(draft)
    assert answer.subject == "Re: Next steps" and answer.body == draft.body
    assert answer.text[slice(*thread.quoted(answer))] == "Re: Next steps"
    assert thread.quoted(draft) is None  # a subject the user wrote is theirs
    # Writing to the reference, the employer's mail is not their thread: theirs is.
    assert messages.thread_of(app, to(REFEREE, kind="thank-references")).in_reply_to == (
        "<ola@example.no>"
    )
    assert messages.thread_of(Application("Acme", "Analyst"), to(PRIYA)) == messages.Thread()


def test_writing_to_the_employer_answers_any_of_theirs():
    """A rejection from HR, a feedback request to the interviewer: one conversation."""
    app = Application("Acme", "Analyst", contacts=(PRIYA, SAM, REFEREE), touches=(
        mail_in(5, "<thanks@acme>"),
        mail_in(2, "<decision@acme>", SAM, subject="Your application at Acme"),
        mail_in(1, "<ola@example.no>", REFEREE, subject="Good luck!"),
    ))  # fmt: skip
    thread = messages.thread_of(app, to(PRIYA))
    assert thread.in_reply_to == "<decision@acme>"
    assert thread.subject == "Re: Your application at Acme"
    assert messages.thread_of(app, to(REFEREE)).subject == "Re: Good luck!"


def test_a_subjectless_mail_is_answered_under_the_drafts_subject():
    app = Application("Acme", "Analyst", contacts=(PRIYA,),
                      touches=(mail_in(1, "<x@acme>", subject=NO_SUBJECT),))  # fmt: skip
    thread = messages.thread_of(app, to(PRIYA))
    assert thread.in_reply_to == "<x@acme>" and thread.subject is None
    assert thread.answer(to(PRIYA)) == to(PRIYA)


@pytest.mark.parametrize(
    ("subject", "answer"),
    [
        ("Your application", "Re: Your application"),
        ("Re: Your application", "Re: Your application"),
        ("RE: Re: AW: Your application", "Re: Your application"),
        ("Re[2]: Interview", "Re: Interview"),
        ("Re (3): Interview", "Re: Interview"),
        ("SV:Intervju", "Re: Intervju"),
        ("Re : Votre candidature", "Re: Votre candidature"),
        ("回复：面试安排", "Re: 面试安排"),
        ("Fwd: Your application", "Re: Fwd: Your application"),  # a forward stays one
        ("Response to your application", "Re: Response to your application"),
        ("Re: ", None),
        (NO_SUBJECT, None),
    ],
)
def test_an_answer_has_one_re(subject, answer):
    assert messages.reply_subject(subject) == answer


def test_addresses_come_from_the_contact_record():
    contacts = (
        Contact(name="Priya", email="priya.new@acme.example", id=1),
        Contact(name="HR", relation=Relation.HR, id=2),
    )
    app = Application("Acme", "Analyst", contacts=contacts)
    priya = Recipient("Priya", Relation.INTERVIEWER, email="priya.old@acme.example", contact_id=1)
    hr = Recipient("HR", Relation.HR, contact_id=2)
    draft = Draft("thank-you", Channel.EMAIL, "Hi", "S", to=(priya,), cc=(hr,))
    assert messages.addressed(app, draft) == Addressed(
        to=(("Priya", "priya.new@acme.example"),), cc=(), not_copied=("HR",)
    )
    with pytest.raises(InvalidInput, match="HR has no email address"):
        messages.addressed(app, Draft("thank-you", Channel.EMAIL, "Hi", "S", to=(hr,)))


def test_mailto_links_encode_everything():
    link = messages.mailto(TO, "A & B?", "Line 1\nLine 2\n")
    assert link == (
        "mailto:renee@example.fr?cc=sam@example.fr&subject=A%20%26%20B%3F"
        "&body=Line%201%0D%0ALine%202%0D%0A"
    )


# -- lines as strict servers and spam filters want them ---------------------------------------

LONG_URL = "https://careers.acme.example/jobs/4711/data-analyst?utm_source=followup&ref=" + "x" * 90
BODIES = [
    "Bonjour Renée,\n\n" + "Merci pour l'entretien avec Zoë, Éloïse et Åsa Ødegård. " * 12 + "\n",
    f"Hi Priya,\n\nThe portfolio: {LONG_URL}\n\nBest,\nAlex\n",
    "A" * 2000 + "\n",  # one line of 2000 ASCII characters, no space to break at
    "Ünïcödé " * 300 + "\n",
    "\n".join(f"Line {i}: " + "é" * i for i in range(120)) + "\n",
]


@pytest.mark.parametrize("body", BODIES)
def test_body_lines_are_at_most_76_characters_and_read_back_whole(body):
    """RFC 2045 6.7: quoted-printable lines of at most 76 characters (the email package's
    default, 78, is what spam filters score); the text reads back exactly."""
    draft = Draft("thank-you", Channel.EMAIL, body, "Merci — entretien")
    files = [Attachment("cv.pdf", bytes(range(256)) * 40, "application/pdf")]
    text = messages.build(ME, draft, TO, NOW, "<abc@example.ie>", attachments=files)
    assert messages.unfit(text.encode("ascii")) is None
    lines = text.split("\r\n")
    assert max(len(line) for line in lines) <= 76, max(lines, key=len)
    message = parsed(text)
    plain = message.get_body(("plain",))
    assert plain["Content-Transfer-Encoding"] in ("7bit", "quoted-printable", "base64")
    assert plain.get_content().replace("\r\n", "\n") == body
    [cv] = message.iter_attachments()
    assert cv.get_content() == bytes(range(256)) * 40
    assert not [d for part in message.walk() for d in part.defects]


def test_long_message_ids_are_folded_between_ids_never_encoded():
    """Outlook's Message-IDs run to 80 characters and more: the email package would write one
    as encoded words (`=?utf-8?q?=3CDB9PR...`), which no mail program threads by."""
    outlook = (
        "<DB9PR10MB5545C1A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5@DB9PR10MB5545.EURPRD10.PROD.OUTLOOK.COM>"
    )
    gmail = "<CAKx=9vP+Qw1-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789@mail.gmail.com>"
    huge = "<" + "a" * 900 + "@example.com>"  # as long as a line may hold
    references = (gmail, outlook, huge)
    text = messages.build(ME, DRAFT, TO, NOW, "<abc@example.ie>", outlook, references)
    assert messages.unfit(text.encode("ascii")) is None
    assert f"In-Reply-To: {outlook}\r\n" in text
    assert f"References: {gmail}\r\n {outlook}\r\n {huge}\r\n" in text
    message = parsed(text)
    assert message["In-Reply-To"] == outlook
    assert message["References"].split() == list(references)


def test_an_automatic_message_says_so():
    text = messages.build(ME, DRAFT, TO, NOW, "<abc@example.ie>", automatic=True)
    assert parsed(text)["Auto-Submitted"] == "auto-generated"
    assert parsed(messages.build(ME, DRAFT, TO, NOW, "<abc@example.ie>"))["Auto-Submitted"] is None


@pytest.mark.parametrize(
    ("data", "fault"),
    [
        (b"Subject: x\r\n\r\nfine\r\n", None),
        (b"Subject: x\n\nbare\n", "a bare LF at octet 10"),
        (b"Subject: x\r\n\r\nold Mac\rline\r\n", "a bare CR at octet 21"),
        (b"Subject: x\r\n\r\n" + b"a" * 998 + b"\r\n", None),
        (b"Subject: x\r\n\r\n" + b"a" * 999 + b"\r\n", "a line of 999 octets"),
    ],
)
def test_what_strict_servers_refuse_is_found(data, fault):
    found = messages.unfit(data)
    assert found == fault if fault is None else found.startswith(fault)
