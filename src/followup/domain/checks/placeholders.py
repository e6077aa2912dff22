"""The placeholders check: anything a template or the writer left unfilled (ERROR), with what
it most likely stands for."""

from __future__ import annotations

import re

from followup.domain.checks.slips import name_parts
from followup.domain.checks.spans import placeholder_spans
from followup.domain.drafts import CheckContext, Finding, Severity

# What a placeholder most likely stands for: its name (letters only, casefolded) -> a field.
_ALIASES = {
    **dict.fromkeys(("companyname", "employer", "organisation", "organization"), "company"),
    **dict.fromkeys(("position", "job", "jobtitle", "roletitle"), "role"),
    **dict.fromkeys(("contact", "contactname", "interviewer", "interviewername"), "name"),
    **dict.fromkeys(("first", "interviewerfirstname"), "firstname"),
    **dict.fromkeys(("lastname", "interviewersurname"), "surname"),
    **dict.fromkeys(("interviewertitle", "theirtitle"), "title"),
}


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).casefold()


def _fill_values(context: CheckContext) -> dict[str, str | None]:
    """What placeholders may stand for, by `_key`: `extra` first, then the record."""
    values: dict[str, str | None] = {"company": context.company, "role": context.role}
    if len(context.contacts) == 1:
        one = context.contacts[0]
        parts = name_parts(one) or [one.name]
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
    spans = placeholder_spans(text)
    values = _fill_values(context) if spans else {}
    return [
        Finding(
            "placeholders",
            Severity.ERROR,
            f"unfilled placeholder '{text[s:e]}'",
            s,
            e,
            _fill(text[s:e], values),
        )
        for s, e in spans
    ]
