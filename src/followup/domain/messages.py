"""A step's draft as an RFC 5322 message, and as a mailto: link. Pure: the moment, the
Message-ID's token and the attachments' bytes are passed in.

The message is plain text in UTF-8, serialised 7-bit clean (quoted-printable or base64 where
needed, encoded words in headers) with CRLF line ends: what is stored in the outbox is
byte for byte what the SMTP server receives. An address with a non-ASCII domain is written
with its IDNA (xn--) form; one with a non-ASCII local part (`ölga@example.com`) makes the
message international: its headers are UTF-8 (RFC 6532), and it goes only through a server
that offers SMTPUTF8 (adapters/smtp.py).

Headers are written so that the receiver reads exactly the headers followup wrote, on every
Python followup allows. The email package decodes an encoded word (`=?utf-8?q?...?=`) found
in a value when the header is set, and before CPython 3.11.10 / 3.12.5 (CVE-2024-6923) it
wrote a line break so decoded as a real one: a role or a name holding
`=?utf-8?q?x=0D=0AReply-To:_...?=` added headers. So:
- a value (subject, a name, a file name, a Message-ID) with a control character, or with an
  encoded word that decodes to one, is refused (InvalidInput naming the field);
- any other subject or name holding `=?` is neutralised: written whole as encoded words by
  followup itself, so the receiver reads the literal text the user typed;
- the message written is parsed back (`policy.default`): its headers must be the ones
  followup set, none holding a control character, and its addresses the ones meant.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, message_from_string, policy, utils
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import Policy
from urllib.parse import quote

from followup.domain.drafts import Draft
from followup.domain.errors import InvalidInput
from followup.domain.model import Application, Direction, Profile, Recipient
from followup.domain.values import zone

WIRE = policy.SMTP.clone(cte_type="7bit")  # CRLF, 7-bit clean, lines folded at 78
# The same with UTF-8 headers (RFC 6532), for a message to or from an international address.
WIRE_UTF8 = policy.SMTPUTF8.clone(cte_type="7bit")

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, the BOM: never in a
# header value (the same set as values.one_line).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
# An RFC 2047 encoded word, found as leniently as mail programs find one (Python's own parser
# decodes one even in the middle of a word). No part of it holds `?`: linear on any text.
_ENCODED_WORD = re.compile(r"=\?([^?]*)\?([qQbB])\?([^?]*)\?=")
_MESSAGE_ID = re.compile(r"<[!-;=?-~]+>")  # printable ASCII in <>, no <, > or space inside


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


def ascii_domain(domain: str) -> str:
    """The domain as it goes into a header or the SMTP envelope: as it is when ASCII, else its
    IDNA 2008 form (`bücher.example` → `xn--bcher-kva.example`, as email-validator reads it)."""
    if domain.isascii():
        return domain
    import idna  # email-validator's own dependency

    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise InvalidInput(f"the mail domain {domain!r} has no ASCII (IDNA) form: {exc}") from None


def message_id(token: str, address: str) -> str:
    """`<token@domain>`, the domain being that of the sender's address (IDNA for non-ASCII)."""
    _, at, domain = address.strip().lower().rpartition("@")
    if not at or not domain or not token or any(c in token for c in "<>@ \t"):
        raise InvalidInput(f"cannot make a Message-ID from {token!r} and {address!r}")
    made = f"<{token}@{ascii_domain(domain)}>"
    if not _MESSAGE_ID.fullmatch(made) or "=?" in made:
        raise InvalidInput(f"cannot make a Message-ID from {token!r} and {address!r}")
    return made


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
    """(In-Reply-To, References): the latest message that came in on this application whose
    Message-ID can go into a header (`_threadable`)."""
    incoming = [
        t
        for t in application.touches
        if t.direction is Direction.IN and t.message_id and _threadable(t.message_id)
    ]
    if not incoming:
        return None, ()
    latest = max(incoming, key=lambda t: t.at).message_id
    assert latest is not None
    return latest, (latest,)


# -- headers written safely ----------------------------------------------------------------------


def _threadable(message_id: str) -> bool:
    """Whether a Message-ID (one from an incoming mail, for In-Reply-To and References) can
    go into a header: printable ASCII in angle brackets, and no encoded word (the email
    package would decode it, and it may hide a line break). Others are not threaded."""
    return bool(_MESSAGE_ID.fullmatch(message_id)) and "=?" not in message_id


def _decoded_word(word: re.Match[str]) -> str:
    """An encoded word's text as a lenient reader decodes it (unknown charsets as Latin-1, so
    a control byte stays a control character; bad base64 as nothing)."""
    charset, kind, text = word.group(1).partition("*")[0], word.group(2), word.group(3)
    raw = text.encode("utf-8", "surrogatepass")
    if kind in "qQ":
        data = re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        data = data.replace(b"_", b" ")
    else:
        try:
            data = base64.b64decode(raw + b"=" * (-len(raw) % 4))
        except ValueError:
            data = b""
    try:
        return data.decode(charset or "ascii", "replace")
    except Exception:  # an unknown charset, or a codec that is no charset (rot13, idna...)
        return data.decode("latin-1")


def _hidden_control(value: str, depth: int = 4) -> str | None:
    """The first encoded word in `value` that decodes to a control character, looking into
    what each decodes to (a word encoded twice) `depth` times; None when there is none."""
    for word in _ENCODED_WORD.finditer(value):
        decoded = _decoded_word(word)
        if _CONTROL.search(decoded) or (depth and _hidden_control(decoded, depth - 1)):
            return word.group()
    return None


def _shown(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _plain(value: str, what: str, fix: str = "change the text it comes from") -> str:
    """`value` if a mail header can carry it: no control character, no encoded word that
    decodes to one."""
    if bad := _CONTROL.search(value):
        raise InvalidInput(
            f"{what} contains a control character (U+{ord(bad.group()):04X}), and a mail "
            f"header is one line of plain text: {fix}; nothing was sent"
        )
    if word := _hidden_control(value):
        raise InvalidInput(
            f"{what} holds an encoded word that decodes to a line break or another control "
            f"character, {_shown(word)}, which would add headers to the mail: {fix}; "
            "nothing was sent"
        )
    return value


def _encoded_words(text: str) -> list[str]:
    """`text` as RFC 2047 encoded words (UTF-8, base64), each of whole characters and at
    most 56 characters long; a reader joins them back, spaces included."""
    words, chunk = [], ""
    for char in text:
        if len((chunk + char).encode("utf-8")) > 33:  # 44 base64 characters
            words.append(chunk)
            chunk = ""
        chunk += char
    words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(w.encode('utf-8')).decode('ascii')}?=" for w in words]


class _Written:
    """A header followup folds itself, for a value holding `=?`: the email package would
    decode the encoded words in it, so the receiver would not read the text the user typed.
    An EmailPolicy keeps a value that has the header's `name` as it is and writes it with its
    `fold` (documented in email.policy)."""

    def __init__(self, name: str, text: str, tokens: Sequence[str]) -> None:
        self.name, self.text, self.tokens = name, text, tuple(tokens)

    def fold(self, *, policy: Policy) -> str:
        lines = [f"{self.name}:"]
        for token in self.tokens:
            if len(lines[-1]) + 1 + len(token) > 78 and lines[-1] != f"{self.name}:":
                lines.append("")
            lines[-1] += " " + token
        linesep = policy.linesep
        return linesep.join(lines) + linesep

    def __str__(self) -> str:
        return self.text


def _unstructured(name: str, value: str) -> str | _Written:
    _plain(value, f"the {name}", "change the role, company or draft it comes from")
    return _Written(name, value, _encoded_words(value)) if "=?" in value else value


def _mailbox(name: str, address: str, field: str) -> Address:
    """(name, address) as an Address: the domain in ASCII (IDNA); the local part as it is
    (a non-ASCII one makes the message international)."""
    _plain(name, f"the name of {_shown(address)} in {field}", "change the name")
    _plain(address, f"the address {_shown(address)} in {field}", "change the address")
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not domain:
        raise InvalidInput(f"{address!r} is not an email address ({field})")
    if "=?" in local:
        raise InvalidInput(
            f"the address {address!r} ({field}) looks like an encoded word, which a mail "
            "header cannot hold in an address"
        )
    try:
        return Address(display_name=name, username=local, domain=ascii_domain(domain))
    except (ValueError, IndexError) as exc:  # the email package's own refusals
        raise InvalidInput(f"{address!r} cannot be written in a mail header: {exc}") from None


def _addresses(field: str, boxes: Sequence[Address]) -> list[Address] | _Written:
    """An address header: written by the email package, or by followup when a name holds
    `=?` (each name then goes whole as encoded words)."""
    if not any("=?" in box.display_name for box in boxes):
        return list(boxes)
    tokens: list[str] = []
    for i, box in enumerate(boxes):
        comma = "," if i < len(boxes) - 1 else ""
        if box.display_name:
            tokens += [*_encoded_words(box.display_name), f"<{box.addr_spec}>{comma}"]
        else:
            tokens.append(box.addr_spec + comma)
    return _Written(field, ", ".join(str(b) for b in boxes), tokens)


def _check_written(message: EmailMessage, text: str, boxes: dict[str, list[Address]]) -> None:
    """Refuse a message that does not read back as written: a header the email package
    decoded to hold a line break, a header the receiver would see that followup did not set,
    an address that reads as another."""
    for part in message.walk():
        for name, value in part.items():
            if bad := _CONTROL.search(str(value)):
                raise InvalidInput(
                    f"the message cannot be written safely: its {name} would carry a control "
                    f"character (U+{ord(bad.group()):04X}) once decoded; nothing was sent"
                )
    if text.isascii():
        back = message_from_bytes(text.encode("ascii"), policy=policy.default)
    else:  # UTF-8 headers: read as text (read as bytes, non-ASCII becomes surrogates)
        back = message_from_string(text, policy=policy.default)
    written = [[n.lower() for n in part] for part in message.walk()]
    read = [[n.lower() for n in part] for part in back.walk()]
    if read != written:
        added = sorted({n for names in read for n in names} - {n for ns in written for n in ns})
        raise InvalidInput(
            "the message cannot be written safely: a field would add the header(s) "
            f"{', '.join(added) or '(reordered)'} to it; nothing was sent"
        )
    for part in back.walk():
        for name, value in part.items():
            _plain(str(value), f"the {name} header as the receiver reads it")
    for field, meant in boxes.items():
        header = back[field]
        got = [a.addr_spec for a in header.addresses] if header is not None else []
        if got != [b.addr_spec for b in meant]:
            raise InvalidInput(
                f"the message cannot be written safely: its {field} reads as "
                f"{', '.join(got) or 'nobody'} instead of "
                f"{', '.join(b.addr_spec for b in meant)}; nothing was sent"
            )


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
    body as plain text; the attachments. ASCII, unless an address has a non-ASCII local part:
    then UTF-8 headers, for a server that offers SMTPUTF8. Refused (InvalidInput, naming the
    field) when a header would not read back exactly as written (see the module's notes)."""
    if not sender.email:
        raise InvalidInput('sending needs your email address: followup init --email "..."')
    if not draft.subject:
        raise InvalidInput(f"the {draft.kind} draft has no subject line")
    replying = [("In-Reply-To", in_reply_to)] if in_reply_to else []
    for what, mid in [
        ("Message-ID", message_id),
        *replying,
        *(("References", r) for r in references),
    ]:
        if not _threadable(mid):
            raise InvalidInput(f"the {what} {_shown(mid)} cannot go into a mail header")
    boxes = {
        "From": [_mailbox(sender.name, sender.email, "From")],
        "To": [_mailbox(n, a, "To") for n, a in to.to],
        "Cc": [_mailbox(n, a, "Cc") for n, a in to.cc],
    }
    boxes = {field: found for field, found in boxes.items() if found}
    subject = _unstructured("Subject", draft.subject)
    for item in attachments:
        _plain(item.filename, f"the attachment's file name {_shown(item.filename)}", "rename it")
    international = not all(b.username.isascii() for found in boxes.values() for b in found)
    message = EmailMessage(policy=WIRE_UTF8 if international else WIRE)
    try:
        for field, found in boxes.items():
            message[field] = _addresses(field, found)
        message["Subject"] = subject
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
        text = message.as_bytes().decode("utf-8" if international else "ascii")
    except (MessageError, ValueError, UnicodeError) as exc:
        raise InvalidInput(f"the message cannot be written: {exc}") from None
    _check_written(message, text, boxes)
    return text


def mailto(to: Addressed, subject: str | None, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the message in the user's mail program."""

    def listed(pairs: tuple[tuple[str, str], ...]) -> str:
        return ",".join(quote(address, safe="@") for _, address in pairs)

    fields = [("cc", listed(to.cc))] if to.cc else []
    if subject:
        fields.append(("subject", quote(subject, safe="")))
    fields.append(("body", quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")))
    return f"mailto:{listed(to.to)}?" + "&".join(f"{k}={v}" for k, v in fields)
