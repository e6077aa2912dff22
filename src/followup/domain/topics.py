"""Which of an interview's topics concern whom. A topic that names someone (their full name,
first name or surname, with or without an honorific; whole words, any case) concerns that
person; a topic that names nobody concerns everyone met. So two interviewers get different
thank-yous: each hears about their own topics first, then the shared ones.

For the person it names, a topic is written to them where that keeps the grammar: "Sam's
team rota" becomes "your team rota", "lunch with Sam" becomes "lunch with you", "the rota Sam
described" becomes "the rota you described" (a verb in the past agrees with "you"); before a
verb in the present the name stays ("the migration Sam leads": "you leads" would be wrong), as
do other people's names.
Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from followup.domain.names import parse_name
from followup.domain.vocabulary import HONORIFICS

_PREPOSITIONS = "with|by|from|to|for|about|and"  # a name after these may become "you"
_IRREGULAR = "said|told|gave|made|ran|built|wrote|led|took|brought|drew|spoke|thought|set|put|sent"
_HONORIFIC = "|".join(sorted((re.escape(h) for h in HONORIFICS), key=len, reverse=True))


def _pattern(name: str) -> re.Pattern[str] | None:
    """How a topic may name this person, possessive included; None for a blank name."""
    parsed = parse_name(name)
    given = parsed.plain.removesuffix(parsed.last).strip()  # "María José" of María José de la Cruz
    forms = {
        f for f in (parsed.plain, " ".join(name.split()), given, parsed.first, parsed.last) if f
    }
    if not forms:
        return None
    alternatives = "|".join(
        r"\s+".join(re.escape(w) for w in f.split()) for f in sorted(forms, key=len, reverse=True)
    )
    return re.compile(
        rf"(?P<before>(?<!\w)(?:{_PREPOSITIONS})\s+)?"
        rf"(?<!\w)(?:(?:{_HONORIFIC})\.?\s+)*(?:{alternatives})(?P<own>['’]s)?(?!\w)"
        rf"(?=(?P<past>\s+(?:\w+ed|{_IRREGULAR})(?!\w))?)",
        re.IGNORECASE,
    )


def names(topic: str, name: str) -> bool:
    """Whether `topic` names the person called `name`."""
    pattern = _pattern(name)
    return pattern is not None and pattern.search(topic) is not None


def to_them(topic: str, name: str) -> str:
    """`topic` as written to the person it names: "Sam's" -> "your", "with Sam" -> "with you";
    elsewhere their name stays."""
    pattern = _pattern(name)
    if pattern is None:
        return topic

    def written(m: re.Match[str]) -> str:
        before = m["before"] or ""
        if m["own"]:
            return f"{before}your"
        return f"{before}you" if before or m["past"] else m[0]

    return pattern.sub(written, topic)


def concerning(topics: Sequence[str], name: str, people: Sequence[str]) -> list[str]:
    """The topics that concern `name` among `people` (everyone met; `name` among them), in
    their own words: those naming them first, then those naming nobody, each once."""
    own = [to_them(t, name) for t in topics if name and names(t, name)]
    shared = [t for t in topics if not any(names(t, p) for p in (*people, name) if p)]
    return list(dict.fromkeys([*own, *shared]))
