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

Every check takes time in proportion to the text, whatever the text: a run of 1 MB without a
space, of "a@", "a.", "{{" or "!" is checked in well under a second. The patterns start a match
only where one can begin (not at every letter of a long run), spans are looked up by bisection,
a run of more than `MAX_WORD` letters is not a word and a run of more than `MAX_RUN` characters
without white space is no prose (no dictionary or name check reads their words), and the
dictionary's suggestions are asked for at most `MAX_SUGGESTIONS` words of a text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Channel, Contact

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
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


def _address_spans(text: str, between: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of web and e-mail addresses in the stretches `between` (each from and to white
    space, as no address has any). Only the kinds of address that the text has the characters
    for are looked for."""
    folded = _folded(text)
    pattern = _addresses(
        "http" in folded or "www." in folded,
        "@" in text and "." in text,
        any(f".{tld}" in folded for tld in _TLDS),
    )
    if pattern is None:
        return []
    return [m.span() for start, end in between for m in pattern.finditer(text, start, end)]


class _Token(NamedTuple):
    start: int
    end: int
    text: str  # without a possessive 's
    low: str  # casefolded, with ’ as '


class _Spans:
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


@lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[_Token, ...]:
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
    skip = _Spans([*_address_spans(text, between), *_placeholder_spans(text)])
    tokens, low = [], {}  # low: the words seen, casefolded
    for start, end in words:
        if not skip.overlaps(start, end):
            end -= 2 if text[end - 2 : end] in _POSSESSIVES else 0
            word = text[start:end]
            if word not in low:
                low[word] = word.replace("’", "'").casefold()
            tokens.append(_Token(start, end, word, low[word]))
    return tuple(tokens)


def _words_of(phrases: Iterable[str | None]) -> set[str]:
    return {m.group().replace("’", "'").casefold() for p in phrases if p for m in _WORD.finditer(p)}


def _known_words(context: CheckContext, names: bool = True) -> set[str]:
    """The context's own words (casefolded), which no dictionary is asked about."""
    people = [f for c in context.contacts for f in (c.organisation, c.title)]
    people += [c.name for c in context.contacts] if names else []
    return _words_of(
        [context.company, context.role, *context.skills, *context.known_words, *people]
    )


def _nfc(word: str) -> str:
    return unicodedata.normalize("NFC", word)


def _fold(word: str) -> str:
    """`word` without accents or case: what tells "Jurgen" from "Jürgen" apart is only this."""
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap neighbours) that turn `a` into `b`."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb)))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


# ---- spelling -------------------------------------------------------------------------------


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
    known = _known_words(context)
    asked: dict[str, bool] = {}  # a word -> the dictionary is asked about it

    def ask(t: _Token) -> bool:
        if t.text not in asked:
            asked[t.text] = (
                len(t.text) > 1
                and not any(c.isupper() for c in t.text[1:])  # SQL, JavaScript, McDonald
                and t.low not in known
            )
        return asked[t.text]

    words = [t for t in _tokens(text) if ask(t)]
    unknown = context.unknown_words(sorted({t.low for t in words})) if words else set()
    slips = _name_candidates(text, context)
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
            Finding("spelling", INFO if likely_name else WARNING, message, t.start, t.end, fix)
        )
    return findings


# ---- names and titles -----------------------------------------------------------------------

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame"})
_GREETING = re.compile(
    r"(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|thank you|thanks)\Z", re.IGNORECASE
)
_LONGEST_GREETING = len("good afternoon")


@dataclass(frozen=True, slots=True)
class _Slip:
    token: _Token
    right: str  # the name part on the record
    contact: Contact
    same_letters: bool  # only accents or capitals differ
    anchored: bool  # where a name is expected: after a greeting or honorific, beside a name

    def kept(self, unknown: Collection[str]) -> bool:
        """Reported: where a name is expected, unknown to the dictionary, or a capital slip."""
        obvious = self.same_letters and self.token.text[0].isupper()
        return self.anchored or obvious or self.token.low in unknown

    def finding(self) -> Finding:
        t, name = self.token, self.contact.name
        if self.same_letters:
            message = f"'{t.text}' is written '{self.right}' on the record for {name}"
        else:
            message = f"'{t.text}' looks like a misspelling of {name}: '{self.right}'"
        return Finding("names", ERROR, message, t.start, t.end, self.right)


def _parts(contact: Contact) -> list[str]:
    return [
        t.text for t in _tokens(_nfc(contact.name)) if len(t.text) > 1 and t.low not in HONORIFICS
    ]


def _slip(written: str, part: str, a: str, b: str) -> int | None:
    """0: the same letters, other accents or case; 1-2: a slip of the pen; None: another word.
    `a` and `b` are `written` and `part` folded (`_fold`)."""
    if a == b:
        return 0
    limit = 0 if len(b) < 3 else 1 if len(b) <= 5 else 2
    if not written[0].isupper() or a[0] != b[0] or abs(len(a) - len(b)) > limit:
        return None
    distance = _distance(a, b)
    return distance if distance <= limit else None


_AFTER_HONORIFIC = re.compile(r"\.?[ \t]+")
_SPACES = re.compile(r"[ \t]+")


def _beside(text: str, left: _Token | None, right: _Token | None, gap: re.Pattern[str]) -> bool:
    return bool(left and right and gap.fullmatch(text, left.end, right.start))


def _after_greeting(text: str, at: int) -> bool:
    """Whether a greeting ("Dear", "Hi", "Thank you", ...) comes just before `at` on its line,
    with only spaces, tabs and commas between."""
    end = at
    while end > 0 and text[end - 1] in " \t,":
        end -= 1
    begin = max(end - _LONGEST_GREETING, 0)
    begin = max(begin, text.rfind("\n", begin, end) + 1)
    found = _GREETING.search(text, begin, end)
    if found is None:
        return False
    start = found.start()
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


def _name_candidates(text: str, context: CheckContext) -> list[_Slip]:
    """Words that are nearly, but not exactly, a contact's name."""
    parts = [(p, c) for c in context.contacts for p in _parts(c)]
    folded = [(p, _fold(p), c) for p, c in parts]
    exact = {p for p, _ in parts}
    other = _known_words(context, names=False) - {p.casefold() for p in exact}

    def nearest(t: _Token) -> tuple[int, str, Contact] | None:
        written = _nfc(t.text)
        if written in exact or t.low in HONORIFICS or t.low in other:
            return None
        a = _fold(written)
        if written.isupper() and any(a == b for _, b, _ in folded):
            return None  # PRIYA SHAH in capitals is still her name
        near = [(d, p, c) for p, b, c in folded if (d := _slip(written, p, a, b)) is not None]
        return min(near, key=lambda n: n[0]) if near else None

    tokens = _tokens(text)
    seen: dict[str, tuple[int, str, Contact] | None] = {}  # a word's nearest name part
    slips = []
    for i, t in enumerate(tokens):
        if t.text not in seen:
            seen[t.text] = nearest(t)
        if (found := seen[t.text]) is None:
            continue
        distance, part, contact = found
        prev = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        anchored = (
            _after_greeting(text, t.start)
            or (
                prev is not None
                and prev.low in HONORIFICS
                and _beside(text, prev, t, _AFTER_HONORIFIC)
            )
            or (prev is not None and prev.text in exact and _beside(text, prev, t, _SPACES))
            or (after is not None and after.text in exact and _beside(text, t, after, _SPACES))
        )
        slips.append(_Slip(t, part, contact, distance == 0, anchored))
    return slips


TITLE_WORDS = frozenset(
    _words_of(
        (
            "head director manager lead leader officer engineer vp president chief partner",
            "recruiter specialist coordinator executive analyst consultant principal senior",
            "associate assistant supervisor founder ceo cto cfo coo cio cpo administrator",
            "adviser advisor architect designer developer scientist representative owner chair",
            "chairman chairwoman professor dean editor hr talent acquisition people operations",
            "product sales marketing finance",
        )
    )
)
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
    words = _words_of([phrase])
    shared = (words & _words_of([title])) - _CONNECTORS
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
    return Finding("names", ERROR, message, at, at + len(written), title)


_BLANK = re.compile(r"\s*")  # with fullmatch: the rest of a line is blank


def _titles_after_names(
    text: str, titled: Sequence[Contact], slips: Sequence[_Slip]
) -> list[tuple[int, Contact]]:
    """Where a title would follow a contact's surname: "Shah, Head of Sales" or the next line."""
    surnames = {parts[-1]: c for c in titled if (parts := _parts(c))}
    found = [
        (t, surnames[n])
        for t in _tokens(text)
        if (n := t.text if t.text.isascii() else _nfc(t.text)) in surnames
    ]
    found += [(s.token, s.contact) for s in slips if surnames.get(s.right) == s.contact]
    parts_of = {id(c): _parts(c) for c in titled}
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
            if all(w.casefold() in HONORIFICS or _nfc(w) in parts for w in before):
                at.append((line_end + 1, contact))
    return at


def _title_slips(text: str, context: CheckContext, slips: Sequence[_Slip]) -> list[Finding]:
    titled = [c for c in context.contacts if c.title]
    if not titled:
        return []
    found = [_wrong_title(text, at, c) for at, c in _titles_after_names(text, titled, slips)]
    folded = _folded(text)
    role_as = "as" in folded and any(w in folded for w in _ROLE_WORDS)  # else no _ROLE_AS
    # "your role as ...": whose title it is comes from the text
    for m in _ROLE_AS.finditer(text) if role_as else ():
        wrong = [_wrong_title(text, m.end(), c) for c in titled]
        if wrong and all(wrong):
            head = text[m.end() : m.end() + 60]
            closest = max(titled, key=lambda c: SequenceMatcher(None, head, c.title or "").ratio())
            found.append(wrong[titled.index(closest)])
    return [f for f in found if f is not None]


def names(text: str, context: CheckContext) -> list[Finding]:
    """Contacts' names and titles exactly as on the record."""
    candidates = _name_candidates(text, context)
    asks = sorted({s.token.low for s in candidates if not s.kept(())})
    unknown = context.unknown_words(asks) if context.unknown_words and asks else set()
    slips = [s for s in candidates if s.kept(unknown)]
    return [s.finding() for s in slips] + _title_slips(text, context, slips)


# ---- placeholders ---------------------------------------------------------------------------

# Jinja's {{ }}, {% %} and {# #} are found by _placeholder_spans; these are the others.
_PLACEHOLDERS = re.compile(
    r"\$\{[^{}\n]*\}|%\(\w+\)[sd]|\{[^\W\d][\w.]*\}"  # ${name}, %(name)s, {name}
    r"|\[[^\W\d_][^\[\]\n]{0,40}\](?!\()"  # [Name], [Company name]; not a [link](url)
    r"|<(?!(?:p|br|b|i|u|a|em|strong|div|span|li|ul|ol|hr)>)[^\W\d_][\w '’-]{0,40}>"  # <NAME>
    # XX, xxx, TODO, FIXME as words; the boundary before is a lookbehind after the first letter,
    # so that every alternative starts with a character (the search skips to those quickly)
    r"|(?:X(?<!\wX)X++|x(?<!\wx)xx++|T(?<!\wT)ODO|F(?<!\wF)IXME)\b"
)
# What a placeholder most likely stands for: its name (letters only, casefolded) -> a field.
_ALIASES = {
    **dict.fromkeys(("companyname", "employer", "organisation", "organization"), "company"),
    **dict.fromkeys(("position", "job", "jobtitle", "roletitle"), "role"),
    **dict.fromkeys(("contact", "contactname", "interviewer", "interviewername"), "name"),
    **dict.fromkeys(("first", "interviewerfirstname"), "firstname"),
    **dict.fromkeys(("lastname", "interviewersurname"), "surname"),
    **dict.fromkeys(("interviewertitle", "theirtitle"), "title"),
}


_JINJA = {"{{": "}}", "{%": "%}", "{#": "#}"}


@lru_cache(maxsize=8)
def _placeholder_spans(text: str) -> tuple[tuple[int, int], ...]:
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


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).casefold()


def _fill_values(context: CheckContext) -> dict[str, str | None]:
    """What placeholders may stand for, by `_key`: `extra` first, then the record."""
    values: dict[str, str | None] = {"company": context.company, "role": context.role}
    if len(context.contacts) == 1:
        one = context.contacts[0]
        parts = _parts(one) or [one.name]
        values |= {
            "name": one.name,
            "firstname": parts[0],
            "surname": parts[-1],
            "title": one.title,
        }
    return values | {_key(k): v for k, v in context.extra.items()}


def _fill(placeholder: str, values: dict[str, str | None]) -> str | None:
    """What a placeholder stands for, where the context says (`_fill_values`)."""
    name = _key(placeholder.split("|")[0])
    return values.get(_ALIASES.get(name, name)) or None


def placeholders(text: str, context: CheckContext) -> list[Finding]:
    """Anything left to fill in: {{ name }}, {% if %}, [Name], <NAME>, XXX, TODO, {name}."""
    spans = _placeholder_spans(text)
    values = _fill_values(context) if spans else {}
    return [
        Finding(
            "placeholders",
            ERROR,
            f"unfilled placeholder '{text[s:e]}'",
            s,
            e,
            _fill(text[s:e], values),
        )
        for s, e in spans
    ]


# ---- tone -----------------------------------------------------------------------------------

PLEADING = "sounds pleading: show enthusiasm, not desperation"
PRESSURE = "puts pressure on them: be patient and mindful of their time"
HARD_SELL = "is a hard sell: let your skills speak, without pushing"
_MINE = r"\bI(?:'ll| will| can| shall)\b"  # "I'll send it by tomorrow" is a promise, not pressure


@dataclass(frozen=True, slots=True)
class Phrase:
    pattern: str  # a regular expression, case-insensitive, between word boundaries
    why: str
    severity: Severity = WARNING
    fix: str | None = None  # a replacement for the phrase, where one reads well
    unless: str | None = None  # not when this is in the same sentence


# The project's own tone rules (000, 002, 004: enthusiastic, not desperate; no hard sell).
# ERROR for the few that no reader takes well: begging, demands, "you'd be crazy not to".
PHRASES = (
    Phrase(
        r"I (?:really |truly |desperately |so )?need this (?:job|role|position)", PLEADING, ERROR
    ),
    Phrase(r"I'm begging|I am begging|I beg (?:of )?you", PLEADING, ERROR),
    Phrase(r"I(?:'ll| will) do anything", PLEADING, ERROR),
    Phrase(r"(?:you are |you're )?my (?:last|only) hope", PLEADING, ERROR),
    Phrase(r"please,? please", PLEADING, fix="please"),
    Phrase(r"please consider me", PLEADING),
    Phrase(r"desperate", PLEADING, fix="keen"),
    Phrase(r"desperately", PLEADING),
    Phrase(r"give me a chance", PLEADING),
    Phrase(r"I(?:'ll| will) (?:take|accept) any (?:job|role|position)", PLEADING),
    Phrase(r"I (?:won't|will not) let you down", PLEADING),
    Phrase(r"I can't afford to (?:lose|miss) this", PLEADING),
    Phrase(r"I expect to hear", PRESSURE, fix="I look forward to hearing"),
    Phrase(r"you must(?! (?:be|have)\b)", PRESSURE),
    Phrase(r"by tomorrow", PRESSURE, unless=_MINE),
    Phrase(r"(?:final|last) chance", PRESSURE),
    Phrase(r"ASAP", PRESSURE, fix="at your convenience", unless=_MINE),
    Phrase(r"I need (?:an answer|a decision|to know)", PRESSURE),
    Phrase(r"I demand", PRESSURE, ERROR),
    Phrase(r"why (?:haven't|have you not|didn't|did you not)(?: you)?", PRESSURE, ERROR),
    Phrase(r"(?:reply|respond|answer|get back to me|call me) (?:immediately|right away)", PRESSURE),
    Phrase(r"without (?:further )?delay", PRESSURE),
    Phrase(r"I have (?:other|several|multiple) offers", PRESSURE),
    Phrase(r"don't keep me waiting", PRESSURE),
    Phrase(
        r"I(?:'m| am) (?:clearly |obviously |simply )?the (?:best|perfect|ideal|only) "
        r"(?:candidate|person|choice|fit)",
        HARD_SELL,
    ),
    Phrase(
        r"the (?:best|perfect|ideal) candidate you(?:'ll| will)? (?:ever )?(?:find|meet|see)",
        HARD_SELL,
    ),
    Phrase(r"you (?:won't|will not) regret", HARD_SELL),
    Phrase(
        r"you(?:'d| would) be (?:crazy|mad|foolish|making a (?:big |huge )?mistake) not to",
        HARD_SELL,
        ERROR,
    ),
    Phrase(r"look no further", HARD_SELL),
    Phrase(r"(?:no one|nobody) else (?:can|could|will)", HARD_SELL),
    Phrase(r"hire me (?:now|today|immediately)|you should hire me", HARD_SELL),
    Phrase(r"I guarantee", HARD_SELL),
    Phrase(r"don't miss (?:out|this)", HARD_SELL),
    Phrase(r"once[-\s]in[-\s]a[-\s]lifetime", HARD_SELL),
    Phrase(r"act (?:now|fast|quickly)", HARD_SELL),
)


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


def _folded(text: str) -> str:
    """`text` in lower case, such that each ASCII word that a case-blind pattern finds in
    `text` is in it: casefold, and the two letters that match "i" without folding to it."""
    return text.casefold().replace("\u0307", "").replace("ı", "i")


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
    folded = _folded(text)
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
                Finding("tone", WARNING, message, *m.span(), "?" if "?" in run else ".")
            )
        elif marks and seen >= 2:
            message = "more than two exclamation marks in one message: enthusiastic, not breathless"
            findings.append(Finding("tone", WARNING, message, *m.span(), "."))
        seen += marks
    return findings


def tone(text: str, context: CheckContext) -> list[Finding]:
    """Pleading, pressure, hard sell, exclamation marks; then proselint's advice (INFO)."""
    findings = _phrases(text) + _exclamations(text)
    rules, advice = _Spans((f.start, f.end) for f in findings), _Spans()
    for start, end, message in context.style(text) if context.style else []:
        if not (rules.overlaps(start, end) or advice.overlaps(start, end)):
            findings.append(Finding("tone", INFO, message, start, end))
            advice.add(start, end)
    return findings


# ---- length, mentions, timing ---------------------------------------------------------------

# Words in the body, (kind, channel) -> (fewest, most); (kind, None) for any other channel.
# Kinds and channels not here (pipeline-review, free text) have no bounds.
WORDS: dict[tuple[str, Channel | None], tuple[int, int]] = {
    ("thank-you", Channel.EMAIL): (60, 220),  # short but sincere (003)
    ("thank-you", Channel.LETTER): (80, 300),
    # a call script with its voicemail script: each under a minute to say
    ("check-in-call", Channel.PHONE): (20, 260),
    ("check-in-call", Channel.VOICEMAIL): (15, 80),  # a short message: about 30 seconds
    ("check-in-call", Channel.EMAIL): (40, 160),
    ("keep-in-touch", Channel.LETTER): (100, 350),  # the reverse cover letter (001)
    ("keep-in-touch", Channel.EMAIL): (40, 160),
    ("keep-in-touch", Channel.PHONE): (15, 260),
    ("keep-in-touch", Channel.VOICEMAIL): (15, 80),
    ("send-promised", None): (20, 200),
    ("reference-heads-up", None): (25, 180),
    ("referral-outreach", None): (50, 220),
    ("agency-update", None): (25, 180),
    ("feedback-request", None): (40, 180),
    ("stay-in-touch", None): (40, 180),
    ("thank-references", None): (30, 180),
}
# The kinds that renew interest in the job: they name the role and a key skill (000, 001).
MENTIONS = frozenset({"thank-you", "keep-in-touch", "check-in-call"})
_LEVELS = r"(?:senior|junior|lead|principal|staff|sr\.?|jr\.?|graduate|trainee|associate)\s+"


def _body_start(text: str) -> int:
    """Where the body begins: after the "Subject: ..." line of `Draft.text`, if any."""
    m = re.match(r"Subject:[^\n]*\n\s*", text)
    return m.end() if m else 0


_COUNTED = re.compile(r"[^\W_]++(?:['’.-][^\W_]++)*+")  # a word, as the length check counts


def length(text: str, context: CheckContext) -> list[Finding]:
    """Short and sincere: the body's words within the bounds for its kind and channel."""
    bounds = WORDS.get((context.kind, context.channel)) or WORDS.get((context.kind, None))
    if bounds is None:
        return []
    start = _body_start(text)
    words = len(_COUNTED.findall(text, start))
    fewest, most = bounds
    if fewest <= words <= most:
        return []
    what = f"a {context.kind} by {context.channel.value}"
    message = f"{words} words: {what} reads best at {fewest}–{most}"
    return [Finding("length", WARNING, message, start, len(text))]


def _mentioned(phrase: str, text: str, folded: str) -> bool:
    """Whether `text` names `phrase`, in any case and spacing; `folded` is `_folded(text)`: a text
    without each (ASCII) word of the phrase in it is not searched."""
    if any(w.isascii() and w.casefold() not in folded for w in phrase.split()):
        return False
    words = r"\s+".join(map(re.escape, phrase.split()))
    return bool(words) and re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


def mentions(text: str, context: CheckContext) -> list[Finding]:
    """The role and at least one key skill, in the kinds that renew interest (`MENTIONS`)."""
    if context.kind not in MENTIONS:
        return []
    span = (_body_start(text), len(text))
    folded = _folded(text)
    findings = []
    role = context.role.strip()
    unlevelled = re.sub(rf"^(?:{_LEVELS})+", "", role, flags=re.IGNORECASE)
    if role and not (_mentioned(role, text, folded) or _mentioned(unlevelled, text, folded)):
        message = f"the role is not mentioned: renew your interest in the {role} position"
        findings.append(Finding("mentions", WARNING, message, *span))
    skills = [s for s in context.skills if s.strip()]
    if skills and not any(_mentioned(s, text, folded) for s in skills):
        message = f"no key skill is mentioned: tie one or two to the role ({', '.join(skills[:3])})"
        findings.append(Finding("mentions", WARNING, message, *span))
    return findings


def timing(text: str, context: CheckContext) -> list[Finding]:
    """A thank-you is not sent or printed before its earliest time (003)."""
    if context.kind != "thank-you" or context.earliest is None or context.now is None:
        return []
    if context.now >= context.earliest:
        return []
    message = f"too early: a thank-you goes not before {context.earliest:%Y-%m-%d %H:%M %Z}"
    return [Finding("timing", ERROR, message.rstrip(), 0, len(text))]


CHECKS: tuple[Callable[[str, CheckContext], list[Finding]], ...] = (
    spelling,
    names,
    placeholders,
    tone,
    length,
    mentions,
    timing,
)


def check(text: str, context: CheckContext) -> list[Finding]:
    """Every check's findings, in the order of the text."""
    findings = [f for run in CHECKS for f in run(text, context)]
    return sorted(findings, key=lambda f: (f.start, f.end, f.check, f.message))


def blocks(findings: Iterable[Finding]) -> bool:
    """Errors block sending and printing; warnings and infos only inform."""
    return any(f.severity is ERROR for f in findings)
