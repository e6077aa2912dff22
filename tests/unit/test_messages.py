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
    Application,
    Channel,
    Contact,
    Direction,
    Recipient,
    Relation,
    Touch,
)
from tests.unit.message_cases import DRAFT, ME, NOW, TO


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
