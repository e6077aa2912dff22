"""The Today page: what is overdue and due, and the replies not acted on yet.
Each form posts and redirects (works without JavaScript); HTMX only boosts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from followup import services
from followup.bootstrap import App
from followup.domain.planner import OUTCOMES
from followup.web.render import Wired, kept, page

router = APIRouter(include_in_schema=False)


TODAY_SHOWS = 10  # steps (and replies) per part of Today, the most urgent first; ?all=1: all


def _today(request: Request, app: App, limit: int | None) -> dict[str, Any]:
    """Today's agenda and the companies of its steps (kept: `render.kept`)."""

    def compute(now: datetime) -> dict[str, Any]:
        agenda = services.agenda.today(app.store, app.playbook, now, limit)
        ids = {s.application_id for s in (*agenda.overdue, *agenda.due) if s.application_id}
        return {"agenda": agenda, "companies": services.applications.companies(app.store, ids)}

    return kept(request, app, f"today:{limit}", compute)


@router.get("/", response_class=HTMLResponse)
def today_page(
    request: Request, app: Wired, all_: Annotated[bool, Query(alias="all")] = False
) -> HTMLResponse:
    context = {
        **_today(request, app, None if all_ else TODAY_SHOWS),
        "outcomes": OUTCOMES,
        "now": app.now(),
        "title": "Today",
    }
    return page(request, "today.html", context)
