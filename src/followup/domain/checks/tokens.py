"""The words of a text as the checks read them, with their spans; the context's own words."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from followup.domain.checks.spans import Spans, address_spans, placeholder_spans
from followup.domain.checks.text import words_of
from followup.domain.drafts import CheckContext

# The words a text is checked for: two letters or more, or one with an apostrophe ("I'm"), as a
# lone letter ("a", "I") is never misspelt, nor a name, nor beside one. Not beside a digit or "_"
# (2nd, 3pm, v2, snake_case: not prose), nor starting inside a word (the lookbehinds, after the
# first letter so that the search skips to letters quickly); no quantifier gives back.
_TOKEN = re.compile(
    r"[^\W\d_](?<!\w[^\W\d_])(?<![^\W\d_]['’][^\W\d_])"
    r"(?:[^\W\d_]++(?:['’][^\W\d_]++)*+|(?:['’][^\W\d_]++)++)(?![\d_])"
)
MAX_WORD = 40  # a longer run of letters is not a word: neither the dictionary nor names read it
MAX_RUN = 100  # a longer run without white space is no prose (an address, a path, noise): its
# words are not read either
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN + 1},}}+")
_POSSESSIVES = frozenset({"'s", "'S", "’s", "’S"})


class Token(NamedTuple):
    start: int
    end: int
    text: str  # without a possessive 's
    low: str  # casefolded, with ’ as '


@lru_cache(maxsize=8)
def tokens_of(text: str) -> tuple[Token, ...]:
    """The words of `text` outside long runs, addresses and placeholders, with their spans."""
    runs = [m.span() for m in _LONG_RUN.finditer(text)]
    between = list(zip([0] + [e for _, e in runs], [s for s, _ in runs] + [len(text)], strict=True))
    words = [
        m.span()
        for start, end in between
        for m in _TOKEN.finditer(text, start, end)
        if m.end() - m.start() <= MAX_WORD
    ]
    if not words:
        return ()
    skip = Spans([*address_spans(text, between), *placeholder_spans(text)])
    tokens, low = [], {}  # low: the words seen, casefolded
    for start, end in words:
        if not skip.overlaps(start, end):
            end -= 2 if text[end - 2 : end] in _POSSESSIVES else 0
            word = text[start:end]
            if word not in low:
                low[word] = word.replace("’", "'").casefold()
            tokens.append(Token(start, end, word, low[word]))
    return tuple(tokens)


def known_words(context: CheckContext, names: bool = True) -> set[str]:
    """The context's own words (casefolded), which no dictionary is asked about."""
    people = [f for c in context.contacts for f in (c.organisation, c.title)]
    people += [c.name for c in context.contacts] if names else []
    return words_of([context.company, context.role, *context.skills, *context.known_words, *people])
