"""Plain-data records of domain objects: the `--json` shapes of SPEC.md (and later the API)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from followup.domain.model import (
    Application,
    ApplicationSummary,
    Contact,
    Decision,
    Interview,
    Profile,
    Promise,
    Step,
    Touch,
)

if TYPE_CHECKING:  # only annotations: importing them costs every command ~15 ms
    from followup.domain.outbox import OutboxEntry
    from followup.domain.replies import Reply


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def profile_record(p: Profile) -> dict[str, Any]:
    return {
        "name": p.name,
        "email": p.email,
        "phone": p.phone,
        "address": p.address,
        "skills": list(p.skills),
        "country": str(p.region) if p.region else None,
        "timezone": p.timezone,
        "signature": p.signature,
        "tone": p.tone,
    }


def contact_record(c: Contact) -> dict[str, Any]:
    return {
        "id": c.id,
        "application_id": c.application_id,
        "name": c.name,
        "relation": c.relation.value,
        "title": c.title,
        "organisation": c.organisation,
        "email": c.email,
        "phone": c.phone,
        "address": c.address,
        "timezone": c.timezone,
        "country": str(c.region) if c.region else None,
        "notes": c.notes,
        "details": [
            {"kind": d.kind.value, "value": d.value, "types": list(d.types)} for d in c.details
        ],
    }


def interview_record(i: Interview) -> dict[str, Any]:
    return {
        "id": i.id,
        "start": _iso(i.start),
        "end": _iso(i.end),
        "timezone": i.timezone,
        "country": str(i.region) if i.region else None,
        "format": i.format.value,
        "round": i.round,
        "notes": i.notes,
        "decision_by": _iso(i.decision_by),
        "next_round": _iso(i.next_round),
        "contact_on": _iso(i.contact_on),
    }


def promise_record(p: Promise) -> dict[str, Any]:
    return {"id": p.id, "what": p.what, "to": p.to, "done": p.done}


def touch_record(t: Touch) -> dict[str, Any]:
    return {
        "id": t.id,
        "channel": t.channel.value,
        "direction": t.direction.value,
        "at": _iso(t.at),
        "outcome": t.outcome,
        "note": t.note,
        "message_id": t.message_id,
        "contact_id": t.contact_id,
    }


def reply_record(r: Reply) -> dict[str, Any]:
    """An incoming touch as `today` shows it; `flag` is "offer" or "rejection" when it reads
    like one (never decided: `confirm` is the command that would)."""
    decision = r.decision
    return {
        **touch_record(r.touch),
        "application_id": r.application_id,
        "company": r.company,
        "role": r.role,
        "from": r.sender,
        "email": r.email,
        "subject": r.subject,
        "flag": r.flag,
        "confirm": f"followup decide {r.application_id} {decision}" if decision else None,
    }


def decision_record(d: Decision) -> dict[str, Any]:
    return {"kind": d.kind.value, "at": _iso(d.at), "note": d.note}


def step_record(s: Step) -> dict[str, Any]:
    return plain_step_record(
        id=s.id,
        application_id=s.application_id,
        kind=s.kind,
        channel=s.channel.value,
        status=s.status.value,
        recipients=[
            recipient_record(r.name, r.title, r.email, r.relation.value, r.contact_id)
            for r in s.recipients
        ],
        earliest=_iso(s.earliest),
        due=_iso(s.due),
        timezone=s.timezone,
        rationale=s.rationale,
        sources=list(s.sources),
        outcome=s.outcome,
    )


def recipient_record(
    name: str, title: str | None, email: str | None, relation: str, contact_id: int | None
) -> dict[str, Any]:
    """A step's recipient, from plain values (the relation as its value)."""
    return {
        "name": name,
        "title": title,
        "email": email,
        "relation": relation,
        "contact_id": contact_id,
    }


def plain_step_record(
    *,
    id: int | None,
    application_id: int | None,
    kind: str,
    channel: str,
    status: str,
    recipients: list[dict[str, Any]],
    earliest: str | None,
    due: str | None,
    timezone: str,
    rationale: str,
    sources: list[str],
    outcome: str | None,
) -> dict[str, Any]:
    """A step's record from plain values: enums as their values, moments as ISO text in the
    step's zone, recipients as `recipient_record`s. The one definition of the shape, for
    `step_record` and for steps read straight from their rows (`rows.step_record`)."""
    return {
        "id": id,
        "application_id": application_id,
        "kind": kind,
        "channel": channel,
        "status": status,
        "recipients": recipients,
        "earliest": earliest,
        "due": due,
        "timezone": timezone,
        "rationale": rationale,
        "sources": sources,
        "outcome": outcome,
    }


def application_record(a: Application) -> dict[str, Any]:
    """The application's own fields (the short form used inside `add` and `plan`)."""
    return {
        "id": a.id,
        "company": a.company,
        "role": a.role,
        "stage": a.stage.value,
        "source": a.source.value,
        "notes": a.notes,
        "created_at": _iso(a.created_at),
        "settings": dict(a.settings),
    }


def application_detail(a: Application) -> dict[str, Any]:
    """Everything that belongs to the application (`show`)."""
    return {
        **application_record(a),
        "interviews": [interview_record(i) for i in a.interviews],
        "contacts": [contact_record(c) for c in a.contacts],
        "promises": [promise_record(p) for p in a.promises],
        "touches": [touch_record(t) for t in a.touches],
        "decisions": [decision_record(d) for d in a.decisions],
        "steps": [step_record(s) for s in a.steps],
    }


def summary_record(s: ApplicationSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "company": s.company,
        "role": s.role,
        "stage": s.stage.value,
        "source": s.source.value,
        "last_interview": _iso(s.last_interview),
        "created_at": _iso(s.created_at),
    }


def outbox_record(e: OutboxEntry) -> dict[str, Any]:
    """A message in the outbox; `may_have_been_sent` while its fate is unknown (uncertain)."""
    return {
        "id": e.id,
        "step_id": e.step_id,
        "application_id": e.application_id,
        "message_id": e.message_id,
        "state": e.state.value,
        "may_have_been_sent": e.may_have_been_sent,
        **e.headers,
        "approved_at": _iso(e.approved_at),
        "smtp_started_at": _iso(e.smtp_started_at),
        "sent_at": _iso(e.sent_at),
        "confirmed_by": e.confirmed_by.value if e.confirmed_by else None,
        "error": e.error,
    }
