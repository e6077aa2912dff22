"""A step's draft as an RFC 5322 message, and as a mailto: link. Pure: the moment, the
Message-ID's token and the attachments' bytes are passed in.

The message is plain text in UTF-8, serialised 7-bit clean (quoted-printable or base64 where
needed, encoded words in headers) with CRLF line ends: what is stored in the outbox is
byte for byte what the SMTP server receives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy, utils
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from urllib.parse import quote

from followup.domain.drafts import Draft
from followup.domain.errors import InvalidInput
from followup.domain.model import Application, Direction, Profile, Recipient
from followup.domain.values import zone

WIRE = policy.SMTP.clone(cte_type="7bit")  # CRLF, 7-bit clean, lines folded at 78


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Addressed:
    """Who a message goes to: (name, address) pairs, and those copied in the draft who have
    no known address (left off, and said so)."""

    to: tuple[tuple[str, str], ...]
    cc: tuple[tuple[str, str], ...]
    not_copied: tuple[str, ...] = ()


def message_id(token: str, address: str) -> str:
    """`<token@domain>`, the domain being that of the sender's address (IDNA for non-ASCII)."""
    _, at, domain = address.strip().lower().rpartition("@")
    if not at or not domain or not token or any(c in token for c in "<>@ \t"):
        raise InvalidInput(f"cannot make a Message-ID from {token!r} and {address!r}")
    if not domain.isascii():
        domain = domain.encode("idna").decode("ascii")
    return f"<{token}@{domain}>"


def _address_of(application: Application, recipient: Recipient) -> str | None:
    """The contact record's address (it may have been corrected), else the step's copy."""
    contact = next(
        (c for c in application.contacts if c.id is not None and c.id == recipient.contact_id),
        None,
    )
    return (contact.email if contact else None) or recipient.email


def addressed(application: Application, draft: Draft) -> Addressed:
    """The draft's To and Cc with their addresses. Someone to write to without an address is
    an error; someone copied without one is left off."""
    to = []
    for person in draft.to:
        address = _address_of(application, person)
        if not address:
            fix = f"followup contacts edit {person.contact_id} --email ..."
            raise InvalidInput(f"{person.name} has no email address ({fix})")
        to.append((person.name, address))
    if not to:
        raise InvalidInput("the draft has nobody to write to")
    cc, missing = [], []
    for person in draft.cc:
        address = _address_of(application, person)
        if address:
            cc.append((person.name, address))
        else:
            missing.append(person.name)
    return Addressed(tuple(to), tuple(cc), tuple(missing))


def thread_of(application: Application) -> tuple[str | None, tuple[str, ...]]:
    """(In-Reply-To, References): the latest message that came in on this application."""
    incoming = [t for t in application.touches if t.direction is Direction.IN and t.message_id]
    if not incoming:
        return None, ()
    latest = max(incoming, key=lambda t: t.at).message_id
    assert latest is not None
    return latest, (latest,)


def _address(name: str, address: str) -> Address:
    local, _, domain = address.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def build(
    sender: Profile,
    draft: Draft,
    to: Addressed,
    at: datetime,
    message_id: str,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
) -> str:
    """The whole message as sent: From (the profile), To, Cc, Subject, Date (`at` in the
    profile's zone), Message-ID, In-Reply-To and References when continuing a thread; the
    body as plain text; the attachments."""
    if not sender.email:
        raise InvalidInput('sending needs your email address: followup init --email "..."')
    if not draft.subject:
        raise InvalidInput(f"the {draft.kind} draft has no subject line")
    message = EmailMessage(policy=WIRE)
    try:
        message["From"] = _address(sender.name, sender.email)
        message["To"] = [_address(n, a) for n, a in to.to]
        if to.cc:
            message["Cc"] = [_address(n, a) for n, a in to.cc]
        message["Subject"] = draft.subject
        message["Date"] = utils.format_datetime(at.astimezone(zone(sender.timezone)))
        message["Message-ID"] = message_id
        if in_reply_to:
            message["In-Reply-To"] = in_reply_to
        if references:
            message["References"] = " ".join(references)
        message.set_content(draft.body, charset="utf-8")
        for item in attachments:
            main, _, sub = item.mime_type.partition("/")
            message.add_attachment(
                item.content, maintype=main, subtype=sub or "octet-stream", filename=item.filename
            )
        return message.as_bytes().decode("ascii")
    except (MessageError, ValueError, UnicodeError) as exc:
        raise InvalidInput(f"the message cannot be written: {exc}") from None


def mailto(to: Addressed, subject: str | None, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the message in the user's mail program."""

    def listed(pairs: tuple[tuple[str, str], ...]) -> str:
        return ",".join(quote(address, safe="@") for _, address in pairs)

    fields = [("cc", listed(to.cc))] if to.cc else []
    if subject:
        fields.append(("subject", quote(subject, safe="")))
    fields.append(("body", quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")))
    return f"mailto:{listed(to.to)}?" + "&".join(f"{k}={v}" for k, v in fields)
