"""The outbox on SQLite and PostgreSQL: its repository, and the sending use cases with a fake
mail server, each step of the state machine committed where `sending` says."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from email import message_from_string, policy

import pytest

from followup import services
from followup.adapters import spelling
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.errors import Conflict, NotFound, NotSent, StorageError
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Direction,
    Interview,
    Relation,
    StepStatus,
    Touch,
)
from followup.domain.outbox import Answer, Confirmation, OutboxState
from followup.services import sending
from tests.unit.fakes import FakeMailer, FakeSentFolder

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
PLAYBOOK = default_playbook()


def recorded(store: SqlStore) -> tuple[int, int]:
    """A profile and an interview; (application id, thank-you step id)."""
    services.people.update_profile(store, {"name": "Alex Morgan", "email": "alex@example.org",
                                    "skills": ("SQL",)})  # fmt: skip
    start = NOW - timedelta(hours=4)
    application = Application(
        company="Acme Analytics",
        role="Data Analyst",
        interviews=(Interview(start=start, end=start + timedelta(hours=1), timezone="UTC"),),
        contacts=(
            Contact(name="Priya Shah", title="Head of Data", email="priya@acme.example"),
            Contact(name="Sam Lee", relation=Relation.HR, email="sam@acme.example"),
        ),
    )
    stored = services.applications.record_interview(store, application, PLAYBOOK, NOW)
    assert stored.id is not None
    thanks = next(s for s in stored.steps if s.kind == "thank-you")
    assert thanks.id is not None and thanks.channel is Channel.EMAIL
    return stored.id, thanks.id


def approve(store: SqlStore, step_id: int, shown: str | None = None, token: str = "t0k3n"):
    approval = sending.Approval(step_id, shown)
    return sending.approve(store, approval, PLAYBOOK, NOW, spelling, [], token)


def step_status(store: SqlStore, step_id: int) -> tuple[StepStatus, str | None]:
    with store.transaction() as repo:
        step = repo.get_step(step_id)
    return step.status, step.outcome


# -- the repository ---------------------------------------------------------------------------


def test_what_goes_in_comes_out_for_its_user_only(store_for) -> None:
    alice, bob = store_for("alice"), store_for("bob")
    _, step_id = recorded(alice)
    _, entry = approve(alice, step_id)
    assert entry.id is not None and entry.state is OutboxState.APPROVED
    with alice.transaction() as repo:
        assert repo.get_outbox(entry.id) == entry
        assert repo.list_outbox() == [entry]
        assert repo.list_outbox([OutboxState.APPROVED], step_id=step_id) == [entry]
        assert repo.list_outbox([OutboxState.SENT]) == []
        assert repo.sent_message_ids() == {entry.message_id: entry.application_id}
    with bob.transaction() as repo:
        assert repo.list_outbox() == [] and repo.sent_message_ids() == {}
        with pytest.raises(NotFound, match=f"no outbox message with id {entry.id}"):
            repo.get_outbox(entry.id)
        with pytest.raises(NotFound, match="no application"):
            repo.add_outbox(dataclasses.replace(entry, id=None, message_id="<b@example.org>"))


def test_a_move_happens_only_from_the_state_it_came_from(store: SqlStore) -> None:
    _, step_id = recorded(store)
    _, entry = approve(store, step_id)
    started = dataclasses.replace(entry, state=OutboxState.SENDING, smtp_started_at=NOW)
    with store.transaction() as repo:
        assert repo.move_outbox(started, OutboxState.APPROVED) is True
        assert repo.move_outbox(started, OutboxState.APPROVED) is False  # moved already
        assert repo.get_outbox(entry.id or 0) == started


def test_a_message_id_is_stored_once(store: SqlStore) -> None:
    _, step_id = recorded(store)
    _, entry = approve(store, step_id)
    with pytest.raises(StorageError), store.transaction() as repo:
        repo.add_outbox(dataclasses.replace(entry, id=None))


def test_a_step_has_one_message_at_a_time(store: SqlStore) -> None:
    """What two processes approving at once would write: the database refuses the second."""
    _, step_id = recorded(store)
    _, entry = approve(store, step_id)
    second = dataclasses.replace(entry, id=None, message_id="<second@example.org>")
    with pytest.raises(StorageError), store.transaction() as repo:
        repo.add_outbox(second)
    with store.transaction() as repo:
        repo.move_outbox(dataclasses.replace(entry, state=OutboxState.CANCELLED), entry.state)
        assert repo.add_outbox(second).id is not None


def test_a_step_replanned_away_leaves_its_message(store: SqlStore) -> None:
    app_id, step_id = recorded(store)
    _, entry = approve(store, step_id)
    with store.transaction() as repo:
        kept = [s for s in repo.get_application(app_id).steps if s.id != step_id]
        repo.save_steps(app_id, kept)
        assert repo.get_outbox(entry.id or 0).step_id is None


# -- approving ---------------------------------------------------------------------------------


def test_approval_records_the_message_and_the_step_done_together(store: SqlStore) -> None:
    _, step_id = recorded(store)
    composed, entry = approve(store, step_id)
    assert entry.message_id == "<t0k3n@example.org>"
    assert entry.approved_at == NOW and entry.smtp_started_at is None
    assert step_status(store, step_id) == (StepStatus.DONE, "sent")
    message = message_from_string(entry.message, policy=policy.default)
    assert message["Cc"] == "Sam Lee <sam@acme.example>"
    assert composed.reviewed.draft.text.endswith(message.get_content().replace("\r\n", "\n"))
    with pytest.raises(Conflict, match="already in the outbox"):
        approve(store, step_id)


def test_nothing_is_written_when_the_step_cannot_be_done(store: SqlStore) -> None:
    _, step_id = recorded(store)
    services.steps.act(store, step_id, services.steps.Skip(), PLAYBOOK, NOW)
    with pytest.raises(Conflict, match="already skipped"):
        approve(store, step_id)
    assert sending.entries(store) == []


def test_a_draft_changed_since_it_was_shown_is_not_approved(store: SqlStore) -> None:
    _, step_id = recorded(store)
    with pytest.raises(Conflict, match="changed since it was shown"):
        approve(store, step_id, shown="Subject: something else\n\nHi\n")
    assert sending.entries(store) == []
    assert step_status(store, step_id) == (StepStatus.PLANNED, None)


def test_a_reply_continues_the_thread_it_answers(store: SqlStore) -> None:
    """The References kept with the incoming touch come back from the database and go out
    whole, the parent's Message-ID last; the subject answers the parent's."""
    app_id, step_id = recorded(store)
    with store.transaction() as repo:
        priya = next(c for c in repo.get_application(app_id).contacts if c.name == "Priya Shah")
    thread = ("<root@acme.example>", "<ours@example.org>")
    for minutes, message_id, references in (
        (5, "<latest@acme.example>", thread),
        (20, "<older@acme.example>", ()),
    ):
        touch = Touch(
            Channel.EMAIL,
            Direction.IN,
            NOW - timedelta(minutes=minutes),
            note="RE: Re: Your interview for Data Analyst\nFrom: priya@acme.example",
            message_id=message_id,
            contact_id=priya.id,
            references=references,
        )
        services.applications.log_touch(store, app_id, touch, PLAYBOOK, NOW)
    with store.transaction() as repo:
        [latest] = [t for t in repo.get_application(app_id).touches if t.references]
    assert latest.references == thread
    composed, entry = approve(store, step_id)
    message = message_from_string(entry.message, policy=policy.default)
    assert message["In-Reply-To"] == "<latest@acme.example>"
    assert message["References"] == " ".join([*thread, "<latest@acme.example>"])
    assert message["Subject"] == "Re: Your interview for Data Analyst"
    assert composed.reviewed.draft.subject == message["Subject"]  # as the user was shown it


# -- delivering --------------------------------------------------------------------------------


def test_delivery_sends_each_approved_message_once(store: SqlStore) -> None:
    _, step_id = recorded(store)
    _, entry = approve(store, step_id)
    mailer = FakeMailer()
    [sent] = sending.deliver(store, mailer, None, NOW)
    assert sent.state is OutboxState.SENT and sent.confirmed_by is Confirmation.SERVER
    assert sent.smtp_started_at == NOW and sent.sent_at == NOW
    [(raw, sender, recipients)] = mailer.sent
    assert raw == entry.message.encode("ascii") and sender == "alex@example.org"
    assert recipients == ["priya@acme.example", "sam@acme.example"]
    assert sending.deliver(store, mailer, None, NOW) == [] and len(mailer.sent) == 1


def test_the_start_is_committed_before_the_conversation(store: SqlStore) -> None:
    _, step_id = recorded(store)
    approve(store, step_id)
    mailer, seen = FakeMailer(), []
    mailer.during = lambda: seen.extend(sending.entries(store))  # another connection's view
    sending.deliver(store, mailer, None, NOW)
    [during] = seen
    assert during.state is OutboxState.SENDING and during.smtp_started_at == NOW


def test_a_delivery_running_at_the_same_time_sends_nothing(store: SqlStore) -> None:
    _, step_id = recorded(store)
    approve(store, step_id)
    mailer, inner = FakeMailer(), FakeMailer()
    mailer.during = lambda: inner.sent.extend(
        [(b"", "", [])] if sending.deliver(store, inner, None, NOW) else []
    )
    sending.deliver(store, mailer, None, NOW)
    assert len(mailer.sent) == 1 and inner.sent == []


def test_a_refusal_leaves_it_approved_to_retry(store: SqlStore) -> None:
    _, step_id = recorded(store)
    approve(store, step_id)
    [waiting] = sending.deliver(store, FakeMailer(NotSent("550 no such user")), None, NOW)
    assert waiting.state is OutboxState.APPROVED and waiting.error == "550 no such user"
    assert waiting.smtp_started_at is None
    [sent] = sending.deliver(store, FakeMailer(), None, NOW + timedelta(hours=1))
    assert sent.state is OutboxState.SENT


@pytest.mark.parametrize(
    ("folder", "state", "by"),
    [
        (None, OutboxState.UNCERTAIN, None),
        (FakeSentFolder(), OutboxState.UNCERTAIN, None),
        (FakeSentFolder("<t0k3n@example.org>"), OutboxState.SENT, Confirmation.SENT_FOLDER),
    ],
)
def test_a_conversation_broken_off_is_never_sent_again_blindly(
    store: SqlStore, folder: FakeSentFolder | None, state: OutboxState, by: Confirmation | None
) -> None:
    _, step_id = recorded(store)
    approve(store, step_id)
    [ended] = sending.deliver(store, FakeMailer(ConnectionResetError("reset")), folder, NOW)
    assert ended.state is state and ended.confirmed_by is by
    mailer = FakeMailer()
    assert sending.flush(store, mailer, folder, NOW + timedelta(hours=1)) == (
        [] if state is OutboxState.SENT or folder is None else [ended]
    )
    assert mailer.sent == []


# -- recovering and resolving ------------------------------------------------------------------


def started(store: SqlStore) -> int:
    """An approved message whose sending process died mid-conversation."""
    _, step_id = recorded(store)
    _, entry = approve(store, step_id)
    with store.transaction() as repo:
        moved = dataclasses.replace(entry, state=OutboxState.SENDING, smtp_started_at=NOW)
        assert repo.move_outbox(moved, OutboxState.APPROVED)
    return entry.id or 0


def test_a_send_still_under_way_is_left_alone(store: SqlStore) -> None:
    started(store)
    assert sending.recover(store, FakeSentFolder(), NOW + timedelta(minutes=4)) == []
    assert sending.entries(store)[0].state is OutboxState.SENDING


def test_a_stale_send_is_confirmed_in_the_sent_folder(store: SqlStore) -> None:
    started(store)
    later = NOW + sending.STALE_AFTER
    [found] = sending.recover(store, FakeSentFolder("<t0k3n@example.org>"), later)
    assert found.state is OutboxState.SENT and found.sent_at == later


def test_a_stale_send_may_have_been_sent_until_found(store: SqlStore) -> None:
    started(store)
    later = NOW + sending.STALE_AFTER
    [doubt] = sending.recover(store, FakeSentFolder(broken=True), later)
    assert doubt.may_have_been_sent and "could not be searched" in (doubt.error or "")
    [still] = sending.recover(store, FakeSentFolder(), later)
    assert still.state is OutboxState.UNCERTAIN
    [found] = sending.recover(store, FakeSentFolder("<t0k3n@example.org>"), later)
    assert found.state is OutboxState.SENT


def test_resolving_a_message_in_doubt(store: SqlStore) -> None:
    outbox_id = started(store)
    sending.recover(store, None, NOW + sending.STALE_AFTER)
    again = sending.resolve(store, outbox_id, Answer.RESEND, PLAYBOOK, NOW)
    assert again.state is OutboxState.APPROVED and again.smtp_started_at is None
    mailer = FakeMailer()
    sending.deliver(store, mailer, None, NOW)
    assert len(mailer.sent) == 1
    with pytest.raises(Conflict, match="is sent"):
        sending.resolve(store, outbox_id, Answer.CANCEL, PLAYBOOK, NOW)


def test_cancelling_opens_the_step_again(store: SqlStore) -> None:
    _, step_id = recorded(store)
    _, entry = approve(store, step_id)
    cancelled = sending.resolve(store, entry.id or 0, Answer.CANCEL, PLAYBOOK, NOW)
    assert cancelled.state is OutboxState.CANCELLED
    assert step_status(store, step_id) == (StepStatus.PLANNED, None)
    with store.transaction() as repo:
        assert repo.sent_message_ids() == {}
    _, second = approve(store, step_id, token="again")  # approved anew
    assert second.message_id == "<again@example.org>"
