"""The Today page: an inbox of actions. The replies not acted on yet, then each company's
steps in plain words with their one next action; before anything is recorded, the first run
(your profile, your first interview); after adding one, the plan it made.
Each form posts and redirects (works without JavaScript); HTMX only boosts."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from followup.bootstrap import App
from followup.domain.errors import NotFound
from followup.domain.planner import OUTCOMES
from followup.services import inbox
from followup.web.render import Wired, kept, page

router = APIRouter(include_in_schema=False)


TODAY_SHOWS = 10  # steps (and replies) per part of Today, the most urgent first; ?all=1: all


def _today(request: Request, app: App, limit: int | None) -> inbox.Inbox:
    """Today's inbox (kept: `render.kept`)."""

    def compute(now: datetime) -> inbox.Inbox:
        return inbox.inbox(app.store, app.playbook, now, limit)

    return kept(request, app, f"today:{limit}", compute)


@router.get("/", response_class=HTMLResponse)
def today_page(
    request: Request,
    app: Wired,
    all_: Annotated[bool, Query(alias="all")] = False,
    plan: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    found = _today(request, app, None if all_ else TODAY_SHOWS)
    context: dict[str, Any] = {
        "inbox": found,
        "agenda": found.agenda,
        "outcomes": OUTCOMES,
        "now": app.now(),
        "title": "Today",
    }
    if plan is not None:
        with contextlib.suppress(NotFound):  # an application deleted since: Today as it is
            context["made"], context["plan"] = inbox.plan(app.store, plan, app.now())
    return page(request, "today.html", context)
