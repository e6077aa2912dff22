"""Steps as an iCalendar feed (RFC 5545, through `icalendar`): one VEVENT per open step, and
one per step closed lately (done, skipped or cancelled), as STATUS:CANCELLED without an alarm,
so that a calendar which imported the step earlier, on importing or polling again, replaces
its event (same UID, higher SEQUENCE) by one that is cancelled and rings no more: khal keeps
it, shown CANCELLED and without an alarm (tests/e2e/test_cli_calendar.py). A step closed more
than `CLOSED_KEPT` ago is left out: a calendar that looks at the plan at least that often has
had its cancellation (and one subscribed to the feed drops an event that leaves it).

- UID `step-{id}@followup`: a step keeps its id when it is replanned, so its event is replaced.
- SEQUENCE is the step's revision, which storage moves on by one each time the step changes
  (its time, status, channel, recipients...): a newer event always has a higher one.
- DTSTAMP and LAST-MODIFIED are when the step last changed (RFC 5545: without a METHOD,
  DTSTAMP is when the event was last revised in the calendar store), never the export time:
  two exports of the same data are the same bytes (VTIMEZONEs come sorted by TZID), so the
  feed's ETag stays until something changes.
- DTSTART is `earliest` in the step's zone (TZID, with a VTIMEZONE for every zone used);
  DTEND is 30 minutes later, or `due` if that comes first (left out when due == earliest).
- The VALARM fires an hour before `due`, as an offset from DTSTART written in hours and
  minutes only: RFC 5545 counts days in a duration as calendar days, which would move the
  alarm by an hour across a change to or from summer time.
- TRANSP:TRANSPARENT: a reminder does not make the user busy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

from followup.domain.model import OPEN_STATUSES, Channel, Step, StepStatus
from followup.domain.values import zone
from followup.ports import RevisedStep

CLOSED_KEPT = timedelta(days=30)  # how long a closed step stays in the feed, cancelled
LENGTH = timedelta(minutes=30)
ALARM_BEFORE_DUE = timedelta(hours=1)
REFRESH = timedelta(hours=1)  # how often a subscribed calendar is asked to look again
UNKNOWN_CHANGE = datetime(2020, 1, 1, tzinfo=UTC)  # DTSTAMP of a step whose change time is lost
LARGEST_SEQUENCE = 2**31 - 1  # RFC 5545's INTEGER
CLOSED = {StepStatus.DONE: "done", StepStatus.SKIPPED: "skipped"}
VERBS = {
    Channel.EMAIL: "email",
    Channel.PHONE: "call",
    Channel.VOICEMAIL: "call",
    Channel.LETTER: "write to",
    Channel.IN_PERSON: "meet",
    Channel.OTHER: "contact",
}


def draft_command(step_id: int) -> str:
    return f"followup draft {step_id}"


class ExactDuration(vDuration):
    """A duration written in hours, minutes and seconds only (`PT55H`, never `P2DT7H`)."""

    def to_ical(self) -> bytes:
        seconds = int(self.td.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        parts = [(hours, "H"), (minutes, "M"), (seconds, "S")]
        text = "".join(f"{n}{unit}" for n, unit in parts if n) or "0S"
        return f"{sign}PT{text}".encode()


def summary(step: Step, company: str | None) -> str:
    """E.g. `thank-you: email Priya Shah (Acme)`."""
    names = ", ".join(r.name for r in step.recipients)
    action = f"{VERBS[step.channel]} {names}" if names else step.channel.value
    return f"{step.kind}: {action}" + (f" ({company})" if company else "")


def description(step: Step, draft: Callable[[int], str]) -> str:
    assert step.id is not None
    due = step.due.astimezone(zone(step.timezone))
    lines = [step.rationale.strip(), ""]
    if step.status not in OPEN_STATUSES:
        why = step.outcome or "cancelled"
        if step.status in CLOSED:
            why = CLOSED[step.status] + (f" ({step.outcome})" if step.outcome else "")
        lines.append(why[:1].upper() + why[1:])
    lines.append(f"Due: {due:%a %d %b %Y %H:%M} ({step.timezone})")
    if step.sources:
        lines.append(f"Sources: {', '.join(step.sources)}")
    lines.append(f"Draft: {draft(step.id)}")
    return "\n".join(lines).strip()


def last_change(revised: RevisedStep) -> datetime:
    """When the step last changed, to the second in UTC: as stored, else when it was done or
    skipped, else (a row an older export brought) a fixed moment in the past."""
    moment = revised.changed_at or revised.step.done_at or UNKNOWN_CHANGE
    return moment.astimezone(UTC).replace(microsecond=0)


def event(revised: RevisedStep, company: str | None, draft: Callable[[int], str]) -> Event:
    step = revised.step
    tz = zone(step.timezone)
    start, due = step.earliest.astimezone(UTC), step.due.astimezone(UTC)
    stamp = last_change(revised)
    cancelled = step.status not in OPEN_STATUSES
    made = Event()
    made.add("uid", f"step-{step.id}@followup")
    made.add("dtstamp", stamp)
    made.add("last-modified", stamp)
    made.add("sequence", min(max(revised.revision, 0), LARGEST_SEQUENCE))
    made.add("dtstart", start.astimezone(tz))
    if due > start:
        made.add("dtend", min(start + LENGTH, due).astimezone(tz))
    made.add("summary", summary(step, company))
    made.add("description", description(step, draft))
    made.add("categories", [step.kind])
    made.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    made.add("transp", "TRANSPARENT")
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        due_at = f"{step.due.astimezone(tz):%H:%M}"
        alarm.add("description", f"Due at {due_at}: {summary(step, company)}")
        alarm.add("trigger", ExactDuration(due - ALARM_BEFORE_DUE - start))
        made.add_component(alarm)
    return made


def exported(steps: Iterable[RevisedStep]) -> list[RevisedStep]:
    """The steps that become events: those stored (with an id), in time order. Which are
    given (the open ones and those closed within CLOSED_KEPT) is the caller's choice."""
    chosen = [r for r in steps if r.step.id is not None]
    return sorted(chosen, key=lambda r: (r.step.earliest, r.step.id or 0))


def calendar(
    steps: Iterable[RevisedStep],
    companies: Mapping[int, str],
    draft: Callable[[int], str] = draft_command,
) -> bytes:
    """The iCalendar text of `steps` (`companies` by application id name the employers);
    `draft(step_id)` says where the draft is: the command by default, a link on the web.
    The same steps give the same bytes."""
    chosen = exported(steps)
    cal = Calendar()
    cal.add("prodid", "-//followup//followup calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", "followup")
    cal.add("x-wr-calname", "followup")
    cal.add("refresh-interval", ExactDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", ExactDuration(REFRESH))
    for revised in chosen:
        step = revised.step
        company = companies.get(step.application_id) if step.application_id else None
        cal.add_component(event(revised, company, draft))
    if chosen:
        first = min(r.step.earliest for r in chosen).date()
        last = max(r.step.due for r in chosen).date()
        cal.add_missing_timezones(
            first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1)
        )
    # add_missing_timezones adds them in the order of a set: sorted, two exports are the same
    zones = sorted(cal.walk("VTIMEZONE"), key=lambda tz: str(tz["TZID"]))
    others = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    cal.subcomponents[:] = [*zones, *others]
    return bytes(cal.to_ical())


def events(document: bytes) -> int:
    """How many VEVENTs an exported document holds (values never start a line: newlines in
    text are escaped, and folded lines go on with a space)."""
    return document.count(b"\r\nBEGIN:VEVENT\r\n")
