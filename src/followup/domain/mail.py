"""Mail as the domain sees it: a message that arrived (read from IMAP by an adapter), and the
Message-IDs that thread a conversation (RFC 5322 3.6.4)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

# A Message-ID that can go into a header: printable ASCII in angle brackets (no <, > or space
# inside), short enough that `In-Reply-To: <id>` stays within a line's 998 octets.
_MESSAGE_ID = re.compile(r"<[!-;=?-~]{1,983}>")
_TOKEN = re.compile(r"<[^<>\s]*>")  # each <...> in a References or In-Reply-To value
REFERENCES_KEPT = 20  # the thread's first Message-ID and the latest 19 (RFC 5537 3.4.4's way)


@dataclass(frozen=True, slots=True)
class IncomingMail:
    """A mail that arrived, as the domain reads it."""

    message_id: str  # with its angle brackets, as in the header
    sender: str  # the From address, lower-cased
    subject: str
    at: datetime  # aware: the Date header, else when it was read
    text: str  # the plain-text body (HTML converted to text by the adapter)
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-cased names
    uid: str | None = None  # the IMAP UID it was read under

    @property
    def thread(self) -> tuple[str, ...]:
        """The Message-IDs of the conversation before this mail: its References, else its
        In-Reply-To when that names one message (RFC 5322 3.6.4), as `chain` keeps them."""
        references = message_ids(" ".join(self.references))
        if not references and self.in_reply_to:
            replied = message_ids(self.in_reply_to)
            references = replied if len(replied) == 1 else ()
        return chain(references)


def threadable(message_id: str) -> bool:
    """Whether a Message-ID can go into a header (In-Reply-To, References): printable ASCII in
    angle brackets, at most 985 characters, and no encoded word (the email package would decode
    it, and it may hide a line break). Others are not threaded."""
    return bool(_MESSAGE_ID.fullmatch(message_id)) and "=?" not in message_id


def message_ids(value: str) -> tuple[str, ...]:
    """The threadable Message-IDs in a header's value, in order (with or without spaces
    between them, as mail programs write them)."""
    return tuple(found for found in _TOKEN.findall(value) if threadable(found))


def chain(message_ids: Iterable[str]) -> tuple[str, ...]:
    """References as kept and sent: each threadable Message-ID once, in order, at most
    REFERENCES_KEPT of them: the first (the thread's start) and the latest."""
    kept = list(dict.fromkeys(m for m in message_ids if threadable(m)))
    if len(kept) > REFERENCES_KEPT:
        kept = [kept[0], *kept[len(kept) - REFERENCES_KEPT + 1 :]]
    return tuple(kept)
