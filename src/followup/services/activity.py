"""Use case: the record of the search over a period (`followup report activity`, the Insights
page's download): the applications with anything in it, read whole in one transaction, then
listed by `domain.activity`. The period is in the profile's time zone."""

from __future__ import annotations

from datetime import date, datetime

from followup.domain.activity import Period, Record, record
from followup.domain.values import zone
from followup.ports import Store


def activity(store: Store, first: date, last: date) -> Record:
    """Everything done in the search from `first` to `last` (both days included), in the
    user's time zone, under the user's name."""
    with store.reading() as repo:
        me = repo.get_profile()
        period = Period(first, last, me.timezone if me else "UTC")
        applications = repo.applications_active(period.start, period.end)
    if me is None:
        return record("", applications, period)
    return record(me.name, applications, period, me.region.country if me.region else None)


def this_month(store: Store, now: datetime) -> tuple[date, date]:
    """The first day of this month and today, in the user's time zone: the period a form
    offers first."""
    with store.reading() as repo:
        me = repo.get_profile()
    today = now.astimezone(zone(me.timezone if me else "UTC")).date()
    return today.replace(day=1), today
