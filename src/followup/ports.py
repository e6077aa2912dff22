"""The ports: what the services need from the outside world, as Protocols.

Storage is split by what its callers need: `Applications` (the aggregates and their events),
`ReadViews` (reads across them, shaped for a page), `Outbox`, `FeedTokens` and `Archive`;
`Repository` is all of them, what one transaction of a `Store` yields. Adapters implement
them (`adapters/sql` for storage); unit tests use the in-memory fakes of tests/unit/fakes.py,
which mypy checks against these Protocols.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:  # only annotations: the agenda's path need not load the outbox and mail
    from followup.domain.board import Card
    from followup.domain.insights import Insights
    from followup.domain.messages import Attachment
    from followup.domain.model import (
        Application,
        ApplicationSummary,
        Contact,
        Decision,
        Interview,
        Profile,
        Promise,
        Stage,
        Step,
        StepStatus,
        Touch,
    )
    from followup.domain.outbox import OutboxEntry, OutboxState
    from followup.domain.promised import Promised
    from followup.domain.replies import MailIndex, Reply
    from followup.domain.undo import Undo

DueWindow = tuple[datetime | None, datetime | None]  # [from, before) of a step's due; None: open


class StoredRecipient(NamedTuple):
    """A step's recipient as stored: a `Recipient` with its relation as text."""

    name: str
    relation: str
    title: str | None
    email: str | None
    contact_id: int | None


class StoredStep(NamedTuple):
    """What a listing of many steps needs of each (`due --json`), read from storage without
    building the Step (its checks ran when it was written): enums as their text, moments as
    stored (any zone; a record shows them in `timezone`). `views.step_record` takes either."""

    id: int
    application_id: int
    kind: str
    channel: str
    status: str
    recipients: Sequence[StoredRecipient]
    earliest: datetime
    due: datetime
    timezone: str
    rationale: str
    sources: Sequence[str]
    outcome: str | None
    needs: str | None


class RevisedStep(NamedTuple):
    """A step with what storage knows of its changes: `revision` grows by one each time the
    step changes, `changed_at` is when it last did (None in rows an older export brought)."""

    step: Step
    revision: int
    changed_at: datetime | None


class Applications(Protocol):
    """The user's profile and applications, each a whole aggregate (interviews, contacts,
    promises, touches, decisions, steps), and what changes them: what a use case that acts on
    one application reads and writes (services/applications, steps, drafts, people)."""

    def get_profile(self) -> Profile | None: ...

    def save_profile(self, profile: Profile) -> Profile: ...

    def add_application(self, application: Application) -> Application:
        """Store the whole aggregate (interviews, contacts, promises, steps); return it with ids."""
        ...

    def get_application(self, application_id: int) -> Application: ...

    def add_interview(
        self, application_id: int, interview: Interview, promises: Sequence[Promise] = ()
    ) -> Interview:
        """Add another interview to the application, with the people met at it (its `met`,
        ids of the application's contacts) and the promises made at it; return it with its id."""
        ...

    def tie(
        self, interview_id: int, contact_ids: Sequence[int], promise_ids: Sequence[int] = ()
    ) -> None:
        """Record these people of the interview's application as met at it (once each), and
        these promises as made at it."""

    def applications_at(self, company: str, besides: int | None = None) -> list[Application]:
        """The user's applications at `company` (the same `planner.company_key`), whole, by id;
        all but the one `besides`. Their nudges take turns (services.applications.replan)."""
        ...

    def list_applications(self) -> list[ApplicationSummary]: ...

    def set_stage(self, application_id: int, stage: Stage) -> None: ...

    def add_touch(self, application_id: int, touch: Touch) -> Touch: ...

    def add_decision(self, application_id: int, decision: Decision) -> Decision: ...

    def save_steps(self, application_id: int, steps: Sequence[Step]) -> list[Step]:
        """Make the stored steps exactly `steps`: update those with ids, insert those without,
        delete stored steps not in `steps` (a message in the outbox for one stays, with no
        step). Return them with ids."""
        ...

    def get_step(self, step_id: int) -> Step: ...

    def list_contacts(self) -> list[Contact]: ...

    def get_contact(self, contact_id: int) -> Contact: ...

    def update_contact(self, contact: Contact) -> Contact: ...

    def add_contacts(self, application_id: int, contacts: Sequence[Contact]) -> list[Contact]:
        """Add contacts to the application; return them with their ids and application's."""
        ...

    def update_interview(self, application_id: int, interview: Interview) -> Interview:
        """Store what the interview (by its id, one of the application's) now holds: its
        times, what happens next, notes, topics, debrief. NotFound when it is not there."""
        ...

    def add_promises(self, application_id: int, promises: Sequence[Promise]) -> list[Promise]:
        """Add promises to the application; return them with their ids."""
        ...

    def delete_application(self, application_id: int) -> None:
        """Delete the application and everything of it: interviews, its people and who was
        met where, promises, touches, decisions, steps, outbox messages, undos."""
        ...

    def delete_contact(self, contact_id: int) -> None:
        """Delete the contact and who met them where; touches with them stay, without them."""
        ...


class PromisedThings(Protocol):
    """What promises are kept with (domain/promised.py): a file or a link, one per promise."""

    def promised(self, promise_ids: Collection[int]) -> dict[int, Promised]:
        """The file or link each of these promises is kept with (those with neither left out);
        the file's bytes are not read."""
        ...

    def promised_file(self, promise_id: int) -> Attachment | None:
        """The promise's file with its bytes, if a file is what it is kept with."""
        ...

    def keep_promised(self, promised: Promised, content: bytes | None, at: datetime) -> None:
        """Keep the promise with this file (`content`, its bytes) or link, in place of any
        before; NotFound for a promise not the user's."""
        ...

    def drop_promised(self, promise_id: int) -> bool:
        """Forget what the promise is kept with; whether there was anything."""
        ...


class ReadViews(Protocol):
    """Reads across all the user's applications, each shaped for one page or command and read
    in a few queries, not a few per application: the agenda, the replies, insights, mail."""

    def count_active_applications(self) -> int: ...

    def companies(self, application_ids: Collection[int]) -> dict[int, str]:
        """The company of each of these applications (the user's own; others are left out)."""
        ...

    def insights(self, now: datetime, window_days: int) -> Insights:
        """The funnel, the reply rates (a reply within `window_days`) and the time to decision
        over all the user's applications at `now`: the numbers `domain.insights.insights`
        gives over them whole, counted without loading them."""
        ...

    def board(self, now: datetime) -> list[Card]:
        """Every application as the Pipeline board shows it, by id: its summary, its last
        contact by `now` and its open step due first (`domain.board`), in a few statements."""
        ...

    def applications_active(self, start: datetime, end: datetime) -> list[Application]:
        """The user's applications, whole, by id, with anything from `start` up to (not
        including) `end`: recorded, an interview started, a touch, a step done, a decision;
        also those applied for on a day within a day of the window (a day has no time zone:
        the caller decides). A record of the search reads these (domain/activity.py)."""
        ...

    def mail_index(self) -> MailIndex:
        """What incoming mail is matched against: the Message-IDs on the user's touches, the
        contacts' addresses, and which applications are active and how recently touched."""
        ...

    def unanswered_replies(self, limit: int | None = None) -> list[Reply]:
        """Touches in (auto-replies aside) that the user has not acted on since: no touch out,
        step done or skipped, or decision on that application after them (planner.unanswered);
        newest first, the first `limit` of them."""
        ...

    def steps_with_status(
        self,
        statuses: Sequence[StepStatus],
        earliest_before: datetime,
        due: DueWindow = (None, None),
        limit: int | None = None,
    ) -> list[Step]:
        """Steps in any of `statuses` whose earliest is before the given moment and whose due
        is in the window [from, before) (an end that is None is open), by due; the first
        `limit` of them."""
        ...

    def stored_steps(
        self, statuses: Sequence[StepStatus], earliest_before: datetime
    ) -> list[StoredStep]:
        """Each step `steps_with_status` gives, in the same order, as stored, without
        building the Steps (a `due --json` of thousands of steps)."""
        ...

    def calendar_steps(self, closed_since: datetime) -> list[RevisedStep]:
        """The steps a calendar is given: every open one (planned, snoozed), and each closed
        one (done, skipped, cancelled) closed at or after `closed_since` (when it was done or
        skipped; a cancelled one, when it last changed); with their revisions, by id."""
        ...


class Undos(Protocol):
    """What an action changed, kept a while so that it can be undone (services/undo.py)."""

    def snapshot(self, application_ids: Sequence[int]) -> Any:
        """The stored state of these applications that an action may change (the stage,
        touches, decisions, steps with their revisions), as JSON values: what `restore` takes."""
        ...

    def restore(self, snapshot: Any) -> None:
        """Put the applications' stage, touches, decisions and steps back as `snapshot` holds
        them; a step that changes goes a revision on (a calendar replaces its event)."""
        ...

    def keep_undo(self, undo: Undo, forget_before: datetime) -> None:
        """Keep `undo`, and forget those made before `forget_before`."""
        ...

    def latest_undo(self, since: datetime) -> Undo | None:
        """The last undo kept at or after `since`, if any."""
        ...

    def get_undo(self, token: str) -> Undo:
        """The undo of this token; NotFound when there is none (undone, or forgotten)."""
        ...

    def forget_undo(self, token: str) -> None: ...


class Outbox(Protocol):
    """Approved messages on their way (domain/outbox.py: the states and their moves)."""

    def add_outbox(self, entry: OutboxEntry) -> OutboxEntry:
        """Store an approved message; return it with its id. NotFound when its application
        or step is not the user's; StorageError when its Message-ID is stored already, or its
        step has a message that is not cancelled."""
        ...

    def get_outbox(self, outbox_id: int) -> OutboxEntry: ...

    def list_outbox(
        self, states: Sequence[OutboxState] = (), step_id: int | None = None
    ) -> list[OutboxEntry]:
        """The user's outbox messages (in any of `states`, of `step_id`, when given), by id."""
        ...

    def move_outbox(self, entry: OutboxEntry, came_from: OutboxState) -> bool:
        """Store the entry's state, times, confirmation and error, if its stored state is still
        `came_from`; False when another process moved it first."""
        ...

    def sent_message_ids(self) -> dict[str, int]:
        """Message-ID of each mail we sent -> its application's id: every message in the
        outbox that is not cancelled (it may have gone)."""
        ...


class FeedTokens(Protocol):
    """The hash of the user's one calendar feed token (services/calendar.py)."""

    def save_feed_token(self, token_hash: str, created_at: datetime) -> None:
        """Make the SHA-256 hash the user's one calendar feed token (replacing any other)."""
        ...

    def delete_feed_token(self) -> bool:
        """Revoke the user's calendar feed token; False when there was none."""
        ...

    def feed_token_since(self, token_hash: str | None = None) -> datetime | None:
        """When the user's feed token was made (None: there is none); given a hash, only if it
        is that token's."""
        ...


class Archive(Protocol):
    """The user's whole data as rows, for an export and an import (services/backup.py)."""

    def schema_revision(self) -> str:
        """The revision of the stored schema (the migrations'), which an export records."""
        ...

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of the user, table by table (parents first), as JSON values, ids kept."""
        ...

    def load(self, tables: Mapping[str, Any], schema: str, renumber: bool = False) -> int:
        """Insert what `dump` gave (at schema revision `schema`), ids kept (new ones with
        `renumber`, references following), for this user; return the rows written. Conflict
        when the user has data; InvalidInput when `tables` or `schema` cannot be read."""
        ...


class Repository(
    Applications, PromisedThings, ReadViews, Outbox, FeedTokens, Archive, Undos, Protocol
):
    """One user's data, inside one transaction: every port above, on one connection (what
    `Store.transaction()` yields). Raises NotFound for unknown ids. A use case that is handed
    a repository names the narrowest of these ports it needs."""


class Proofreader(Protocol):
    """A dictionary and a style checker for the draft checks (adapters/spelling.py)."""

    def unknown_words(self, words: Sequence[str]) -> set[str]: ...

    def suggest(self, word: str) -> str | None: ...

    def style(self, text: str) -> list[tuple[int, int, str]]: ...


class Mailer(Protocol):
    """Hands a message to the SMTP server (adapters/smtp.py)."""

    def send(self, message: bytes, sender: str, recipients: Sequence[str]) -> list[str]:
        """Return once the server accepted it, with the recipients it refused (if it took the
        rest). Raise NotSent when it surely did not take it (server unreachable, login or
        message refused); any other error leaves it in doubt."""
        ...


class SentFolder(Protocol):
    """The user's Sent folder over IMAP (adapters/imap.py)."""

    def contains(self, message_id: str) -> bool: ...


class Backups(Protocol):
    """Copies the whole live database to a file (adapters/sql/copy.py: SQLite's backup API)."""

    def backup_to(self, path: Path) -> list[str]:
        """Copy to the new file `path`; return the copy's integrity check (["ok"] if sound)."""
        ...


class Store(Protocol):
    """Opens one transaction per user action: committed on success, rolled back on error."""

    user: str  # whose data it holds (the name of the user's row)

    def transaction(self) -> AbstractContextManager[Repository]: ...

    def bulk(self) -> AbstractContextManager[Repository]:
        """A transaction that writes many rows (an import): the database may be sent them
        without waiting for each, so a failure may surface only at a later statement or at
        the end; either way nothing of it is written."""
        ...

    def reading(self) -> AbstractContextManager[Repository]:
        """A transaction for a use case that only reads: it takes no write lock (SQLite), so
        readers never wait for one another; writing in it fails."""
        ...

    def revision(self) -> int:
        """A number that changes whenever a transaction of this user's writes, in any process
        (what is computed from the user's data can be kept until it changes)."""
        ...


class Claim(NamedTuple):
    """A user's job claimed for a day (`JobClaims`): `ours` when this call made the claim."""

    ours: bool
    state: str  # sending, sent or uncertain
    message_id: str  # what the job sends is known by it before it is sent
    claimed_at: datetime


class JobClaims(Protocol):
    """The days a user's once-a-day job (the morning digest) was claimed, each claimed by one
    worker BEFORE it does the job, so that of two workers at the same moment one does it."""

    def claim(self, job: str, day: date, message_id: str, now: datetime) -> Claim:
        """Claim the day as `sending`, or give the claim already made (another's)."""
        ...

    def settle(
        self, job: str, day: date, came_from: str, state: str | None, now: datetime, note: str = ""
    ) -> bool:
        """Move the day's claim from `came_from` to `state`; None withdraws it (the job may
        run again). False when the claim was no longer `came_from`."""
        ...
