"""How a day is written in an English message: as the recipient's country writes it. The one
implementation, for the drafts (domain/personalisation.py) and the printed letters' date
(adapters/letters.py). Pure.

Month first ("December 3, 2026", the comma before the year being part of that style) in the
countries that write it so; day first everywhere else ("3 December 2026", no comma at all).
"""

from __future__ import annotations

from datetime import date

from followup.domain.vocabulary import MONTH_FIRST


def written_date(day: date, country: str | None, weekday: bool = False) -> str:
    """The day written out: "3 December 2026" ("December 3, 2026" where the month comes
    first); with `weekday`, "Thursday 3 December 2026" ("Thursday, December 3, 2026")."""
    if country in MONTH_FIRST:
        written = f"{day:%B} {day.day}, {day.year}"
        return f"{day:%A}, {written}" if weekday else written
    written = f"{day.day} {day:%B} {day.year}"
    return f"{day:%A} {written}" if weekday else written


def relative_day(day: date, reference: date, country: str | None) -> str:
    """How `day` reads on `reference`: "today", "yesterday", "on Tuesday", "on 10 March", a day
    of another year in full: "on 3 December 2026" ("on December 3, 2026")."""
    days = (reference - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {day:%A}"
    if day.year != reference.year:
        return f"on {written_date(day, country)}"
    return f"on {day:%B} {day.day}" if country in MONTH_FIRST else f"on {day.day} {day:%B}"
