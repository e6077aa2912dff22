"""The dictionary and the style linter behind the draft checks: pyspellchecker and proselint.

Both run offline on data inside their own packages and are imported on first use only.
- pyspellchecker: one English `SpellChecker` (its word list is spelling/resources/en.json.gz in
  the package), with a few job-search words it lacks; British spellings count as known when
  their American form is (the guidance is British: organisation, colour, travelled), and
  accented words when the word without accents is (résumé, naïve).
- proselint 0.16: its checks live in `proselint.checks.__register__` and lint only once they are
  in the process-wide `CheckRegistry`; `_linter` registers them once, then `LintFile.lint` runs
  the ones `STYLE_CHECKS` enables. The user's proselint config files (~/.proselintrc.json,
  $XDG_CONFIG_HOME/proselint/config.json, ./.proselintrc.json) are not read: the selection is
  ours, so the checks do not change with the machine. proselint 0.16 keeps no cache and writes
  nothing (older releases cached under ~/.cache/proselint; this one has no such code).

Both are bounded in time whatever the text. pyspellchecker looks for a correction two edits
away by trying every string one edit away from every string one edit away: a second for a word
of eight letters, minutes for one of forty. So `suggest` looks two edits away only for words
of up to `FAR_WORD` letters (one edit away for longer ones, nothing beyond `LONGEST_WORD`), and
remembers its answers. proselint runs hundreds of patterns over the text, about 5 s a MB: it
reads the first `STYLE_LIMIT` characters (a draft is shorter; the web refuses longer ones).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spellchecker import SpellChecker

# Words of job hunting that pyspellchecker's English list lacks.
EXTRA_WORDS = (
    "analytics api apis backend frontend dataset datasets deliverable deliverables devops",
    "fintech linkedin microservice microservices onboarding offboarding roadmap roadmaps",
    "skillset skillsets upskilling reskilling webinar webinars workflow workflows cheque",
    "cheques programme programmes cv cvs saas etc cc bcc hr voicemail voicemails",
)

FAR_WORD = 8  # longer words get suggestions one edit away only
LONGEST_WORD = 40  # no suggestion for longer ones (the draft checks do not read them as words)
STYLE_LIMIT = 20_000  # characters of a text that proselint reads

# British -> American endings, tried on words the dictionary does not know.
_BRITISH = (
    (re.compile(r"is(e|ed|es|ing|er|ers|ation|ations)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"our(s|ed|ing|ite|ites|able|ably|er|ers)?$"), r"or\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"ence$"), "ense"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"lment(s)?$"), r"llment\1"),
    (re.compile(r"amme(s)?$"), r"am\1"),
)

# proselint checks by path prefix, the most specific first (proselint takes the first match).
# Off: annotations (the placeholders check finds TODO), typography.punctuation (the tone check
# has its own exclamation rule), typography.symbols and dates_times (typesetting nits: curly
# quotes, "3pm"), and checks for other kinds of writing (archaism, psychology, terms, ...).
STYLE_CHECKS = {
    "typography.diacritical_marks": True,  # résumé
    "misc.apologizing": True,
    "misc.back_formations": True,
    "misc.capitalization": True,
    "misc.debased": True,
    "misc.false_plurals": True,
    "misc.greylist": True,
    "misc.illogic": True,
    "misc.metadiscourse": True,
    "misc.preferred_forms": True,
    "misc.pretension": True,
    "social_awareness.sexism": True,
    "cliches": True,
    "hedging": True,
    "industrial_language": True,
    "lexical_illusions": True,
    "malapropisms": True,
    "mixed_metaphors": True,
    "needless_variants": True,
    "nonwords": True,
    "oxymorons": True,
    "redundancy": True,
    "skunked_terms": True,
    "spelling": True,
    "uncomparables": True,
    "weasel_words": True,
}
# proselint's own words, where they are not fit to show a job seeker.
_MESSAGES = {
    "weasel_words.very": "'very' rarely adds anything: cut it, or choose a stronger word.",
}


@cache
def _checker() -> SpellChecker:
    from spellchecker import SpellChecker

    checker = SpellChecker()  # English, from the package's own word list: nothing downloaded
    checker.word_frequency.load_words([w for line in EXTRA_WORDS for w in line.split()])
    return checker


def _plain(word: str) -> str:
    """`word` without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _variants(word: str) -> list[str]:
    """Other spellings of `word` that make it right: American for British, no accents."""
    plain = _plain(word)
    american = [pattern.sub(us, word) for pattern, us in _BRITISH if pattern.search(word)]
    return [plain, *american] if plain != word else american


def unknown_words(words: Sequence[str]) -> set[str]:
    """The words (lower case) the English dictionary does not know, in any of `_variants`."""
    checker = _checker()
    unknown = checker.unknown([w.lower() for w in words])
    return {w for w in unknown if not checker.known(_variants(w))}


@lru_cache(maxsize=4096)
def suggest(word: str) -> str | None:
    """The dictionary's most likely correction of `word`, or None: pyspellchecker's
    `correction`, but one edit away only for words longer than `FAR_WORD`."""
    checker, word = _checker(), word.lower()
    if len(word) > LONGEST_WORD:
        return None
    if len(word) <= FAR_WORD:
        correction = checker.correction(word)
    elif checker.known([word]):
        correction = word
    else:  # as `correction` picks: the same letters with other accents first, then the commonest
        candidates = checker.known(checker.edit_distance_1(word))
        same = [c for c in candidates if _plain(c) == _plain(word)]
        correction = max(same or candidates, key=lambda c: checker[c], default=None)
    return correction if correction and correction != word else None


@cache
def _linter() -> tuple[Any, dict[str, Any]]:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()  # one per process, shared with anything else using proselint
    missing = [c for c in __register__ if not any(c is r for r in registry.checks)]
    registry.register_many(tuple(missing))
    return LintFile, {"max_errors": 1000, "checks": STYLE_CHECKS}


def style(text: str) -> list[tuple[int, int, str]]:
    """proselint's advice on `text`, one (start, end, message) per span, in text order."""
    if len(text) > STYLE_LIMIT:  # up to the last space before the limit: no word cut in two
        cut = max(text.rfind(c, 0, STYLE_LIMIT) for c in " \t\n")
        text = text[: cut if cut > 0 else STYLE_LIMIT]
    if not text.strip():
        return []
    lint_file, config = _linter()
    found: dict[tuple[int, int], str] = {}
    for result in lint_file("<draft>", text).lint(config):
        start, end = result.check_result.span
        span = (max(start - 1, 0), min(end - 1, len(text)))  # LintFile pads the text with "\n"
        message = _MESSAGES.get(result.check_result.check_path, result.check_result.message)
        found.setdefault(span, message)
    return [(start, end, message) for (start, end), message in sorted(found.items())]
