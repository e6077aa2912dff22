"""The sending use cases (services/sending.py) on the in-memory fakes: the outbox's state
machine through approve, deliver, recover, resolve and send, with a fake SMTP server and Sent
folder. tests/integration/test_services_sending.py runs the same machine on real databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from followup import services
from followup.bootstrap import default_playbook
from followup.domain.errors import Conflict, InvalidInput, NotSent
from followup.domain.model import Application, Channel, Contact, Interview, Relation, StepStatus
from followup.domain.outbox import Answer, Confirmation, OutboxEntry, OutboxState
from followup.services import sending

from .fakes import FakeMailer, FakeProofreader, FakeSentFolder, FakeStore

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
LATER = NOW + sending.STALE_AFTER  # a conversation begun at NOW is stale by now
PLAYBOOK = default_playbook()
MESSAGE_ID = "<t0k3n@example.org>"  # what `approve` below gives the message
BROKEN_OFF = ConnectionResetError("reset during DATA")


def thank_you(store: FakeStore, company: str = "Acme Analytics") -> int:
    """The user (with an address to send from) and an interview at `company`, Priya of its
    data team and Sam of its HR; the id of the thank-you it plans, an email to them."""
    me = {"name": "Alex Morgan", "email": "alex@example.org"}
    services.people.update_profile(store, me)
    start = NOW - timedelta(hours=4)
    domain = company.split()[0].lower() + ".example"
    stored = services.applications.record_interview(
        store,
        Application(
            company=company,
            role="Data Analyst",
            interviews=(Interview(start=start, end=start + timedelta(hours=1), timezone="UTC"),),
            contacts=(
                Contact(name="Priya Shah", title="Head of Data", email=f"priya@{domain}"),
                Contact(name="Sam Lee", relation=Relation.HR, email=f"sam@{domain}"),
            ),
        ),
        PLAYBOOK,
        NOW,
    )
    [step] = [s for s in stored.steps if s.kind == "thank-you"]
    assert step.id is not None and step.channel is Channel.EMAIL
    return step.id


def approve(
    store: FakeStore, step_id: int, shown: str | None = None, token: str = "t0k3n"
) -> tuple[sending.Composed, OutboxEntry]:
    approval = sending.Approval(step_id, shown)
    return sending.approve(store, approval, PLAYBOOK, NOW, FakeProofreader(), [], token)


def send(
    store: FakeStore,
    step_id: int,
    mailer: FakeMailer | None,
    sent_folder: FakeSentFolder | None = None,
    shown: str | None = None,
    token: str = "t0k3n",
) -> sending.Outcome:
    approval = sending.Approval(step_id, shown)
    reader = FakeProofreader()
    return sending.send(store, approval, PLAYBOOK, NOW, reader, [], mailer, sent_folder, token)


def step_status(store: FakeStore, step_id: int) -> tuple[StepStatus, str | None]:
    with store.reading() as repo:
        step = repo.get_step(step_id)
    return step.status, step.outcome


def states(store: FakeStore) -> list[OutboxState]:
    return [e.state for e in sending.entries(store)]


def started(store: FakeStore) -> OutboxEntry:
    """An approved message whose sending process died mid-conversation (begun at NOW)."""
    _, entry = approve(store, thank_you(store))
    moved = replace(entry, state=OutboxState.SENDING, smtp_started_at=NOW)
    with store.transaction() as repo:
        assert repo.move_outbox(moved, OutboxState.APPROVED)
    return moved


# -- approving ---------------------------------------------------------------------------------


def test_approval_records_the_message_and_the_step_done_together() -> None:
    store = FakeStore()
    step_id = thank_you(store)
    composed, entry = approve(store, step_id)
    assert entry.state is OutboxState.APPROVED and entry.message_id == MESSAGE_ID
    assert entry.approved_at == NOW and entry.smtp_started_at is None
    assert entry.message == composed.message and composed.data == entry.message.encode()
    assert entry.envelope == ("alex@example.org", ["priya@acme.example", "sam@acme.example"])
    assert step_status(store, step_id) == (StepStatus.DONE, "sent")
    assert sending.for_step(store, step_id) == entry
    with store.reading() as repo:
        assert repo.sent_message_ids() == {MESSAGE_ID: entry.application_id}


def test_a_step_is_approved_once() -> None:
    store = FakeStore()
    step_id = thank_you(store)
    _, entry = approve(store, step_id)
    with pytest.raises(Conflict, match=f"already in the outbox \\(#{entry.id}, approved\\)"):
        approve(store, step_id, token="again")
    assert sending.entries(store) == [entry]


@pytest.mark.parametrize(
    ("before", "refused", "match"),
    [
        (lambda store, step_id: services.steps.act(
            store, step_id, services.steps.Skip(), PLAYBOOK, NOW
        ), Conflict, "already skipped"),
        (lambda store, step_id: services.people.update_profile(
            store, {"email": None}
        ), InvalidInput, "sending needs your email address"),
    ],
)  # fmt: skip
def test_nothing_is_written_when_the_approval_is_refused(before, refused, match) -> None:
    store = FakeStore()
    step_id = thank_you(store)
    before(store, step_id)
    status = step_status(store, step_id)
    with pytest.raises(refused, match=match):
        approve(store, step_id)
    assert sending.entries(store) == [] and step_status(store, step_id) == status


def test_a_draft_changed_since_it_was_shown_is_not_approved() -> None:
    store = FakeStore()
    step_id = thank_you(store)
    with pytest.raises(Conflict, match="changed since it was shown; nothing was sent"):
        approve(store, step_id, shown="Subject: something else\n\nHi\n")
    assert sending.entries(store) == []
    assert step_status(store, step_id) == (StepStatus.PLANNED, None)


# -- delivering --------------------------------------------------------------------------------


def test_delivery_sends_each_approved_message_once() -> None:
    store = FakeStore()
    _, entry = approve(store, thank_you(store))
    mailer = FakeMailer()
    [sent] = sending.deliver(store, mailer, None, NOW)
    assert sent.state is OutboxState.SENT and sent.confirmed_by is Confirmation.SERVER
    assert sent.smtp_started_at == NOW and sent.sent_at == NOW and sent.error is None
    assert mailer.sent == [(entry.message.encode(), *entry.envelope)]
    assert sending.deliver(store, mailer, None, NOW) == [] and len(mailer.sent) == 1
    assert sending.flush(store, mailer, FakeSentFolder(), LATER) == [] and len(mailer.sent) == 1


def test_the_start_is_committed_before_the_conversation() -> None:
    store = FakeStore()
    approve(store, thank_you(store))
    mailer, seen = FakeMailer(), []
    mailer.during = lambda: seen.extend(sending.entries(store))
    sending.deliver(store, mailer, None, NOW)
    [during] = seen
    assert during.state is OutboxState.SENDING and during.smtp_started_at == NOW


def test_a_delivery_running_at_the_same_time_sends_nothing() -> None:
    store = FakeStore()
    approve(store, thank_you(store))
    mailer, inner = FakeMailer(), FakeMailer()
    mailer.during = lambda: sending.deliver(store, inner, None, NOW)
    sending.deliver(store, mailer, None, NOW)
    assert len(mailer.sent) == 1 and inner.sent == []


def test_a_failure_before_the_message_is_handed_over_is_not_sent() -> None:
    """No connection, a login or an address refused: NotSent, approved again to retry."""
    store = FakeStore()
    approve(store, thank_you(store))
    [waiting] = sending.deliver(store, FakeMailer(NotSent("550 no such user")), None, NOW)
    assert waiting.state is OutboxState.APPROVED and waiting.error == "550 no such user"
    assert waiting.smtp_started_at is None and not waiting.may_have_been_sent
    mailer = FakeMailer()
    [sent] = sending.deliver(store, mailer, None, NOW + timedelta(hours=1))
    assert sent.state is OutboxState.SENT and len(mailer.sent) == 1


def test_a_message_that_cannot_be_prepared_is_not_sent() -> None:
    """A local failure before the conversation (here a message with no sender): the server
    never saw it, so it is approved again, never 'may have been sent'."""
    store = FakeStore()
    _, entry = approve(store, thank_you(store))
    with store.transaction() as repo:
        repo.move_outbox(replace(entry, state=OutboxState.CANCELLED), OutboxState.APPROVED)
        broken = replace(entry, id=None, message_id="<other@example.org>", message="Hi\r\n")
        repo.add_outbox(broken)
    mailer = FakeMailer()
    [waiting] = sending.deliver(store, mailer, None, NOW)
    assert waiting.state is OutboxState.APPROVED and mailer.sent == []
    assert (waiting.error or "").startswith("the message could not be prepared for sending")


def test_recipients_the_server_refused_are_noted_on_a_message_sent() -> None:
    store = FakeStore()
    approve(store, thank_you(store))
    [sent] = sending.deliver(store, FakeMailer(refuses=["sam@acme.example"]), None, NOW)
    assert sent.state is OutboxState.SENT
    assert sent.error == "refused by the server: sam@acme.example"


@pytest.mark.parametrize(
    ("folder", "state", "by", "error"),
    [
        (None, OutboxState.UNCERTAIN, None, "the SMTP conversation broke off: reset during DATA"),
        (FakeSentFolder(), OutboxState.UNCERTAIN, None, "the SMTP conversation broke off"),
        (FakeSentFolder(broken=True), OutboxState.UNCERTAIN, None, "could not be searched"),
        (FakeSentFolder(MESSAGE_ID), OutboxState.SENT, Confirmation.SENT_FOLDER, ""),
    ],
)
def test_a_conversation_broken_off_during_data_is_never_sent_again_blindly(
    folder: FakeSentFolder | None, state: OutboxState, by: Confirmation | None, error: str
) -> None:
    store = FakeStore()
    approve(store, thank_you(store))
    [ended] = sending.deliver(store, FakeMailer(BROKEN_OFF), folder, NOW)
    assert ended.state is state and ended.confirmed_by is by
    assert error in (ended.error or "")
    mailer = FakeMailer()
    sending.flush(store, mailer, folder, LATER)
    assert mailer.sent == [] and states(store) == [state]


# -- recovering and resolving ------------------------------------------------------------------


def test_a_send_still_under_way_is_left_alone() -> None:
    store = FakeStore()
    started(store)
    assert sending.recover(store, FakeSentFolder(), LATER - timedelta(seconds=1)) == []
    assert states(store) == [OutboxState.SENDING]


def test_a_stale_send_is_confirmed_in_the_sent_folder() -> None:
    store = FakeStore()
    started(store)
    [found] = sending.recover(store, FakeSentFolder(MESSAGE_ID), LATER)
    assert found.state is OutboxState.SENT and found.sent_at == LATER
    assert found.confirmed_by is Confirmation.SENT_FOLDER


def test_a_stale_send_may_have_been_sent_until_found() -> None:
    store = FakeStore()
    started(store)
    [doubt] = sending.recover(store, FakeSentFolder(broken=True), LATER)
    assert doubt.may_have_been_sent and "could not be searched" in (doubt.error or "")
    [still] = sending.recover(store, FakeSentFolder(), LATER)
    assert still.state is OutboxState.UNCERTAIN
    [found] = sending.recover(store, FakeSentFolder(MESSAGE_ID), LATER)
    assert found.state is OutboxState.SENT


def test_without_a_sent_folder_a_stale_send_is_left_to_the_user() -> None:
    store = FakeStore()
    started(store)
    [doubt] = sending.recover(store, None, LATER)
    assert doubt.may_have_been_sent and "process sending it stopped" in (doubt.error or "")
    assert sending.recover(store, None, LATER) == []  # nothing more to learn without one
    assert sending.deliver(store, FakeMailer(), None, LATER) == []


def test_the_user_says_it_went() -> None:
    store = FakeStore()
    outbox_id = started(store).id or 0
    sending.recover(store, None, LATER)
    went = sending.resolve(store, outbox_id, Answer.SENT, PLAYBOOK, LATER)
    assert went.state is OutboxState.SENT and went.confirmed_by is Confirmation.USER
    assert sending.entry(store, outbox_id) == went


def test_a_message_in_doubt_sent_again_goes_once_with_its_message_id() -> None:
    store = FakeStore()
    outbox_id = started(store).id or 0
    with pytest.raises(Conflict, match="is sending; it cannot be sent again"):
        sending.resolve(store, outbox_id, Answer.RESEND, PLAYBOOK, NOW)
    sending.recover(store, None, LATER)
    again = sending.resolve(store, outbox_id, Answer.RESEND, PLAYBOOK, LATER)
    assert again.state is OutboxState.APPROVED and again.smtp_started_at is None
    mailer = FakeMailer()
    sending.deliver(store, mailer, None, LATER)
    [(message, _, _)] = mailer.sent
    assert f"Message-ID: {MESSAGE_ID}" in message.decode()
    with pytest.raises(Conflict, match="is sent"):
        sending.resolve(store, outbox_id, Answer.CANCEL, PLAYBOOK, LATER)


def test_cancelling_opens_the_step_again() -> None:
    store = FakeStore()
    step_id = thank_you(store)
    _, entry = approve(store, step_id)
    cancelled = sending.resolve(store, entry.id or 0, Answer.CANCEL, PLAYBOOK, NOW)
    assert cancelled.state is OutboxState.CANCELLED
    assert step_status(store, step_id) == (StepStatus.PLANNED, None)
    assert sending.for_step(store, step_id) is None
    with store.reading() as repo:
        assert repo.sent_message_ids() == {}
    assert sending.deliver(store, FakeMailer(), None, NOW) == []
    _, second = approve(store, step_id, token="again")  # approved anew
    assert second.message_id == "<again@example.org>"


# -- send: export without SMTP, else approve then deliver --------------------------------------


def test_without_smtp_the_message_is_exported_and_nothing_recorded() -> None:
    store = FakeStore()
    step_id = thank_you(store)
    outcome = send(store, step_id, None)
    assert outcome.exported and outcome.entry is None
    assert not (outcome.sent or outcome.waiting or outcome.in_doubt)
    composed = outcome.composed
    assert composed.reviewed.step.id == step_id and composed.message_id.endswith("@example.org>")
    assert composed.mailto.startswith("mailto:priya@acme.example?")
    assert composed.data == composed.message.encode()
    assert sending.entries(store) == []
    assert step_status(store, step_id) == (StepStatus.PLANNED, None)


def test_send_approves_then_delivers() -> None:
    store = FakeStore()
    step_id = thank_you(store)
    mailer = FakeMailer()
    outcome = send(store, step_id, mailer)
    assert outcome.sent and not (outcome.exported or outcome.waiting or outcome.in_doubt)
    assert outcome.entry == sending.entry(store, outcome.entry.id or 0)
    assert outcome.entry.message_id == outcome.composed.message_id == MESSAGE_ID
    assert [m for m, _, _ in mailer.sent] == [outcome.composed.data]
    assert step_status(store, step_id) == (StepStatus.DONE, "sent")


def test_a_send_the_server_refused_waits_in_the_outbox() -> None:
    store = FakeStore()
    step_id = thank_you(store)
    outcome = send(store, step_id, FakeMailer(NotSent("421 try later")))
    assert outcome.waiting and not (outcome.sent or outcome.in_doubt)
    assert outcome.entry is not None and outcome.entry.error == "421 try later"
    assert step_status(store, step_id) == (StepStatus.DONE, "sent")  # the outbox owns it now


@pytest.mark.parametrize(
    ("folder", "sent"),
    [(None, False), (FakeSentFolder(), False), (FakeSentFolder(MESSAGE_ID), True)],
)
def test_a_send_broken_off_is_in_doubt_unless_the_sent_folder_has_it(
    folder: FakeSentFolder | None, sent: bool
) -> None:
    store = FakeStore()
    outcome = send(store, thank_you(store), FakeMailer(BROKEN_OFF), folder)
    assert (outcome.sent, outcome.in_doubt, outcome.waiting) == (sent, not sent, False)


def test_a_send_delivers_what_waited_before_it() -> None:
    store = FakeStore()
    first, second = thank_you(store), thank_you(store, "Globex Corp")
    send(store, first, FakeMailer(NotSent("421 try later")))
    mailer = FakeMailer()
    outcome = send(store, second, mailer, token="second")
    assert outcome.sent and states(store) == [OutboxState.SENT, OutboxState.SENT]
    assert [r for _, _, r in mailer.sent] == [
        ["priya@acme.example", "sam@acme.example"],
        ["priya@globex.example", "sam@globex.example"],
    ]


def test_a_send_refused_sends_and_records_nothing() -> None:
    store = FakeStore()
    step_id = thank_you(store)
    mailer = FakeMailer()
    with pytest.raises(Conflict, match="changed since it was shown"):
        send(store, step_id, mailer, shown="Subject: other\n\nHi\n")
    assert mailer.sent == [] and sending.entries(store) == []
