"""From an application's state to its dated steps: `plan(application, playbook, now, home)`.

Pure and deterministic. Every event (interview recorded, touch logged, step done, skipped or
snoozed, decision) replans: the steps wanted now are computed from the state and merged with
the stored ones by key, so done and skipped steps never change, a snoozed step keeps the
window the user chose, and nudges that a decision or a reply stops are kept as cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from followup.domain.errors import Conflict, InvalidInput
from followup.domain.model import (
    ACTIVE_STAGES,
    AUTO_REPLY,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    Recipient,
    Relation,
    Source,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.playbook import NUDGES, Playbook, Rule
from followup.domain.values import Region, check_day, zone
from followup.domain.vocabulary import EMPLOYER_SIDE
from followup.domain.workdays import WorkCalendar, calendar

OUTCOMES = ("reached", "voicemail", "no-answer", "call-back", "sent")
CALL_OUTCOMES = ("reached", "voicemail", "no-answer", "call-back")
RESUMED = "resumed"  # a touch's outcome: the user went on after a reply without answering it
PAUSED = "paused: the employer replied"
STOPPED = "cancelled: a decision arrived"


@dataclass(frozen=True, slots=True)
class Home:
    """The user's own region and zone: the fallback for recipients without their own."""

    region: Region | None = None
    timezone: str = "UTC"


@dataclass(frozen=True, slots=True)
class _Where:
    """A recipient's working-day calendar and time zone."""

    cal: WorkCalendar
    tz: ZoneInfo
    zone_name: str


def where(contact: Contact | None, interview: Interview | None, home: Home) -> _Where:
    """A recipient's calendar and zone: their own, else the interview's for the employer's
    people, else the user's."""
    employer = contact is not None and contact.relation in EMPLOYER_SIDE and interview is not None
    region = (contact.region if contact else None) or (
        interview.region if employer and interview else None
    )
    name = (contact.timezone if contact else None) or (
        interview.timezone if employer and interview else None
    )
    return _where_of(region or home.region, name or home.timezone)


@lru_cache(maxsize=4096)
def _where_of(region: Region | None, zone_name: str) -> _Where:
    return _Where(calendar(region), zone(zone_name), zone_name)


def _recipient(contact: Contact) -> Recipient:
    return Recipient(
        name=contact.name,
        relation=contact.relation,
        title=contact.title,
        email=contact.email,
        contact_id=contact.id,
    )


def _channel(rule: Rule, contact: Contact | None) -> Channel:
    """The rule's first channel this recipient can be reached through."""
    for channel in rule.channels:
        if channel is Channel.EMAIL and not (contact and contact.email):
            continue
        if channel is Channel.PHONE and not (contact and contact.phone):
            continue
        return channel
    return rule.channels[-1]


class _Planner:
    """One application's wanted steps. Built per call; holds the shared lookups."""

    def __init__(self, app: Application, pb: Playbook, home: Home) -> None:
        self.app, self.pb, self.home, self.hours = app, pb, home, pb.hours
        self.interview = app.latest_interview
        self.history = [s for s in app.steps if s.status in CLOSED_STATUSES]
        self._recipients = {id(c): _recipient(c) for c in app.contacts}
        self._by_relation: dict[Relation, list[Contact]] = {}
        for contact in app.contacts:
            self._by_relation.setdefault(contact.relation, []).append(contact)
        interviewers = self.people(Relation.INTERVIEWER)
        self.lead = interviewers[0] if interviewers else next(iter(self.people(Relation.HR)), None)

    def recipient(self, contact: Contact) -> Recipient:
        return self._recipients.get(id(contact)) or _recipient(contact)

    def people(self, relation: Relation) -> list[Contact]:
        return list(self._by_relation.get(relation, ()))

    def step(
        self,
        kind: str,
        key: str,
        to: list[Contact],
        earliest: datetime,
        due: datetime,
        at: _Where,
        channel: Channel | None = None,
    ) -> Step:
        rule = self.pb.rules[kind]
        floor = at.cal.end_of(earliest.date(), at.tz, self.hours)
        return Step(
            kind=kind,
            channel=channel or _channel(rule, to[0] if to else None),
            earliest=earliest,
            due=due if due >= floor else floor,
            recipients=tuple([self.recipient(c) for c in to]),
            rationale=rule.rationale,
            sources=rule.sources,
            timezone=at.zone_name,
            key=key,
            application_id=self.app.id,
        )

    def after(self, kind: str, moment: datetime, to: list[Contact], key: str) -> Step:
        """A step that may start `earliest` hours after `moment` (moved into working hours)
        and is due at the end of working day `due` counted from `moment`'s day."""
        numbers = self.pb.rules[kind].numbers
        at = where(to[0] if to else None, self.interview, self.home)
        cal, tz, hours = at.cal, at.tz, self.hours
        earliest = cal.next_working_moment(moment + timedelta(hours=numbers["earliest"]), tz, hours)
        due = cal.end_of(cal.working_day(moment.astimezone(tz).date(), numbers["due"]), tz, hours)
        return self.step(kind, key, to, earliest, due, at)

    # -- after the interview ------------------------------------------------------------

    def courtesy(self, interview: Interview) -> list[Step]:
        end, i = interview.end, f"i{interview.id}"
        steps: list[Step] = []
        if self.pb.enabled("thank-you"):
            interviewers = self.people(Relation.INTERVIEWER)
            hr = self.people(Relation.HR)
            if interviewers:
                for person in interviewers:
                    key = f"thank-you:{i}:c{person.id}"
                    steps.append(self.after("thank-you", end, [person, *hr], key))
            elif hr:
                steps.append(self.after("thank-you", end, hr, f"thank-you:{i}:c{hr[0].id}"))
            else:
                steps.append(self.after("thank-you", end, [], f"thank-you:{i}"))
            helpers = self.people(Relation.HELPER) + self.people(Relation.RECRUITER)
            for person in helpers:
                key = f"thank-you:{i}:c{person.id}"
                steps.append(self.after("thank-you", end, [person], key))
        if self.pb.enabled("send-promised"):
            for promise in self.app.promises:
                if not promise.done:
                    to = self.named(promise.to)
                    key = f"send-promised:p{promise.id}"
                    steps.append(self.after("send-promised", end, to, key))
        for kind, relation in (
            ("reference-heads-up", Relation.REFERENCE),
            ("referral-outreach", Relation.REFERRAL),
        ):
            if self.pb.enabled(kind):
                for person in self.people(relation):
                    steps.append(self.after(kind, end, [person], f"{kind}:{i}:c{person.id}"))
        if self.pb.enabled("agency-update") and self.app.source is Source.AGENCY:
            agency = [
                c for c in self.people(Relation.RECRUITER) if c.organisation != self.app.company
            ]
            for person in agency:
                key = f"agency-update:{i}:c{person.id}"
                steps.append(self.after("agency-update", end, [person], key))
        return steps

    def named(self, name: str) -> list[Contact]:
        wanted = " ".join(name.split()).casefold()
        matches = [c for c in self.app.contacts if " ".join(c.name.split()).casefold() == wanted]
        return matches[:1] or ([self.lead] if self.lead else [])

    # -- nudges ---------------------------------------------------------------------------

    def last_contact(self) -> datetime | None:
        """The latest touch either way (an auto-reply aside), or the latest nudge done or
        skipped: the clock that spaces nudges."""
        moments = [t.at for t in self.app.touches if t.outcome != AUTO_REPLY]
        moments += [s.done_at for s in self.history if s.kind in NUDGES and s.done_at]
        return max(moments, default=None)

    def paused(self) -> bool:
        """The employer replied and the user has not acted since."""
        return bool(unanswered(self.app))

    def spaced(self, earliest: datetime, at: _Where, gap_days: int) -> datetime:
        """`earliest`, or later if a contact happened less than `gap_days` before it."""
        last = self.last_contact()
        if last is None:
            return earliest
        clock = at.cal.next_working_moment(last + timedelta(days=gap_days), at.tz, self.hours)
        return max(earliest, clock)

    def first_nudge(self, interview: Interview, at: _Where) -> tuple[date, int, bool]:
        """The day the check-in call starts, its window in working days, and whether the
        employer set that day (a date to be contacted on, a later decision date): then no
        nudge comes before it."""
        rule = self.pb.rule("check-in-call")
        first = interview.end.astimezone(at.tz).date()
        window = rule["due"] - rule["earliest"]
        if interview.contact_on is not None:
            return at.cal.on_or_after(interview.contact_on), 0, True
        if interview.decision_by is not None and interview.decision_by > at.cal.working_day(
            first, rule["earliest"]
        ):
            return at.cal.working_day(interview.decision_by, 1), window, True
        return at.cal.working_day(first, rule["earliest"]), window, False

    def check_in(self, interview: Interview) -> Step | None:
        rule = self.pb.rule("check-in-call")
        key = f"check-in-call:i{interview.id}"
        if not rule.enabled or any(s.key == key for s in self.history):
            return None
        to = [self.lead] if self.lead else []
        at = where(self.lead, interview, self.home)
        cal, tz, hours = at.cal, at.tz, self.hours
        day, window, _ = self.first_nudge(interview, at)
        # Never before the interview is over (a date to be contacted on may be its own day).
        start = cal.start_of(day, tz, hours)
        start = max(start, cal.next_working_moment(interview.end, tz, hours))
        earliest = self.spaced(start, at, self.pb.gap)
        day = earliest.date()
        due = cal.end_of(cal.working_day(day, window), tz, hours)
        return self.step("check-in-call", key, to, earliest, due, at, Channel.PHONE)

    def keep_in_touch(self, interview: Interview) -> Step | None:
        rule = self.pb.rule("keep-in-touch")
        check_in = f"check-in-call:i{interview.id}"
        if not rule.enabled:
            return None
        if self.pb.enabled("check-in-call") and not any(s.key == check_in for s in self.history):
            return None
        done = [s for s in self.history if s.kind == "keep-in-touch"]
        if len(done) >= rule["count"]:
            return None
        nudges = sorted(
            (s for s in self.history if s.kind in NUDGES),
            key=lambda s: s.done_at or s.due,
        )
        at = where(self.lead, interview, self.home)
        anchor = self.last_contact() or interview.end
        days = max(rule["earliest"], self.pb.gap)
        earliest = at.cal.next_working_moment(anchor + timedelta(days=days), at.tz, self.hours)
        day, _, employer = self.first_nudge(interview, at)
        if employer:  # the check-in was closed early: still nothing before the employer's date
            earliest = max(earliest, at.cal.start_of(day, at.tz, self.hours))
        due_day = at.cal.working_day(earliest.astimezone(at.tz).date(), rule["due"])
        due = at.cal.end_of(due_day, at.tz, self.hours)
        rotation = rule.channels
        last = nudges[-1].channel if nudges else None
        channel = (
            rotation[(rotation.index(last) + 1) % len(rotation)]
            if last in rotation
            else rotation[0]
        )
        to = [self.lead] if self.lead else []
        key = f"keep-in-touch:{len(done) + 1}"
        return self.step("keep-in-touch", key, to, earliest, due, at, channel)

    # -- after a decision ---------------------------------------------------------------

    def after_decision(self, decision: Decision) -> list[Step]:
        steps: list[Step] = []
        lead = [self.lead] if self.lead else []
        if decision.kind is DecisionKind.REJECTED:
            if self.pb.enabled("feedback-request"):
                steps.append(self.after("feedback-request", decision.at, lead, "feedback-request"))
            if self.pb.enabled("stay-in-touch"):
                steps.append(self.stay_in_touch(decision, lead))
        return steps

    def stay_in_touch(self, decision: Decision, lead: list[Contact]) -> Step:
        rule = self.pb.rule("stay-in-touch")
        at = where(lead[0] if lead else None, self.interview, self.home)
        day = at.cal.on_or_after(
            _add_months(decision.at.astimezone(at.tz).date(), rule["earliest"])
        )
        earliest = at.cal.start_of(day, at.tz, self.hours)
        due = at.cal.end_of(at.cal.working_day(day, rule["due"]), at.tz, self.hours)
        return self.step("stay-in-touch", "stay-in-touch", lead, earliest, due, at)

    def thank_references(self) -> list[Step]:
        won = [d for d in self.app.decisions if d.kind in (DecisionKind.OFFER, DecisionKind.HIRED)]
        if not won or not self.pb.enabled("thank-references"):
            return []
        return [
            self.after("thank-references", won[0].at, [person], f"thank-references:c{person.id}")
            for person in self.people(Relation.REFERENCE)
        ]

    def wanted(self) -> tuple[list[Step], str | None]:
        """The steps the state calls for, and why nudges are off (None when they are on)."""
        steps: list[Step] = []
        decided = bool(self.app.decisions) or self.app.stage not in ACTIVE_STAGES
        stop = STOPPED if decided else (PAUSED if self.paused() else None)
        if self.interview is not None:
            steps += self.courtesy(self.interview)
            if stop is None:
                nudge = self.check_in(self.interview) or self.keep_in_touch(self.interview)
                if nudge is not None:
                    steps.append(nudge)
        rejection = next((d for d in self.app.decisions if d.kind is DecisionKind.REJECTED), None)
        if rejection is not None:
            steps += self.after_decision(rejection)
        steps += self.thank_references()
        return steps, stop


def unanswered(application: Application) -> tuple[Touch, ...]:
    """The employer's replies the user has not acted on: touches in (auto-replies aside) with no
    act of the user after them: a touch out (an answer, or going on without one: `resume`'s
    touch, outcome `resumed`), a step done or skipped, a decision. While there are any, nudges
    are paused (a decision stops them anyway)."""
    acts = [t.at for t in application.touches if t.direction is Direction.OUT]
    acts += [s.done_at for s in application.steps if s.status in CLOSED_STATUSES and s.done_at]
    acts += [d.at for d in application.decisions]
    last = max(acts, default=None)
    return tuple(
        t
        for t in application.touches
        if t.direction is Direction.IN
        and t.outcome != AUTO_REPLY
        and (last is None or t.at >= last)
    )


def plan(
    application: Application, playbook: Playbook, now: datetime, home: Home = Home()
) -> tuple[Step, ...]:
    """The application's steps: the stored history as it is, the rest as the state wants it."""
    del now  # the plan depends on recorded events only, so it is the same whenever asked
    planner = _Planner(application, playbook.with_settings(application.settings), home)
    wanted, stop = planner.wanted()
    return _merge(application.steps, wanted, stop)


def _merge(stored: tuple[Step, ...], wanted: list[Step], stop: str | None) -> tuple[Step, ...]:
    history = [s for s in stored if s.status in CLOSED_STATUSES]
    closed = {s.key for s in history}
    open_steps = {s.key: s for s in stored if s.status not in CLOSED_STATUSES}
    result = list(history)
    for step in wanted:
        if step.key in closed:
            continue
        old = open_steps.pop(step.key, None)
        if old is not None:
            if old.status is StepStatus.SNOOZED or old.outcome == "no-answer":
                step = replace(
                    step,
                    status=old.status,
                    earliest=old.earliest,
                    due=old.due,
                    channel=old.channel,
                    outcome=old.outcome,
                    timezone=old.timezone,
                )
            step = replace(step, id=old.id, draft=old.draft)
        result.append(step)
    for old in open_steps.values():
        if old.status is StepStatus.CANCELLED:
            result.append(old)
        elif old.kind in NUDGES and stop is not None:
            result.append(replace(old, status=StepStatus.CANCELLED, outcome=stop))
        # any other step whose reason is gone (a contact's relation changed) is dropped
    return tuple(sorted(result, key=lambda s: (s.earliest, s.due, s.key)))


# -- the user's actions on one step ------------------------------------------------------


def _open(step: Step) -> None:
    if step.status not in (StepStatus.PLANNED, StepStatus.SNOOZED):
        raise Conflict(f"step {step.id} is already {step.status.value}")


def _step_where(application: Application, step: Step, home: Home) -> _Where:
    """The calendar the step was planned in: its first recipient's (others are copied)."""
    first = step.recipients[0].contact_id if step.recipients else None
    contact = next((c for c in application.contacts if c.id == first), None)
    return where(contact, application.latest_interview, home)


def _day(moment: datetime | date) -> str:
    """`Tue 1 Dec 2026`: a day as people write it."""
    return f"{moment:%a} {moment.day} {moment:%b %Y}"


def _wall(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """`wall` on `day` in `tz`; a wall time the clocks skip moves forward by the gap."""
    return datetime.combine(day, wall, tzinfo=tz).astimezone(UTC).astimezone(tz)


def in_zone(moment: datetime, zone_name: str) -> str:
    """`Tue 29 Dec 2026 09:00 (Europe/London)`: a moment as its recipient's clock shows it."""
    local = moment.astimezone(zone(zone_name))
    return f"{_day(local)} {local:%H:%M} ({zone_name})"


def opens_later(step: Step, now: datetime) -> str | None:
    """For an open step whose window has not opened yet (done now, it is done early: the CLI
    and the web ask first), what to say of it; else None."""
    if step.status not in OPEN_STATUSES or now >= step.earliest:
        return None
    return f"step {step.id} ({step.kind}) may start only on {in_zone(step.earliest, step.timezone)}"


@dataclass(frozen=True, slots=True)
class CallBack:
    """The moment agreed on a call to call back: a day, and a time of day in the recipient's
    zone (None: the start of their working hours)."""

    on: date
    at: time | None = None

    def __post_init__(self) -> None:
        check_day(self.on, "the day to call back on")
        if self.at is not None and self.at.tzinfo is not None:
            raise InvalidInput("the time to call back at is a wall-clock time, without a zone")


def complete(
    application: Application,
    step: Step,
    outcome: str | None,
    now: datetime,
    playbook: Playbook,
    home: Home = Home(),
    call_back: CallBack | None = None,
) -> Step:
    """The step done with `outcome`, at `now` (when it really was: done before its window
    opens, it is still done now). A check-in call with no answer (and no way to leave a message)
    becomes an email due the next working day: the same nudge, not a second one, never due
    before the call's own window. A call that ends "call back on DATE" (`call_back`) is the same
    nudge, moved to that moment."""
    _open(step)
    if outcome is not None and outcome not in OUTCOMES:
        raise InvalidInput(f"unknown outcome {outcome!r} (choose one of: {', '.join(OUTCOMES)})")
    if outcome in CALL_OUTCOMES and step.channel is not Channel.PHONE:
        # The step's state (its channel) does not fit: a conflict, as in the API's 409.
        raise Conflict(f"outcome {outcome!r} is for calls; step {step.id} is {step.channel}")
    if (outcome == "call-back") != (call_back is not None):
        raise InvalidInput(
            "a call-back needs the day agreed"
            if call_back is None
            else "a day to call back on goes with the outcome call-back only"
        )
    pb = playbook.with_settings(application.settings)
    if call_back is not None:
        return _called_back(application, step, call_back, now, pb, home)
    if outcome == "no-answer":
        at = _step_where(application, step, home)
        # Tried before the window opened: the email belongs to the window all the same.
        base = max(now, step.earliest).astimezone(at.tz)
        earliest = at.cal.next_working_moment(base, at.tz, pb.hours)
        day = at.cal.working_day(base.date(), pb.rule("check-in-call")["retry"])
        due = max(
            at.cal.end_of(day, at.tz, pb.hours), at.cal.end_of(earliest.date(), at.tz, pb.hours)
        )
        has_email = any(r.email for r in step.recipients)
        return replace(
            step,
            channel=Channel.EMAIL if has_email else Channel.LETTER,
            outcome="no-answer",
            earliest=earliest,
            due=due,
            status=StepStatus.PLANNED,
        )
    chosen = outcome or ("reached" if step.channel is Channel.PHONE else "sent")
    return replace(step, status=StepStatus.DONE, outcome=chosen, done_at=now)


def _called_back(
    application: Application,
    step: Step,
    back: CallBack,
    now: datetime,
    pb: Playbook,
    home: Home,
) -> Step:
    """The same call, at the moment agreed in the recipient's zone: on the first of their
    working days on or after the day given, at the time given (else when their working hours
    start); due that day's end (or at the time given, when later). Kept across replans as a
    snooze is."""
    at = _step_where(application, step, home)
    day = at.cal.on_or_after(back.on)
    moment = _wall(day, back.at or pb.hours.start, at.tz)
    if moment <= now:
        raise Conflict(
            f"the call-back on {in_zone(moment, at.zone_name)} is not in the future: give a "
            "later day or time"
        )
    return replace(
        step,
        status=StepStatus.SNOOZED,
        outcome="call-back",
        earliest=moment,
        due=max(at.cal.end_of(day, at.tz, pb.hours), moment),
    )


def skip(step: Step, now: datetime) -> Step:
    _open(step)
    return replace(step, status=StepStatus.SKIPPED, done_at=now)


def snooze(
    application: Application,
    step: Step,
    until: date,
    now: datetime,
    playbook: Playbook,
    home: Home = Home(),
) -> Step:
    """The step moved to the first of its recipient's working days on or after `until`, due
    that day's end. A snooze postpones: a day in the past, or before the day the step may start
    (not before the interview, a thank-you not within its hours of it, a nudge not inside the
    gap), is refused; on the day it may start, it starts no earlier than it already may."""
    _open(step)
    check_day(until, "the date to snooze until")
    hours = playbook.with_settings(application.settings).hours
    at = _step_where(application, step, home)
    earliest = step.earliest.astimezone(at.tz)
    today = now.astimezone(at.tz).date()
    if until < today:
        raise Conflict(
            f"cannot snooze step {step.id} until {_day(until)}: that day is past "
            f"(today is {_day(today)} in {at.zone_name})"
        )
    if until < earliest.date():
        raise Conflict(
            f"cannot snooze step {step.id} until {_day(until)}: a snooze only postpones, and "
            f"it may not start before {in_zone(earliest, at.zone_name)}"
        )
    day = at.cal.on_or_after(until)
    return replace(
        step,
        status=StepStatus.SNOOZED,
        earliest=max(at.cal.start_of(day, at.tz, hours), earliest),
        due=at.cal.end_of(day, at.tz, hours),
    )


def away(
    application: Application, contact_id: int, back: date, playbook: Playbook, home: Home = Home()
) -> tuple[Step, ...]:
    """The application's steps with that person away until `back` (an out-of-office reply's
    return date): each open step addressed to them (as its first recipient) that would start
    before their first working morning after `back` starts then, with as many working days
    to do it as it had; snoozed, so replanning keeps it. The rest is unchanged."""
    pb = playbook.with_settings(application.settings)
    steps = []
    for step in application.steps:
        first = step.recipients[0].contact_id if step.recipients else None
        if step.status in OPEN_STATUSES and first == contact_id:
            step = _after_absence(application, step, back, pb, home)
        steps.append(step)
    return tuple(steps)


def _after_absence(
    application: Application, step: Step, back: date, pb: Playbook, home: Home
) -> Step:
    at = _step_where(application, step, home)
    morning = at.cal.start_of(at.cal.working_day(back, 1), at.tz, pb.hours)
    if step.earliest >= morning:
        return step
    first, last = step.earliest.astimezone(at.tz).date(), step.due.astimezone(at.tz).date()
    days = 0  # working days after the first day of its window, up to its last
    while at.cal.working_day(first, days + 1) <= last:
        days += 1
    due = at.cal.end_of(at.cal.working_day(morning.date(), days), at.tz, pb.hours)
    return replace(step, status=StepStatus.SNOOZED, earliest=morning, due=due)


def resume(application: Application, now: datetime) -> Touch:
    """The act of going on without answering the employer's reply: stored as a touch out
    (channel other, outcome `resumed`), so `unanswered` sees the user acted and the next
    nudge is spaced from now. Refused when nothing is paused."""
    decision = application.decision
    if decision is not None or application.stage not in ACTIVE_STAGES:
        what = decision.kind.value if decision else application.stage.value
        raise Conflict(
            f"application {application.id} is decided ({what}): its nudges stopped with the "
            "decision, there is nothing to resume"
        )
    paused = any(
        s.kind in NUDGES
        and s.status is StepStatus.CANCELLED
        and (s.outcome or "").startswith("paused")
        for s in application.steps
    )
    if not unanswered(application) and not paused:
        raise Conflict(
            f"application {application.id} has no reply waiting and no nudge paused: "
            "there is nothing to resume"
        )
    return Touch(
        channel=Channel.OTHER,
        direction=Direction.OUT,
        at=now,
        outcome=RESUMED,
        note="Nudges resumed without answering the reply.",
    )


def pipeline_review(active: int, playbook: Playbook, now: datetime, home: Home) -> Step | None:
    """This week's reminder to keep searching, while fewer than `below` applications are active:
    the next review day whose end has not passed."""
    rule = playbook.rule("pipeline-review")
    if not rule.enabled or active >= rule["below"]:
        return None
    at = where(None, None, home)
    today = now.astimezone(at.tz).date()
    # From this week's review day: a holiday may have moved it to today or later.
    day = today - timedelta(days=(today.weekday() - rule["weekday"]) % 7)
    for _ in range(3):
        start = at.cal.on_or_after(day)
        due = at.cal.end_of(at.cal.working_day(start, rule["due"]), at.tz, playbook.hours)
        if due >= now:
            break
        day += timedelta(days=7)
    earliest = at.cal.start_of(start, at.tz, playbook.hours)
    return Step(
        kind="pipeline-review",
        channel=rule.channels[0],
        earliest=earliest,
        due=due,
        rationale=rule.rationale,
        sources=rule.sources,
        timezone=at.zone_name,
        key=f"pipeline-review:{start.isoformat()}",
    )


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > 9999:
        raise InvalidInput(f"{months} months after {day} is past the calendar (year {year})")
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
