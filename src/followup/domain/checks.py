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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Channel, Contact

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_ADDRESSES = re.compile(
    r"\b(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|ai|app|co|uk|de|fr|eu|nl|info)\b(?:/\S*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str  # without a possessive 's

    @property
    def low(self) -> str:
        return self.text.replace("’", "'").casefold()


def _overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _tokens(text: str) -> list[_Token]:
    """The words of `text` outside addresses and placeholders, each with its span."""
    skip = [m.span() for m in _ADDRESSES.finditer(text)] + _placeholder_spans(text)
    tokens = []
    for m in _WORD.finditer(text):
        start, end = m.span()
        around = text[start - 1 : start] + text[end : end + 1]
        if any(c.isdigit() or c == "_" for c in around) or _overlaps(skip, start, end):
            continue  # 2nd, 3pm, v2, snake_case: not prose
        end -= len(p.group()) if (p := _POSSESSIVE.search(m.group())) else 0
        tokens.append(_Token(start, end, text[start:end]))
    return tokens


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


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].replace("\r", "").rstrip(" \t\"'“‘([")
    return not before.strip() or before[-1] in ".!?:" or before.endswith("\n\n")


def _recase(suggestion: str | None, written: str) -> str | None:
    if not suggestion or suggestion == written.casefold():
        return None
    return suggestion[0].upper() + suggestion[1:] if written[0].isupper() else suggestion


def spelling(text: str, context: CheckContext) -> list[Finding]:
    """Words the dictionary does not know (needs `context.unknown_words`)."""
    if context.unknown_words is None:
        return []
    known = _known_words(context)
    words = [
        t
        for t in _tokens(text)
        if len(t.text) > 1
        and not any(c.isupper() for c in t.text[1:])  # SQL, JavaScript, McDonald: as written
        and t.low not in known
    ]
    unknown = context.unknown_words(sorted({t.low for t in words})) if words else set()
    slips = _name_candidates(text, context)
    names_say = {(s.token.start, s.token.end) for s in slips if s.kept(unknown)}
    findings = []
    for t in words:
        if t.low not in unknown or (t.start, t.end) in names_say:
            continue
        likely_name = t.text[0].isupper() and not _sentence_start(text, t.start)
        fix = _recase(context.suggest(t.low), t.text) if context.suggest else None
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
    r"(?:^|\b)(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|thank you|thanks)[ \t,]*$",
    re.IGNORECASE,
)


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


def _slip(written: str, part: str) -> int | None:
    """0: the same letters, other accents or case; 1-2: a slip of the pen; None: another word."""
    a, b = _fold(written), _fold(part)
    if a == b:
        return 0
    limit = 0 if len(b) < 3 else 1 if len(b) <= 5 else 2
    if not written[0].isupper() or a[0] != b[0] or abs(len(a) - len(b)) > limit:
        return None
    distance = _distance(a, b)
    return distance if distance <= limit else None


def _beside(text: str, left: _Token | None, right: _Token | None, gap: str) -> bool:
    return bool(left and right and re.fullmatch(gap, text[left.end : right.start]))


def _name_candidates(text: str, context: CheckContext) -> list[_Slip]:
    """Words that are nearly, but not exactly, a contact's name."""
    parts = [(p, c) for c in context.contacts for p in _parts(c)]
    exact = {p for p, _ in parts}
    other = _known_words(context, names=False) - {p.casefold() for p in exact}
    tokens = _tokens(text)
    slips = []
    for i, t in enumerate(tokens):
        written = _nfc(t.text)
        if written in exact or t.low in HONORIFICS or t.low in other:
            continue
        if written.isupper() and any(_fold(written) == _fold(p) for p, _ in parts):
            continue  # PRIYA SHAH in capitals is still her name
        near = [(d, p, c) for p, c in parts if (d := _slip(written, p)) is not None]
        if not near:
            continue
        distance, part, contact = min(near, key=lambda n: n[0])
        prev = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        line = text[text.rfind("\n", 0, t.start) + 1 : t.start]
        anchored = (
            _GREETING.search(line) is not None
            or (
                prev is not None and prev.low in HONORIFICS and _beside(text, prev, t, r"\.?[ \t]+")
            )
            or (prev is not None and prev.text in exact and _beside(text, prev, t, r"[ \t]+"))
            or (after is not None and after.text in exact and _beside(text, t, after, r"[ \t]+"))
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
_AFTER_SURNAME = re.compile(r",[ \t]*(?:(?:the|our|your)[ \t]+)?", re.IGNORECASE)


def _looks_like_title(phrase: str, title: str) -> bool:
    words = _words_of([phrase])
    shared = (words & _words_of([title])) - _CONNECTORS
    return bool(words & TITLE_WORDS) or (len(words) > 1 and bool(shared))


def _wrong_title(text: str, at: int, contact: Contact) -> Finding | None:
    """A title written at `at` for `contact` that is not the one on the record, if any."""
    title = contact.title or ""
    m = _TITLE.match(text, at)
    written = m.group() if m else ""
    same = text[at : at + len(title)]  # "head of sales at Acme", "Head of Sales, EMEA"
    if same.casefold() == title.casefold() and not text[at + len(title) :][:1].isalnum():
        written = same if len(written) <= len(title) else written
    if not written or written.casefold() == title.casefold():
        return None
    if not _looks_like_title(written, title):
        return None
    message = f"'{written}' is not {contact.name}'s title on the record: '{title}'"
    return Finding("names", ERROR, message, at, at + len(written), title)


def _titles_after_names(
    text: str, titled: Sequence[Contact], slips: Sequence[_Slip]
) -> list[tuple[int, Contact]]:
    """Where a title would follow a contact's surname: "Shah, Head of Sales" or the next line."""
    surnames = {parts[-1]: c for c in titled if (parts := _parts(c))}
    found = [(t, surnames[n]) for t in _tokens(text) if (n := _nfc(t.text)) in surnames]
    found += [(s.token, s.contact) for s in slips if surnames.get(s.right) == s.contact]
    at = []
    for t, contact in found:
        line_start, line_end = text.rfind("\n", 0, t.start) + 1, text.find("\n", t.end)
        if after := _AFTER_SURNAME.match(text, t.end):
            at.append((after.end(), contact))
        elif line_end >= 0 and not text[t.end : line_end].strip():
            before = text[line_start : t.start].replace(".", " ").split()  # "Ms Priya" Shah
            if all(w.casefold() in HONORIFICS or _nfc(w) in _parts(contact) for w in before):
                at.append((line_end + 1, contact))
    return at


def _title_slips(text: str, context: CheckContext, slips: Sequence[_Slip]) -> list[Finding]:
    titled = [c for c in context.contacts if c.title]
    found = [_wrong_title(text, at, c) for at, c in _titles_after_names(text, titled, slips)]
    for m in _ROLE_AS.finditer(text):  # "your role as ...": whose title it is comes from the text
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

_PLACEHOLDERS = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"  # Jinja
    r"|\$\{[^{}\n]*\}|%\(\w+\)[sd]|\{[^\W\d][\w.]*\}"  # ${name}, %(name)s, {name}
    r"|\[[^\W\d_][^\[\]\n]{0,40}\](?!\()"  # [Name], [Company name]; not a [link](url)
    r"|<(?!(?:p|br|b|i|u|a|em|strong|div|span|li|ul|ol|hr)>)[^\W\d_][\w '’-]{0,40}>"  # <NAME>
    r"|\b(?:X{2,}|x{3,}|TODO|FIXME)\b"
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


def _placeholder_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PLACEHOLDERS.finditer(text)]


def _fill(placeholder: str, context: CheckContext) -> str | None:
    """What a placeholder stands for, where the context says (`extra` first, then the record)."""

    def key(name: str) -> str:
        return re.sub(r"[\W_]+", "", name).casefold()

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
    values |= {key(k): v for k, v in context.extra.items()}
    name = key(placeholder.split("|")[0])
    return values.get(_ALIASES.get(name, name)) or None


def placeholders(text: str, context: CheckContext) -> list[Finding]:
    """Anything left to fill in: {{ name }}, {% if %}, [Name], <NAME>, XXX, TODO, {name}."""
    return [
        Finding(
            "placeholders",
            ERROR,
            f"unfilled placeholder '{text[s:e]}'",
            s,
            e,
            _fill(text[s:e], context),
        )
        for s, e in _placeholder_spans(text)
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


_COMPILED = tuple(
    (_compiled(p.pattern), p, re.compile(p.unless, re.IGNORECASE) if p.unless else None)
    for p in PHRASES
)


def _sentence(text: str, start: int, end: int) -> str:
    begin = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    stops = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[begin : min(stops, default=len(text))]


def _phrases(text: str) -> list[Finding]:
    findings = []
    for pattern, p, unless in _COMPILED:
        for m in pattern.finditer(text):
            if unless and unless.search(_sentence(text, *m.span())):
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
    spans = [(f.start, f.end) for f in findings]
    for start, end, message in context.style(text) if context.style else []:
        if not _overlaps(spans, start, end):
            findings.append(Finding("tone", INFO, message, start, end))
            spans.append((start, end))
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


def length(text: str, context: CheckContext) -> list[Finding]:
    """Short and sincere: the body's words within the bounds for its kind and channel."""
    bounds = WORDS.get((context.kind, context.channel)) or WORDS.get((context.kind, None))
    if bounds is None:
        return []
    start = _body_start(text)
    words = len(re.findall(r"[^\W_]+(?:['’.-][^\W_]+)*", text[start:]))
    fewest, most = bounds
    if fewest <= words <= most:
        return []
    what = f"a {context.kind} by {context.channel.value}"
    message = f"{words} words: {what} reads best at {fewest}–{most}"
    return [Finding("length", WARNING, message, start, len(text))]


def _mentioned(phrase: str, text: str) -> bool:
    words = r"\s+".join(map(re.escape, phrase.split()))
    return bool(words) and re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


def mentions(text: str, context: CheckContext) -> list[Finding]:
    """The role and at least one key skill, in the kinds that renew interest (`MENTIONS`)."""
    if context.kind not in MENTIONS:
        return []
    span = (_body_start(text), len(text))
    findings = []
    role = context.role.strip()
    unlevelled = re.sub(rf"^(?:{_LEVELS})+", "", role, flags=re.IGNORECASE)
    if role and not (_mentioned(role, text) or _mentioned(unlevelled, text)):
        message = f"the role is not mentioned: renew your interest in the {role} position"
        findings.append(Finding("mentions", WARNING, message, *span))
    skills = [s for s in context.skills if s.strip()]
    if skills and not any(_mentioned(s, text) for s in skills):
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
