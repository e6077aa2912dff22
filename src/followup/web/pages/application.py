"""An application's page: its timeline and plan; recording a decision, logging a touch.
Each form posts and redirects (works without JavaScript); HTMX only boosts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from followup import services
from followup.domain.model import (
    ACTIVE_STAGES,
    Channel,
    DecisionKind,
    Direction,
    Touch,
    choice,
)
from followup.domain.planner import OUTCOMES
from followup.web.render import Wired, back, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)


@router.get("/applications/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, application_id: Id, app: Wired) -> HTMLResponse:
    found = services.applications.application(app.store, application_id)
    context = {
        "a": found,
        "steps": sorted(found.steps, key=lambda s: s.earliest),
        "decisions": [k.value for k in DecisionKind],
        "active": found.stage in ACTIVE_STAGES,
        "outcomes": OUTCOMES,
        "channels": [c.value for c in Channel],
        "title": f"{found.company} — {found.role}",
    }
    return page(request, "application.html", context)


@router.post("/applications/{application_id}/decide")
def decide(
    application_id: Id,
    app: Wired,
    kind: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> RedirectResponse:
    decision = choice(DecisionKind, kind, "decision")
    services.applications.decide(
        app.store, application_id, decision, app.playbook, app.now(), note or None
    )
    return back(f"/applications/{application_id}")


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
    return back(f"/applications/{application_id}")
