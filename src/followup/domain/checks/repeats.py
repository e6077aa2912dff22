"""The repeats check: the same clause twice or more in one message (WARNING), as a template
that fills a list with "..., which we talked about at the interview" on every line writes.

A clause is `WORDS` words or more in a row, compared without case or accents and within one
sentence or line (a full stop, "!", "?", ";", ":" or a line end ends it), with at least
`CONTENT` words that are neither function words nor the names on record (the company, the
role, the contacts' names, titles and organisations): "thank you for the" and "the Data
Engineer role at Acme" twice are how people write, "which we talked about at the interview"
twice is a template showing. The greeting and the sign-off are left out (frames.py), and so
are call scripts, whose voicemail message says again on purpose what the call would have said.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from followup.domain.checks.frames import prose
from followup.domain.checks.text import fold, words_of
from followup.domain.checks.tokens import Token, tokens_of
from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Channel
from followup.domain.vocabulary import FUNCTION_WORDS

WORDS = 4  # the fewest words a repeated clause has
CONTENT = 2  # of which at least this many are not in `FUNCTION_WORDS` nor names on record
SCRIPTS = frozenset({Channel.PHONE, Channel.VOICEMAIL})  # read aloud: not checked
_BREAK = re.compile(r"[.!?;:\n]")  # ends a clause


def _clauses(text: str, tokens: tuple[Token, ...]) -> list[int]:
    """The clause each token is in, numbered from 0 in the order of the text."""
    numbers, number = [], 0
    for i, t in enumerate(tokens):
        if i and _BREAK.search(text, tokens[i - 1].end, t.start):
            number += 1
        numbers.append(number)
    return numbers


def _names(context: CheckContext) -> set[str]:
    """The names on record, folded: the company, the role, the contacts'."""
    people = [f for c in context.contacts for f in (c.name, c.title, c.organisation)]
    return {fold(w) for w in words_of([context.company, context.role, *people])}


def repeats(text: str, context: CheckContext) -> list[Finding]:
    """Each run of words that says again a clause said earlier in the message."""
    if context.channel in SCRIPTS:
        return []
    start, end = prose(text)
    tokens = tuple(t for t in tokens_of(text) if start <= t.start and t.end <= end)
    clauses = _clauses(text, tokens)
    folded: dict[str, str] = {}
    words = [folded.get(t.low) or folded.setdefault(t.low, fold(t.low)) for t in tokens]
    first: dict[tuple[str, ...], int] = {}  # a run of `WORDS` words -> where it was first
    runs: list[tuple[int, int, int]] = []  # words said again: tokens[start:end], first at
    for i in range(len(tokens) - WORDS + 1):
        if clauses[i] != clauses[i + WORDS - 1]:
            continue
        earlier = first.setdefault(tuple(words[i : i + WORDS]), i)
        if earlier + WORDS > i:  # the first time, or overlapping itself ("very very very ...")
            continue
        if runs and i < runs[-1][1]:  # goes on with the run before
            runs[-1] = (runs[-1][0], i + WORDS, runs[-1][2])
        else:
            runs.append((i, i + WORDS, earlier))
    newlines = [m.start() for m in re.finditer("\n", text)] if runs else []
    plain = FUNCTION_WORDS | _names(context) if runs else FUNCTION_WORDS
    findings = []
    for begin, stop, earlier in runs:
        if sum(w not in plain for w in words[begin:stop]) < CONTENT:
            continue
        at, to = tokens[begin].start, tokens[stop - 1].end
        line = bisect_left(newlines, tokens[earlier].start) + 1
        message = f"'{text[at:to]}' says again what line {line} said: say it once"
        findings.append(Finding("repeats", Severity.WARNING, message, at, to))
    return findings
