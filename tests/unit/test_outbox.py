"""The outbox's state machine: pure, no servers."""

from __future__ import annotations

from datetime import datetime

import pytest

from followup.domain import messages, outbox
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.outbox import Answer, Confirmation, OutboxEntry, OutboxState
from tests.unit.message_cases import DRAFT, ME, NOW, TO


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
