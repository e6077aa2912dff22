"""The one output shape of each object: the `--json` records of SPEC.md, which the JSON API
answers too. Each shape is a TypedDict here, beside the function that builds it (mypy checks
that it fills exactly those keys); web/schemas.py makes the API's Pydantic models from these
TypedDicts, so the CLI and the API cannot drift apart. Plain data: enums as their values,
moments as ISO 8601 text with their offset (a step's in the step's own zone).

Only the domain is imported, not Pydantic (~100 ms): `due --json` builds thousands of step
records in a fresh process (cli/entry.py), from Steps or from the steps storage lists
(`ports.StoredStep`) alike. (No `from __future__ import annotations`: a TypedDict's annotations
as text are compiled one by one, ~3 ms for these.)
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict, cast

from followup import agenda_records
from followup.domain.model import (
    Application,
    ApplicationSummary,
    Contact,
    Decision,
    Detail,
    Interview,
    Profile,
    Promise,
    Step,
    Touch,
)
from followup.domain.values import zone

if TYPE_CHECKING:  # only annotations: importing them costs every command ~15 ms
    from collections.abc import Iterable, Sequence

    from followup.domain.accounts import Account
    from followup.domain.caseload import Row as CaseloadRow
    from followup.domain.coaching import Note, Nudge
    from followup.domain.insights import Count, Insights, Rate
    from followup.domain.outbox import OutboxEntry
    from followup.domain.promised import Promised
    from followup.domain.replies import Reply
    from followup.ports import StoredStep


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


# A moment as ISO text in a step's own zone, each written once (`agenda_records.in_zone`).
_in_zone = agenda_records.in_zone(zone)


class ProfileRecord(TypedDict):
    name: str
    email: str | None
    phone: str | None
    address: str | None
    skills: list[str]
    country: str | None
    timezone: str
    signature: str | None
    tone: str


def profile_record(p: Profile) -> ProfileRecord:
    return ProfileRecord(
        name=p.name,
        email=p.email,
        phone=p.phone,
        address=p.address,
        skills=list(p.skills),
        country=str(p.region) if p.region else None,
        timezone=p.timezone,
        signature=p.signature,
        tone=p.tone,
    )


class DetailRecord(TypedDict):
    kind: str
    value: str
    types: list[str]


def detail_record(d: Detail) -> DetailRecord:
    return DetailRecord(kind=d.kind.value, value=d.value, types=list(d.types))


class ContactRecord(TypedDict):
    id: int | None
    application_id: int | None
    name: str
    relation: str
    title: str | None
    organisation: str | None
    email: str | None
    phone: str | None
    address: str | None
    timezone: str | None
    country: str | None
    notes: str | None
    details: list[DetailRecord]


def contact_record(c: Contact) -> ContactRecord:
    return ContactRecord(
        id=c.id,
        application_id=c.application_id,
        name=c.name,
        relation=c.relation.value,
        title=c.title,
        organisation=c.organisation,
        email=c.email,
        phone=c.phone,
        address=c.address,
        timezone=c.timezone,
        country=str(c.region) if c.region else None,
        notes=c.notes,
        details=[detail_record(d) for d in c.details],
    )


class InterviewRecord(TypedDict):
    id: int | None
    start: str
    end: str
    timezone: str
    country: str | None
    format: str
    round: int
    notes: str | None
    decision_by: str | None
    next_round: str | None
    contact_on: str | None
    topics: list[str]
    debriefed_at: str | None
    met: list[int]  # the ids of the contacts met at it


def interview_record(i: Interview, met: "Sequence[int] | None" = None) -> InterviewRecord:
    """`met`: the contacts met at it, when the application says more than the interview
    (a person no interview names counts as met at the latest)."""
    return InterviewRecord(
        id=i.id,
        start=i.start.isoformat(),
        end=i.end.isoformat(),
        timezone=i.timezone,
        country=str(i.region) if i.region else None,
        format=i.format.value,
        round=i.round,
        notes=i.notes,
        decision_by=_iso(i.decision_by),
        next_round=_iso(i.next_round),
        contact_on=_iso(i.contact_on),
        topics=list(i.topics),
        debriefed_at=_iso(i.debriefed_at),
        met=list(i.met if met is None else met),
    )


class PromiseRecord(TypedDict):
    id: int | None
    what: str
    to: str
    done: bool
    interview_id: int | None  # the interview it was made at (null: the latest)


def promise_record(p: Promise) -> PromiseRecord:
    return PromiseRecord(id=p.id, what=p.what, to=p.to, done=p.done, interview_id=p.interview_id)


class PromisedRecord(TypedDict):
    promise_id: int
    file_name: str | None  # a file it is kept with (sent attached) ...
    mime_type: str | None
    size: int | None
    link: str | None  # ... or a link (in the text)


def promised_record(p: "Promised") -> PromisedRecord:
    return PromisedRecord(
        promise_id=p.promise_id,
        file_name=p.file_name,
        mime_type=p.mime_type,
        size=p.size,
        link=p.link,
    )


class TouchRecord(TypedDict):
    id: int | None
    channel: str
    direction: str
    at: str
    outcome: str | None
    note: str | None
    message_id: str | None
    contact_id: int | None


def touch_record(t: Touch) -> TouchRecord:
    record = agenda_records.touch_record(
        t.id,
        t.channel.value,
        t.direction.value,
        t.at,
        t.outcome,
        t.note,
        t.message_id,
        t.contact_id,
    )
    return cast(TouchRecord, record)


# What a reply adds to its touch ("from" is a keyword: this form of TypedDict takes it).
_ReplyFields = TypedDict(
    "_ReplyFields",
    {
        "application_id": int,
        "company": str,
        "role": str,
        "from": str | None,
        "email": str | None,
        "subject": str | None,
        "flag": str | None,
        "confirm": str | None,
        "paused": str | None,
        "resume": str | None,
    },
)


class ReplyRecord(TouchRecord, _ReplyFields):
    """An incoming touch as `today` shows it."""


def reply_record(r: "Reply") -> ReplyRecord:
    """An incoming touch as `today` shows it (`agenda_records.reply_record` says how)."""
    touch = touch_record(r.touch)
    record = agenda_records.reply_record(
        touch,
        r.touch.at,
        r.application_id,
        r.company,
        r.role,
        r.contact,
        r.email,
        r.active,
        zone(r.timezone),
    )
    return cast(ReplyRecord, record)


class DecisionRecord(TypedDict):
    kind: str
    at: str
    note: str | None


def decision_record(d: Decision) -> DecisionRecord:
    return DecisionRecord(kind=d.kind.value, at=d.at.isoformat(), note=d.note)


class RecipientRecord(TypedDict):
    name: str
    title: str | None
    email: str | None
    relation: str
    contact_id: int | None


class StepRecord(TypedDict):
    id: int | None
    application_id: int | None
    kind: str
    channel: str
    status: str
    recipients: list[RecipientRecord]
    earliest: str
    due: str
    timezone: str
    rationale: str
    sources: list[str]
    outcome: str | None
    needs: str | None  # what to add so that the channel reaches the recipient, and how


def step_record(s: "Step | StoredStep") -> StepRecord:
    """A Step's record, or a stored step's read without building the Step (`due --json`):
    the same record, to the byte (`agenda_records.step_record`). Its moments are shown in its
    zone, `timezone`."""
    recipient = agenda_records.recipient_record
    record = agenda_records.step_record(
        s.id,
        s.application_id,
        s.kind,
        str(s.channel),  # an enum's value, or the text as stored
        str(s.status),
        [recipient(r.name, r.title, r.email, str(r.relation), r.contact_id) for r in s.recipients],
        s.earliest,
        s.due,
        s.timezone,
        s.rationale,
        list(s.sources),
        s.outcome,
        s.needs,
        _in_zone,
    )
    return cast(StepRecord, record)


class AgendaRecord(TypedDict):
    overdue: list[StepRecord]
    due: list[StepRecord]
    replies: list[ReplyRecord]


def agenda_record(
    overdue: "Iterable[Step | StoredStep]",
    due: "Iterable[Step | StoredStep]",
    replies: "Iterable[Reply]",
) -> AgendaRecord:
    """What is overdue, what is due, and the replies not acted on (`today`, `due`)."""
    return AgendaRecord(
        overdue=[step_record(s) for s in overdue],
        due=[step_record(s) for s in due],
        replies=[reply_record(r) for r in replies],
    )


class _Named(TypedDict):
    """What names an application in each record of it."""

    company: str
    role: str
    stage: str
    source: str


def _named(a: Application | ApplicationSummary) -> _Named:
    return _Named(company=a.company, role=a.role, stage=a.stage.value, source=a.source.value)


class _MaybeStored(TypedDict):
    id: int | None


class ApplicationRecord(_MaybeStored, _Named):
    notes: str | None
    created_at: str | None
    settings: dict[str, str]
    applied_at: str | None  # the day applied for, YYYY-MM-DD


def application_record(a: Application) -> ApplicationRecord:
    """The application's own fields (the short form used inside `add` and `plan`)."""
    return ApplicationRecord(
        id=a.id,
        **_named(a),
        notes=a.notes,
        created_at=_iso(a.created_at),
        settings=dict(a.settings),
        applied_at=_iso(a.applied_at),
    )


class ApplicationDetail(ApplicationRecord):
    interviews: list[InterviewRecord]
    contacts: list[ContactRecord]
    promises: list[PromiseRecord]
    touches: list[TouchRecord]
    decisions: list[DecisionRecord]
    steps: list[StepRecord]


def application_detail(a: Application) -> ApplicationDetail:
    """Everything that belongs to the application (`show`)."""
    return ApplicationDetail(
        **application_record(a),
        interviews=[interview_record(i, _met(a, i)) for i in a.interviews],
        contacts=[contact_record(c) for c in a.contacts],
        promises=[promise_record(p) for p in a.promises],
        touches=[touch_record(t) for t in a.touches],
        decisions=[decision_record(d) for d in a.decisions],
        steps=[step_record(s) for s in a.steps],
    )


def _met(a: Application, interview: Interview) -> list[int]:
    return [
        c.id for c in a.contacts if c.id is not None and any(i is interview for i in a.met_at(c))
    ]


class _Stored(TypedDict):
    id: int


class SummaryRecord(_Stored, _Named):
    last_interview: str | None
    created_at: str | None
    applied_at: str | None


def summary_record(s: ApplicationSummary) -> SummaryRecord:
    """One application in the list (`list`)."""
    return SummaryRecord(
        id=s.id,
        **_named(s),
        last_interview=_iso(s.last_interview),
        created_at=_iso(s.created_at),
        applied_at=_iso(s.applied_at),
    )


class OutboxRecord(TypedDict):
    id: int | None
    step_id: int | None
    application_id: int
    message_id: str
    state: str
    may_have_been_sent: bool
    subject: str
    to: list[str]
    cc: list[str]
    approved_at: str | None
    smtp_started_at: str | None
    sent_at: str | None
    confirmed_by: str | None
    error: str | None


def outbox_record(e: "OutboxEntry") -> OutboxRecord:
    """A message in the outbox; `may_have_been_sent` while its fate is unknown (uncertain)."""
    heads = e.headers
    return OutboxRecord(
        id=e.id,
        step_id=e.step_id,
        application_id=e.application_id,
        message_id=e.message_id,
        state=e.state.value,
        may_have_been_sent=e.may_have_been_sent,
        subject=heads["subject"],
        to=heads["to"],
        cc=heads["cc"],
        approved_at=_iso(e.approved_at),
        smtp_started_at=_iso(e.smtp_started_at),
        sent_at=_iso(e.sent_at),
        confirmed_by=e.confirmed_by.value if e.confirmed_by else None,
        error=e.error,
    )


class StageCountRecord(TypedDict):
    stage: str
    applications: int


class FunnelRecord(TypedDict):
    reached: list[StageCountRecord]
    ended: list[StageCountRecord]


class RateRecord(TypedDict):
    label: str
    sent: int
    answered: int
    share: float


class ReplyRatesRecord(TypedDict):
    window_days: int
    waiting: int
    by_kind: list[RateRecord]
    by_channel: list[RateRecord]


class WaitedRecord(TypedDict):
    application_id: int | None
    company: str
    role: str
    days: int


class DecisionTimesRecord(TypedDict):
    kind: str
    median_days: float
    weeks: list[int]
    decisions: list[WaitedRecord]


class InsightsRecord(TypedDict):
    funnel: FunnelRecord
    replies: ReplyRatesRecord
    decisions: list[DecisionTimesRecord]


def _count_record(c: "Count") -> StageCountRecord:
    return StageCountRecord(stage=c.stage.value, applications=c.applications)


def _rate_record(r: "Rate") -> RateRecord:
    return RateRecord(label=r.label, sent=r.sent, answered=r.answered, share=r.share)


def insights_record(i: "Insights") -> InsightsRecord:
    """The funnel, the reply rates and the time to decision (`followup insights`, `GET
    /api/insights`). Field by field: `dataclasses.asdict` copies deeply, a third of the API's
    time for thousands of decisions."""
    funnel, replies = i.funnel, i.replies
    return InsightsRecord(
        funnel=FunnelRecord(
            reached=[_count_record(c) for c in funnel.reached],
            ended=[_count_record(c) for c in funnel.ended],
        ),
        replies=ReplyRatesRecord(
            window_days=replies.window_days,
            waiting=replies.waiting,
            by_kind=[_rate_record(r) for r in replies.by_kind],
            by_channel=[_rate_record(r) for r in replies.by_channel],
        ),
        decisions=[
            DecisionTimesRecord(
                kind=t.kind.value,
                median_days=t.median,
                weeks=list(t.weeks),
                decisions=[  # literals: thousands at 10,000 applications
                    {
                        "application_id": w.application_id,
                        "company": w.company,
                        "role": w.role,
                        "days": w.days,
                    }
                    for w in t.decisions
                ],
            )
            for t in i.decisions
        ],
    )


# -- server mode: the caseload and a job seeker seen by their coach ----------------------------


class CaseloadRowRecord(TypedDict):
    seeker_id: int
    email: str
    cohort: str | None
    flag: str  # green, yellow or red
    why: str  # the flag in words
    active_applications: int
    interviews_this_month: int
    overdue_steps: int
    days_since_activity: int
    applications: int
    interviewed: int
    offers: int


class CaseloadRecord(TypedDict):
    sort: str
    cohort: str | None
    cohorts: list[str]
    rows: list[CaseloadRowRecord]


def caseload_row_record(r: "CaseloadRow") -> CaseloadRowRecord:
    return CaseloadRowRecord(
        seeker_id=r.seeker_id,
        email=r.email,
        cohort=r.cohort,
        flag=r.flag.value,
        why=r.why,
        active_applications=r.active,
        interviews_this_month=r.interviews,
        overdue_steps=r.overdue,
        days_since_activity=r.quiet_days,
        applications=r.applications,
        interviewed=r.interviewed,
        offers=r.offers,
    )


class NoteRecord(TypedDict):
    id: int | None
    author: str
    body: str
    shared: bool
    created_at: str | None


def note_record(n: "Note") -> NoteRecord:
    return NoteRecord(
        id=n.id, author=n.author_email, body=n.body, shared=n.shared, created_at=_iso(n.created_at)
    )


class NudgeRecord(TypedDict):
    id: int | None
    coach: str
    body: str
    created_at: str | None
    read_at: str | None
    answered_at: str | None


def nudge_record(n: "Nudge") -> NudgeRecord:
    return NudgeRecord(
        id=n.id,
        coach=n.coach_email,
        body=n.body,
        created_at=_iso(n.created_at),
        read_at=_iso(n.read_at),
        answered_at=_iso(n.answered_at),
    )


class SharedDraftRecord(TypedDict):
    step_id: int | None
    text: str


def caseload_record(
    rows: "Sequence[CaseloadRow]", sort: str, cohort: str | None, cohorts: "Sequence[str]"
) -> CaseloadRecord:
    return CaseloadRecord(
        sort=sort,
        cohort=cohort,
        cohorts=list(cohorts),
        rows=[caseload_row_record(r) for r in rows],
    )


def shared_draft_record(step: "Step", text: str) -> SharedDraftRecord:
    return SharedDraftRecord(step_id=step.id, text=text)


class SeekerViewRecord(TypedDict):
    seeker_id: int
    email: str
    cohort: str | None
    share_drafts: bool
    today: AgendaRecord
    applications: list[SummaryRecord]
    insights: InsightsRecord
    drafts: list[SharedDraftRecord]  # only when the job seeker shares them
    notes: list[NoteRecord]
    nudges: list[NudgeRecord]


def seeker_view_record(
    seeker: "Account",
    share_drafts: bool,
    steps: "tuple[Sequence[Step], Sequence[Step]]",
    applications: "Sequence[ApplicationSummary]",
    insights: "Insights",
    drafts: "Sequence[tuple[Step, str]]",
    notes: "Sequence[Note]",
    nudges: "Sequence[Nudge]",
) -> SeekerViewRecord:
    """A job seeker as their coach sees them. `steps`: (overdue, due); the replies are mail the
    job seeker received, never shown to a coach."""
    overdue, due = steps
    return SeekerViewRecord(
        seeker_id=seeker.id,
        email=seeker.email,
        cohort=seeker.cohort,
        share_drafts=share_drafts,
        today=agenda_record(overdue, due, ()),
        applications=[summary_record(a) for a in applications],
        insights=insights_record(insights),
        drafts=[shared_draft_record(s, t) for s, t in drafts],
        notes=[note_record(n) for n in notes],
        nudges=[nudge_record(n) for n in nudges],
    )
