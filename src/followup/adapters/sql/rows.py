"""Domain objects to table rows and back.

`*_row` turns an object into the values of its row (enums, datetimes, dates and documents as
Python values: `dialects` converts them for the driver); the other functions rebuild the object
through its constructor, so its validation runs again, from a loaded row or from the values a
row was made of. Moments come back in the zone they belong to: an interview's and a step's in
their own `timezone`, the rest in UTC. `stored_step` reads a step's row without building the
Step, for listing thousands.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from followup.domain.model import (
    Application,
    ApplicationSummary,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Detail,
    DetailKind,
    Direction,
    Interview,
    InterviewFormat,
    Profile,
    Promise,
    Recipient,
    Relation,
    Source,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.values import Region, stored, zone
from followup.ports import RevisedStep, StoredRecipient, StoredStep

if TYPE_CHECKING:  # the outbox's rows are read by the commands that send, not by the agenda
    from followup.domain.outbox import OutboxEntry

Row = Mapping[str, Any]  # a loaded row (`Connection.rows`) or the values a row was made from


@stored
def _region(text: str | None) -> Region | None:
    return Region.parse(text) if text else None


def _text(region: Region | None) -> str | None:
    return str(region) if region is not None else None


def _local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(zone(timezone))


def profile_row(p: Profile) -> dict[str, Any]:
    return {
        "name": p.name,
        "email": p.email,
        "phone": p.phone,
        "address": p.address,
        "skills": list(p.skills),
        "region": _text(p.region),
        "timezone": p.timezone,
        "signature": p.signature,
        "tone": p.tone,
    }


@stored
def profile(r: Row) -> Profile:
    return Profile(
        name=r["name"],
        email=r["email"],
        phone=r["phone"],
        address=r["address"],
        skills=tuple(r["skills"]),
        region=_region(r["region"]),
        timezone=r["timezone"],
        signature=r["signature"],
        tone=r["tone"],
    )


def application_row(a: Application) -> dict[str, Any]:
    return {
        "company": a.company,
        "role": a.role,
        "source": a.source,
        "stage": a.stage,
        "notes": a.notes,
        "created_at": a.created_at or datetime.now(UTC),
        "settings": dict(a.settings),
        "applied_at": a.applied_at,
    }


@stored
def application(r: Row, **children: tuple[Any, ...]) -> Application:
    return Application(
        company=r["company"],
        role=r["role"],
        source=Source(r["source"]),
        stage=Stage(r["stage"]),
        notes=r["notes"],
        created_at=r["created_at"].astimezone(UTC),
        settings=dict(r["settings"]),
        id=r["id"],
        applied_at=r.get("applied_at"),
        **children,
    )


@stored
def summary(r: Row) -> ApplicationSummary:
    last = r["last_interview"]
    return ApplicationSummary(
        id=r["id"],
        company=r["company"],
        role=r["role"],
        stage=Stage(r["stage"]),
        source=Source(r["source"]),
        last_interview=_local(last, r["last_interview_timezone"]) if last else None,
        created_at=r["created_at"].astimezone(UTC),
        applied_at=r.get("applied_at"),
    )


def interview_row(i: Interview) -> dict[str, Any]:
    return {
        "start": i.start,
        "end": i.end,
        "timezone": i.timezone,
        "region": _text(i.region),
        "format": i.format,
        "round": i.round,
        "notes": i.notes,
        "decision_by": i.decision_by,
        "next_round": i.next_round,
        "contact_on": i.contact_on,
        "topics": list(i.topics),
        "debriefed_at": i.debriefed_at,
    }


@stored
def interview(r: Row, met: tuple[int, ...] = ()) -> Interview:
    return Interview(
        start=_local(r["start"], r["timezone"]),
        end=_local(r["end"], r["timezone"]),
        timezone=r["timezone"],
        region=_region(r["region"]),
        format=InterviewFormat(r["format"]),
        round=r["round"],
        notes=r["notes"],
        decision_by=r["decision_by"],
        next_round=r["next_round"],
        contact_on=r["contact_on"],
        topics=tuple(r["topics"]),
        debriefed_at=_local(r["debriefed_at"], r["timezone"]) if r["debriefed_at"] else None,
        id=r["id"],
        met=met,
    )


def contact_row(c: Contact) -> dict[str, Any]:
    return {
        "relation": c.relation,
        "name": c.name,
        "title": c.title,
        "organisation": c.organisation,
        "email": c.email,
        "phone": c.phone,
        "address": c.address,
        "timezone": c.timezone,
        "region": _text(c.region),
        "notes": c.notes,
        "details": [[d.kind.value, d.value, list(d.types)] for d in c.details],
    }


@stored
def contact(r: Row) -> Contact:
    return Contact(
        name=r["name"],
        relation=Relation(r["relation"]),
        title=r["title"],
        organisation=r["organisation"],
        email=r["email"],
        phone=r["phone"],
        address=r["address"],
        timezone=r["timezone"],
        region=_region(r["region"]),
        notes=r["notes"],
        details=tuple(Detail(DetailKind(k), v, tuple(t)) for k, v, t in r["details"]),
        application_id=r["application_id"],
        id=r["id"],
    )


def promise_row(p: Promise) -> dict[str, Any]:
    return {"what": p.what, "to": p.to, "done": p.done, "interview_id": p.interview_id}


@stored
def promise(r: Row) -> Promise:
    return Promise(
        what=r["what"], to=r["to"], done=r["done"], id=r["id"], interview_id=r["interview_id"]
    )


def touch_row(t: Touch) -> dict[str, Any]:
    return {
        "channel": t.channel,
        "direction": t.direction,
        "at": t.at,
        "outcome": t.outcome,
        "note": t.note,
        "message_id": t.message_id,
        "contact_id": t.contact_id,
        "message_references": " ".join(t.references) or None,
    }


@stored
def touch(r: Row) -> Touch:
    return Touch(
        channel=Channel(r["channel"]),
        direction=Direction(r["direction"]),
        at=r["at"].astimezone(UTC),
        outcome=r["outcome"],
        note=r["note"],
        message_id=r["message_id"],
        contact_id=r["contact_id"],
        references=tuple((r.get("message_references") or "").split()),
        id=r["id"],
    )


def decision_row(d: Decision) -> dict[str, Any]:
    return {"kind": d.kind, "at": d.at, "note": d.note}


@stored
def decision(r: Row) -> Decision:
    return Decision(kind=DecisionKind(r["kind"]), at=r["at"].astimezone(UTC), note=r["note"])


def _recipient_row(p: Recipient) -> dict[str, Any]:
    return {
        "name": p.name,
        "relation": p.relation.value,  # a JSON document holds plain values
        "title": p.title,
        "email": p.email,
        "contact_id": p.contact_id,
    }


def _recipient(r: Row) -> Recipient:
    return Recipient(
        name=r["name"],
        relation=Relation(r["relation"]),
        title=r.get("title"),
        email=r.get("email"),
        contact_id=r.get("contact_id"),
    )


def step_row(s: Step) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "channel": s.channel,
        "status": s.status,
        "earliest": s.earliest,
        "due": s.due,
        "timezone": s.timezone,
        "recipients": [_recipient_row(p) for p in s.recipients],
        "rationale": s.rationale,
        "sources": list(s.sources),
        "draft": s.draft,
        "outcome": s.outcome,
        "key": s.key,
        "done_at": s.done_at,
        "needs": s.needs,
    }


@stored
def step(r: Row) -> Step:
    return Step(
        kind=r["kind"],
        channel=Channel(r["channel"]),
        earliest=_local(r["earliest"], r["timezone"]),
        due=_local(r["due"], r["timezone"]),
        recipients=tuple(_recipient(p) for p in r["recipients"]),
        status=StepStatus(r["status"]),
        rationale=r["rationale"],
        sources=tuple(r["sources"]),
        draft=r["draft"],
        outcome=r["outcome"],
        timezone=r["timezone"],
        key=r["key"],
        done_at=_local(r["done_at"], r["timezone"]) if r["done_at"] else None,
        application_id=r["application_id"],
        id=r["id"],
        needs=r.get("needs"),
    )


def revised_step(r: Row) -> RevisedStep:
    """The step with its revision and the time of its last change (ports.RevisedStep)."""
    changed_at = r["changed_at"]
    return RevisedStep(step(r), r["revision"], changed_at.astimezone(UTC) if changed_at else None)


STORED_STEP_COLUMNS = StoredStep._fields  # the columns `stored_step` reads: the same names
_tuple = tuple.__new__


def stored_step(r: Row) -> StoredStep:
    """The step's row (its `STORED_STEP_COLUMNS`) as it is listed, without building the Step
    and its recipients (for `due --json` of thousands of steps). The row was checked when it
    was written."""
    # tuple.__new__: a NamedTuple's own __new__ is Python, a third of the time of thousands.
    recipients = [
        _tuple(
            StoredRecipient,
            (p["name"], p["relation"], p.get("title"), p.get("email"), p.get("contact_id")),
        )
        for p in r["recipients"]
    ]
    return _tuple(
        StoredStep,
        (
            r["id"],
            r["application_id"],
            r["kind"],
            r["channel"],
            r["status"],
            recipients,
            r["earliest"],
            r["due"],
            r["timezone"],
            r["rationale"],
            r["sources"],
            r["outcome"],
            r["needs"],
        ),
    )


def outbox_row(e: OutboxEntry) -> dict[str, Any]:
    return {
        "application_id": e.application_id,
        "step_id": e.step_id,
        "message_id": e.message_id,
        "message": e.message,
        "state": e.state,
        "approved_at": e.approved_at,
        "smtp_started_at": e.smtp_started_at,
        "sent_at": e.sent_at,
        "confirmed_by": e.confirmed_by,
        "error": e.error,
    }


@stored
def outbox(r: Row) -> OutboxEntry:
    from followup.domain.outbox import Confirmation, OutboxEntry, OutboxState

    return OutboxEntry(
        application_id=r["application_id"],
        step_id=r["step_id"],
        message_id=r["message_id"],
        message=r["message"],
        approved_at=r["approved_at"].astimezone(UTC),
        state=OutboxState(r["state"]),
        smtp_started_at=r["smtp_started_at"] and r["smtp_started_at"].astimezone(UTC),
        sent_at=r["sent_at"] and r["sent_at"].astimezone(UTC),
        confirmed_by=Confirmation(r["confirmed_by"]) if r["confirmed_by"] else None,
        error=r["error"],
        id=r["id"],
    )
