"""Titles written for a contact that are not the title on the record: after the contact's
surname ("Shah, Head of Sales"), on the line under it, or after "your role as"."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from followup.domain.checks.slips import Slip, name_parts
from followup.domain.checks.text import caseless, nfc, words_of
from followup.domain.checks.tokens import tokens_of
from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Contact
from followup.domain.vocabulary import HONORIFICS, TITLE_WORDS

_CONNECTORS = frozenset({"of", "and", "for", "the", "&"})
_TITLE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w&'’/-]*(?:[ \t]+(?:(?:of|and|for|the|&)[ \t]+)*[A-ZÀ-ÖØ-Þ][\w&'’/-]*){0,6}"
)
_ROLE_AS = re.compile(
    r"\b(?:your|her|his|their)\s+(?:role|position|job|title)\s+as\s+(?:(?:the|a|an)\s+)?",
    re.IGNORECASE,
)
_ROLE_WORDS = ("role", "position", "job", "title")
_AFTER_SURNAME = re.compile(r",[ \t]*(?:(?:the|our|your)[ \t]+)?", re.IGNORECASE)


@lru_cache(maxsize=256)
def _looks_like_title(phrase: str, title: str) -> bool:
    words = words_of([phrase])
    shared = (words & words_of([title])) - _CONNECTORS
    return bool(words & TITLE_WORDS) or (len(words) > 1 and bool(shared))


def _wrong_title(text: str, at: int, contact: Contact) -> Finding | None:
    """A title written at `at` for `contact` that is not the one on the record, if any."""
    title = contact.title or ""
    m = _TITLE.match(text, at)
    written = m.group() if m else ""
    after = at + len(title)
    same = text[at:after]  # "head of sales at Acme", "Head of Sales, EMEA"
    if same.casefold() == title.casefold() and not text[after : after + 1].isalnum():
        written = same if len(written) <= len(title) else written
    if not written or written.casefold() == title.casefold():
        return None
    if not _looks_like_title(written, title):
        return None
    message = f"'{written}' is not {contact.name}'s title on the record: '{title}'"
    return Finding("names", Severity.ERROR, message, at, at + len(written), title)


_BLANK = re.compile(r"\s*")  # with fullmatch: the rest of a line is blank


def _titles_after_names(
    text: str, titled: Sequence[Contact], slips: Sequence[Slip]
) -> list[tuple[int, Contact]]:
    """Where a title would follow a contact's surname: "Shah, Head of Sales" or the next line."""
    surnames = {parts[-1]: c for c in titled if (parts := name_parts(c))}
    found = [
        (t, surnames[n])
        for t in tokens_of(text)
        if (n := t.text if t.text.isascii() else nfc(t.text)) in surnames
    ]
    found += [(s.token, s.contact) for s in slips if surnames.get(s.right) == s.contact]
    parts_of = {id(c): name_parts(c) for c in titled}
    newlines = [m.start() for m in re.finditer("\n", text)] if found else []
    at = []
    for t, contact in found:
        before_line = bisect_left(newlines, t.start)  # newlines before the token
        line_start = newlines[before_line - 1] + 1 if before_line else 0
        next_line = bisect_left(newlines, t.end)
        line_end = newlines[next_line] if next_line < len(newlines) else -1
        if after := _AFTER_SURNAME.match(text, t.end):
            at.append((after.end(), contact))
        elif line_end >= 0 and _BLANK.fullmatch(text, t.end, line_end):
            before = text[line_start : t.start].replace(".", " ").split()  # "Ms Priya" Shah
            parts = parts_of[id(contact)]
            if all(w.casefold() in HONORIFICS or nfc(w) in parts for w in before):
                at.append((line_end + 1, contact))
    return at


def wrong_titles(text: str, context: CheckContext, slips: Sequence[Slip]) -> list[Finding]:
    titled = [c for c in context.contacts if c.title]
    if not titled:
        return []
    found = [_wrong_title(text, at, c) for at, c in _titles_after_names(text, titled, slips)]
    folded = caseless(text)
    role_as = "as" in folded and any(w in folded for w in _ROLE_WORDS)  # else no _ROLE_AS
    # "your role as ...": whose title it is comes from the text
    for m in _ROLE_AS.finditer(text) if role_as else ():
        wrong = [_wrong_title(text, m.end(), c) for c in titled]
        if wrong and all(wrong):
            head = text[m.end() : m.end() + 60]
            closest = max(titled, key=lambda c: SequenceMatcher(None, head, c.title or "").ratio())
            found.append(wrong[titled.index(closest)])
    return [f for f in found if f is not None]
