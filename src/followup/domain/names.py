"""How a person is named and greeted: the parts of a name, how to address someone, the
greeting line. Pure: nameparser is a data library (no I/O).

Gender is unknown, so no Mr or Ms is ever guessed: an honorific is used only when the user
typed one ("Dr Jürgen Müller") or the contact's title is academic ("Professor").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from followup.domain.vocabulary import ACADEMIC_HONORIFICS, FIRST_NAME_HONORIFICS, HONORIFICS

if TYPE_CHECKING:
    from nameparser import HumanName
    from nameparser.config import Constants


@cache
def _nameparser() -> tuple[type[HumanName], Constants, frozenset[str]]:
    """nameparser's HumanName, its constants, and the suffixes that belong to a name (Jr, Sr,
    III; degrees such as PhD do not belong in a greeting). Imported when a name is first read:
    importing it costs ~40 ms, which commands that only compare names (`same_name`) or list
    the agenda need not pay."""
    from nameparser import HumanName
    from nameparser.config import CONSTANTS

    generational = frozenset(CONSTANTS.suffix_not_acronyms) - {"esq", "esquire", "ret", "vet"}
    return HumanName, CONSTANTS, generational


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name and its parts: honorific, first name (or nickname), surname."""

    plain: str  # without honorific or degrees: "Priya Shah", "María José de la Cruz"
    honorific: str  # "Dr", "Prof. Dr.", "" when none was typed
    first: str  # the name a friend would use: nickname, else first name, else the full name
    last: str  # surname with its particles: "de la Cruz", "van der Berg"


NO_NAME = Name("", "", "", "")


def _is_honorific(words: str) -> bool:
    parts = words.replace(".", " ").casefold().split()
    return bool(parts) and all(p in HONORIFICS for p in parts)


def parse_name(name: str) -> Name:
    """nameparser's reading of a name, corrected where it misreads ("Mrs van der Berg") and
    keeping only honorifics from HONORIFICS as such."""
    full = " ".join(name.split())
    human_name, constants, generational_suffixes = _nameparser()
    parsed = human_name(full)
    honorific = parsed.title if _is_honorific(parsed.title) else ""
    first, last = parsed.first, parsed.last
    if honorific and first.casefold() in constants.prefixes:  # "Mrs van der Berg"
        first, last = "", " ".join(p for p in (first, parsed.middle, last) if p)
    generational = [
        s for s in parsed.suffix_list if s.strip(".,").casefold() in generational_suffixes
    ]
    words = [first, parsed.middle, last, *generational]
    if not honorific and parsed.title:  # a job word before the name is kept as typed
        words.insert(0, parsed.title)
    plain = " ".join(w for w in words if w) or full
    friendly = parsed.nickname or first or plain
    return Name(plain, honorific[:1].upper() + honorific[1:], friendly, last or plain)


def same_name(a: str, b: str) -> bool:
    """Whether two names are one, in any case and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def addressed_as(name: str, title: str | None, tone: str) -> str:
    """How to address someone, one rule per tone for everyone at a company: formal, the
    honorific and surname when one is known ("Dr Müller"), else the full name ("Priya
    Shah"); warm, the first name ("Jürgen", "Priya"), the formal form only when no first name
    is known ("Mrs van der Berg")."""
    parsed = parse_name(name)
    honorific = parsed.honorific
    if not honorific and title and title.split()[0].strip(".,").casefold() in ACADEMIC_HONORIFICS:
        honorific = title.split()[0].rstrip(",")
    if tone == "warm" and (not honorific or parsed.first != parsed.plain):
        return parsed.first
    if honorific:
        surname = parsed.first if honorific.casefold() in FIRST_NAME_HONORIFICS else parsed.last
        return f"{honorific} {surname}"
    return parsed.plain


def salutation(contact_or_recipient_name: str, title: str | None, tone: str) -> str:
    """The greeting line: "Dear Dr Müller,", "Dear Priya Shah," (formal), "Dear Priya," (warm)."""
    return f"Dear {addressed_as(contact_or_recipient_name, title, tone)},"
