"""The tone check: the phrases of `PHRASES` (WARNING; ERROR for the few most desperate or pushy
ones), stacked exclamation marks or more than two in a text (WARNING), proselint (INFO)."""

from __future__ import annotations

import re

from followup.domain.checks.phrases import PHRASES
from followup.domain.checks.spans import Spans
from followup.domain.checks.text import caseless
from followup.domain.drafts import CheckContext, Finding, Severity


def _compiled(phrase: str) -> re.Pattern[str]:
    words = phrase.replace("'", "['’]").replace(" ", r"\s+")
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


# What a phrase's matches must contain: alternatives (any of), each a sequence (all of) of
# words and of nested needs. ((("i", "need", "this"),),) reads: "i" and "need" and "this".
_Need = tuple[tuple["str | _Need", ...], ...]


def _needs(pattern: str, at: int = 0) -> tuple[_Need, int]:
    """What every match of `pattern` from `at` (to its end, or to the ")" that closes the group
    `at` is in) contains: its ASCII words in lower case, by alternative, leaving out what a
    quantifier, lookaround, class or escape makes uncertain; and where the parsing stopped."""
    alternatives: list[list[str | _Need]] = [[]]
    letters: list[str] = []

    def word() -> None:
        if letters:
            alternatives[-1].append("".join(letters).lower())
            letters.clear()

    while at < len(pattern) and pattern[at] != ")":
        c = pattern[at]
        if c == "(":
            word()
            kind = pattern[at + 1 : at + 3]  # "?:" a group; "?=", "?!", "?<", ...: left out
            inner, at = _needs(pattern, at + 3 if kind == "?:" else at + 1)
            if (kind == "?:" or kind[:1] != "?") and pattern[at : at + 1] not in ("?", "*", "{"):
                alternatives[-1].append(inner)
            continue
        if c.isascii() and c.isalpha():
            letters.append(c)
        else:
            if c in "?*{" and letters:
                letters.pop()  # the letter before may be left out
            word()
            if c == "|":
                alternatives.append([])
            elif c == "\\":
                at += 1
            elif c == "[":
                at = pattern.index("]", at + 2)
            elif c == "{":
                at = pattern.index("}", at)
        at += 1
    word()
    return tuple(tuple(a) for a in alternatives), at + 1


def _may_match(need: _Need, folded: str) -> bool:
    """Whether `folded` has what a match needs (then it may match; else it cannot)."""
    return any(
        all(item in folded if isinstance(item, str) else _may_match(item, folded) for item in each)
        for each in need
    )


_COMPILED = tuple(
    (_compiled(p.pattern), p, re.compile(p.unless, re.IGNORECASE) if p.unless else None)
    for p in PHRASES
)
_NEEDS = tuple(_needs(p.pattern)[0] for p in PHRASES)
_STOPS = re.compile(r"[.!?\n]")


class _Sentences:
    """The sentences (ended by ".!?" or a line end) around spans of a text asked for from left to
    right: each stretch of the text is read once, however many spans there are."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.read = self.begin = 0  # the last stop before `read` is at `begin - 1`
        self.stop = -1  # the first stop after the last span asked for

    def around(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        last = max(text.rfind(c, self.read, start) for c in ".!?\n")
        self.read, self.begin = start, (last + 1 if last >= 0 else self.begin)
        if self.stop < end:
            found = _STOPS.search(text, end)
            self.stop = found.start() if found else len(text)
        return self.begin, self.stop


def _phrases(text: str) -> list[Finding]:
    findings = []
    folded = caseless(text)
    for (pattern, p, unless), needs in zip(_COMPILED, _NEEDS, strict=True):
        if not _may_match(needs, folded):
            continue
        sentences, mine = _Sentences(text), {}  # mine: sentence -> `unless` is in it
        for m in pattern.finditer(text):
            if unless:
                begin, end = sentences.around(*m.span())
                if begin not in mine:
                    mine[begin] = unless.search(text[begin:end]) is not None
                if mine[begin]:
                    continue
            message = f"'{m.group()}' {p.why}"
            findings.append(Finding("tone", p.severity, message, *m.span(), p.fix))
    return findings


def _exclamations(text: str) -> list[Finding]:
    findings, seen = [], 0
    for m in re.finditer(r"[!?]{2,}|!", text):
        marks, run = m.group().count("!"), m.group()
        if marks and len(run) > 1:
            message = f"'{run}': one mark is enough; stacked marks read as shouting"
            findings.append(
                Finding("tone", Severity.WARNING, message, *m.span(), "?" if "?" in run else ".")
            )
        elif marks and seen >= 2:
            message = "more than two exclamation marks in one message: enthusiastic, not breathless"
            findings.append(Finding("tone", Severity.WARNING, message, *m.span(), "."))
        seen += marks
    return findings


def tone(text: str, context: CheckContext) -> list[Finding]:
    """Pleading, pressure, hard sell, exclamation marks; then proselint's advice (Severity.INFO)."""
    findings = _phrases(text) + _exclamations(text)
    rules, advice = Spans((f.start, f.end) for f in findings), Spans()
    for start, end, message in context.style(text) if context.style else []:
        if not (rules.overlaps(start, end) or advice.overlaps(start, end)):
            findings.append(Finding("tone", Severity.INFO, message, start, end))
            advice.add(start, end)
    return findings
