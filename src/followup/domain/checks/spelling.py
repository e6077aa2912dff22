"""The spelling check: words the dictionary does not know (WARNING; INFO for a capitalised
word inside a sentence, probably a name)."""

from __future__ import annotations

from followup.domain.checks.slips import name_candidates
from followup.domain.checks.tokens import Token, known_words, tokens_of
from followup.domain.drafts import CheckContext, Finding, Severity

_OPENING = frozenset(" \t\"'“‘([\r")


def _sentence_start(text: str, start: int, first: int) -> bool:
    """Whether `start` begins a sentence: after ".!?:" or a blank line, or at the start of the
    text (`first` is where its first non-blank character is), quotes and brackets aside.
    Carriage returns do not count. Reads back only over the quotes and spaces before `start`."""
    at = start - 1
    while at >= 0 and text[at] in _OPENING:
        at -= 1
    if at < first or text[at] in ".!?:":
        return True
    if text[at] != "\n":
        return False
    at -= 1
    while at >= 0 and text[at] == "\r":
        at -= 1
    return at >= 0 and text[at] == "\n"


def _recase(suggestion: str | None, written: str) -> str | None:
    if not suggestion or suggestion == written.casefold():
        return None
    return suggestion[0].upper() + suggestion[1:] if written[0].isupper() else suggestion


MAX_SUGGESTIONS = 10  # a dictionary's suggestion can take a second to find: the rest go without


def spelling(text: str, context: CheckContext) -> list[Finding]:
    """Words the dictionary does not know (needs `context.unknown_words`)."""
    if context.unknown_words is None:
        return []
    known = known_words(context)
    asked: dict[str, bool] = {}  # a word -> the dictionary is asked about it

    def ask(t: Token) -> bool:
        if t.text not in asked:
            asked[t.text] = (
                len(t.text) > 1
                and not any(c.isupper() for c in t.text[1:])  # SQL, JavaScript, McDonald
                and t.low not in known
            )
        return asked[t.text]

    words = [t for t in tokens_of(text) if ask(t)]
    unknown = context.unknown_words(sorted({t.low for t in words})) if words else set()
    slips = name_candidates(text, context)
    names_say = {(s.token.start, s.token.end) for s in slips if s.kept(unknown)}
    first = len(text) - len(text.lstrip())
    fixes: dict[str, str | None] = {}  # the suggestions, for the first MAX_SUGGESTIONS words
    findings = []
    for t in words:
        if t.low not in unknown or (t.start, t.end) in names_say:
            continue
        likely_name = t.text[0].isupper() and not _sentence_start(text, t.start, first)
        if context.suggest and t.low not in fixes and len(fixes) < MAX_SUGGESTIONS:
            fixes[t.low] = context.suggest(t.low)
        fix = _recase(fixes.get(t.low), t.text)
        message = f"'{t.text}' is not in the dictionary" + (
            f": did you mean '{fix}'?" if fix else ""
        )
        if likely_name:
            message += " (if it is a name, add it to your own words)"
        findings.append(
            Finding(
                "spelling",
                Severity.INFO if likely_name else Severity.WARNING,
                message,
                t.start,
                t.end,
                fix,
            )
        )
    return findings
