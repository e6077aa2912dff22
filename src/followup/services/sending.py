"""Sending with approval, exactly once: the outbox's use cases.

Which transaction records what (the states are those of `domain/outbox.py`):
  approve   ONE transaction: the draft is checked again (errors refuse it, and so does a text
            other than the one the user was shown); the outbox row is inserted `approved`,
            holding the whole message with its Message-ID; the step is marked done (outcome
            `sent`, done at the approval) and its application replanned. From this commit on
            the outbox owns the delivery: the step is done because the user approved it, and
            the message goes out however many crashes come between.
  deliver   for each `approved` row: (1) a transaction moves it to `sending` with
            `smtp_started_at`, committed BEFORE connecting; (2) the SMTP conversation, outside
            any transaction; (3) a transaction moves it to `sent` with `sent_at` once the
            server accepted it, or back to `approved` with the error when the server surely did
            not take it (retried by the next delivery), or (a conversation broken off while the
            message was handed over) to `sent` if the Sent folder has it, else `uncertain`.
            Any failure before the first byte of the message left (the message not encodable,
            no connection, an address or SMTPUTF8 refused) is "not sent": back to `approved`,
            never "may have been sent".
  recover   a row still `sending` STALE_AFTER after its conversation began belongs to a process
            that died: `sent` when the Sent folder (IMAP, where configured) holds its
            Message-ID, else `uncertain`: "may have been sent", for the user to resolve.
            `uncertain` rows are looked for in the Sent folder again each time.
  resolve   the user's word, one transaction: `sent`; `resend` (approved again, same
            Message-ID); `cancel` (cancelled, and its step open again, replanned).
Every move is a compare-and-set on the state it comes from (`Repository.move_outbox`): of two
processes delivering at once, one sends and the other skips.

Without SMTP, `export` builds the same message for a file and a mailto: link; nothing is
recorded and the step stays open until the user says it went (`followup done`).

`send` is the user's approval carried out, the one flow of the CLI's `send` and the web
editor's Approve: export without SMTP, else approve then deliver; its `Outcome` says which
happened and how far the message got (sent, waiting to be retried, in doubt).
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from followup import services
from followup.domain import messages, outbox, promised
from followup.domain.errors import Conflict, FollowupError, InvalidInput, NotSent
from followup.domain.messages import Addressed, Attachment
from followup.domain.model import Channel, Step
from followup.domain.outbox import Answer, Confirmation, OutboxEntry, OutboxState
from followup.domain.playbook import Playbook
from followup.ports import Mailer, Proofreader, Repository, SentFolder, Store
from followup.services import drafts
from followup.services.drafts import Reviewed

STALE_AFTER = timedelta(minutes=5)  # longer than any SMTP conversation (60 s per reply)
CRASH_ENV = "FOLLOWUP_TEST_CRASH"


def crash_point(name: str) -> None:
    """TEST ONLY. With FOLLOWUP_TEST_CRASH=<name> the process ends here at once, as if killed
    (no cleanup, no commit): the crash tests use `after-approval` (the approval committed, no
    SMTP conversation yet) and `after-smtp` (the server accepted the message, `sent` not yet
    committed); `digest-after-smtp` the same for the morning digest (`services/jobs.py`).
    Unset, it does nothing."""
    if os.environ.get(CRASH_ENV) == name:
        os._exit(86)


@dataclass(frozen=True, slots=True)
class Composed:
    """A step's message, built from its checked draft."""

    reviewed: Reviewed
    addressed: Addressed
    message_id: str
    message: str  # RFC 5322, CRLF line ends; ASCII unless international (UTF-8 headers)
    attachments: tuple[Attachment, ...] = ()  # carried by the message (and its .eml), never
    # by its mailto: link: those the user must add by hand there (`by_hand`)

    @property
    def by_hand(self) -> str:
        """What a mailto: link leaves out, said plainly ("" when nothing is attached)."""
        if not self.attachments:
            return ""
        names = ", ".join(a.filename for a in self.attachments)
        return (
            f"The .eml file carries the attachment ({names}); a mailto: link cannot: "
            "if you use the link, attach it by hand in your mail program."
        )

    @property
    def data(self) -> bytes:
        """The message as the server receives it (and as an .eml file holds it)."""
        return self.message.encode("utf-8")

    @property
    def mailto(self) -> str:
        draft = self.reviewed.draft
        return messages.mailto(self.addressed, draft.subject, draft.body)


def check_sendable(reviewed: Reviewed) -> None:
    """Refuse what cannot be sent: a step that is no email, a draft with error findings."""
    step_id = reviewed.step.id
    if reviewed.step.channel is not Channel.EMAIL:
        raise InvalidInput(
            f"step {step_id} is a {reviewed.step.channel.value}, not an email: "
            f"print a letter with `followup letter {step_id}`, record the rest with "
            f"`followup done {step_id}`"
        )
    reviewed.refuse_errors("; nothing was sent")


def _promised_file(repo: Repository, step: Step) -> tuple[Attachment, ...]:
    """The file a send-promised step's promise is kept with (`followup promise attach`), which
    the message carries besides any the user attached when approving."""
    number = promised.promise_id(step)
    found = repo.promised_file(number) if number is not None else None
    return (found,) if found is not None else ()


@dataclass(frozen=True, slots=True)
class Approval:
    """What the user says yes to: a step's draft as it was shown, and the files to attach."""

    step_id: int
    shown: str | None = None  # the text shown to the user; None: the draft as it is now
    attachments: tuple[Attachment, ...] = ()


def _compose(
    repo: Repository,
    approval: Approval,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path],
    token: str | None,
) -> Composed:
    step_id = approval.step_id
    reviewed = drafts.review_in(
        repo, step_id, now, proofreader, templates, attached=approval.attachments
    )
    check_sendable(reviewed)
    draft = reviewed.draft
    if approval.shown is not None and draft.text != approval.shown:
        raise Conflict(f"the draft of step {step_id} changed since it was shown; nothing was sent")
    application, profile = reviewed.application, reviewed.profile
    if not profile.email:
        raise InvalidInput('sending needs your email address: followup init --email "..."')
    addressed = messages.addressed(application, draft)
    attachments = (*_promised_file(repo, reviewed.step), *approval.attachments)
    message_id = messages.message_id(token or uuid.uuid4().hex, profile.email)
    thread = messages.thread_of(application, draft)  # the draft's subject answers it already
    message = messages.build(
        profile,
        draft,
        addressed,
        now,
        message_id,
        thread.in_reply_to,
        thread.references,
        attachments,
    )
    return Composed(reviewed, addressed, message_id, message, attachments)


def export(
    store: Store,
    approval: Approval,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path],
) -> Composed:
    """The step's message for the user's own mail program (no SMTP): nothing is recorded."""
    with store.transaction() as repo:
        return _compose(repo, approval, now, proofreader, templates, None)


def approve(
    store: Store,
    approval: Approval,
    playbook: Playbook,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path],
    token: str | None = None,
) -> tuple[Composed, OutboxEntry]:
    """Record the user's approval: the message in the outbox and the step done, together."""
    step_id = approval.step_id
    with store.transaction() as repo:
        waiting = [
            e for e in repo.list_outbox(step_id=step_id) if e.state is not OutboxState.CANCELLED
        ]
        if waiting:
            raise Conflict(
                f"step {step_id} is already in the outbox (#{waiting[0].id}, "
                f"{waiting[0].state.value})"
            )
        composed = _compose(repo, approval, now, proofreader, templates, token)
        step = composed.reviewed.step
        assert step.application_id is not None
        entry = repo.add_outbox(
            OutboxEntry(
                application_id=step.application_id,
                step_id=step_id,
                message_id=composed.message_id,
                message=composed.message,
                approved_at=now,
            )
        )
        services.steps.change_step(repo, step_id, services.steps.Complete("sent"), playbook, now)
    crash_point("after-approval")
    return composed, entry


def _move(store: Store, moved: OutboxEntry, came_from: OutboxState) -> OutboxEntry | None:
    """Store `moved` if its row is still `came_from`; None when another process moved it."""
    with store.transaction() as repo:
        return moved if repo.move_outbox(moved, came_from) else None


def _look_in_sent(sent_folder: SentFolder | None, entry: OutboxEntry) -> tuple[bool, str | None]:
    """(found, why not known): whether the Sent folder holds the entry's Message-ID."""
    if sent_folder is None:
        return False, None
    try:
        return sent_folder.contains(entry.message_id), None
    except FollowupError as exc:
        return False, f"the Sent folder could not be searched: {exc}"


def _settle(
    store: Store, entry: OutboxEntry, sent_folder: SentFolder | None, now: datetime, why: str | None
) -> OutboxEntry:
    """A message in doubt (`sending` or `uncertain`): sent if the Sent folder has it, else
    uncertain."""
    found, problem = _look_in_sent(sent_folder, entry)
    if found:
        moved = outbox.accepted(entry, now, Confirmation.SENT_FOLDER)
    else:
        moved = outbox.in_doubt(entry, problem or why)
    if moved == entry:
        return entry
    return _move(store, moved, entry.state) or entry


def _send_one(
    store: Store,
    entry: OutboxEntry,
    mailer: Mailer,
    sent_folder: SentFolder | None,
    now: datetime,
) -> OutboxEntry | None:
    started = _move(store, outbox.start(entry, now), OutboxState.APPROVED)
    if started is None:
        return None  # another process is sending it
    try:  # a local failure before the conversation: nothing left, the message is not sent
        data = started.message.encode("utf-8")  # ASCII, or UTF-8 headers (SMTPUTF8)
        sender, recipients = started.envelope
    except Exception as exc:
        why = f"the message could not be prepared for sending: {exc or type(exc).__name__}"
        return _move(store, outbox.refused(started, why), OutboxState.SENDING) or started
    try:
        refused = mailer.send(data, sender, recipients)
    except NotSent as exc:
        return _move(store, outbox.refused(started, str(exc)), OutboxState.SENDING) or started
    except Exception as exc:  # broken off while the message was handed over: in doubt
        why = f"the SMTP conversation broke off: {exc or type(exc).__name__}"
        return _settle(store, started, sent_folder, now, why)
    crash_point("after-smtp")
    sent = outbox.accepted(started, now, Confirmation.SERVER)
    if refused:
        sent = dataclasses.replace(sent, error=f"refused by the server: {', '.join(refused)}")
    return _move(store, sent, OutboxState.SENDING) or started


def recover(store: Store, sent_folder: SentFolder | None, now: datetime) -> list[OutboxEntry]:
    """Settle the messages in doubt: `sending` for STALE_AFTER (their process died), and
    `uncertain`. Returns those looked at, as they are now."""
    with store.transaction() as repo:
        doubtful = repo.list_outbox([OutboxState.SENDING, OutboxState.UNCERTAIN])
    stale = [
        e
        for e in doubtful
        if e.state is OutboxState.UNCERTAIN
        or (e.smtp_started_at is not None and now - e.smtp_started_at >= STALE_AFTER)
    ]
    if sent_folder is None:
        stale = [e for e in stale if e.state is OutboxState.SENDING]
    died = "the process sending it stopped before the server's answer was recorded"
    return [
        _settle(store, e, sent_folder, now, died if e.state is OutboxState.SENDING else None)
        for e in stale
    ]


def deliver(
    store: Store, mailer: Mailer, sent_folder: SentFolder | None, now: datetime
) -> list[OutboxEntry]:
    """Send every approved message, each through its own three steps (see above). Returns
    them as they ended (those another process took are left out)."""
    with store.transaction() as repo:
        approved = repo.list_outbox([OutboxState.APPROVED])
    done = (_send_one(store, e, mailer, sent_folder, now) for e in approved)
    return [e for e in done if e is not None]


def flush(
    store: Store, mailer: Mailer | None, sent_folder: SentFolder | None, now: datetime
) -> list[OutboxEntry]:
    """Recover, then deliver what is approved (nothing is sent without a mailer)."""
    settled = recover(store, sent_folder, now)
    sent = deliver(store, mailer, sent_folder, now) if mailer is not None else []
    return [*settled, *sent]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What `send` did with an approval. `exported`: there is no SMTP server, so the message
    is for the user's own mail program (nothing recorded, the step still open). Otherwise it
    was approved, then delivered as far as it went, `entry` being its outbox row as it is
    now: `sent`; `waiting` to be retried (the server refused it or could not be reached); or
    `in_doubt` (the conversation broke off and the Sent folder does not show it, or another
    process is sending it)."""

    composed: Composed
    entry: OutboxEntry | None = None  # None: exported

    @property
    def exported(self) -> bool:
        return self.entry is None

    @property
    def sent(self) -> bool:
        return self.entry is not None and self.entry.state is OutboxState.SENT

    @property
    def waiting(self) -> bool:
        return self.entry is not None and self.entry.state is OutboxState.APPROVED

    @property
    def in_doubt(self) -> bool:
        doubtful = (OutboxState.SENDING, OutboxState.UNCERTAIN)
        return self.entry is not None and self.entry.state in doubtful


def send(
    store: Store,
    approval: Approval,
    playbook: Playbook,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path],
    mailer: Mailer | None,
    sent_folder: SentFolder | None,
    token: str | None = None,
) -> Outcome:
    """The user's approval carried out, for the CLI's `send` and the web editor's Approve
    alike: without an SMTP server (`mailer` None) the message is exported; else it is
    approved (`approve`), then delivered with whatever else is approved (`deliver`)."""
    if mailer is None:
        return Outcome(export(store, approval, now, proofreader, templates))
    composed, approved = approve(store, approval, playbook, now, proofreader, templates, token)
    delivered = {e.id: e for e in deliver(store, mailer, sent_folder, now)}
    return Outcome(composed, delivered.get(approved.id) or entry(store, approved.id or 0))


def entries(store: Store, states: Sequence[OutboxState] = ()) -> list[OutboxEntry]:
    with store.transaction() as repo:
        return repo.list_outbox(states)


def entry(store: Store, outbox_id: int) -> OutboxEntry:
    with store.transaction() as repo:
        return repo.get_outbox(outbox_id)


def for_step(store: Store, step_id: int) -> OutboxEntry | None:
    """The step's message in the outbox that is not cancelled, if any."""
    with store.transaction() as repo:
        repo.get_step(step_id)
        found = repo.list_outbox(step_id=step_id)
    return next((e for e in reversed(found) if e.state is not OutboxState.CANCELLED), None)


def resolve(
    store: Store, outbox_id: int, answer: Answer, playbook: Playbook, now: datetime
) -> OutboxEntry:
    """The user's word on a message: it went, send it again, or cancel it (its step open
    again, in the same transaction)."""
    with store.transaction() as repo:
        entry = repo.get_outbox(outbox_id)
        moved = outbox.resolve(entry, answer, now)
        if not repo.move_outbox(moved, entry.state):
            raise Conflict(f"outbox message {outbox_id} changed meanwhile; look again")
        if answer is Answer.CANCEL and entry.step_id is not None:
            services.steps.change_step(repo, entry.step_id, services.steps.Reopen(), playbook, now)
        return moved
