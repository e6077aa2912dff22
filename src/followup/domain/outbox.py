"""The outbox: an approved message on its way, and the moves its state may make.

    approved ──start──▶ sending ──accepted──▶ sent
       ▲                   │  ╲
       └──────refused──────┘   ╲──in_doubt──▶ uncertain ──resolve "sent"──▶ sent
       ▲                                          │
       └───────────────resolve "resend"───────────┘
    approved | uncertain ──resolve "cancel"──▶ cancelled

`approved`: the user approved it and no SMTP conversation has begun: safe to send.
`sending`: the conversation began (recorded before connecting): never sent again blindly.
`sent`: the server accepted it, the Sent folder holds it, or the user said it went.
`uncertain`: the conversation began and how it ended is unknown: it may have been sent.
`cancelled`: the user withdrew it (its step is open again).
Each move returns the entry as it becomes; the services store it only if the stored row is
still in the state the move came from.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from followup.domain.errors import Conflict, InvalidInput
from followup.domain.values import require_aware

if TYPE_CHECKING:
    from email.headerregistry import Address


def _parsed(message: str) -> Any:
    """The message's headers, parsed with the modern policy (its headers have `.addresses`).
    The email package loads only when a message is read: it costs every command ~10 ms."""
    from email.parser import HeaderParser
    from email.policy import default

    return HeaderParser(policy=default).parsestr(message)


class OutboxState(StrEnum):
    APPROVED = "approved"
    SENDING = "sending"
    SENT = "sent"
    UNCERTAIN = "uncertain"
    CANCELLED = "cancelled"


class Confirmation(StrEnum):
    """How a message is known to have gone."""

    SERVER = "server"  # the SMTP server accepted it
    SENT_FOLDER = "sent-folder"  # found by its Message-ID in the IMAP Sent folder
    USER = "user"  # the user said so


class Answer(StrEnum):
    """The user's word on an uncertain (or stuck) message: `followup outbox resolve`."""

    SENT = "sent"
    RESEND = "resend"
    CANCEL = "cancel"


MESSAGE_ID = re.compile(r"<[^<>@\s]+@[^<>@\s]+>")


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A message in the outbox, on its way to being sent exactly once."""

    application_id: int
    step_id: int | None
    message_id: str  # with its angle brackets, as in the header
    # the whole RFC 5322 message, exactly as it is sent (CRLF line ends; ASCII, or UTF-8
    # headers for an international address, sent with SMTPUTF8)
    message: str
    approved_at: datetime
    state: OutboxState = OutboxState.APPROVED
    smtp_started_at: datetime | None = None
    sent_at: datetime | None = None
    confirmed_by: Confirmation | None = None
    error: str | None = None  # why the last attempt failed
    id: int | None = None

    def __post_init__(self) -> None:
        if not MESSAGE_ID.fullmatch(self.message_id):
            raise InvalidInput(f"{self.message_id!r} is not a Message-ID (<token@domain>)")
        for name in ("approved_at", "smtp_started_at", "sent_at"):
            moment = getattr(self, name)
            if moment is not None:
                require_aware(moment, f"the outbox entry's {name}")

    @property
    def may_have_been_sent(self) -> bool:
        return self.state is OutboxState.UNCERTAIN

    @property
    def headers(self) -> dict[str, Any]:
        """Subject, To and Cc (addresses), as the message says."""
        parsed = _parsed(self.message)

        def addresses(name: str) -> list[str]:
            header = parsed[name]
            return [a.addr_spec for a in header.addresses] if header else []

        return {
            "subject": str(parsed["Subject"] or ""),
            "to": addresses("To"),
            "cc": addresses("Cc"),
        }

    @property
    def envelope(self) -> tuple[str, list[str]]:
        """(sender, recipients) for the SMTP conversation: From, and To and Cc."""
        parsed = _parsed(self.message)
        senders: tuple[Address, ...] = parsed["From"].addresses
        heads = self.headers
        return senders[0].addr_spec, [*heads["to"], *heads["cc"]]


def _move(entry: OutboxEntry, allowed: set[OutboxState], doing: str, **changes: Any) -> OutboxEntry:
    if entry.state not in allowed:
        raise Conflict(f"outbox message {entry.id} is {entry.state.value}; it cannot be {doing}")
    return dataclasses.replace(entry, **changes)


def start(entry: OutboxEntry, now: datetime) -> OutboxEntry:
    """The SMTP conversation is about to begin."""
    return _move(
        entry, {OutboxState.APPROVED}, "sent now", state=OutboxState.SENDING, smtp_started_at=now
    )


def accepted(entry: OutboxEntry, now: datetime, by: Confirmation) -> OutboxEntry:
    """It went: the server took it, the Sent folder has it, or the user says so."""
    allowed = {OutboxState.SENDING, OutboxState.UNCERTAIN}
    return _move(
        entry, allowed, "marked sent", state=OutboxState.SENT, sent_at=now, confirmed_by=by
    )


def refused(entry: OutboxEntry, error: str) -> OutboxEntry:
    """The server surely did not take it (unreachable, login refused, a refusal reply): it
    is approved again, to be retried."""
    return _move(
        entry,
        {OutboxState.SENDING},
        "retried",
        state=OutboxState.APPROVED,
        smtp_started_at=None,
        error=error,
    )


def in_doubt(entry: OutboxEntry, error: str | None = None) -> OutboxEntry:
    """The conversation began and nothing says how it ended: it may have been sent."""
    return _move(
        entry,
        {OutboxState.SENDING, OutboxState.UNCERTAIN},
        "in doubt",
        state=OutboxState.UNCERTAIN,
        error=error or entry.error,
    )


def resolve(entry: OutboxEntry, answer: Answer, now: datetime) -> OutboxEntry:
    """The user's word: it went (`sent`), send it again (`resend`, with the same Message-ID,
    so a mail program that got both shows one), or withdraw it (`cancel`)."""
    if answer is Answer.SENT:
        return accepted(entry, now, Confirmation.USER)
    if answer is Answer.RESEND:
        return _move(
            entry,
            {OutboxState.UNCERTAIN},
            "sent again",
            state=OutboxState.APPROVED,
            smtp_started_at=None,
            error=None,
        )
    return _move(
        entry, {OutboxState.APPROVED, OutboxState.UNCERTAIN}, "cancelled",
        state=OutboxState.CANCELLED,
    )  # fmt: skip
