"""An application's page: what happened as one thread (domain/timeline.py), the plan ahead
beside it; recording a decision, logging a message or call; while a reply pauses the nudges,
saying so, with Resume.
Each form posts and redirects (works without JavaScript); HTMX only boosts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from followup import services
from followup.domain.model import (
    ACTIVE_STAGES,
    OPEN_STATUSES,
    Channel,
    DecisionKind,
    Direction,
    Relation,
    Source,
    StepStatus,
    Touch,
    choice,
)
from followup.domain.planner import OUTCOMES
from followup.domain.playbook import NUDGES
from followup.domain.timeline import thread
from followup.services import replies
from followup.web.render import Next, Wired, back, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)

SOURCES = {Source.DIRECT: "applied directly", Source.AGENCY: "through an agency",
           Source.REFERRAL: "through a referral"}  # fmt: skip
RELATIONS = {
    Relation.INTERVIEWER: "interviewer",
    Relation.HR: "HR",
    Relation.RECRUITER: "recruiter",
    Relation.HELPER: "helped you",
    Relation.REFERENCE: "your reference",
    Relation.REFERRAL: "suggested to you",
}
CHANNELS = {
    Channel.EMAIL: "Email",
    Channel.PHONE: "Phone call",
    Channel.VOICEMAIL: "Voicemail",
    Channel.LETTER: "Letter",
    Channel.IN_PERSON: "In person",
    Channel.OTHER: "Other",
}


@router.get("/applications/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, application_id: Id, app: Wired) -> HTMLResponse:
    found = services.applications.application(app.store, application_id)
    me = services.people.profile(app.store)
    timezone = me.timezone if me else "UTC"
    now = app.now()
    active = found.stage in ACTIVE_STAGES and found.decision is None
    paused = next(  # nudges paused by a reply, maybe about another role at the company
        (
            s.outcome
            for s in found.steps
            if s.kind in NUDGES
            and s.status is StepStatus.CANCELLED
            and (s.outcome or "").startswith("paused")
        ),
        None,
    )
    context = {
        "a": found,
        "pause": replies.pause(found, timezone) if active else None,
        "paused": paused if active else None,
        "now": now,
        "tz": timezone,
        "thread": thread(found, now, timezone),
        "steps": sorted(
            (s for s in found.steps if s.status in OPEN_STATUSES), key=lambda s: s.earliest
        ),
        "sources": SOURCES,
        "relations": RELATIONS,
        "decisions": [k.value for k in DecisionKind],
        "active": found.stage in ACTIVE_STAGES,
        "outcomes": OUTCOMES,
        "channels": CHANNELS,
        "title": f"{found.company} — {found.role}",
    }
    return page(request, "application.html", context)


@router.post("/applications/{application_id}/decide")
def decide(
    application_id: Id,
    app: Wired,
    kind: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    by: Annotated[str, Form()] = "",
) -> RedirectResponse:
    decision = choice(DecisionKind, kind, "decision")
    services.applications.decide(
        app.store, application_id, decision, app.playbook, app.now(), note or None, by or None
    )
    return back(f"/applications/{application_id}", did="decided")


@router.post("/applications/{application_id}/resume")
def resume(application_id: Id, app: Wired, next_: Next = "") -> RedirectResponse:
    """Go on after a reply without answering it (`followup resume`)."""
    replies.resume(app.store, application_id, app.playbook, app.now())
    to = f"/applications/{application_id}"
    return back(next_ or to, to, did="resumed")


@router.post("/applications/{application_id}/touches")
def log_touch(
    application_id: Id,
    app: Wired,
    channel: Annotated[str, Form()],
    direction: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Log a touch that happened now (a reply pauses the nudges), as `followup log` does."""
    now = app.now()
    touch = Touch(
        channel=choice(Channel, channel, "channel"),
        direction=choice(Direction, direction, "direction"),
        at=now,
        note=note.strip() or None,
    )
    services.applications.log_touch(app.store, application_id, touch, app.playbook, now)
    return back(f"/applications/{application_id}", did="logged")
