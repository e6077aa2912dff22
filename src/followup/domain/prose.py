"""Skills phrased by what they are, so that a sentence about them reads as a person would say
it: a tool is worked *with* ("working with Python"), a practice has an approach ("your approach
to code review"), a domain is a side of the work ("the fintech side of the work"). Never "I
enjoyed talking about Python. It's work I know well": a tool is not work.

The kinds come from the shipped lexicon (domain/skill_lexicon.py), else from the skill's shape
(a word ending in -ing, or a known practice word, is a practice); a skill still unknown is
phrased neutrally, by its name alone. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup.domain.skill_lexicon import DOMAINS, PRACTICES, TOOLS

TOOL, PRACTICE, DOMAIN, OTHER = "tool", "practice", "domain", "other"
_PRACTICE_WORDS = frozenset(
    {
        "management", "design", "research", "review", "analysis", "strategy", "planning",
        "writing", "leadership", "development", "engineering", "modelling", "modeling",
        "testing", "architecture", "operations",
    }
)  # fmt: skip


def join_and(items: Sequence[object], conjunction: str = "and") -> str:
    """["a", "b", "c"] -> "a, b and c" (also a template filter)."""
    words = [str(i) for i in items if str(i)]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def kind(skill: str) -> str:
    """What a skill is: TOOL, PRACTICE, DOMAIN, or OTHER when neither the lexicon nor its
    shape says."""
    key = " ".join(skill.split()).casefold()
    for known, what in ((TOOLS, TOOL), (PRACTICES, PRACTICE), (DOMAINS, DOMAIN)):
        if key in known:
            return what
    words = key.split()
    last = words[-1] if words else ""
    if (last.endswith("ing") and len(last) > 5) or last in _PRACTICE_WORDS:
        return PRACTICE
    return OTHER


def _grouped(skills: Sequence[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {TOOL: [], PRACTICE: [], DOMAIN: [], OTHER: []}
    for skill in skills:
        groups[kind(skill)].append(skill)
    return groups


def _plural(word: str, items: Sequence[str]) -> str:
    return f"{word}s" if len(items) > 1 else word


def talked_about(skills: Sequence[str]) -> str:
    """What a conversation about these skills was about: "working with Python and dbt, your
    approach to code review and the fintech side of the work"; "" for none."""
    g = _grouped(skills)
    parts = [
        f"working with {join_and(g[TOOL])}" if g[TOOL] else "",
        f"your approach to {join_and(g[PRACTICE])}" if g[PRACTICE] else "",
        f"the {join_and(g[DOMAIN])} side of the work" if g[DOMAIN] else "",
        join_and(g[OTHER]),
    ]
    return join_and([p for p in parts if p])


def experience(skills: Sequence[str]) -> str:
    """The candidate's experience of these skills as one noun phrase: "my experience with
    Python and in code review", "my experience with SQL and my background in fintech"; ""
    for none."""
    g = _grouped(skills)
    hands_on = [
        f"with {join_and(g[TOOL] + g[OTHER])}" if g[TOOL] or g[OTHER] else "",
        f"in {join_and(g[PRACTICE])}" if g[PRACTICE] else "",
    ]
    parts = [
        f"my experience {join_and([p for p in hands_on if p])}" if any(hands_on) else "",
        f"my background in {join_and(g[DOMAIN])}" if g[DOMAIN] else "",
    ]
    return join_and([p for p in parts if p])


def strengths(skills: Sequence[str]) -> str:
    """What the candidate brings, each kind in its own words: "hands-on experience with Python,
    a track record in code review and a good knowledge of the fintech sector"; "" for none."""
    g = _grouped(skills)
    parts = [
        f"hands-on experience with {join_and(g[TOOL])}" if g[TOOL] else "",
        f"a track record in {join_and(g[PRACTICE])}" if g[PRACTICE] else "",
        f"a good knowledge of the {join_and(g[DOMAIN])} {_plural('sector', g[DOMAIN])}"
        if g[DOMAIN]
        else "",
        f"practical experience of {join_and(g[OTHER])}" if g[OTHER] else "",
    ]
    return join_and([p for p in parts if p])
