"""From an application's state to its dated steps: `plan(application, playbook, now, home)`.

Pure and deterministic. Every event (interview recorded, touch logged, step done, skipped or
snoozed, decision) replans: the steps wanted now are computed from the state and merged with
the stored ones by key, so done and skipped steps never change, a snoozed step keeps the
window the user chose, and nudges that a decision or a reply stops are kept as cancelled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
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
    Promise,
    Recipient,
    Relation,
    Source,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.playbook import NUDGES, Playbook
from followup.domain.values import Region, check_day, zone
from followup.domain.vocabulary import EMPLOYER_SIDE
from followup.domain.workdays import WorkCalendar, calendar

OUTCOMES = ("reached", "voicemail", "no-answer", "call-back", "sent")
CALL_OUTCOMES = ("reached", "voicemail", "no-answer", "call-back")
RESUMED = "resumed"  # a touch's outcome: the user went on after a reply without answering it
_THANKED = re.compile(r"thank-you:i(\d+):c(\d+)")  # a thank-you's key: interview, person
PAUSED = "paused: the employer replied"
STOPPED = "cancelled: a decision arrived"


@dataclass(frozen=True, slots=True)
class Home:
    """The user's own region and zone: the fallback for recipients without their own."""

    region: Region | None = None
    timezone: str = "UTC"


def company_key(name: str) -> str:
    """A company's name as compared: case and spaces aside, so "Acme", " ACME " and "Ac me"
    are one company (docs/playbook.md says why the name and not the people's email domain)."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True, slots=True)
class Company:
    """The user's other applications at the same company (`company_key`), whole, as the
    services load them. A contact with the company on any of them spaces this one's nudges;
    the open nudges of them all are planned one after another, `gap` days apart; a reply on
    any that is still active pauses them all."""

    others: tuple[Application, ...] = ()


@dataclass(frozen=True, slots=True)
class _Where:
    """A recipient's working-day calendar and time zone."""

    cal: WorkCalendar
    tz: ZoneInfo
    zone_name: str


def works_for_employer(contact: Contact, company: str | None) -> bool:
    """Whether the contact is one of the employer's people: an interviewer, HR, or a recruiter
    of the company itself (their organisation is `company`), not an agency's."""
    if contact.relation in EMPLOYER_SIDE:
        return True
    return (
        contact.relation is Relation.RECRUITER
        and company is not None
        and contact.organisation is not None
        and company_key(contact.organisation) == company_key(company)
    )


def where(
    contact: Contact | None, interview: Interview | None, home: Home, company: str | None = None
) -> _Where:
    """A recipient's calendar and zone: their own, else the interview's for the employer's
    people (`works_for_employer`: a recruiter is theirs only given the application's
    `company`), else the user's. A reference, a referral, a helper or an agency's recruiter
    never gets the interview's."""
    employer = (
        contact is not None
        and interview is not None
        and (contact.relation in EMPLOYER_SIDE or works_for_employer(contact, company))
    )
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


# What a channel needs known of a person to reach them: the contact's field, how the field is
# named, and the flag that sets it. In person and other need nothing known.
_DETAILS = {
    Channel.EMAIL: ("email", "email", "--email"),
    Channel.PHONE: ("phone", "phone", "--phone"),
    Channel.VOICEMAIL: ("phone", "phone", "--phone"),
    Channel.LETTER: ("address", "postal address", "--address"),
}


def reaches(channel: Channel, contact: Contact | None) -> bool:
    """Whether `channel` can reach the person: an email needs their address, a call their phone
    number, a letter their postal address (nobody is reached that way without a person); in
    person and other need nothing known."""
    return _channel((channel,), contact) is not None


def _channel(channels: Sequence[Channel], contact: Contact | None) -> Channel | None:
    """The first of `channels` that can reach the recipient; None when none can."""
    for channel in channels:
        detail = _DETAILS.get(channel)
        if detail is None or (contact is not None and getattr(contact, detail[0]) is not None):
            return channel
    return None


def needs(channel: Channel, contact: Contact | None, application: Application) -> str | None:
    """What to add so that `channel` reaches the person (on `application`), with the command
    that adds it; None when it does."""
    if reaches(channel, contact):
        return None
    if contact is None:
        app = application.id if application.id is not None else "APP"
        return (
            f"add someone at {application.company} to contact: "
            f"followup contacts import CARD.vcf --app {app}"
        )
    _, detail, flag = _DETAILS[channel]
    who = contact.id if contact.id is not None else "ID"
    return f"add {contact.name}'s {detail}: followup contacts edit {who} {flag} ..."


@dataclass(frozen=True, slots=True)
class _Shared:
    """What the applications at one company share: the latest contact with the company, and
    whether a reply there waits for the user."""

    last_contact: datetime | None
    paused: bool


def _last_contact(application: Application) -> datetime | None:
    """The latest touch either way (an auto-reply aside), or the latest nudge done or
    skipped: the clock that spaces nudges."""
    moments = [t.at for t in application.touches if t.outcome != AUTO_REPLY]
    moments += [
        s.done_at
        for s in application.steps
        if s.kind in NUDGES and s.status in CLOSED_STATUSES and s.done_at
    ]
    return max(moments, default=None)


def _decided(application: Application) -> bool:
    """A decision arrived, or the stage is past the nudges: they stop."""
    return bool(application.decisions) or application.stage not in ACTIVE_STAGES


def _shared(application: Application, company: Company) -> _Shared:
    """The company's clock: its latest contact on any of the applications there; and its pause:
    a reply not acted on, on this application or on another one still active. Both only
    matter while this one is undecided (a decision stops its nudges): else neither is read."""
    if _decided(application):
        return _Shared(None, False)
    moments = [_last_contact(a) for a in (application, *company.others)]
    paused = bool(unanswered(application)) or any(
        o.stage in ACTIVE_STAGES and unanswered(o) for o in company.others
    )
    return _Shared(max((m for m in moments if m is not None), default=None), paused)


class _Planner:
    """One application's wanted steps. Built per call; holds the shared lookups."""

    def __init__(self, app: Application, pb: Playbook, home: Home, shared: _Shared) -> None:
        self.app, self.pb, self.home, self.hours = app, pb, home, pb.hours
        self.shared = shared
        self.interview = app.latest_interview
        self.met = {id(c): app.met_at(c) for c in app.contacts}  # the interviews each was met at
        self.history = [s for s in app.steps if s.status in CLOSED_STATUSES]
        self._recipients = {id(c): _recipient(c) for c in app.contacts}
        self._by_relation: dict[Relation, list[Contact]] = {}
        for contact in app.contacts:
            self._by_relation.setdefault(contact.relation, []).append(contact)
        self.lead = self._lead()
        rounds = {i.id: i.round for i in app.interviews}
        thanked = (_THANKED.fullmatch(s.key) for s in self.history if s.kind == "thank-you")
        self.thanked = {(rounds.get(int(m[1])), int(m[2])) for m in thanked if m}

    def _lead(self) -> Contact | None:
        """Whom nudges go to: the first interviewer met at the latest interview (in the order
        its people were typed), else its first HR contact, else the application's first
        interviewer, else its first HR."""
        for relation in (Relation.INTERVIEWER, Relation.HR):
            if here := self.met_at(relation, self.interview):
                return self.as_typed(here, self.interview)[0]
        interviewers = self.people(Relation.INTERVIEWER)
        return interviewers[0] if interviewers else next(iter(self.people(Relation.HR)), None)

    @staticmethod
    def as_typed(people: list[Contact], interview: Interview | None) -> list[Contact]:
        """`people` in the order they were typed for `interview` (those it does not name
        last, in the application's order)."""
        typed = {c: n for n, c in enumerate(interview.met)} if interview else {}
        return sorted(people, key=lambda c: typed.get(c.id, len(typed)) if c.id else len(typed))

    def met_at(
        self, relation: Relation, interview: Interview | None, last: bool = True
    ) -> list[Contact]:
        """The people of `relation` met at `interview`: only those not met again later, when
        `last` (each person's courtesy steps follow the latest interview they were met at)."""
        return [
            c
            for c in self.people(relation)
            if (met := self.met[id(c)])
            and (met[-1] is interview if last else any(i is interview for i in met))
        ]

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
        contact = to[0] if to else None
        if channel is None:
            channel = _channel(rule.channels, contact)
            # None reaches them: the first, saying what to add (`needs`).
            missing = None if channel else needs(rule.channels[0], contact, self.app)
            channel = channel or rule.channels[0]
        else:
            missing = needs(channel, contact, self.app)
        return Step(
            kind=kind,
            channel=channel,
            needs=missing,
            earliest=earliest,
            due=due if due >= floor else floor,
            recipients=tuple([self.recipient(c) for c in to]),
            rationale=rule.rationale,
            sources=rule.sources,
            timezone=at.zone_name,
            key=key,
            application_id=self.app.id,
        )

    def after(
        self,
        kind: str,
        moment: datetime,
        to: list[Contact],
        key: str,
        interview: Interview | None = None,
    ) -> Step:
        """A step that may start `earliest` hours after `moment` (moved into working hours)
        and is due at the end of working day `due` counted from `moment`'s day; in the
        calendar of `interview` (else the latest) for the employer's people."""
        numbers = self.pb.rules[kind].numbers
        at = where(to[0] if to else None, interview or self.interview, self.home, self.app.company)
        cal, tz, hours = at.cal, at.tz, self.hours
        earliest = cal.next_working_moment(moment + timedelta(hours=numbers["earliest"]), tz, hours)
        due = cal.end_of(cal.working_day(moment.astimezone(tz).date(), numbers["due"]), tz, hours)
        return self.step(kind, key, to, earliest, due, at)

    # -- before the interview -----------------------------------------------------------

    def interview_day(self) -> list[Step]:
        """The checklist for each interview recorded ahead of time: from the start of working
        hours `earliest` working days before its day, in the interview's calendar and zone, due
        when it starts. Wanted while nothing on record is at or after its start (the recording
        itself, a touch, a step closed, a decision, a debrief), so the plan stays the same
        whenever it is asked for: once the record shows the interview is over, a checklist not
        done is dropped (and `today` stops showing it when the interview starts)."""
        rule, app = self.pb.rule("interview-day"), self.app
        if not rule.enabled or app.created_at is None or app.decisions:
            return []
        known = [app.created_at, *(t.at for t in app.touches)]
        known += [s.done_at for s in self.history if s.done_at]
        known += [i.debriefed_at for i in app.interviews if i.debriefed_at]
        latest, steps = max(known), []
        for interview in app.interviews if app.stage in ACTIVE_STAGES else ():
            if latest >= interview.start:
                continue
            at = _where_of(interview.region or self.home.region, interview.timezone)
            day, back = interview.start.astimezone(at.tz).date(), rule["earliest"]
            for _ in range(366 * back):  # a year without a working day is no calendar
                day -= timedelta(days=1)
                back -= at.cal.is_working_day(day)
                if back == 0:
                    break
            earliest = at.cal.start_of(day, at.tz, self.hours)
            key, channel = f"interview-day:i{interview.id}", rule.channels[0]
            steps.append(
                self.step("interview-day", key, [], earliest, interview.start, at, channel)
            )
        return steps

    # -- after the interview ------------------------------------------------------------

    def courtesy(self, interview: Interview) -> list[Step]:
        """The steps after `interview`, for the people met at it (a person met again at a later
        round gets them after that one instead; one thank-you a round) and the promises made
        at it."""
        end, i = interview.end, f"i{interview.id}"
        steps: list[Step] = []

        def after(kind: str, to: list[Contact], key: str) -> Step:
            return self.after(kind, end, to, key, interview)

        if self.pb.enabled("thank-you"):
            # Interviewers first (HR copied once), else HR, else the team: by who was met here.
            if self.met_at(Relation.INTERVIEWER, interview, last=False):
                steps += self.interviewers_thanked(interview, after)
            elif self.met_at(Relation.HR, interview, last=False):
                hr = self.met_at(Relation.HR, interview)
                if hr and (interview.round, hr[0].id) not in self.thanked:
                    steps.append(after("thank-you", hr, f"thank-you:{i}:c{hr[0].id}"))
            elif interview is self.interview:  # nobody known: the team, after the latest
                steps.append(after("thank-you", [], f"thank-you:{i}"))
            helpers = self.met_at(Relation.HELPER, interview) + self.met_at(
                Relation.RECRUITER, interview
            )
            for person in helpers:
                if (interview.round, person.id) not in self.thanked:
                    steps.append(after("thank-you", [person], f"thank-you:{i}:c{person.id}"))
        if self.pb.enabled("send-promised"):
            for promise in self.app.promises:
                if not promise.done and self.made_at(promise) is interview:
                    to = self.named(promise.to)
                    steps.append(after("send-promised", to, f"send-promised:p{promise.id}"))
        for kind, relation in (
            ("reference-heads-up", Relation.REFERENCE),
            ("referral-outreach", Relation.REFERRAL),
        ):
            if self.pb.enabled(kind):
                for person in self.met_at(relation, interview):
                    steps.append(after(kind, [person], f"{kind}:{i}:c{person.id}"))
        if self.pb.enabled("agency-update") and self.app.source is Source.AGENCY:
            agency = [
                c
                for c in self.met_at(Relation.RECRUITER, interview)
                if not works_for_employer(c, self.app.company)
            ]
            for person in agency:
                steps.append(after("agency-update", [person], f"agency-update:{i}:c{person.id}"))
        return steps

    def interviewers_thanked(
        self, interview: Interview, after: Callable[[str, list[Contact], str], Step]
    ) -> list[Step]:
        """One thank-you to each interviewer met at `interview`, and HR once (002: "send to HR
        and copy in the interviewer"; 004: notes "to everyone who interviewed you"): copied on
        the lead's, the first interviewer typed for it who has an email address (else the first
        typed: a letter names them); when no interviewer has an address and HR has, a short
        note of HR's own instead. A lead met again at a later round is thanked after that one,
        HR copied there only when they lead it too: never twice for a round."""
        i, hr = f"i{interview.id}", self.people(Relation.HR)
        met = self.as_typed(self.met_at(Relation.INTERVIEWER, interview, last=False), interview)
        lead = next((c for c in met if c.email), None)
        own = None if lead else next((c for c in hr if c.email), None)
        copied_on = None if own else (lead or met[0])
        steps = []
        for person in self.met_at(Relation.INTERVIEWER, interview):
            if (interview.round, person.id) not in self.thanked:
                to = [person, *hr] if person is copied_on else [person]
                steps.append(after("thank-you", to, f"thank-you:{i}:c{person.id}"))
        if own is not None and (interview.round, own.id) not in self.thanked:
            to = [own, *(c for c in hr if c is not own)]  # the others copied
            steps.append(after("thank-you", to, f"thank-you:{i}:c{own.id}"))
        return steps

    def made_at(self, promise: Promise) -> Interview | None:
        """The interview a promise was made at: the one it names, else the latest."""
        named = (i for i in self.app.interviews if i.id == promise.interview_id)
        return next(named, self.interview)

    def named(self, name: str) -> list[Contact]:
        wanted = " ".join(name.split()).casefold()
        matches = [c for c in self.app.contacts if " ".join(c.name.split()).casefold() == wanted]
        return matches[:1] or ([self.lead] if self.lead else [])

    # -- nudges ---------------------------------------------------------------------------

    def last_contact(self) -> datetime | None:
        """This application's latest contact (`_last_contact`): what keep-in-touch counts
        from."""
        return _last_contact(self.app)

    def stop(self) -> str | None:
        """Why nudges are off: a decision (or a stage past them), or a reply at the company
        the user has not acted on; None when they are on."""
        if _decided(self.app):
            return STOPPED
        return PAUSED if self.shared.paused else None

    def spaced(self, earliest: datetime, at: _Where, after: datetime | None) -> datetime:
        """`earliest`, or later: `gap` days after the latest contact with the company (a touch
        either way, a nudge done or skipped, on any of the user's applications there) and
        after `after` (the nudge planned before this one at the company)."""
        moments = [m.astimezone(UTC) for m in (self.shared.last_contact, after) if m is not None]
        if not moments:
            return earliest
        # `gap` whole days of 24 hours (in UTC: a change of the clocks does not shorten it).
        gap = timedelta(days=self.pb.gap)
        clock = at.cal.next_working_moment(max(moments) + gap, at.tz, self.hours)
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

    def nudge(self, after: datetime | None = None) -> Step | None:
        """The next nudge (the check-in call, else the next keep-in-touch; before any interview,
        the status check), if one is due to be planned; `after`: the moment of the nudge
        planned before it at the company."""
        if self.interview is None:
            return self.status_check(after)
        return self.check_in(self.interview, after) or self.keep_in_touch(self.interview, after)

    def kept(self, step: Step) -> Step | None:
        """The stored step of `step`'s key if replanning keeps its window (`_keeps_window`)."""
        return next(
            (
                s
                for s in self.app.steps
                if s.key == step.key and s.status not in CLOSED_STATUSES and _keeps_window(s)
            ),
            None,
        )

    def check_in(self, interview: Interview, after: datetime | None) -> Step | None:
        rule = self.pb.rule("check-in-call")
        key = f"check-in-call:i{interview.id}"
        if not rule.enabled or any(s.key == key for s in self.history):
            return None
        to = [self.lead] if self.lead else []
        at = where(self.lead, self.interview, self.home, self.app.company)
        cal, tz, hours = at.cal, at.tz, self.hours
        day, window, _ = self.first_nudge(interview, at)
        # Never before the interview is over (a date to be contacted on may be its own day).
        start = cal.start_of(day, tz, hours)
        start = max(start, cal.next_working_moment(interview.end, tz, hours))
        earliest = self.spaced(start, at, after)
        day = earliest.date()
        due = cal.end_of(cal.working_day(day, window), tz, hours)
        return self.step("check-in-call", key, to, earliest, due, at)

    def keep_in_touch(self, interview: Interview, after: datetime | None) -> Step | None:
        rule = self.pb.rule("keep-in-touch")
        check_in = f"check-in-call:i{interview.id}"
        if not rule.enabled:
            return None
        if self.pb.enabled("check-in-call") and not any(s.key == check_in for s in self.history):
            return None
        done = [s for s in self.history if s.kind == "keep-in-touch"]
        # The count restarts at each round: only those closed since this interview count.
        if sum((s.done_at or interview.end) >= interview.end for s in done) >= rule["count"]:
            return None
        nudges = sorted(
            (s for s in self.history if s.kind in NUDGES),
            key=lambda s: s.done_at or s.due,
        )
        at = where(self.lead, self.interview, self.home, self.app.company)
        own = self.last_contact()
        days = max(rule["earliest"], self.pb.gap)
        earliest = at.cal.next_working_moment(
            (own or interview.end) + timedelta(days=days), at.tz, self.hours
        )
        if after is not None or self.shared.last_contact != own:  # the company says more
            earliest = self.spaced(earliest, at, after)
        day, _, employer = self.first_nudge(interview, at)
        if employer:  # the check-in was closed early: still nothing before the employer's date
            earliest = max(earliest, at.cal.start_of(day, at.tz, self.hours))
        due_day = at.cal.working_day(earliest.astimezone(at.tz).date(), rule["due"])
        due = at.cal.end_of(due_day, at.tz, self.hours)
        # Rotated: the channel after the last nudge's, skipping those that cannot reach the lead.
        rotation = rule.channels
        last = nudges[-1].channel if nudges else None
        start = rotation.index(last) + 1 if last in rotation else 0
        channel = (
            _channel(rotation[start:] + rotation[:start], self.lead)
            or rotation[start % len(rotation)]
        )
        to = [self.lead] if self.lead else []
        key = f"keep-in-touch:{len(done) + 1}"
        return self.step("keep-in-touch", key, to, earliest, due, at, channel)

    # -- before any interview ------------------------------------------------------------

    def status_check(self, after: datetime | None = None) -> Step | None:
        """While an application is at "applied" with no interview: a polite status check
        `earliest` working days after applying, a second at `again` (spaced from the first),
        then nothing until something happens. A reply ends them: the employer has answered.
        A check whose window closed before followup knew of the application is not planned."""
        rule = self.pb.rule("status-check")
        app = self.app
        if not rule.enabled or app.stage is not Stage.APPLIED or app.interviews:
            return None
        if any(t.direction is Direction.IN and t.outcome != AUTO_REPLY for t in app.touches):
            return None
        to = (
            self.people(Relation.HR)
            + self.people(Relation.RECRUITER)
            + self.people(Relation.INTERVIEWER)
        )[:1]
        at = where(to[0] if to else None, None, self.home, self.app.company)
        cal, tz, hours = at.cal, at.tz, self.hours
        applied = app.applied_at or (app.created_at and app.created_at.astimezone(tz).date())
        if not applied:
            return None
        closed = {s.key for s in self.history}
        for n, offset in enumerate((rule["earliest"], rule["again"])[: rule["count"]], 1):
            key = f"status-check:{n}"
            if key in closed:
                continue
            start = cal.start_of(cal.working_day(applied, offset), tz, hours)
            earliest = self.spaced(start, at, after)
            due_day = cal.working_day(earliest.astimezone(tz).date(), rule["due"])
            due = cal.end_of(due_day, tz, hours)
            if app.created_at is not None and due < app.created_at:
                continue  # too late to ask by the time followup knew of it
            return self.step("status-check", key, to, earliest, due, at)
        return None

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
        at = where(lead[0] if lead else None, self.interview, self.home, self.app.company)
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

    def wanted(self, nudge: Step | None) -> list[Step]:
        """The steps the state calls for, with `nudge` (None: no nudge now)."""
        steps: list[Step] = self.interview_day()
        for interview in sorted(self.app.interviews, key=lambda i: i.end):
            steps += self.courtesy(interview)
        if nudge is not None:
            steps.append(nudge)
        rejection = next((d for d in self.app.decisions if d.kind is DecisionKind.REJECTED), None)
        if rejection is not None:
            steps += self.after_decision(rejection)
        steps += self.thank_references()
        return steps

    # -- what each open step still needs ------------------------------------------------

    def contact_of(self, step: Step) -> Contact | None:
        """The contact a step is addressed to (its first recipient; others are copied)."""
        if not step.recipients:
            return None
        first = step.recipients[0]
        made_for = (c for c in self.app.contacts if self._recipients.get(id(c)) is first)
        found = next(made_for, None)  # the open steps' recipients are made here (`step`)
        if found is None and first.contact_id is not None:
            found = next((c for c in self.app.contacts if c.id == first.contact_id), None)
        return found

    def with_needs(self, steps: tuple[Step, ...]) -> tuple[Step, ...]:
        """The steps, those kept where they were (`_keeps_window`: their channel too) saying
        what their channel needs now; every other open step was made saying it (`step`)."""
        result = list(steps)
        for n, step in enumerate(steps):
            if step.status is StepStatus.PLANNED and step.outcome is None:
                continue  # made by `step` (a kept one is snoozed, or has an outcome)
            if step.status in OPEN_STATUSES and _keeps_window(step):
                missing = needs(step.channel, self.contact_of(step), self.app)
                if missing != step.needs:
                    result[n] = replace(step, needs=missing)
        return tuple(result)


def _in_turn(me: _Planner, rivals: Sequence[_Planner]) -> Step | None:
    """`me`'s next nudge, in turn with the other applications' at the company: each one's own
    (already spaced from the contacts with the company), in order of their earliest (then of
    application id), each at least `gap` days after the one before it. Two kinds of nudge
    stay where they are: the email after a call nobody answered (the call was made: the
    others come `gap` days after it), and a nudge the user snoozed (the others keep `gap`
    days clear of it, before or after)."""
    mine = me.nudge()
    if mine is None or not rivals or me.kept(mine) is not None:
        return mine
    fixed: list[datetime] = []
    called: list[datetime] = []
    queue = []
    for n, planner in enumerate((me, *rivals)):
        own = mine if planner is me else planner.nudge()
        if own is None:
            continue
        kept = planner.kept(own)
        if kept is None:
            queue.append(((own.earliest.astimezone(UTC), planner.app.id or 0, n), planner, own))
        elif kept.status is StepStatus.SNOOZED:
            fixed.append(kept.earliest.astimezone(UTC))
        else:  # no answer: the call was made when its email may start, or before
            called.append(kept.earliest.astimezone(UTC))
    queue.sort(key=lambda q: q[0])
    fixed.sort()
    after = max(called, default=None)
    for _, planner, own in queue:
        placed = own if after is None else planner.nudge(after)
        gap = timedelta(days=planner.pb.gap)
        for moment in fixed:  # in order: `placed` only moves later (in UTC: 24-hour days)
            if placed is not None and abs(placed.earliest.astimezone(UTC) - moment) < gap:
                placed = planner.nudge(moment)
        assert placed is not None  # spacing moves a nudge; it never removes one
        if planner is me:
            return placed
        after = placed.earliest
    raise AssertionError("unreachable: `me` is in the queue")  # pragma: no cover


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
    application: Application,
    playbook: Playbook,
    now: datetime,
    home: Home = Home(),
    company: Company = Company(),
) -> tuple[Step, ...]:
    """The application's steps: the stored history as it is, the rest as the state wants it,
    its nudges in turn with those of the user's other applications at the same `company`."""
    del now  # the plan depends on recorded events only, so it is the same whenever asked
    shared = _shared(application, company)
    me = _Planner(application, playbook.with_settings(application.settings), home, shared)
    stop = me.stop()
    nudge = None
    if stop is None:
        rivals = [
            _Planner(other, playbook.with_settings(other.settings), home, shared)
            for other in company.others
            if not _decided(other)
        ]
        nudge = _in_turn(me, rivals)
    return me.with_needs(_merge(application.steps, me.wanted(nudge), stop))


def _keeps_window(old: Step) -> bool:
    """Whether replanning keeps a stored open step's window: the user snoozed it, or it is the
    email after a call nobody answered."""
    return old.status is StepStatus.SNOOZED or old.outcome == "no-answer"


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
            if _keeps_window(old):
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
    return where(contact, application.latest_interview, home, application.company)


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
