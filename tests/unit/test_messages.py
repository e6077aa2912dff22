"""Outgoing messages and the outbox's state machine: pure, no servers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_string, policy

import pytest

from followup.domain import messages, outbox
from followup.domain.drafts import Draft
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.messages import Addressed, Attachment
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Direction,
    Profile,
    Recipient,
    Relation,
    Touch,
)
from followup.domain.outbox import Answer, Confirmation, OutboxEntry, OutboxState

NOW = datetime(2026, 7, 1, 9, 15, tzinfo=UTC)
ME = Profile(name="Zoë Ó Briain", email="zoe@example.ie", timezone="Europe/Dublin")
DRAFT = Draft(
    kind="thank-you",
    channel=Channel.EMAIL,
    subject="Merci — entretien",
    body="Bonjour Renée,\n\nMerci pour l'entretien. " + "Très long paragraphe. " * 40 + "\n",
)
TO = Addressed(to=(("Renée Müller, PhD", "renee@example.fr"),), cc=(("Sam", "sam@example.fr"),))


def parsed(text: str):
    return message_from_string(text, policy=policy.default)


def test_a_message_is_7bit_crlf_and_reads_back_as_written():
    text = messages.build(ME, DRAFT, TO, NOW, "<abc@example.ie>")
    assert text.isascii() and "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(line) <= 78 for line in text.split("\r\n"))
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


def test_the_thread_is_the_latest_message_that_came_in():
    def touch(hours: int, direction: Direction, message_id: str | None) -> Touch:
        return Touch(Channel.EMAIL, direction, NOW - timedelta(hours=hours), message_id=message_id)

    app = Application(
        "Acme",
        "Analyst",
        touches=(
            touch(5, Direction.IN, "<old@acme>"),
            touch(3, Direction.IN, "<new@acme>"),
            touch(2, Direction.OUT, "<ours@example.ie>"),
            touch(1, Direction.IN, None),
        ),
    )
    assert messages.thread_of(app) == ("<new@acme>", ("<new@acme>",))
    assert messages.thread_of(Application("Acme", "Analyst")) == (None, ())


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


# -- the state machine ------------------------------------------------------------------------


def entry(state: OutboxState = OutboxState.APPROVED) -> OutboxEntry:
    text = messages.build(ME, DRAFT, TO, NOW, "<abc@example.ie>")
    return OutboxEntry(1, 2, "<abc@example.ie>", text, NOW, state=state, id=3)


def test_a_message_goes_approved_sending_sent():
    started = outbox.start(entry(), NOW)
    assert started.state is OutboxState.SENDING and started.smtp_started_at == NOW
    assert started.envelope == ("zoe@example.ie", ["renee@example.fr", "sam@example.fr"])
    sent = outbox.accepted(started, NOW, Confirmation.SERVER)
    assert sent.state is OutboxState.SENT and sent.confirmed_by is Confirmation.SERVER
    with pytest.raises(Conflict, match="is sent; it cannot be sent now"):
        outbox.start(sent, NOW)


def test_only_a_refusal_makes_it_approved_again():
    started = outbox.start(entry(), NOW)
    again = outbox.refused(started, "550 no")
    assert again.state is OutboxState.APPROVED and again.smtp_started_at is None
    doubt = outbox.in_doubt(started, "reset")
    assert doubt.may_have_been_sent and doubt.error == "reset"
    with pytest.raises(Conflict):
        outbox.refused(doubt, "550 no")
    with pytest.raises(Conflict):
        outbox.start(doubt, NOW)


@pytest.mark.parametrize(
    ("state", "answer", "becomes"),
    [
        (OutboxState.UNCERTAIN, Answer.SENT, OutboxState.SENT),
        (OutboxState.UNCERTAIN, Answer.RESEND, OutboxState.APPROVED),
        (OutboxState.UNCERTAIN, Answer.CANCEL, OutboxState.CANCELLED),
        (OutboxState.APPROVED, Answer.CANCEL, OutboxState.CANCELLED),
        (OutboxState.APPROVED, Answer.RESEND, None),
        (OutboxState.SENT, Answer.RESEND, None),
        (OutboxState.SENT, Answer.CANCEL, None),
        (OutboxState.SENDING, Answer.CANCEL, None),
        (OutboxState.CANCELLED, Answer.SENT, None),
    ],
)
def test_the_users_answers(state, answer, becomes):
    if becomes is None:
        with pytest.raises(Conflict):
            outbox.resolve(entry(state), answer, NOW)
    else:
        assert outbox.resolve(entry(state), answer, NOW).state is becomes


def test_an_entry_needs_a_message_id_and_aware_moments():
    with pytest.raises(InvalidInput, match="not a Message-ID"):
        OutboxEntry(1, 2, "abc", "", NOW)
    with pytest.raises(InvalidInput, match="time zone"):
        OutboxEntry(1, 2, "<a@b>", "", datetime(2026, 1, 1))
