"""The salutations check: one application's messages greet people alike at one tone (WARNING).
It reads a draft beside the application's other drafts (services/drafts.py gives them), so it
runs apart from `check`, which reads one text.

The rule (domain/names.py): at a formal tone, title and surname when a title like Dr is known,
else the full name ("Dear Dr Walsh", "Dear James Walsh"); at a warm tone, the first name
("Dear James"). A greeting of a contact in the form the tone does not call for, beside another
draft of the application that greets in the form it does call for ("Dear Dr Walsh" beside
"Dear James" at a warm tone), is a finding on the draft that strays, with the form the rule
gives. Greetings that name no contact ("Dear Acme team"), and names with no first name apart
from the whole, are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from followup.domain.checks.frames import greeting
from followup.domain.checks.text import fold
from followup.domain.drafts import Finding, Severity
from followup.domain.model import Contact
from followup.domain.names import addressed_as, parse_name
from followup.domain.vocabulary import HONORIFICS

TONES = frozenset({"formal", "warm"})
_RULE = {
    "formal": "by title and surname when a title like Dr is known, else by full name",
    "warm": "by first name",
}


class Addressed(NamedTuple):
    """How a draft's greeting names a contact."""

    written: str  # "Dr Walsh"
    start: int  # its span in the draft
    end: int
    contact: Contact
    by_first_name: bool  # "James"; False for "Dr Walsh", "James Walsh"


def addressed(text: str, contacts: Sequence[Contact]) -> Addressed | None:
    """The contact that the greeting line of `text` names, and how, if it names one."""
    found = greeting(text)
    if found is None:
        return None
    written = text[found.name_start : found.name_end]
    words = written.replace(".", " ").split()
    titled = bool(words) and words[0].casefold() in HONORIFICS
    rest = fold(" ".join(w for w in words if w.casefold() not in HONORIFICS))
    for contact in contacts:
        name = parse_name(contact.name)
        first, last, plain = fold(name.first), fold(name.last), fold(name.plain)
        if not rest or first == plain:  # no name, or no first name apart from the whole
            continue
        if rest == first and not titled:
            return Addressed(written, found.name_start, found.name_end, contact, True)
        if rest in (plain, last, f"{first} {last}", first):
            return Addressed(written, found.name_start, found.name_end, contact, False)
    return None


def salutations(
    text: str, tone: str, contacts: Sequence[Contact], others: Iterable[tuple[str, str]]
) -> list[Finding]:
    """A finding on `text` when its greeting strays from the tone's form while one of `others`
    ((what it is, its text), read only as far as needed) greets in that form."""
    mine = addressed(text, contacts) if tone in TONES else None
    if mine is None or mine.by_first_name is (tone == "warm"):
        return []
    for label, other in others:
        theirs = addressed(other, contacts)
        if theirs is None or theirs.by_first_name is not (tone == "warm"):
            continue
        contact = mine.contact
        right = parse_name(contact.name).first if tone == "warm" else None
        right = right or addressed_as(contact.name, contact.title, "formal")
        message = (
            f"'{mine.written}' here, '{theirs.written}' in {label}: at a {tone} tone greet "
            f"everyone {_RULE[tone]}"
        )
        return [Finding("salutations", Severity.WARNING, message, mine.start, mine.end, right)]
    return []
