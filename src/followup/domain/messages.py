"""A draft as an RFC 5322 message, and as a mailto: link; the conversation a step's message
continues. Pure: the moment, the Message-ID's token and the attachments' bytes are passed in.

The message is plain text in UTF-8, serialised 7-bit clean (quoted-printable or base64 where
needed, encoded words in headers) with CRLF line ends and lines of at most 76 characters
(RFC 2045 6.7 for quoted-printable, RFC 2047 for encoded words; RFC 5322's hard limit is 998
octets, and the message written is refused if any line passes it): what is stored in the
outbox is byte for byte what the SMTP server receives. Every message followup sends is built
here: a step's email (services/sending.py) and the morning digest (services/jobs.py).

An address with a non-ASCII domain is written with its IDNA (xn--) form; one with a non-ASCII
local part (`ölga@example.com`) makes the message international: its headers are UTF-8 (RFC
6532), and it goes only through a server that offers SMTPUTF8 (adapters/smtp.py).

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
- In-Reply-To and References are folded by followup between Message-IDs, never encoded: the
  email package writes a Message-ID too long for a line as encoded words, which no mail
  program threads by.

A message that continues a conversation (`thread_of`) answers the latest mail that came in
from the people it writes to (writing to the employer, from any of theirs): In-Reply-To names
that mail, References carries its References and its Message-ID (RFC 5322 3.6.4), and the
subject is `Re: ` and that mail's subject, shown in the draft (`Thread.answer`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email import message_from_bytes, message_from_string, policy, utils
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import Policy
from urllib.parse import quote

from followup.domain.drafts import Draft
from followup.domain.errors import InvalidInput
from followup.domain.mail import chain, threadable
from followup.domain.model import AUTO_REPLY, Application, Direction, Profile, Recipient
from followup.domain.replies import NO_SUBJECT, subject_of
from followup.domain.values import zone
from followup.domain.vocabulary import EMPLOYER_SIDE

# CRLF, 7-bit clean, lines of at most 76 characters: headers folded there, and the body's
# quoted-printable and base64 lines too (the email package encodes them at the policy's length).
LINE = 76
WIRE = policy.SMTP.clone(cte_type="7bit", max_line_length=LINE)
# The same with UTF-8 headers (RFC 6532), for a message to or from an international address.
WIRE_UTF8 = policy.SMTPUTF8.clone(cte_type="7bit", max_line_length=LINE)
LONGEST = 998  # octets in a line, CRLF aside (RFC 5322 2.1.1): strict servers refuse more

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, the BOM: never in a
# header value (the same set as values.one_line).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
# An RFC 2047 encoded word, found as leniently as mail programs find one (Python's own parser
# decodes one even in the middle of a word). No part of it holds `?`: linear on any text.
_ENCODED_WORD = re.compile(r"=\?([^?]*)\?([qQbB])\?([^?]*)\?=")
_BARE_LINE_END = re.compile(rb"\r(?!\n)|(?<!\r)\n")
# A reply's prefix as mail programs write it, repeated or counted, in several languages:
# "Re:", "RE: Re:", "Re[2]:", "AW:", "SV:", "Antw:", "Odp:", "R:", "Rif:", "VS:", "回复：".
_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|antw|sv|vs|odp|ynt|r|rif|回复|答复|回覆)(?:\s*\[\d+\]|\s*\(\d+\))?\s*[:：]\s*)+",
    re.IGNORECASE,
)


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
    if not threadable(made):
        raise InvalidInput(f"cannot make a Message-ID from {token!r} and {address!r}")
    return made


def address_of(application: Application, recipient: Recipient) -> str | None:
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
        address = address_of(application, person)
        if not address:
            fix = f"followup contacts edit {person.contact_id} --email ..."
            raise InvalidInput(f"{person.name} has no email address ({fix})")
        to.append((person.name, address))
    if not to:
        raise InvalidInput("the draft has nobody to write to")
    cc, missing = [], []
    for person in draft.cc:
        address = address_of(application, person)
        if address:
            cc.append((person.name, address))
        else:
            missing.append(person.name)
    return Addressed(tuple(to), tuple(cc), tuple(missing))


# -- the conversation a message continues ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Thread:
    """The conversation a message continues: the mail it answers (In-Reply-To), that mail's
    References and its Message-ID (References), and the subject of an answer to it. Empty:
    the message starts a conversation."""

    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    subject: str | None = None  # `Re: ` and the mail's subject; None: the draft's own

    def answer(self, draft: Draft) -> Draft:
        """`draft` as the answer it is: an email's subject the thread's."""
        if self.subject is None or draft.subject is None:
            return draft
        return replace(draft, subject=self.subject)

    def quoted(self, draft: Draft) -> tuple[int, int] | None:
        """Where `draft.text` holds the thread's subject (the other side's words, which are
        not the user's to correct), when its subject is the thread's."""
        if self.subject is None or draft.subject != self.subject:
            return None
        start = draft.text.index(self.subject)
        return start, start + len(self.subject)


def reply_subject(subject: str) -> str | None:
    """`Re: ` and `subject` without the reply prefixes it has (`Re: Re:`, `AW:`, `Re[2]:`...);
    None for a mail that had no subject."""
    rest = _REPLY_PREFIX.sub("", subject).strip()
    return f"Re: {rest}" if rest and rest != NO_SUBJECT else None


def thread_of(application: Application, draft: Draft) -> Thread:
    """The conversation `draft` continues: the latest mail that came in on the application
    from someone it writes to (To or Cc), or, when it writes to the employer (an interviewer,
    HR), from anyone of the employer's; an automatic answer (out of office) and a Message-ID
    that cannot go into a header aside. Mail from anyone else (a reference, an address that is
    no contact) starts no thread for it: a thank-you to a reference does not answer the
    employer's offer."""
    written = {r.contact_id for r in (*draft.to, *draft.cc) if r.contact_id is not None}
    employer = any(r.relation in EMPLOYER_SIDE for r in draft.to)
    people = {c.id: c for c in application.contacts if c.id is not None}

    def from_them(contact_id: int | None) -> bool:
        sender = people.get(contact_id) if contact_id is not None else None
        if sender is None:
            return False
        return sender.id in written or (employer and sender.relation in EMPLOYER_SIDE)

    incoming = [
        t
        for t in application.touches
        if t.direction is Direction.IN
        and t.outcome != AUTO_REPLY
        and t.message_id
        and threadable(t.message_id)
        and from_them(t.contact_id)
    ]
    if not incoming:
        return Thread()
    parent = max(incoming, key=lambda t: (t.at, t.id or 0))
    assert parent.message_id is not None
    before = [r for r in parent.references if r != parent.message_id]
    references = chain([*before, parent.message_id])
    return Thread(parent.message_id, references, reply_subject(subject_of(parent)))


# -- headers written safely ----------------------------------------------------------------------


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
        lines, width = [f"{self.name}:"], policy.max_line_length or LINE
        for token in self.tokens:
            if len(lines[-1]) + 1 + len(token) > width and lines[-1] != f"{self.name}:":
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


def unfit(data: bytes) -> str | None:
    """What in a message's bytes a standards-strict mail server refuses (`500 Line too long`,
    `550 bare LF`): a CR or LF that is not part of a CRLF, a line over LONGEST octets; None
    when there is neither."""
    if bare := _BARE_LINE_END.search(data):
        kind = "LF" if bare.group() == b"\n" else "CR"
        return f"a bare {kind} at octet {bare.start()}, where lines end with CRLF"
    longest = max(len(line) for line in data.split(b"\r\n"))
    if longest > LONGEST:
        return f"a line of {longest} octets, where {LONGEST} is the most"
    return None


def _check_written(message: EmailMessage, text: str, boxes: dict[str, list[Address]]) -> None:
    """Refuse a message that does not read back as written: a header the email package
    decoded to hold a line break, a header the receiver would see that followup did not set,
    an address that reads as another."""
    if fault := unfit(text.encode("utf-8")):
        raise InvalidInput(
            f"the message cannot be written as mail servers take it: {fault}; nothing was sent"
        )
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
    automatic: bool = False,
) -> str:
    """The whole message as sent: From (the profile), To, Cc, Subject, Date (`at` in the
    profile's zone), Message-ID, In-Reply-To and References when continuing a thread,
    `Auto-Submitted: auto-generated` when `automatic` (RFC 3834: no one auto-replies to it);
    the body as plain text; the attachments. ASCII, unless an address has a non-ASCII local
    part: then UTF-8 headers, for a server that offers SMTPUTF8. Refused (InvalidInput,
    naming the field) when a header would not read back exactly as written, or a line would
    not be as mail servers take it (see the module's notes)."""
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
        if not threadable(mid):
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
            message["In-Reply-To"] = _Written("In-Reply-To", in_reply_to, [in_reply_to])
        if references:
            message["References"] = _Written("References", " ".join(references), references)
        if automatic:
            message["Auto-Submitted"] = "auto-generated"
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
