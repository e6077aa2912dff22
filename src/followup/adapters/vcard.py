"""Contacts as vCards: `parse` a file of cards (2.1, 3.0 or 4.0), `dump` contacts as 3.0.

A card maps onto a Contact's fields (FN name, TITLE, the first ORG unit, the first EMAIL, the
first TEL that is a valid number, the first ADR, NOTE, TZ, X-FOLLOWUP-RELATION,
X-FOLLOWUP-COUNTRY); everything else the card says becomes a `Detail`: the TYPEs of the first
email, phone and address, further emails, phones and addresses, a structured N or ORG that the
fields do not imply, photos (base64, or a 4.0 `data:` URI), and any other line as written
(UID, BDAY, URL, X- lines, an Apple label). So `dump(parse(text))` keeps what a card holds, and
`parse(dump(c))` gives the contacts back (with the UID the export gave them).

What real address books write (see `vcard_lines` for the file itself):
- A card is read on its own: one that cannot be a contact is skipped with its number and why
  (`Reading.skipped`), and the others are read. Groups are not people: Apple's
  `X-ADDRESSBOOKSERVER-KIND:group` and 4.0's `KIND:group` cards are skipped.
- The name is the whole FN (Google writes commas in it unescaped); without one, N's parts;
  without N, the organisation; without that, the email's local part (`jane.doe@x` is "Jane
  Doe"), said in `Reading.notes`.
- A phone number reads in the card's X-FOLLOWUP-COUNTRY, else `region`; one that is not a
  valid number there (a pager's short code) is kept as text, its line as written, and noted.
  A 4.0 `tel:` URI is read as its number (`;ext=` as " ext. "), PREF=1 as the type "pref".
- An Apple label (`item1.EMAIL` with `item1.X-ABLabel`) becomes one of the item's types (what
  the user reads), and its line is kept too; the export writes the item in a group with that
  label again, so Apple shows it as it was.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from followup.adapters import vcard_lines
from followup.adapters.vcard_lines import Line, components, escape, fold, read_line, unescape
from followup.domain.errors import InvalidInput
from followup.domain.model import Contact, Detail, DetailKind, Relation, choice
from followup.domain.values import Region, check_phone, check_zone

_NAME_PARTS = 5  # family, given, additional, prefix, suffix
_ADDRESS_PARTS = 7  # box, extended, street, city, region, code, country
_KINDS = {"EMAIL": DetailKind.EMAIL, "TEL": DetailKind.PHONE, "ADR": DetailKind.ADDRESS}
_NAMES = {kind: name for name, kind in _KINDS.items()}
_RELATION, _COUNTRY = "X-FOLLOWUP-RELATION", "X-FOLLOWUP-COUNTRY"
_SKIPPED = {"VERSION", "PRODID"}
_GROUP_KINDS = {"KIND", "X-ADDRESSBOOKSERVER-KIND"}
_MEMBERS = {"MEMBER", "X-ADDRESSBOOKSERVER-MEMBER"}
_UNESCAPED_SEMICOLON = re.compile(r"(?<!\\)((?:\\\\)*);")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_LABEL = "X-ABLABEL"
_DATA_URI = re.compile(r"^data:image/([\w.+-]+);base64,(.*)$", re.IGNORECASE | re.DOTALL)
_LOCAL_WORDS = re.compile(r"[._\-]+")


@dataclass(frozen=True)
class Reading:
    """What a file of cards gave: each contact with its card's number (the first is 1), each
    card skipped with its number and why, and what was made of a card that did not say it
    (a name taken from the email, a phone kept as text)."""

    cards: list[tuple[int, Contact]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)

    @property
    def contacts(self) -> list[Contact]:
        return [contact for _, contact in self.cards]


def parse(
    data: str | bytes, relation: Relation = Relation.INTERVIEWER, region: Region | None = None
) -> Reading:
    """Every card of `data`, in order (bytes are decoded as the file's writer encoded them).
    `relation` and `region` (which phone numbers without a +country prefix are read in) are
    for cards that do not give theirs. InvalidInput only when `data` holds no card at all."""
    text = vcard_lines.decode(data) if isinstance(data, bytes) else data
    reading = Reading()
    for card in vcard_lines.cards(text):
        notes: list[str] = []
        try:
            if card.problem is not None:
                raise InvalidInput(card.problem)
            if card.kind != "VCARD":
                raise InvalidInput(f"it is a {card.kind[:40] or 'nameless item'}, not a vCard")
            if card.nested:
                notes.append(f"{card.nested} card(s) nested in it (AGENT) left out")
            contact = _contact(_lines(card.lines, notes), relation, region, notes)
        except InvalidInput as error:
            reading.skipped.append((card.number, str(error)))
            continue
        except binascii.Error:
            reading.skipped.append((card.number, "a value marked ENCODING=b is not base64"))
            continue
        reading.cards.append((card.number, contact))
        reading.notes.extend((card.number, note) for note in notes)
    if not reading.cards and not reading.skipped:
        raise InvalidInput("not a vCard file: it holds no card (BEGIN:VCARD ... END:VCARD)")
    return reading


def dump(cards: Iterable[tuple[Contact, str]]) -> str:
    """The contacts as vCard 3.0 cards, one after the other, each with the UID given."""
    return "".join(_card(contact, uid) for contact, uid in cards)


def stored_uid(contact: Contact) -> str | None:
    """The UID the contact's card had when it was imported, if any."""
    for detail in contact.details:
        line = _other(detail) if detail.kind is DetailKind.OTHER else None
        if line is not None and line.name == "UID":
            return unescape(line.value).strip() or None
    return None


# -- structured values as one string: components joined by ";", escaped --------------------


def _join(parts: Sequence[str]) -> str:
    return ";".join(p.replace("\\", "\\\\").replace(";", "\\;") for p in parts)


def _split(text: str) -> list[str]:
    marked = _UNESCAPED_SEMICOLON.sub(lambda m: m[1] + "\x00", text)
    return [p.replace("\\;", ";").replace("\\\\", "\\") for p in marked.split("\x00")]


def _sized(parts: list[str], size: int) -> list[str]:
    return (parts + [""] * size)[:size]


def _implied_name(name: str) -> list[str]:
    *given, family = name.split()
    return [family, " ".join(given), "", "", ""]


def _address_text(parts: Sequence[str]) -> str:
    box, extended, street, city, region, code, country = parts
    town = " ".join(
        p for p in (city + ("," if city and (region or code) else ""), region, code) if p
    )
    return "\n".join(p for p in (box, extended, street, town, country) if p)


def _street_only(text: str) -> list[str]:
    return ["", "", text, "", "", "", ""]


def _label_text(raw: str) -> str:
    """An Apple label as it reads: `_$!<Other>!$_` is "Other"."""
    return _APPLE_LABEL.sub(r"\1", raw) or raw


# -- a card to a contact ---------------------------------------------------------------------


def _lines(texts: list[str], notes: list[str]) -> list[Line]:
    lines = []
    for text in texts:
        try:
            lines.append(read_line(text))
        except InvalidInput as error:
            notes.append(f"{error}: left out")
    return lines


def _labels(lines: list[Line]) -> dict[str, str]:
    """Apple's labels of grouped emails, phones and addresses, by group."""
    owned = {line.group for line in lines if line.group and line.name in _KINDS}
    return {
        line.group: _label_text(unescape(line.value))
        for line in lines
        if line.name == _LABEL and line.group in owned and unescape(line.value).strip()
    }


def _types(line: Line, labels: dict[str, str]) -> tuple[str, ...]:
    types = line.types()
    if line.param("PREF") and "pref" not in (t.lower() for t in types):
        types.append("pref")  # vCard 4.0's PREF=1 is 3.0's TYPE=pref
    if line.group and line.group in labels:
        types.append(labels[line.group])
    return tuple(types)


def _group_card(lines: list[Line]) -> None:
    """InvalidInput when the card is a group of contacts rather than a person."""
    kinds = [unescape(line.value).strip().lower() for line in lines if line.name in _GROUP_KINDS]
    if "group" in kinds:
        name = next((unescape(line.value) for line in lines if line.name == "FN"), "")
        members = sum(line.name in _MEMBERS for line in lines)
        called = f" {name.strip()[:60]!r}" if name.strip() else ""
        raise InvalidInput(f"a contact group{called} ({members} member(s)), not a person")


def _phone(line: Line) -> str:
    """A TEL's number: a 4.0 `tel:` URI as the number it names."""
    value = unescape(line.value).strip()
    if value[:4].lower() != "tel:":
        return value
    number, *params = value[4:].split(";")
    extension = next((p[4:] for p in params if p[:4].lower() == "ext="), "")
    return f"{number} ext. {extension}" if extension else number


def _photo(line: Line) -> Detail | None:
    """A photo held in the card (base64, or a 4.0 data: URI); None for one held elsewhere."""
    if "b" in (e.lower() for e in line.param("ENCODING")):
        data = "".join(line.value.split())
        photo = base64.b64encode(base64.b64decode(data, validate=True)).decode("ascii")
        return Detail(DetailKind.PHOTO, photo, tuple(line.types()))
    found = _DATA_URI.match(line.value)
    if found:
        image = base64.b64decode("".join(found[2].split()), validate=True)
        photo = base64.b64encode(image).decode("ascii")
        return Detail(DetailKind.PHOTO, photo, (found[1].upper(),))
    return None


def _contact(
    lines: list[Line], relation: Relation, region: Region | None, notes: list[str]
) -> Contact:
    _group_card(lines)
    labels = _labels(lines)
    fields: dict[str, Any] = {}
    structured: dict[str, list[str]] = {}
    items: dict[DetailKind, list[tuple[str, tuple[str, ...], Line]]] = {
        kind: [] for kind in _KINDS.values()
    }
    extra: list[Detail] = []
    uid: Line | None = None
    for line in lines:
        name = line.name
        if name in _SKIPPED:
            continue
        if name == "FN" and "name" not in fields:
            fields["name"] = unescape(line.value).strip()
        elif name == "N" and "N" not in structured:
            structured["N"] = _sized(components(line.value), _NAME_PARTS)
        elif name == "ORG" and "ORG" not in structured:
            units = components(line.value)
            while len(units) > 1 and not units[-1]:
                units.pop()
            structured["ORG"] = units
        elif name in ("TITLE", "NOTE") and name.lower() not in fields:
            fields["title" if name == "TITLE" else "notes"] = unescape(line.value)
        elif name == "TZ" and "timezone" not in fields and _is_zone(unescape(line.value)):
            fields["timezone"] = unescape(line.value)
        elif name == _RELATION and "relation" not in fields:
            fields["relation"] = choice(Relation, unescape(line.value), "relation")
        elif name == _COUNTRY and "region" not in fields:
            fields["region"] = Region.parse(unescape(line.value))
        elif name in _KINDS:
            if name == "ADR":
                value = _join(_sized(components(line.value), _ADDRESS_PARTS))
            else:
                value = _phone(line) if name == "TEL" else unescape(line.value).strip()
            items[_KINDS[name]].append((value, _types(line, labels), line))
        elif name == "PHOTO" and (photo := _photo(line)) is not None:
            extra.append(photo)
        elif name == "UID" and uid is None:
            uid = line  # kept first, where the export writes it
        elif name == "UID":
            notes.append("a second UID is left out")
        else:
            _keep(extra, line, notes)
    if uid is not None:
        kept: list[Detail] = []
        _keep(kept, uid, notes)
        extra[:0] = kept
    fields = {"relation": relation, "region": region, **fields}
    _valid_phones(items, fields["region"], extra, notes)
    return _assemble(fields, structured, items, extra, notes)


def _keep(extra: list[Detail], line: Line, notes: list[str]) -> None:
    """The line kept as written, or noted as left out when a contact cannot hold it."""
    try:
        extra.append(Detail(DetailKind.OTHER, line.text))
    except InvalidInput as error:
        notes.append(f"its {line.name} line is left out: {error}")


def _is_zone(text: str) -> bool:
    try:
        check_zone(text)
    except InvalidInput:
        return False
    return True


def _valid_phones(
    items: dict[DetailKind, list[tuple[str, tuple[str, ...], Line]]],
    region: Region | None,
    extra: list[Detail],
    notes: list[str],
) -> None:
    """Keep the phones that are valid numbers in `region`; the others as text."""
    valid = []
    for value, types, line in items[DetailKind.PHONE]:
        if not value:
            continue
        try:
            check_phone(value, region)
        except InvalidInput as error:
            notes.append(f"{error}: kept as text in its details")
            _keep(extra, line, notes)
            continue
        valid.append((value, types, line))
    items[DetailKind.PHONE] = valid


def _assemble(
    fields: dict[str, Any],
    structured: dict[str, list[str]],
    items: dict[DetailKind, list[tuple[str, tuple[str, ...], Line]]],
    extra: list[Detail],
    notes: list[str],
) -> Contact:
    name_parts = structured.get("N")
    org = [p for p in structured.get("ORG", []) if p] and structured["ORG"]
    if not str(fields.get("name") or "").strip():
        fields["name"] = _unnamed(name_parts, org, items[DetailKind.EMAIL], notes)
    details: list[Detail] = []
    if name_parts and name_parts != _implied_name(fields["name"]):
        details.append(Detail(DetailKind.NAME, _join(name_parts)))
    if org:
        fields["organisation"] = org[0] or None
        if len(org) > 1 or not org[0]:
            details.append(Detail(DetailKind.ORGANISATION, _join(org)))
    for kind, key in (
        (DetailKind.EMAIL, "email"),
        (DetailKind.PHONE, "phone"),
        (DetailKind.ADDRESS, "address"),
    ):
        found = [(v, t) for v, t, _ in items[kind] if v.strip(";")]
        for index, (value, types) in enumerate(found):
            shown = _address_text(_split(value)) if kind is DetailKind.ADDRESS else value
            if index == 0:
                fields[key] = shown
                plain = kind is not DetailKind.ADDRESS or _split(value) == _street_only(shown)
                if plain and not types:
                    continue
            details.append(Detail(kind, value, types))
    return Contact(**fields, details=(*details, *extra))


def _unnamed(
    name_parts: list[str] | None,
    org: list[str],
    emails: list[tuple[str, tuple[str, ...], Line]],
    notes: list[str],
) -> str:
    """The name of a card without FN: N's parts, else its organisation, else its email's
    local part; InvalidInput when it has none of them."""
    if name_parts:
        given = " ".join(p for p in (name_parts[i] for i in (3, 1, 2, 0, 4)) if p.strip())
        if given:
            return given
    if org and org[0].strip():
        notes.append(f"named {org[0].strip()!r} after its organisation (it has no name)")
        return org[0].strip()
    email = next((value for value, _, _ in emails if value), "")
    local = email.rpartition("@")[0].split("+")[0]
    words = [w[:1].upper() + w[1:] for w in _LOCAL_WORDS.split(local) if w]
    if words:
        notes.append(f"named {' '.join(words)!r} after its email (it has no name)")
        return " ".join(words)
    raise InvalidInput("it has no name (FN or N), organisation or email to name it by")


# -- a contact to a card ---------------------------------------------------------------------


def _card(contact: Contact, uid: str) -> str:
    details = list(contact.details)
    out: list[Line] = [Line("VERSION", "3.0")]

    def take(kind: DetailKind, shown: str | None = None) -> Detail | None:
        """The first detail of `kind` (showing as `shown`, when given), taken off the list."""
        found = next((d for d in details if d.kind is kind and shown in (None, _shown(d))), None)
        if found is not None:
            details.remove(found)
        return found

    def add(name: str, value: str, types: Sequence[str] = ()) -> None:
        out.append(Line(name, value, (("TYPE", tuple(types)),) if types else ()))

    others = [line for d in details if d.kind is DetailKind.OTHER and (line := _other(d))]
    labels = _free_labels(others)
    read = next((line for line in others if line.name == "UID"), None)  # its card's, as read
    same = read is not None and unescape(read.value).strip() == uid
    out.append(read if read is not None and same else Line("UID", escape(uid)))
    add("FN", escape(contact.name))
    name = take(DetailKind.NAME)
    add("N", _structured(_split(name.value) if name else _implied_name(contact.name)))
    org = take(DetailKind.ORGANISATION, contact.organisation)
    if org is not None or contact.organisation is not None:
        add("ORG", _structured(_split(org.value) if org else [contact.organisation or ""]))
    for key, text in (("TITLE", contact.title), ("NOTE", contact.notes), ("TZ", contact.timezone)):
        if text is not None:
            add(key, escape(text))
    for kind, own in _own_items(contact):
        if own is not None:
            mine = take(kind, own)
            plain = _join(_street_only(own)) if kind is DetailKind.ADDRESS else own
            out.extend(_item(kind, mine.value if mine else plain, mine, labels))
        for detail in [d for d in details if d.kind is kind]:
            details.remove(detail)
            out.extend(_item(kind, detail.value, detail, labels))
    add(_RELATION, escape(contact.relation.value))
    if contact.region is not None:
        add(_COUNTRY, escape(str(contact.region)))
    for detail in details:
        if detail.kind is DetailKind.PHOTO:
            types = (("TYPE", detail.types),) if detail.types else ()
            out.append(Line("PHOTO", detail.value, (("ENCODING", ("b",)), *types)))
        elif detail.kind is DetailKind.OTHER:
            line = _other(detail)
            if line is not None and line.name != "UID" and line not in labels.used:
                out.append(line)
    return "BEGIN:VCARD\r\n" + "".join(fold(line.text) for line in out) + "END:VCARD\r\n"


def _shown(detail: Detail) -> str:
    """What a detail shows as in the contact's own field."""
    if detail.kind is DetailKind.ADDRESS:
        return _address_text(_split(detail.value))
    if detail.kind is DetailKind.ORGANISATION:
        return _split(detail.value)[0]
    return detail.value


def _structured(parts: Sequence[str]) -> str:
    return ";".join(escape(p) for p in parts)


def _other(detail: Detail) -> Line | None:
    """A kept line, read back; None for one that is not a vCard line (never written)."""
    try:
        return read_line(detail.value)
    except InvalidInput:
        return None


def _own_items(contact: Contact) -> Iterator[tuple[DetailKind, str | None]]:
    yield DetailKind.EMAIL, contact.email
    yield DetailKind.PHONE, contact.phone
    yield DetailKind.ADDRESS, contact.address


@dataclass
class _Labels:
    """The Apple label lines kept with a contact that no other line of their group uses, to
    pair with the items whose last type they gave; `used` are those paired so far."""

    free: list[Line]
    used: list[Line] = field(default_factory=list)

    def pair(self, types: tuple[str, ...]) -> Line | None:
        if not types:
            return None
        for line in self.free:
            if _label_text(unescape(line.value)) == types[-1]:
                self.free.remove(line)
                self.used.append(line)
                return line
        return None


def _free_labels(others: list[Line]) -> _Labels:
    groups: dict[str, int] = {}
    for line in others:
        if line.group:
            groups[line.group.lower()] = groups.get(line.group.lower(), 0) + 1
    alone = [g for g, count in groups.items() if count == 1]
    return _Labels([o for o in others if o.name == _LABEL and (o.group or "").lower() in alone])


def _item(kind: DetailKind, value: str, detail: Detail | None, labels: _Labels) -> list[Line]:
    """An email, phone or address line; in its Apple group with its label line after it when
    its last type came from a label."""
    types = detail.types if detail else ()
    label = labels.pair(types)
    if label is not None:
        types = types[:-1]
    text = _structured(_split(value)) if kind is DetailKind.ADDRESS else escape(value)
    params = (("TYPE", tuple(types)),) if types else ()
    group = label.group if label else None
    line = Line(_NAMES[kind], text, params, group)
    return [line, label] if label is not None else [line]
