"""The Pipeline page: every application by stage, and moving one to another stage.
Each form posts and redirects (works without JavaScript); HTMX only boosts."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from followup import services
from followup.domain.model import (
    Stage,
    choice,
)
from followup.web.render import Next, Wired, back, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_page(request: Request, app: Wired) -> HTMLResponse:
    now = app.now()
    by_stage = defaultdict(list)
    for summary in services.applications.applications(app.store):
        since = summary.last_interview or summary.created_at
        by_stage[summary.stage].append((summary, (now - since).days))
    stages = [(stage, by_stage[stage]) for stage in Stage if by_stage[stage]]
    context = {"stages": stages, "all_stages": list(Stage), "title": "Pipeline"}
    return page(request, "pipeline.html", context)


@router.post("/applications/{application_id}/stage")
def move(
    application_id: Id, app: Wired, stage: Annotated[str, Form()], next_: Next = "/pipeline"
) -> RedirectResponse:
    to = choice(Stage, stage, "stage")
    services.applications.move(app.store, application_id, to, app.playbook, app.now())
    return back(next_, did="moved")
