"""Turning what the user typed into domain values, with one clear error for each mistake."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from followup.domain.errors import InvalidInput
from followup.domain.model import Contact, Promise, Relation
from followup.domain.values import Region, check_day, check_moment, zone

_PHONE = re.compile(r"^\+?[\d\s().\-/]+$")
_SPAN = re.compile(r"^([0-9]{1,9})\s*([hdw])$")
LONGEST_MINUTES = 24 * 60  # an interview (an assessment day included) lasts a day at most
# ASCII digits, a few of them: "²" is a digit to str.isdigit but not to int(), and int() refuses
# thousands of digits.
_DURATION = re.compile(r"^(?:(?P<h>[0-9]{1,9})\s*h)?\s*(?:(?P<m>[0-9]{1,9})\s*m(?:in)?)?$")
_MINUTES = re.compile(r"^[0-9]{1,9}$")


def moment(text: str, tz: str, flag: str) -> datetime:
    """`YYYY-MM-DD HH:MM` (or with a T) in zone `tz`."""
    cleaned = text.strip().replace("T", " ")
    try:
        naive = datetime.strptime(cleaned, "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInput(
            f"{flag} {text!r} is not a date and time like 2026-12-18 13:00"
        ) from None
    return check_moment(naive.replace(tzinfo=zone(tz)), flag)


def day(text: str, flag: str) -> date:
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{flag} {text!r} is not a date like 2026-12-18") from None
    return check_day(parsed, flag)


def duration(text: str, flag: str = "--duration") -> timedelta:
    """`60m`, `1h`, `1h30m` or a plain number of minutes."""
    cleaned = text.strip().lower()
    if _MINUTES.match(cleaned):
        minutes = int(cleaned)
    else:
        match = _DURATION.match(cleaned)
        if not cleaned or not match:
            raise InvalidInput(f"{flag} {text!r} is not a duration like 60m, 1h or 1h30m")
        minutes = int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes <= 0:
        raise InvalidInput(f"{flag} {text!r} must be longer than zero")
    if minutes > LONGEST_MINUTES:
        raise InvalidInput(f"{flag} {text!r} is longer than a day (at most 24h)")
    return timedelta(minutes=minutes)


def region(text: str | None) -> Region | None:
    return Region.parse(text) if text else None


def person_parts(text: str, flag: str) -> tuple[str, str | None, str | None, str | None]:
    """`Name, Title, email, phone` -> (name, title, email, phone): the name first; then any
    order. An item with `@` is the email, one of digits the phone, the rest (commas allowed)
    the title."""
    parts = [p.strip() for p in text.split(",")]
    if not parts[0]:
        raise InvalidInput(f'{flag} {text!r} needs a name first, like "Name, Title, email, phone"')
    if any(not p for p in parts[1:]):
        raise InvalidInput(f"{flag} {text!r} has an empty item between commas")
    name, emails, phones, title_parts = parts[0], [], [], []
    for part in parts[1:]:
        if "@" in part:
            emails.append(part)
        elif _PHONE.match(part) and any(ch.isdigit() for ch in part):
            phones.append(part)
        else:
            title_parts.append(part)
    if len(emails) > 1 or len(phones) > 1:
        raise InvalidInput(f"{flag} {text!r} has more than one email or phone")
    if "@" in name or _PHONE.match(name):
        raise InvalidInput(f"{flag} {text!r} must start with the person's name")
    email, phone = emails[0] if emails else None, phones[0] if phones else None
    return name, ", ".join(title_parts) or None, email, phone


def person(
    text: str, relation: Relation, flag: str, region: Region | None, organisation: str | None
) -> Contact:
    """The contact `Name, Title, email, phone` describes (see `person_parts`)."""
    name, title, email, phone = person_parts(text, flag)
    return contact(f"{flag} {text!r}", name, relation, title, email, phone, region, organisation)


def contact(
    label: str,
    name: str,
    relation: Relation,
    title: str | None,
    email: str | None,
    phone: str | None,
    region: Region | None,
    organisation: str | None,
) -> Contact:
    """A contact from its typed fields; an error names the person by `label`."""
    try:
        return Contact(
            name=name,
            relation=relation,
            title=title,
            organisation=organisation,
            email=email,
            phone=phone,
            region=region,
        )
    except InvalidInput as exc:
        raise InvalidInput(f"{label}: {exc}") from None


def promise(text: str, flag: str = "--promise") -> Promise:
    """`what -> whom`."""
    what, arrow, whom = text.partition("->")
    if not arrow or not what.strip() or not whom.strip():
        raise InvalidInput(f'{flag} {text!r} is not like "portfolio link -> Priya Shah"')
    return Promise(what=what.strip(), to=whom.strip())


def span(text: str) -> timedelta:
    """`36h`, `7d` or `2w`: how far ahead to look."""
    match = _SPAN.match(text.strip().lower())
    if not match:
        raise InvalidInput(f"--within {text!r} is not a span like 36h, 7d or 2w")
    hours = {"h": 1, "d": 24, "w": 24 * 7}[match[2]] * int(match[1])
    if hours > 24 * 7 * 9999:  # beyond this, dates overflow the calendar
        raise InvalidInput(f"--within {text!r} reaches too far ahead (at most 9999w)")
    return timedelta(hours=hours)


def clock(text: str, flag: str) -> time:
    """`HH:MM`: a time of day on the wall clock (24-hour)."""
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise InvalidInput(f"{flag} {text!r} is not a time of day like 14:30") from None
