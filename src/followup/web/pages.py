"""The pages: Today, Pipeline, Application, Draft; and the forms that act on steps and
applications. Each form posts and redirects (works without JavaScript); HTMX only boosts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from followup import reviews, services
from followup.bootstrap import App
from followup.domain.model import ACTIVE_STAGES, DecisionKind, Stage, choice
from followup.domain.planner import OUTCOMES
from followup.web.render import page, wired
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)
Wired = Annotated[App, Depends(wired)]
Next = Annotated[str, Form(alias="next")]


def _back(target: str, fallback: str = "/") -> RedirectResponse:
    """303 to a path on this site (never elsewhere: `//host` and `https:` are refused)."""
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return RedirectResponse(target if local else fallback, status_code=303)


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, app: Wired) -> HTMLResponse:
    agenda = services.today(app.store, app.playbook, app.now())
    context = {"agenda": agenda, "outcomes": OUTCOMES, "title": "Today"}
    return page(request, "today.html", context)


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_page(request: Request, app: Wired) -> HTMLResponse:
    now = app.now()
    by_stage = defaultdict(list)
    for summary in services.applications(app.store):
        since = summary.last_interview or summary.created_at
        by_stage[summary.stage].append((summary, (now - since).days))
    stages = [(stage, by_stage[stage]) for stage in Stage if by_stage[stage]]
    return page(request, "pipeline.html", {"stages": stages, "title": "Pipeline"})


@router.get("/applications/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, application_id: Id, app: Wired) -> HTMLResponse:
    found = services.application(app.store, application_id)
    context = {
        "a": found,
        "steps": sorted(found.steps, key=lambda s: s.earliest),
        "decisions": [k.value for k in DecisionKind],
        "active": found.stage in ACTIVE_STAGES,
        "outcomes": OUTCOMES,
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
    services.decide(app.store, application_id, decision, app.playbook, app.now(), note or None)
    return _back(f"/applications/{application_id}")


@router.post("/steps/{step_id}/done")
def done(
    step_id: Id, app: Wired, outcome: Annotated[str, Form()] = "", next_: Next = "/"
) -> RedirectResponse:
    services.complete_step(app.store, step_id, outcome or None, app.playbook, app.now())
    return _back(next_)


@router.post("/steps/{step_id}/skip")
def skip(step_id: Id, app: Wired, next_: Next = "/") -> RedirectResponse:
    services.skip_step(app.store, step_id, app.playbook, app.now())
    return _back(next_)


@router.post("/steps/{step_id}/snooze")
def snooze(
    step_id: Id, app: Wired, until: Annotated[date, Form()], next_: Next = "/"
) -> RedirectResponse:
    services.snooze_step(app.store, step_id, until, app.playbook, app.now())
    return _back(next_)


@router.get("/steps/{step_id}/draft", response_class=HTMLResponse)
def draft_page(request: Request, step_id: Id, app: Wired) -> HTMLResponse:
    reviewed = reviews.review(app.store, step_id, app.now(), app.proofreader, app.templates)
    return page(request, "draft.html", {"r": reviewed, "title": f"Draft of step {step_id}"})


@router.post("/steps/{step_id}/draft")
def keep_draft(step_id: Id, app: Wired, text: Annotated[str, Form()]) -> RedirectResponse:
    reviews.keep_edit(app.store, step_id, text, app.now(), app.proofreader, app.templates)
    return _back(f"/steps/{step_id}/draft")
