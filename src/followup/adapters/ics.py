"""Steps as an iCalendar feed (RFC 5545, through `icalendar`): one VEVENT per open step, and
cancelled steps kept as STATUS:CANCELLED so calendars subscribed to the feed drop them.

- UID `step-{id}@followup`: a step keeps its id when it is replanned, so its event is replaced.
- DTSTAMP, LAST-MODIFIED and SEQUENCE come from the export time `now` (SEQUENCE: seconds
  since 2020-01-01 UTC). Nothing in a stored step grows each time it changes (replanning can
  move a step earlier; a paused nudge can be planned again), so every export re-issues every
  event with a higher SEQUENCE: importing a newer file, or polling the feed, always replaces
  the old events.
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

from followup.domain.model import Channel, Step, StepStatus
from followup.domain.values import zone

EXPORTED = frozenset({StepStatus.PLANNED, StepStatus.SNOOZED, StepStatus.CANCELLED})
LENGTH = timedelta(minutes=30)
ALARM_BEFORE_DUE = timedelta(hours=1)
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
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
    if step.status is StepStatus.CANCELLED:
        why = step.outcome or "cancelled"
        lines.append(why[:1].upper() + why[1:])
    lines.append(f"Due: {due:%a %d %b %Y %H:%M} ({step.timezone})")
    if step.sources:
        lines.append(f"Sources: {', '.join(step.sources)}")
    lines.append(f"Draft: {draft(step.id)}")
    return "\n".join(lines).strip()


def event(step: Step, company: str | None, now: datetime, draft: Callable[[int], str]) -> Event:
    tz = zone(step.timezone)
    start, due = step.earliest.astimezone(UTC), step.due.astimezone(UTC)
    stamp = now.astimezone(UTC).replace(microsecond=0)
    cancelled = step.status is StepStatus.CANCELLED
    made = Event()
    made.add("uid", f"step-{step.id}@followup")
    made.add("dtstamp", stamp)
    made.add("last-modified", stamp)
    made.add("sequence", sequence(now))
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


def sequence(now: datetime) -> int:
    """Seconds since 2020 at export time: grows with every export, fits RFC 5545's integer."""
    return max(0, min(int((now - SEQUENCE_EPOCH).total_seconds()), 2**31 - 1))


def exported(steps: Iterable[Step]) -> list[Step]:
    """The steps that become events: stored (with an id), open or cancelled, in time order."""
    chosen = [s for s in steps if s.id is not None and s.status in EXPORTED]
    return sorted(chosen, key=lambda s: (s.earliest, s.id or 0))


def calendar(
    steps: Iterable[Step],
    companies: Mapping[int, str],
    now: datetime,
    draft: Callable[[int], str] = draft_command,
) -> bytes:
    """The iCalendar text of `steps` (`companies` by application id name the employers);
    `draft(step_id)` says where the draft is: the command by default, a link on the web."""
    chosen = exported(steps)
    cal = Calendar()
    cal.add("prodid", "-//followup//followup calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", "followup")
    cal.add("x-wr-calname", "followup")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for step in chosen:
        company = companies.get(step.application_id) if step.application_id else None
        cal.add_component(event(step, company, now, draft))
    if chosen:
        first = min(s.earliest for s in chosen).date()
        last = max(s.due for s in chosen).date()
        cal.add_missing_timezones(
            first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1)
        )
    return bytes(cal.to_ical())


def events(document: bytes) -> int:
    """How many VEVENTs an exported document holds (values never start a line: newlines in
    text are escaped, and folded lines go on with a space)."""
    return document.count(b"\r\nBEGIN:VEVENT\r\n")
