"""The calendar feed, read back by two independent parsers (icalendar and vobject), over a
real store: applications in three zones with steps across a change of summer time, a
snoozed step and nudges cancelled by a decision; steps done, skipped or cancelled stay as
cancelled events for CLOSED_KEPT; SEQUENCE and DTSTAMP come from each step's revision."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from followup import services
from followup.adapters import ics
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.model import (
    OPEN_STATUSES,
    Application,
    Channel,
    Contact,
    DecisionKind,
    Interview,
    Step,
    StepStatus,
)
from followup.domain.values import Region
from followup.ports import RevisedStep
from followup.services.calendar import calendar_feed

PLAYBOOK = default_playbook()
NOW = datetime(2026, 10, 28, 20, 0, tzinfo=UTC)
# London leaves summer time on 25 October 2026, New York on 1 November; Tokyo has none.
INTERVIEWS = [
    ("Acme", "Europe/London", "GB-ENG", datetime(2026, 10, 22, 13, 0)),
    ("Globex", "America/New_York", "US-NY", datetime(2026, 10, 28, 10, 0)),
    ("Initech", "Asia/Tokyo", "JP", datetime(2026, 10, 27, 14, 0)),
]


def record(store: SqlStore, company: str, tz: str, country: str, start: datetime) -> int:
    at = start.replace(tzinfo=ZoneInfo(tz))
    interview = Interview(
        start=at, end=at + timedelta(hours=1), timezone=tz, region=Region.parse(country)
    )
    contact = Contact(name=f"Lead of {company}", email=f"lead@{company.lower()}.example")
    app = Application(company=company, role="Analyst", interviews=(interview,), contacts=(contact,))
    recorded = services.applications.record_interview(store, app, PLAYBOOK, NOW)
    assert recorded.id is not None
    return recorded.id


@pytest.fixture
def store(clocked: SqlStore) -> SqlStore:
    """The store, each change made at `clock.now` (NOW until a test moves it)."""
    return clocked


@pytest.fixture
def plan(store: SqlStore) -> dict[str, int]:
    """Three applications; one step snoozed; Initech's nudges cancelled by a rejection."""
    apps = {company: record(store, company, *rest) for company, *rest in INTERVIEWS}
    thanks = next(s for s in _steps(store, apps["Globex"]) if s.kind == "thank-you")
    assert thanks.id is not None
    services.steps.act(store, thanks.id, services.steps.Snooze(date(2026, 11, 2)), PLAYBOOK, NOW)
    services.applications.decide(store, apps["Initech"], DecisionKind.REJECTED, PLAYBOOK, NOW)
    return apps


def _steps(store: SqlStore, app_id: int) -> tuple[Step, ...]:
    return services.applications.application(store, app_id).steps


def _stored(store: SqlStore, apps: dict[str, int]) -> dict[str, Step]:
    """Every step, by the UID its event must have (all are open, or were closed just now)."""
    return {f"step-{s.id}@followup": s for app_id in apps.values() for s in _steps(store, app_id)}


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _content(event: icalendar.Event) -> bytes:
    """The event as written, without what says which revision it is."""
    revision = (b"SEQUENCE:", b"DTSTAMP:", b"LAST-MODIFIED:")
    return b"\r\n".join(x for x in event.to_ical().split(b"\r\n") if not x.startswith(revision))


def _triggers_count_no_calendar_days(document: bytes) -> bool:
    """RFC 5545 counts days in a duration as calendar days: an alarm offset with days in it
    moves by an hour across a change of summer time. Hours, minutes and seconds are exact."""
    triggers = re.findall(rb"^TRIGGER[^:]*:(.*?)\r$", document, re.M)
    return bool(triggers) and all(re.fullmatch(rb"-?PT(\d+H)?(\d+M)?(\d+S)?", t) for t in triggers)


def test_the_plan_covers_what_the_feed_must_show(store, plan):
    steps = _stored(store, plan).values()
    statuses = {s.status for s in steps}
    assert {StepStatus.PLANNED, StepStatus.SNOOZED, StepStatus.CANCELLED} <= statuses
    assert any(s.earliest.utcoffset() != s.due.utcoffset() for s in steps), "no DST change"
    assert len({s.timezone for s in steps}) == 3


def test_icalendar_reads_one_event_per_open_step_at_the_same_instants(store, plan):
    stored = _stored(store, plan)
    document = calendar_feed(store, NOW)
    assert _triggers_count_no_calendar_days(document)
    cal = icalendar.Calendar.from_ical(document)
    assert str(cal["VERSION"]) == "2.0" and "followup" in str(cal["PRODID"])
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert events.keys() == stored.keys()  # one per open step, plus the cancelled ones
    for uid, event in events.items():
        step = stored[uid]
        start = event.decoded("DTSTART")
        assert _utc(start) == _utc(step.earliest)
        assert str(event["DTSTART"].params.get("TZID", "UTC")) == step.timezone
        assert _utc(step.earliest) < _utc(event.decoded("DTEND")) <= _utc(step.due)
        assert step.kind in str(event["SUMMARY"]) and step.kind in event.categories
        text = str(event["DESCRIPTION"])
        assert step.rationale in text and f"followup draft {step.id}" in text
        assert f"Sources: {', '.join(step.sources)}" in text
        assert event["DTSTAMP"].dt == event["LAST-MODIFIED"].dt == NOW  # when it changed
        cancelled = step.status not in OPEN_STATUSES
        # changed once since it was planned: snoozed, or cancelled by the rejection
        changed = step.status in (StepStatus.SNOOZED, StepStatus.CANCELLED)
        assert int(event["SEQUENCE"]) == (1 if changed else 0), step
        assert str(event["STATUS"]) == ("CANCELLED" if cancelled else "CONFIRMED")
        alarms = event.walk("VALARM")
        assert len(alarms) == (0 if cancelled else 1)
        for alarm in alarms:
            assert _utc(start) + alarm.decoded("TRIGGER") == _utc(step.due) - timedelta(hours=1)
            assert str(alarm["ACTION"]) == "DISPLAY"


def test_every_tzid_has_a_vtimezone_that_gives_the_same_offsets(store, plan):
    stored = _stored(store, plan)
    text = calendar_feed(store, NOW).decode()
    used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
    assert used == {s.timezone for s in stored.values()}
    cal = icalendar.Calendar.from_ical(text)
    zones = {str(tz["TZID"]): tz.to_tz() for tz in cal.walk("VTIMEZONE")}
    assert used <= zones.keys()
    for step in stored.values():
        for moment in (step.earliest, step.due):
            local = moment.astimezone(ZoneInfo(step.timezone)).replace(tzinfo=None)
            assert local.replace(tzinfo=zones[step.timezone]).utcoffset() == moment.utcoffset()


def test_vobject_reads_the_same_events_instants_and_alarms(store, plan):
    stored = _stored(store, plan)
    parsed = vobject.readOne(calendar_feed(store, NOW).decode())
    zones = {str(tz.tzid.value): tz.gettzinfo() for tz in parsed.contents.get("vtimezone", [])}
    events = {e.uid.value: e for e in parsed.vevent_list}
    assert events.keys() == stored.keys()
    for uid, event in events.items():
        step = stored[uid]
        start = event.dtstart.value
        assert _utc(start) == _utc(step.earliest)
        # the file's own VTIMEZONE, read by vobject (which would otherwise guess with pytz)
        own = start.replace(tzinfo=None).replace(tzinfo=zones[step.timezone])
        assert _utc(own) == _utc(step.earliest)
        assert event.status.value == (
            "CANCELLED" if step.status.value == "cancelled" else "CONFIRMED"
        )
        if step.status is not StepStatus.CANCELLED:
            fires = _utc(start) + event.valarm.trigger.value
            assert NOW - timedelta(days=30) < fires < _utc(step.due)


def test_uids_stay_and_events_move_when_steps_are_replanned(store, plan, clock):
    first = icalendar.Calendar.from_ical(calendar_feed(store, NOW))
    call = next(s for s in _steps(store, plan["Acme"]) if s.kind == "check-in-call")
    assert call.id is not None
    later = clock.now = NOW + timedelta(hours=2)
    services.steps.act(store, call.id, services.steps.Snooze(date(2026, 11, 9)), PLAYBOOK, later)
    lead = services.applications.application(store, plan["Globex"]).contacts[0]
    assert lead.id is not None  # a new zone replans every step of Globex
    services.people.edit_contact(store, lead.id, {"timezone": "America/Chicago"}, PLAYBOOK, later)
    second = icalendar.Calendar.from_ical(calendar_feed(store, later))
    before = {str(e["UID"]): e for e in first.walk("VEVENT")}
    after = {str(e["UID"]): e for e in second.walk("VEVENT")}
    assert after.keys() == before.keys() == _stored(store, plan).keys()
    uid = f"step-{call.id}@followup"
    assert after[uid].decoded("DTSTART") > before[uid].decoded("DTSTART")
    moved = {u for u in after if after[u].decoded("DTSTART") != before[u].decoded("DTSTART")}
    globex = {f"step-{s.id}@followup" for s in _steps(store, plan["Globex"])}
    assert uid in moved and moved & globex  # the snoozed call, and Globex's new zone
    changed = {u for u in after if _content(after[u]) != _content(before[u])}
    assert moved <= changed < after.keys()  # Acme's other steps and Initech's stay
    for u in after:  # each event that changed is one revision on, changed then; others as were
        was, now = before[u], after[u]
        assert int(now["SEQUENCE"]) == int(was["SEQUENCE"]) + (u in changed), u
        assert now["DTSTAMP"].dt == (later if u in changed else was["DTSTAMP"].dt), u
        assert now["LAST-MODIFIED"].dt == now["DTSTAMP"].dt


def _events(document: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(document).walk("VEVENT")}


def test_closed_steps_stay_cancelled_without_alarm_for_the_window_then_leave(store, plan, clock):
    before = _events(calendar_feed(store, NOW))
    acme = {s.kind: s for s in _steps(store, plan["Acme"])}
    done, skipped = acme["thank-you"], acme["check-in-call"]
    assert done.id is not None and skipped.id is not None
    closed_at = clock.now = NOW + timedelta(hours=3)
    services.steps.act(store, done.id, services.steps.Complete(), PLAYBOOK, closed_at)
    services.steps.act(store, skipped.id, services.steps.Skip(), PLAYBOOK, closed_at)
    cancelled = {u for u, e in before.items() if str(e["STATUS"]) == "CANCELLED"}  # Initech's
    assert cancelled

    after = _events(calendar_feed(store, closed_at))
    assert before.keys() <= after.keys()  # the same UIDs: nothing left behind in a calendar
    for step, said in [(done, "Done (sent)"), (skipped, "Skipped")]:
        uid = f"step-{step.id}@followup"
        assert before[uid].walk("VALARM") and str(before[uid]["STATUS"]) == "CONFIRMED"
        event = after[uid]
        assert str(event["STATUS"]) == "CANCELLED" and not event.walk("VALARM")
        assert int(event["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
        assert event["DTSTAMP"].dt == closed_at and said in str(event["DESCRIPTION"])
        assert event.decoded("DTSTART") == before[uid].decoded("DTSTART")

    def uids_at(moment: datetime) -> set[str]:
        return set(_events(calendar_feed(store, moment)))

    kept = ics.CLOSED_KEPT
    gone = {f"step-{done.id}@followup", f"step-{skipped.id}@followup"}
    assert uids_at(NOW + kept) == after.keys()  # the nudges cancelled at NOW: still there
    assert uids_at(NOW + kept + timedelta(seconds=1)) == after.keys() - cancelled
    assert uids_at(closed_at + kept) == after.keys() - cancelled
    assert uids_at(closed_at + kept + timedelta(seconds=1)) == after.keys() - cancelled - gone


def test_a_reopened_step_rings_again_one_revision_on(store, plan, clock):
    thanks = next(s for s in _steps(store, plan["Acme"]) if s.kind == "thank-you")
    assert thanks.id is not None
    uid = f"step-{thanks.id}@followup"
    clock.now = NOW + timedelta(hours=1)
    services.steps.act(store, thanks.id, services.steps.Complete(), PLAYBOOK, clock.now)
    closed = _events(calendar_feed(store, clock.now))[uid]
    clock.now = NOW + timedelta(hours=2)
    services.steps.act(store, thanks.id, services.steps.Reopen(), PLAYBOOK, clock.now)
    opened = _events(calendar_feed(store, clock.now))[uid]
    assert str(closed["STATUS"]) == "CANCELLED" and str(opened["STATUS"]) == "CONFIRMED"
    assert int(opened["SEQUENCE"]) == int(closed["SEQUENCE"]) + 1 == 2
    assert len(opened.walk("VALARM")) == 1 and opened["DTSTAMP"].dt == clock.now


def test_the_same_data_is_the_same_bytes_with_zones_in_order(store, plan):
    first = calendar_feed(store, NOW)
    assert calendar_feed(store, NOW + timedelta(days=2)) == first  # the export time is not in it
    zones = [str(tz["TZID"]) for tz in icalendar.Calendar.from_ical(first).walk("VTIMEZONE")]
    assert zones == sorted(zones) and len(zones) == 3
    cal = icalendar.Calendar.from_ical(first)
    assert cal["REFRESH-INTERVAL"].to_ical() == b"PT1H"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in first
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in first


AT = datetime(2027, 3, 26, 16, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def _step(**changes: Any) -> Step:
    made = Step(kind="thank-you", channel=Channel.EMAIL, earliest=AT, due=AT, id=9)
    return dataclasses.replace(made, **changes)


def _revised(*steps: Step, revision: int = 3) -> list[RevisedStep]:
    return [RevisedStep(s, revision, NOW) for s in steps]


def test_short_windows_end_at_due_and_alarm_before_they_start():
    short = _step(due=AT + timedelta(minutes=20))
    instant = _step(id=10)
    review = _step(id=None, kind="pipeline-review")
    done = _step(id=11, status=StepStatus.DONE, outcome="sent", done_at=AT)
    skipped = _step(id=12, status=StepStatus.SKIPPED, done_at=AT)
    given = _revised(short, instant, review, done, skipped)
    cal = icalendar.Calendar.from_ical(ics.calendar(given, {}))
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert events.keys() == {f"step-{n}@followup" for n in (9, 10, 11, 12)}  # stored ones
    assert events["step-9@followup"].decoded("DTEND") == short.due
    assert "DTEND" not in events["step-10@followup"]
    assert events["step-9@followup"].walk("VALARM")[0]["TRIGGER"].to_ical() == b"-PT40M"
    assert str(events["step-9@followup"]["SUMMARY"]) == "thank-you: email"
    for uid, said in [("step-11@followup", "Done (sent)"), ("step-12@followup", "Skipped")]:
        assert str(events[uid]["STATUS"]) == "CANCELLED" and not events[uid].walk("VALARM")
        assert said in str(events[uid]["DESCRIPTION"])
    assert {int(e["SEQUENCE"]) for e in events.values()} == {3}


def test_sequence_and_stamp_come_from_the_revision_and_the_last_change():
    step = _step()
    huge = RevisedStep(step, 2**40, None)  # RFC 5545's INTEGER ends at 2**31 - 1
    [event] = icalendar.Calendar.from_ical(ics.calendar([huge], {})).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 2**31 - 1
    assert event["DTSTAMP"].dt == ics.UNKNOWN_CHANGE  # a row an older export brought
    done = RevisedStep(dataclasses.replace(step, status=StepStatus.DONE, done_at=AT), 1, None)
    [event] = icalendar.Calendar.from_ical(ics.calendar([done], {})).walk("VEVENT")
    assert event["DTSTAMP"].dt == AT.astimezone(UTC)


def test_an_empty_plan_is_an_empty_calendar_both_parsers_read():
    document = ics.calendar([], {})
    assert ics.events(document) == 0
    assert not icalendar.Calendar.from_ical(document).walk("VEVENT")
    assert not vobject.readOne(document.decode()).contents.get("vevent")
