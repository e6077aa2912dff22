"""The Pipeline page: a board with a column per stage and a card per application, and moving
one to another stage. Each card's form posts and redirects (works without JavaScript);
static/board.js adds drag and drop (SortableJS) over the JSON API, and HTMX boosts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from followup import services
from followup.domain import board
from followup.domain.model import ACTIVE_STAGES, Stage, choice
from followup.web.render import Next, Wired, back, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_page(request: Request, app: Wired) -> HTMLResponse:
    now = app.now()
    cards = services.applications.board(app.store, now)
    context = {
        "columns": board.columns(cards),
        "active": ACTIVE_STAGES,
        "has_cards": bool(cards),
        "now": now,
        "title": "Pipeline",
    }
    return page(request, "pipeline.html", context)


@router.post("/applications/{application_id}/stage")
def move(
    application_id: Id, app: Wired, stage: Annotated[str, Form()], next_: Next = "/pipeline"
) -> RedirectResponse:
    to = choice(Stage, stage, "stage")
    services.applications.move(app.store, application_id, to, app.playbook, app.now())
    return back(next_, did="moved")
