"""A vCard file (2.1, 3.0 or 4.0) as cards of logical lines, and a line back as folded text.

Reading takes a file the way address books write it:
- bytes: a byte order mark says UTF-8 or UTF-16; else the file is UTF-8; else each line is
  read in its CHARSET parameter (vCard 2.1: Windows-1252, Shift_JIS, ...), else as UTF-8,
  else as Windows-1252 (`decode`);
- line ends CR LF, LF, CR alone, or iOS's CR CR LF;
- folded lines (the next line begins with a space or tab), and vCard 2.1's quoted-printable
  soft line breaks (a quoted-printable value ending in `=` goes on at the next line);
- each card apart (`cards`): a card that is never closed, nests cards more than DEEPEST deep,
  or holds a value longer than LONGEST_VALUE says why (`Card.problem`) and keeps no lines, and
  is measured before any line of it is parsed, so a huge or deep one costs no more than its
  size.

`read_line` makes a logical line a `Line` in vCard 3.0's terms: the property name in capitals,
vCard 2.1's parameters without a name (`TEL;WORK;VOICE`) as TYPEs, a quoted-printable value
(`ENCODING=QUOTED-PRINTABLE`, or the bare word, in any case) decoded in its CHARSET with its
line breaks escaped, `ENCODING=BASE64` as `ENCODING=b`, and no CHARSET (the text is Unicode
now). The value stays as written otherwise (escapes and all): `unescape` and `components` read
it. `Line.text` writes a line back; `fold` folds it at 75 octets on UTF-8 character
boundaries (RFC 6350 3.2), CR LF after each.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vobject.base import ParseError, dquoteEscape, parseLine

from followup.domain.errors import InvalidInput
from followup.domain.values import PHOTO

# What a card may hold before its lines are parsed: nested cards (vCard 2.1's AGENT) and the
# longest value a contact keeps, a photo as base64 text.
DEEPEST = 3  # a card, an AGENT card inside it, and one inside that
LONGEST_VALUE = PHOTO
OCTETS = 75  # the longest line written, line break aside

_BREAK = re.compile(r"\r*\n|\r")  # CR LF, LF, CR, and iOS's CR CR LF
_BEGIN_END = re.compile(r"^(BEGIN|END)[ \t]*:[ \t]*(\S*)[ \t]*$", re.IGNORECASE)
_CHARSET = re.compile(rb";[ \t]*CHARSET[ \t]*=[ \t]*\"?([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_PIECES = re.compile(r"\\.|;|[^\\;]+", re.DOTALL)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_ENCODINGS = {"BASE64": "b", "B": "b", "QUOTED-PRINTABLE": "", "8BIT": "", "7BIT": ""}


# -- bytes to text -----------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of a vCard file as its writer encoded it (see the module's docstring)."""
    for mark, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(mark):
            return data[len(mark) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines: list[str] = []
    charset: bytes | None = None
    for raw in data.splitlines(keepends=True):
        if raw[:1] not in (b" ", b"\t"):  # a new property: its own CHARSET, if it has one
            head = raw.split(b":", 1)[0]
            found = _CHARSET.search(head)
            charset = found[1] if found else None
        lines.append(_decoded(raw, charset.decode("ascii") if charset else None))
    return "".join(lines)


def _decoded(raw: bytes, charset: str | None) -> str:
    for codec in (charset, "utf-8"):
        if codec:
            try:
                return raw.decode(codec)
            except (LookupError, UnicodeDecodeError):
                pass
    return raw.decode("cp1252", errors="replace")


# -- text to cards of logical lines --------------------------------------------------------------


@dataclass
class Card:
    """One card of a file: its position (the first is 1), what BEGIN named (VCARD, or another
    kind of item), its own logical lines (not those of cards nested in it), how many cards
    were nested in it, and why it cannot be read (None when it can)."""

    number: int
    kind: str
    lines: list[str] = field(default_factory=list)
    nested: int = 0
    problem: str | None = None


def cards(text: str) -> Iterator[Card]:
    """Every top-level card of `text`, in order; lines outside any card are ignored."""
    depth = number = 0
    card: Card | None = None
    for line, too_long in _logical_lines(text):
        marker = _BEGIN_END.match(line)
        if marker and marker[1].upper() == "BEGIN":
            depth += 1
            if depth == 1:
                number += 1
                card = Card(number, marker[2].upper())
            else:
                assert card is not None
                card.nested += depth == 2
                if depth > DEEPEST and card.problem is None:
                    card.problem = f"cards nested more than {DEEPEST} deep"
            continue
        if marker:  # END
            depth = max(depth - 1, 0)
            if depth == 0 and card is not None:
                yield _closed(card)
                card = None
            continue
        if card is None or card.problem is not None:
            continue
        if too_long:
            card.problem = (
                f"its {line} is too long ({too_long:,} characters; at most {LONGEST_VALUE:,})"
            )
        elif depth == 1:
            card.lines.append(line)
    if card is not None:
        card.problem = card.problem or f"it is never closed (no END:{card.kind or 'VCARD'})"
        yield _closed(card)


def _closed(card: Card) -> Card:
    if card.problem is not None:
        card.lines = []
    return card


def _logical_lines(text: str) -> Iterator[tuple[str, int]]:
    """Each logical line of `text` (folds and soft line breaks joined) and 0; for a line whose
    value is longer than LONGEST_VALUE, its property's name and the value's length instead (the
    line is not joined)."""
    parts: list[str] = []
    head = ""  # the line up to its first colon
    length = 0  # the value's length so far
    soft = False  # a quoted-printable value ending in "=": it goes on at the next line
    for raw in _BREAK.split(text):
        if parts and (soft or raw[:1] in (" ", "\t")):
            piece = raw if soft else raw[1:]
            if soft:
                parts[-1] = parts[-1][:-1]
                length -= 1
            length += len(piece)
            if length <= LONGEST_VALUE:
                parts.append(piece)
            soft = _soft_break(head, piece)
            continue
        if parts:
            yield _joined(parts, head, length)
        parts, soft = [], False
        if raw.strip():
            raw = raw.lstrip(" \t")
            head, colon, value = raw.partition(":")
            length = len(value) if colon else 0
            parts = [raw]
            soft = _soft_break(head, raw)
    if parts:
        yield _joined(parts, head, length)


def _soft_break(head: str, piece: str) -> bool:
    return piece.endswith("=") and "QUOTED-PRINTABLE" in head.upper()


def _joined(parts: list[str], head: str, length: int) -> tuple[str, int]:
    if length > LONGEST_VALUE:
        return head.split(";")[0].split(".")[-1].strip()[:40].upper() or "line", length
    return "".join(parts), 0


# -- one logical line ------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A property: its name, value as written (escaped), parameters and group."""

    name: str
    value: str
    params: tuple[tuple[str, tuple[str, ...]], ...] = ()
    group: str | None = None

    def param(self, name: str) -> tuple[str, ...]:
        return next((values for key, values in self.params if key == name), ())

    def types(self) -> list[str]:
        """The TYPE values, a quoted list (`TYPE="work,voice"`) split, blanks left out."""
        return [t.strip() for v in self.param("TYPE") for t in v.split(",") if t.strip()]

    def without(self, *names: str) -> Line:
        kept = tuple((k, v) for k, v in self.params if k not in names)
        return Line(self.name, self.value, kept, self.group)

    @property
    def text(self) -> str:
        """The line as vCard 3.0 writes it, unfolded: a line break in the value escaped."""
        params = "".join(
            f";{key}=" + ",".join(dquoteEscape(v.replace('"', "'")) for v in values)
            for key, values in self.params
        )
        group = f"{self.group}." if self.group else ""
        value = _NEWLINE.sub(r"\\n", self.value)
        return f"{group}{self.name}{params}:{value}"


def read_line(text: str) -> Line:
    """The line `text` in vCard 3.0's terms (see the module's docstring); InvalidInput when it
    is not a vCard line."""
    try:
        name, found, value, group = parseLine(text)
    except ParseError:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise InvalidInput(f"{shown!r} is not a vCard line") from None
    params: dict[str, list[str]] = {}
    quoted_printable, charset = False, None
    for param in found:
        key, values = (param[0].upper(), param[1:]) if len(param) > 1 else ("", param[:1])
        if not key and values[0].upper() not in _ENCODINGS:
            key = "TYPE"  # vCard 2.1: TEL;WORK;VOICE
        if key == "CHARSET":
            charset = values[0] if values else None
            continue
        if key in ("", "ENCODING"):
            encodings = [_ENCODINGS.get(v.upper(), v) for v in values]
            quoted_printable |= any(v.upper() == "QUOTED-PRINTABLE" for v in values)
            values = [e for e in encodings if e]
            key = "ENCODING"
            if not values:
                continue
        params.setdefault(key, []).extend(values)
    if quoted_printable:
        value = _NEWLINE.sub(r"\\n", _decoded(quopri.decodestring(value.encode()), charset))
    return Line(name.upper(), value, tuple((k, tuple(v)) for k, v in params.items()), group)


# -- values --------------------------------------------------------------------------------------


def unescape(value: str) -> str:
    """A text value as it reads: `\\n` a line break; `\\,`, `\\;`, `\\:` and `\\\\` the
    character; a comma or semicolon written bare is kept (Google writes them in FN)."""
    return _ESCAPED.sub(
        lambda m: "\n" if m[1] in "nN" else m[1] if m[1] in "\\,;:" else m[0], value
    )


def components(value: str) -> list[str]:
    """A structured value (N, ORG, ADR) split at each semicolon not escaped, each unescaped."""
    parts: list[str] = []
    current: list[str] = []
    for piece in _PIECES.findall(value):
        if piece == ";":
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(piece)
    return [*parts, unescape("".join(current))]


def escape(text: str) -> str:
    """`text` as a vCard 3.0 text value."""
    escaped = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return _NEWLINE.sub(r"\\n", escaped)


def fold(line: str) -> str:
    """`line` folded at OCTETS octets without splitting a UTF-8 character, CR LF after each
    piece (a piece after the first begins with the space that marks it)."""
    data = line.encode()
    if len(data) <= OCTETS:
        return line + "\r\n"
    pieces, start, room = [], 0, OCTETS
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a character
            end -= 1
        pieces.append(data[start:end].decode())
        start, room = end, OCTETS - 1
    return "\r\n ".join(pieces) + "\r\n"
