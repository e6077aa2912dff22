"""Mail as the domain sees it: a message that arrived (read from IMAP by an adapter)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class IncomingMail:
    message_id: str  # with its angle brackets, as in the header
    sender: str  # the From address, lower-cased
    subject: str
    at: datetime  # aware: the Date header, else when it was read
    text: str  # the plain-text body (HTML converted to text by the adapter)
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-cased names
    uid: str | None = None  # the IMAP UID it was read under
