"""Drafts and what the checks find in them.

A Draft is the text a step will send or print: a subject (emails), a body, its recipients.
A Finding is one thing a check noticed, with the span of text it concerns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from followup.domain.model import Channel, Contact, Recipient
from followup.domain.promised import Promised


class Severity(StrEnum):
    ERROR = "error"  # blocks sending and printing
    WARNING = "warning"  # informs
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    check: str  # the check's name, e.g. "spelling", "names", "tone", "repeats", "dates"
    severity: Severity
    message: str
    start: int  # character span in the checked text: text[start:end]
    end: int
    suggestion: str | None = None  # replacement for text[start:end], where one is known


@dataclass(frozen=True, slots=True)
class Draft:
    kind: str
    channel: Channel
    body: str
    subject: str | None = None
    to: tuple[Recipient, ...] = ()
    cc: tuple[Recipient, ...] = ()

    @property
    def text(self) -> str:
        """What the checks read: the subject line (if any) and the body."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


# Adapters give the checks what the domain cannot know by itself:
# - unknown_words(words) -> the subset that a dictionary does not know (pyspellchecker);
# - suggest(word) -> the dictionary's best correction, or None;
# - style(text) -> [(start, end, message)] from proselint's relevant checks.
UnknownWords = Callable[[Sequence[str]], set[str]]
Suggest = Callable[[str], str | None]
Style = Callable[[str], list[tuple[int, int, str]]]


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything the checks compare a text against."""

    kind: str  # the step kind, or "" for free text (`followup check`)
    channel: Channel
    company: str
    role: str
    skills: tuple[str, ...]
    contacts: tuple[Contact, ...]  # names and titles must match these exactly
    known_words: frozenset[str] = frozenset()  # the user's own words: never misspelled
    earliest: datetime | None = None  # a thank-you must not go before this
    now: datetime | None = None
    country: str | None = None  # the recipient's country (ISO 3166): how dates are written
    unknown_words: UnknownWords | None = None
    suggest: Suggest | None = None
    style: Style | None = None
    extra: dict[str, str] = field(default_factory=dict)
    promised: str | None = None  # what a send-promised step's promise is
    kept: Promised | None = None  # the file or link it is kept with, if any


@dataclass(frozen=True, slots=True)
class Letter:
    sender_name: str
    sender_address: str  # lines separated by newlines
    sender_contact: str  # email and phone, one line
    recipient_block: str  # name, title, organisation, address: lines separated by newlines
    on: date  # the one date on the letter: the day it is printed, unless the user set one
    body: str  # the draft: heading, greeting, paragraphs (blank-line separated), sign-off, name
    sender_country: str | None  # decides the paper
    recipient_country: str | None  # decides how the date is written
