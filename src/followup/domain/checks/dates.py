"""The dates check: dates written with the month's name, as the recipient reads them.

- a date that does not exist ("31 February 2026", "29 February 2027"): ERROR;
- a weekday that is not the date's ("Tuesday 3 December 2026", a Thursday): ERROR, with the
  right weekday. Without a year, the date is taken in the year that puts it nearest `now`;
- a stray comma between month and year in a day-first date ("3 December, 2026"): WARNING;
- the other country's order: month first outside the countries that write it so
  (`MONTH_FIRST`: "December 3, 2026" to someone in the UK), day first in them ("3 December
  2026" to someone in the US), or a month-first date without the comma before its year
  ("December 3 2026"): WARNING, with the date as the recipient's country writes it. Only when
  the recipient's country is known (`CheckContext.country`).

Months and weekdays count when written with a capital, in full or shortened ("Dec", "Tues.").
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from datetime import date

from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.vocabulary import MONTH_FIRST

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = {
    **{name: n for n, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3]: n for n, name in enumerate(MONTH_NAMES, 1)},
    "Sept": 9,
}
WEEKDAYS = {
    **{name: n for n, name in enumerate(DAY_NAMES)},
    **{name[:3]: n for n, name in enumerate(DAY_NAMES)},
    **{"Tues": 1, "Weds": 2, "Thur": 3, "Thurs": 3},
}


def _any(names: Sequence[str]) -> str:
    """Any of `names`: in full, or shortened and maybe with a full stop ("Dec", "Tues.")."""
    full = [n for n in names if n in MONTH_NAMES or n in DAY_NAMES]
    short = [n for n in names if n not in full]
    return rf"(?:(?:{'|'.join(full)})\b|(?:{'|'.join(sorted(short, key=len, reverse=True))})\b\.?)"


_S = r"[^\S\n]{1,3}"  # the space between the parts of a date, on one line ("Flat 12\nMay Court")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"(?<![\w,.])(?:(?P<weekday>{_any(list(WEEKDAYS))}),?{_S}(?:the{_S})?)?"
    rf"(?:(?P<dm_day>{_DAY})(?:{_S}of)?{_S}(?P<dm_month>{_any(list(MONTHS))})"
    rf"(?:(?P<dm_comma>,)?{_S}(?P<dm_year>\d{{4}})(?![\w/:-]))?"
    rf"|(?P<md_month>{_any(list(MONTHS))}){_S}(?P<md_day>{_DAY})\b"
    rf"(?:(?P<md_comma>,)?{_S}(?P<md_year>\d{{4}})(?![\w/:-]))?)"
)


def _year(month: int, day: int, now: date | None) -> int | None:
    """The year a date without one is in: the one that puts it nearest `now`."""
    if now is None:
        return None

    def distance(year: int) -> int:
        return abs((date(year, month, min(day, monthrange(year, month)[1])) - now).days)

    return min((now.year - 1, now.year, now.year + 1), key=distance)


def _weekday(m: re.Match[str], day: int, month: int, year: int) -> Finding | None:
    """The weekday written before a date, if it is not the date's."""
    written, actual = m["weekday"].rstrip("."), date(year, month, day).weekday()
    if WEEKDAYS[written] == actual:
        return None
    name = DAY_NAMES[actual]
    right = name if written in DAY_NAMES else name[:3] + m["weekday"][len(written) :]
    message = (
        f"{day} {MONTH_NAMES[month - 1]} {year} is a {name}, not a {DAY_NAMES[WEEKDAYS[written]]}"
    )
    return Finding("dates", Severity.ERROR, message, *m.span("weekday"), right)


def _checked(m: re.Match[str], context: CheckContext) -> list[Finding]:
    """What is wrong with one date."""
    day_first = m["dm_day"] is not None
    p = "dm_" if day_first else "md_"
    day_text, month_text, year_text = m[p + "day"], m[p + "month"], m[p + "year"]
    start = m.start(p + "day") if day_first else m.start(p + "month")
    span, written = (start, m.end()), m.group()[start - m.start() :]
    month, day = MONTHS[month_text.rstrip(".")], int(day_text.rstrip("stndrh"))
    year = int(year_text) if year_text else None
    if year == 0:
        return []
    last = 29 if month == 2 and year is None else monthrange(year or 1, month)[1]
    if not 1 <= day <= last:
        leap = month == 2 and day == 29
        why = f"{year} is not a leap year" if leap else f"{MONTH_NAMES[month - 1]} has {last} days"
        return [Finding("dates", Severity.ERROR, f"'{written}' is no date: {why}", *span)]
    if year is None and (month, day) != (2, 29):  # 29 February: in no year near enough
        year = _year(month, day, context.now.date() if context.now else None)
    wrong_day = _weekday(m, day, month, year) if m["weekday"] and year else None
    findings = [wrong_day] if wrong_day else []
    country, year_part = context.country, f" {year_text}" if year_text else ""
    month_first = country in MONTH_FIRST
    right, why = None, ""
    if country and day_first is month_first:
        order = "day first" if day_first else "month first"
        right = (
            f"{month_text} {day_text}{',' if year_text else ''}{year_part}"
            if month_first
            else f"{day_text} {month_text}{year_part}"
        )
        why = f"is {order}: the recipient's country ({country}) writes '{right}'"
    elif day_first and m["dm_comma"]:
        right, why = f"{day_text} {month_text}{year_part}", "has no comma before the year"
    elif month_first and not day_first and year_text and not m["md_comma"]:
        right, why = f"{month_text} {day_text},{year_part}", "takes a comma before the year"
    if right:
        message = f"'{written}' {why}"
        findings.append(Finding("dates", Severity.WARNING, message, *span, right))
    return findings


def dates(text: str, context: CheckContext) -> list[Finding]:
    """Every date written with a month's name, checked (see the module's docstring)."""
    return [f for m in _DATE.finditer(text) for f in _checked(m, context)]
