"""Validation of the small values the model is made of: zones, regions, emails, phones.

Each function returns the normalised value or raises InvalidInput with one clear sentence.
phonenumbers and email-validator are pure libraries (no I/O); they are imported lazily so the
command path stays fast when nothing needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, wraps
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup.domain.errors import InvalidInput

_trusted: ContextVar[bool] = ContextVar("followup_trusted", default=False)
P = ParamSpec("P")
T = TypeVar("T")


def stored(load: Callable[P, T]) -> Callable[P, T]:
    """Mark a function that rebuilds values from followup's own storage: they were checked
    when they were stored, so regions, emails and phones are not parsed again (that costs
    the lazy imports of holidays, email-validator and phonenumbers on every read)."""

    @wraps(load)
    def rebuild(*args: P.args, **kwargs: P.kwargs) -> T:
        token = _trusted.set(True)
        try:
            return load(*args, **kwargs)
        finally:
            _trusted.reset(token)

    return rebuild


def rechecking() -> bool:
    """False while values are rebuilt from storage (see `stored`)."""
    return not _trusted.get()


# ---- text -------------------------------------------------------------------------------------
# How long a field may be (characters). Documented in docs/security.md and docs/guide.md.
SHORT = 300  # names, titles, company, role, organisation, kinds, outcomes
ADDRESS = 1_000  # a postal address (several lines)
LONG = 20_000  # notes, a draft, a signature
PHOTO = 5_000_000  # a contact photo, as base64 text (about 3.7 MB of image)

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: never in a field that
# is one line (a mail header, a calendar property, a terminal line). A block of text keeps its
# line breaks and tabs and refuses the rest.
_CONTROLS = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff"
_CONTROLS_BUT_LINES = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff"
# The same rules as patterns that Python, JSON Schema (ECMA 262) and pydantic (Rust) all read:
# the API's schema states them, so a client knows before it sends.
ONE_LINE_PATTERN = f"^[^{_CONTROLS}]*$"
TEXT_PATTERN = f"^[^{_CONTROLS_BUT_LINES}]*$"
_NOT_ONE_LINE = re.compile(f"[{_CONTROLS}]")
_NOT_IN_TEXT = re.compile(f"[{_CONTROLS_BUT_LINES}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _checked(value: str, what: str, limit: int, forbidden: re.Pattern[str], kind: str) -> str:
    if len(value) > limit:
        raise InvalidInput(f"{what} is too long ({len(value):,} characters; at most {limit:,})")
    if _SURROGATE.search(value):
        raise InvalidInput(f"{what} is not valid text (a lone surrogate code point)")
    if bad := forbidden.search(value):
        raise InvalidInput(
            f"{what} contains a control character (U+{ord(bad.group()):04X}); {kind}"
        )
    return value


def one_line(value: str, what: str, limit: int = SHORT) -> str:
    """`value` if it is one line of text no longer than `limit`: no line break, tab, NUL or
    other control character (it may reach a mail header, a calendar or a terminal)."""
    return _checked(value, what, limit, _NOT_ONE_LINE, "it must be one line of plain text")


def text_block(value: str, what: str, limit: int = LONG) -> str:
    """`value` if it is plain text no longer than `limit`: line breaks and tabs are kept, any
    other control character is refused."""
    return _checked(value, what, limit, _NOT_IN_TEXT, "only line breaks and tabs are allowed")


def printable(text: str) -> str:
    """`text` (from outside: a mail's subject or words) with every character a text block may
    not hold taken out, lone surrogates included."""
    return _SURROGATE.sub("", _NOT_IN_TEXT.sub("", text))


# ---- moments ----------------------------------------------------------------------------------
FIRST_YEAR = 1970
LAST_YEAR = 2100


def check_day(value: date, what: str) -> date:
    """`value` if it lies in FIRST_YEAR..LAST_YEAR (a year-1 or year-9999 date is a typo, and
    date arithmetic on it overflows)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidInput(
            f"{what} {value.isoformat()} is out of range (years {FIRST_YEAR} to {LAST_YEAR})"
        )
    return value


def check_moment(value: datetime, what: str) -> datetime:
    """`value` if it has a time zone and lies in FIRST_YEAR..LAST_YEAR."""
    require_aware(value, what)
    check_day(value.date(), what)
    return value


# ---- zones ------------------------------------------------------------------------------------
# Files in the zone database that are not IANA zone names: the system's own zone, the POSIX
# rules template, the "Factory" placeholder, and the posix/ and right/ (leap second) copies.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory", "leapseconds", "tzdata.zi"})
_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*$")


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name`, e.g. Europe/London."""
    if (
        not _ZONE_NAME.match(name)
        or name in _NOT_ZONES
        or name.startswith(("posix/", "right/", "SystemV/"))
    ):
        raise InvalidInput(f"unknown time zone {name!r} (use an IANA name like Europe/London)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(
            f"unknown time zone {name!r} (use an IANA name like Europe/London)"
        ) from None


def check_zone(name: str) -> str:
    zone(name)
    return name


def require_aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{what} needs a time zone")
    return value


@cache
def _supported_regions() -> dict[str, frozenset[str]]:
    import holidays

    supported = holidays.list_supported_countries()
    return {cc.upper(): frozenset(s.upper() for s in subs) for cc, subs in supported.items()}


@dataclass(frozen=True, slots=True)
class Region:
    """A country (ISO 3166-1 alpha-2) and optional subdivision, written `GB-ENG` or `US-CA`."""

    country: str
    subdivision: str | None = None

    def __post_init__(self) -> None:
        if not rechecking():
            return
        regions = _supported_regions()
        if self.country not in regions:
            raise InvalidInput(
                f"unknown country code {self.country!r} (use ISO 3166 codes like GB, US, DE)"
            )
        if self.subdivision is not None and self.subdivision not in regions[self.country]:
            known = ", ".join(sorted(regions[self.country])[:12]) or "none"
            raise InvalidInput(
                f"unknown subdivision {self.subdivision!r} for {self.country} (known: {known})"
            )

    @classmethod
    def parse(cls, text: str) -> Region:
        """`GB`, `gb-eng`, `US-CA`: country, then optional subdivision after the first dash."""
        cleaned = text.strip().upper()
        if not cleaned:
            raise InvalidInput("empty country code (use ISO 3166 codes like GB or GB-ENG)")
        country, _, sub = cleaned.partition("-")
        return cls(country, sub or None)

    def __str__(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country


def check_email(address: str) -> str:
    """The address, normalised, if it parses as an email address (no DNS, no network)."""
    if not rechecking():
        return address
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(address.strip(), check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        raise InvalidInput(f"email address {address!r} does not parse: {exc}") from None
    return str(result.normalized)


def check_phone(number: str, region: Region | None) -> str:
    """The number as given, if it parses as a valid phone number for its region."""
    if not rechecking():
        return number
    import phonenumbers

    country = region.country if region else None
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        where = f" for {country}" if country else " (give a +country prefix or a country)"
        raise InvalidInput(f"phone number {number!r} does not parse{where}") from None
    if not phonenumbers.is_valid_number(parsed):
        where = f" for {country}" if country else ""
        raise InvalidInput(f"phone number {number!r} is not a valid number{where}")
    return " ".join(number.split())
