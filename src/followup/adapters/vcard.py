"""Contacts as vCard 3.0 (vobject): `parse` a file of cards, `dump` contacts as one.

A card maps onto a Contact's fields (FN name, TITLE, the first ORG unit, the first EMAIL, TEL
and ADR, NOTE, TZ, X-FOLLOWUP-RELATION, X-FOLLOWUP-COUNTRY); everything else the card says
becomes a `Detail`: the TYPEs of the first email, phone and address, further emails, phones
and addresses, a structured N or ORG that the fields do not imply, photos (ENCODING=b), and
any other line as written. So `dump(parse(text))` keeps what a card holds, and `parse(dump(c))`
gives the contacts back. An Apple label (`item1.X-ABLabel`) on a grouped EMAIL, TEL or ADR
becomes one of its types.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import vobject
from vobject.base import ContentLine, ParseError, textLineToContentLine
from vobject.vcard import Address, Name

from followup.domain.errors import InvalidInput
from followup.domain.model import Contact, Detail, DetailKind, Relation, choice
from followup.domain.values import PHOTO, Region, check_zone

_NAME_PARTS = ("family", "given", "additional", "prefix", "suffix")
_ADDRESS_PARTS = ("box", "extended", "street", "city", "region", "code", "country")
_KINDS = {"EMAIL": DetailKind.EMAIL, "TEL": DetailKind.PHONE, "ADR": DetailKind.ADDRESS}
_RELATION, _COUNTRY = "X-FOLLOWUP-RELATION", "X-FOLLOWUP-COUNTRY"
_SKIPPED = {"VERSION", "PRODID"}
_UNESCAPED_SEMICOLON = re.compile(r"(?<!\\)((?:\\\\)*);")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def parse(
    text: str, relation: Relation = Relation.INTERVIEWER, region: Region | None = None
) -> list[Contact]:
    """Every card in `text`, in order; InvalidInput naming the card that is wrong. `relation`
    and `region` (which phone numbers without a +country prefix are read in) are for cards
    that do not give theirs."""
    _refuse_outsized(text)
    contacts: list[Contact] = []
    try:
        for number, card in enumerate(vobject.readComponents(text), 1):
            if card.name != "VCARD":
                raise InvalidInput(f"item {number} is a {card.name}, not a vCard")
            try:
                contacts.append(_contact(card, {"relation": relation, "region": region}))
            except InvalidInput as error:
                raise InvalidInput(f"card {number}: {error}") from None
    except (ParseError, UnicodeError) as error:
        raise InvalidInput(f"not a vCard file: {' '.join(str(error).split())}") from None
    except binascii.Error:  # vobject decodes ENCODING=b values as it reads the card
        where = f"card {len(contacts) + 1}"
        raise InvalidInput(f"{where}: a value marked ENCODING=b is not base64") from None
    except RecursionError:  # vobject reads nested components recursively
        raise InvalidInput(f"not a vCard file: cards nested more than {DEEPEST} deep") from None
    return contacts


# What a card may hold before vobject reads it: it reads nested cards (vCard 2.1's AGENT) by
# recursion, and holds a whole line in memory several times over, so a 40 MB photo takes
# seconds and hundreds of MB before the contact could refuse it.
DEEPEST = 3  # a card, an AGENT card inside it, and one inside that
LONGEST_VALUE = PHOTO  # the longest value a contact holds: a photo, as base64 text
_BEGIN_END = re.compile(r"^(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def _refuse_outsized(text: str) -> None:
    """InvalidInput naming the card when cards nest more than DEEPEST deep, or a value (its
    folded lines joined) is longer than LONGEST_VALUE."""
    depth = number = 0
    for match in _BEGIN_END.finditer(text):
        depth, number = _counted(match[1], depth, number)
        if depth > DEEPEST:
            raise InvalidInput(f"card {number}: cards nested more than {DEEPEST} deep")
    if len(text) <= LONGEST_VALUE:  # no value can be longer than the whole file
        return
    depth = number = length = 0
    name = ""
    for line in text.split("\n"):
        if line[:1] in (" ", "\t"):  # a folded line goes on
            length += len(line.rstrip("\r")) - 1
            continue
        _refuse_long(number, name, length)
        if found := _BEGIN_END.match(line):
            depth, number = _counted(found[1], depth, number)
        name, _, value = line.partition(":")
        length = len(value.rstrip("\r"))
    _refuse_long(number, name, length)


def _counted(word: str, depth: int, number: int) -> tuple[int, int]:
    """The depth and the number of the card after a BEGIN or END line."""
    if word.upper() == "BEGIN":
        return depth + 1, number + (depth == 0)
    return max(depth - 1, 0), number


def _refuse_long(number: int, name: str, length: int) -> None:
    if length > LONGEST_VALUE:
        prop = name.split(";")[0].split(".")[-1].strip()[:40].upper() or "line"
        raise InvalidInput(
            f"card {number}: its {prop} is too long "
            f"({length:,} characters; at most {LONGEST_VALUE:,})"
        )


def dump(contacts: Iterable[Contact]) -> str:
    """The contacts as vCard 3.0 cards, one after the other."""
    return "".join(_card(contact).serialize() for contact in contacts)


# -- structured values as one string: components joined by ";", escaped --------------------


def _join(parts: Sequence[str]) -> str:
    return ";".join(p.replace("\\", "\\\\").replace(";", "\\;") for p in parts)


def _split(text: str) -> list[str]:
    marked = _UNESCAPED_SEMICOLON.sub(lambda m: m[1] + "\x00", text)
    return [p.replace("\\;", ";").replace("\\\\", "\\") for p in marked.split("\x00")]


def _flat(value: Any) -> str:
    return ",".join(value) if isinstance(value, list) else str(value or "")


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


# -- a card to a contact ---------------------------------------------------------------------


def _types(line: ContentLine, labels: dict[str, str]) -> tuple[str, ...]:
    types = [t for t in line.params.get("TYPE", []) if t.strip()]
    if line.group and line.group in labels:
        types.append(labels[line.group])
    return tuple(types)


def _labels(lines: list[ContentLine]) -> dict[str, str]:
    """Apple's labels of grouped emails, phones and addresses, by group."""
    owned = {line.group for line in lines if line.group and line.name in _KINDS}
    return {
        line.group: (_APPLE_LABEL.sub(r"\1", line.value) or line.value)
        for line in lines
        if line.name == "X-ABLABEL" and line.group in owned and str(line.value).strip()
    }


def _contact(card: Any, defaults: dict[str, Any]) -> Contact:
    lines: list[ContentLine] = list(card.getChildren())
    labels = _labels(lines)
    fields: dict[str, Any] = {}
    structured: dict[str, list[str]] = {}
    items: dict[DetailKind, list[tuple[str, tuple[str, ...]]]] = {k: [] for k in _KINDS.values()}
    extra: list[tuple[str, Detail]] = []  # by name, the order a serialized card has
    for line in lines:
        name = line.name
        if name in _SKIPPED or (name == "X-ABLABEL" and line.group in labels):
            continue
        if name == "FN" and "name" not in fields:
            fields["name"] = line.value
        elif name == "N" and "N" not in structured:
            structured["N"] = [_flat(getattr(line.value, p)) for p in _NAME_PARTS]
        elif name == "ORG" and "ORG" not in structured:
            structured["ORG"] = [_flat(p) for p in line.value]
        elif name in ("TITLE", "NOTE") and name.lower() not in fields:
            fields["title" if name == "TITLE" else "notes"] = line.value
        elif name == "TZ" and "timezone" not in fields and _is_zone(line.value):
            fields["timezone"] = line.value
        elif name == _RELATION and "relation" not in fields:
            fields["relation"] = choice(Relation, line.value, "relation")
        elif name == _COUNTRY and "region" not in fields:
            fields["region"] = Region.parse(line.value)
        elif name in _KINDS:
            value = (
                _join([_flat(getattr(line.value, p)) for p in _ADDRESS_PARTS])
                if name == "ADR"
                else str(line.value).strip()
            )
            items[_KINDS[name]].append((value, _types(line, labels)))
        elif name == "PHOTO" and isinstance(line.value, bytes):
            photo = base64.b64encode(line.value).decode("ascii")
            extra.append((name, Detail(DetailKind.PHOTO, photo, _types(line, {}))))
        else:
            extra.append((name, Detail(DetailKind.OTHER, _line_text(line))))
    extra.sort(key=lambda named: named[0])
    fields = {**defaults, **fields}
    return _assemble(fields, structured, items, [detail for _, detail in extra])


def _is_zone(text: str) -> bool:
    try:
        check_zone(text)
    except InvalidInput:
        return False
    return True


def _line_text(line: ContentLine) -> str:
    buffer = io.StringIO()
    line.serialize(buffer, lineLength=1_000_000, validate=False)
    return buffer.getvalue().rstrip("\r\n")


def _assemble(
    fields: dict[str, Any],
    structured: dict[str, list[str]],
    items: dict[DetailKind, list[tuple[str, tuple[str, ...]]]],
    extra: list[Detail],
) -> Contact:
    name_parts = structured.get("N")
    if not str(fields.get("name") or "").strip():
        given = name_parts and [name_parts[i] for i in (3, 1, 2, 0, 4)]
        fields["name"] = " ".join(p for p in given or [] if p) or ""
    details: list[Detail] = []
    if name_parts and fields["name"].strip() and name_parts != _implied_name(fields["name"]):
        details.append(Detail(DetailKind.NAME, _join(name_parts)))
    org = [p for p in structured.get("ORG", []) if p] and structured["ORG"]
    if org:
        fields["organisation"] = org[0] or None
        if len(org) > 1 or not org[0]:
            details.append(Detail(DetailKind.ORGANISATION, _join(org)))
    for kind, field in (
        (DetailKind.EMAIL, "email"),
        (DetailKind.PHONE, "phone"),
        (DetailKind.ADDRESS, "address"),
    ):
        found = [(v, t) for v, t in items[kind] if v.strip(";")]
        for index, (value, types) in enumerate(found):
            shown = _address_text(_split(value)) if kind is DetailKind.ADDRESS else value
            if index == 0:
                fields[field] = shown
                plain = kind is not DetailKind.ADDRESS or _split(value) == _street_only(shown)
                if plain and not types:
                    continue
            details.append(Detail(kind, value, types))
    return Contact(**fields, details=(*details, *extra))


# -- a contact to a card ---------------------------------------------------------------------


def _card(contact: Contact) -> Any:
    card = vobject.vCard()
    details = list(contact.details)

    def take(kind: DetailKind, shown: str | None = None) -> Detail | None:
        """The first detail of `kind` (showing as `shown`, when given), taken off the list."""
        found = next((d for d in details if d.kind is kind and shown in (None, _shown(d))), None)
        if found is not None:
            details.remove(found)
        return found

    def add(name: str, value: Any, types: Sequence[str] = ()) -> ContentLine:
        line = card.add(name.lower())
        line.value = value
        if types:
            line.params["TYPE"] = list(types)
        return line

    add("FN", contact.name)
    name = take(DetailKind.NAME)
    parts = _split(name.value) if name else _implied_name(contact.name)
    add("N", Name(**dict(zip(_NAME_PARTS, parts, strict=True))))
    org = take(DetailKind.ORGANISATION, contact.organisation)
    if org is not None or contact.organisation is not None:
        add("ORG", _split(org.value) if org else [contact.organisation])
    for field, text in (
        ("TITLE", contact.title),
        ("NOTE", contact.notes),
        ("TZ", contact.timezone),
    ):
        if text is not None:
            add(field, text)
    for kind, vcard_name, own in _own_items(contact):
        if own is not None:
            mine = take(kind, own)
            plain = _join(_street_only(own)) if kind is DetailKind.ADDRESS else own
            _add_item(add, vcard_name, kind, mine.value if mine else plain, mine)
        for detail in [d for d in details if d.kind is kind]:
            details.remove(detail)
            _add_item(add, vcard_name, kind, detail.value, detail)
    add(_RELATION, contact.relation.value)
    if contact.region is not None:
        add(_COUNTRY, str(contact.region))
    for detail in details:
        if detail.kind is DetailKind.PHOTO:
            line = add("PHOTO", base64.b64decode(detail.value), detail.types)
            line.params["ENCODING"] = ["b"]
        elif detail.kind is DetailKind.OTHER:
            card.add(textLineToContentLine(detail.value))
    return card


def _shown(detail: Detail) -> str:
    """What a detail shows as in the contact's own field."""
    if detail.kind is DetailKind.ADDRESS:
        return _address_text(_split(detail.value))
    if detail.kind is DetailKind.ORGANISATION:
        return _split(detail.value)[0]
    return detail.value


def _own_items(contact: Contact) -> Iterator[tuple[DetailKind, str, str | None]]:
    yield DetailKind.EMAIL, "EMAIL", contact.email
    yield DetailKind.PHONE, "TEL", contact.phone
    yield DetailKind.ADDRESS, "ADR", contact.address


def _add_item(add: Any, name: str, kind: DetailKind, value: str, detail: Detail | None) -> None:
    types = detail.types if detail else ()
    if kind is DetailKind.ADDRESS:
        add(name, Address(**dict(zip(_ADDRESS_PARTS, _split(value), strict=True))), types)
    else:
        add(name, value, types)
