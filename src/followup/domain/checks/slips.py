"""Words that are nearly, but not exactly, a contact's name: the same letters with other
accents or capitals, or a slip of the pen where a name is expected."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from followup.domain.checks.text import edits, fold, nfc
from followup.domain.checks.tokens import Token, known_words, tokens_of
from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Contact
from followup.domain.vocabulary import HONORIFICS

_GREETING = re.compile(
    r"(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|thank you|thanks)\Z", re.IGNORECASE
)
_LONGEST_GREETING = len("good afternoon")


@dataclass(frozen=True, slots=True)
class Slip:
    token: Token
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
        return Finding("names", Severity.ERROR, message, t.start, t.end, self.right)


def name_parts(contact: Contact) -> list[str]:
    return [
        t.text for t in tokens_of(nfc(contact.name)) if len(t.text) > 1 and t.low not in HONORIFICS
    ]


def _slip(written: str, part: str, a: str, b: str) -> int | None:
    """0: the same letters, other accents or case; 1-2: a slip of the pen; None: another word.
    `a` and `b` are `written` and `part` folded (`fold`)."""
    if a == b:
        return 0
    limit = 0 if len(b) < 3 else 1 if len(b) <= 5 else 2
    if not written[0].isupper() or a[0] != b[0] or abs(len(a) - len(b)) > limit:
        return None
    distance = edits(a, b)
    return distance if distance <= limit else None


_AFTER_HONORIFIC = re.compile(r"\.?[ \t]+")
_SPACES = re.compile(r"[ \t]+")


def _beside(text: str, left: Token | None, right: Token | None, gap: re.Pattern[str]) -> bool:
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


def name_candidates(text: str, context: CheckContext) -> list[Slip]:
    """Words that are nearly, but not exactly, a contact's name."""
    parts = [(p, c) for c in context.contacts for p in name_parts(c)]
    folded = [(p, fold(p), c) for p, c in parts]
    exact = {p for p, _ in parts}
    other = known_words(context, names=False) - {p.casefold() for p in exact}

    def nearest(t: Token) -> tuple[int, str, Contact] | None:
        written = nfc(t.text)
        if written in exact or t.low in HONORIFICS or t.low in other:
            return None
        a = fold(written)
        if written.isupper() and any(a == b for _, b, _ in folded):
            return None  # PRIYA SHAH in capitals is still her name
        near = [(d, p, c) for p, b, c in folded if (d := _slip(written, p, a, b)) is not None]
        return min(near, key=lambda n: n[0]) if near else None

    tokens = tokens_of(text)
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
        slips.append(Slip(t, part, contact, distance == 0, anchored))
    return slips
