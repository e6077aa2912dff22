"""Draft checks: what to put right before a follow-up is sent or printed (SPEC "Draft checks").

Each check is a pure function `(text, context) -> list[Finding]`; `check` runs them all. The
dictionary and the style linter come in through the context (adapters/spelling.py), so every
check runs, and is tested, without them. Errors block sending and printing; warnings inform.

- spelling: words the dictionary does not know, minus the context's own words (contacts,
  organisations, company, role, skills, titles, the user's words), acronyms, CamelCase brand
  names, numbers, e-mail and web addresses and placeholders. WARNING; a capitalised word
  inside a sentence is probably a name the dictionary cannot know, so it is only INFO.
- names: a word that is nearly a contact's name is an ERROR with the name on the record: the
  same letters with other accents or capitals anywhere ("Jurgen", "Mcdonald"); one slip (two
  for names of six letters or more, same first letter) after a greeting or an honorific,
  next to the contact's other name, or anywhere the dictionary does not know the word
  ("Ms Sha", "Priya Shaw", "Pryia"). A title after the contact's surname ("Shah, Head of
  Sales"), on the line under it, or after "your role as" that is not the title on the
  record is an ERROR (titles compare ignoring case: prose may lower-case them).
- placeholders: anything a template or the writer left unfilled is an ERROR.
- tone: the phrases in `PHRASES` (WARNING; ERROR for the few most desperate or pushy ones),
  stacked exclamation marks or more than two in a text (WARNING), proselint (INFO).
- length: words in the body outside `WORDS[(kind, channel)]` (WARNING).
- mentions: the kinds in `MENTIONS` name the role and at least one skill (WARNING).
- timing: a thank-you checked before its earliest time (ERROR).
- repeats: the same clause (`WORDS` words or more, two of them neither function words nor
  names on record) twice in one message, greeting and sign-off left out; not in call scripts
  (WARNING).
- lists: two list items or more in a row ("-", "*", "•", "1.") in a letter or an email
  (WARNING).
- dates: a date that does not exist or a weekday that is not the date's (ERROR); a stray comma
  ("3 December, 2026") or the order of another country than the recipient's (WARNING).
- salutations: a draft's greeting in another form than the tone calls for, beside one of the
  application's other drafts in that form ("Dear Dr Walsh" beside "Dear James", warm)
  (WARNING). It reads several drafts, so it is not in `CHECKS`: services/drafts.py runs it.
- promised: a send-promised email with neither the file nor the link promised (ERROR).

Every check takes time in proportion to the text, whatever the text: a run of 1 MB without a
space, of "a@", "a.", "{{" or "!" is checked in well under a second. The patterns start a match
only where one can begin (not at every letter of a long run), spans are looked up by bisection,
a run of more than `MAX_WORD` letters is not a word and a run of more than `MAX_RUN` characters
without white space is no prose (no dictionary or name check reads their words), and the
dictionary's suggestions are asked for at most `MAX_SUGGESTIONS` words of a text.

One module a check, each named as its findings are (`Finding.check`); names.py reads the
slips of slips.py and the titles of titles.py, tone.py the rules of phrases.py, repeats.py and
salutations.py the greeting and sign-off that frames.py finds. All read a text alike: text.py
(words without accents or case, edits), spans.py (addresses and placeholders, which no word
check reads) and tokens.py (the words, `MAX_WORD`, `MAX_RUN`).
The word lists they share with the rest of the domain are in domain/vocabulary.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from followup.domain.checks import (
    dates,
    length,
    lists,
    mentions,
    names,
    placeholders,
    repeats,
    spelling,
    timing,
    tone,
)
from followup.domain.checks.promised import promised
from followup.domain.drafts import CheckContext, Finding, Severity

CHECKS: tuple[Callable[[str, CheckContext], list[Finding]], ...] = (
    spelling.spelling,
    names.names,
    placeholders.placeholders,
    tone.tone,
    length.length,
    mentions.mentions,
    timing.timing,
    repeats.repeats,
    lists.lists,
    dates.dates,
    promised,
)


def check(text: str, context: CheckContext) -> list[Finding]:
    """Every check's findings, in the order of the text."""
    return ordered([f for run in CHECKS for f in run(text, context)])


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in the order of the text."""
    return sorted(findings, key=lambda f: (f.start, f.end, f.check, f.message))


def blocks(findings: Iterable[Finding]) -> bool:
    """Errors block sending and printing; warnings and infos only inform."""
    return any(f.severity is Severity.ERROR for f in findings)
