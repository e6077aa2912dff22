"""Stretches of a text that no word check reads (web and e-mail addresses, placeholders), and a
set of spans looked up by bisection. Each is found in time proportional to the text."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache

from followup.domain.checks.text import caseless

# Web and e-mail addresses. An address starts only where its run of characters starts (the
# lookbehinds), and no quantifier gives back what it took (++), so a long run that is no address
# ("aaaa...", "a.a.a...", "a-a-a...") is read once, not once from each of its letters.
_URL = r"\b(?:https?://|www\.)\S++"
_EMAIL = r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++"
_TLDS = ("com", "org", "net", "io", "dev", "ai", "app", "co", "uk", "de", "fr", "eu", "nl", "info")
# A domain's run starts after no [\w-], nor after a dot that follows one; hyphens and single dots
# before its first letter are passed over (a domain starts at a word boundary).
_DOMAIN = (
    r"(?<![\w-])(?<![\w-]\.)(?:-|\.(?!\.))*+\b"
    rf"[\w-]++(?:\.[\w-]++)*\.(?:{'|'.join(_TLDS)})\b(?:/\S*+)?"
)


@lru_cache(maxsize=8)
def _addresses(url: bool, email: bool, domain: bool) -> re.Pattern[str] | None:
    parts = [p for p, wanted in ((_URL, url), (_EMAIL, email), (_DOMAIN, domain)) if wanted]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def address_spans(text: str, between: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of web and e-mail addresses in the stretches `between` (each from and to white
    space, as no address has any). Only the kinds of address that the text has the characters
    for are looked for."""
    folded = caseless(text)
    pattern = _addresses(
        "http" in folded or "www." in folded,
        "@" in text and "." in text,
        any(f".{tld}" in folded for tld in _TLDS),
    )
    if pattern is None:
        return []
    return [m.span() for start, end in between for m in pattern.finditer(text, start, end)]


class Spans:
    """Spans of a text, merged where they overlap, to tell by bisection whether another span
    overlaps any of them (shares a character with one, or lies strictly inside one)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        """Add a span that starts no earlier than any span already added."""
        if self._ends and start < self._ends[-1]:
            self._ends[-1] = max(self._ends[-1], end)
        else:
            self._starts.append(start)
            self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        last = bisect_left(self._starts, end) - 1  # the last span that starts before `end`
        return last >= 0 and start < self._ends[last]


# Jinja's {{ }}, {% %} and {# #} are found by placeholder_spans; these are the others.
_PLACEHOLDERS = re.compile(
    r"\$\{[^{}\n]*\}|%\(\w+\)[sd]|\{[^\W\d][\w.]*\}"  # ${name}, %(name)s, {name}
    r"|\[[^\W\d_][^\[\]\n]{0,40}\](?!\()"  # [Name], [Company name]; not a [link](url)
    r"|<(?!(?:p|br|b|i|u|a|em|strong|div|span|li|ul|ol|hr)>)[^\W\d_][\w '’-]{0,40}>"  # <NAME>
    # XX, xxx, TODO, FIXME as words; the boundary before is a lookbehind after the first letter,
    # so that every alternative starts with a character (the search skips to those quickly)
    r"|(?:X(?<!\wX)X++|x(?<!\wx)xx++|T(?<!\wT)ODO|F(?<!\wF)IXME)\b"
)


_JINJA = {"{{": "}}", "{%": "%}", "{#": "#}"}


@lru_cache(maxsize=8)
def placeholder_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The placeholders' spans, as one pattern `{{.*?}}|{%.*?%}|{#.*?#}|<_PLACEHOLDERS>` would
    find them, but in time proportional to the text. The lazy patterns would try each {{ of a
    line of "{{{{{{..." (quadratic); here, when a {{ has no }} after it on its line, no later
    {{ on that line has one, so the next {{ tried is on the next line."""
    spans: list[tuple[int, int]] = []
    following = {opening: text.find(opening) for opening in _JINJA}  # -1: no more
    other = _PLACEHOLDERS.search(text)
    line_end = 0
    while True:
        found = [(at, opening) for opening, at in following.items() if at >= 0]
        found += [(other.start(), "")] if other else []  # Jinja first at the same place
        if not found:
            return tuple(spans)
        at, opening = min(found, key=lambda f: (f[0], not f[1]))
        if opening:
            if at >= line_end:
                line_end = text.find("\n", at)
                line_end = len(text) if line_end < 0 else line_end
            close = text.find(_JINJA[opening], at + 2, line_end)
            if close < 0:  # none on this line: look again from the next one
                following[opening] = text.find(opening, line_end)
                continue
            end = close + 2
        else:
            assert other is not None
            end = other.end()
        spans.append((at, end))
        for each, next_at in following.items():
            if 0 <= next_at < end:
                following[each] = text.find(each, end)
        if other and other.start() < end:
            other = _PLACEHOLDERS.search(text, end)
