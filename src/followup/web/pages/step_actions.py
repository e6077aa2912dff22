"""The forms that act on one step from any page: done, skip, snooze.
Each form posts and redirects (works without JavaScript); HTMX only boosts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse

from followup import services
from followup.services.steps import Complete, Skip, Snooze
from followup.web.render import Next, Wired, back
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)


@router.post("/steps/{step_id}/done")
def done(
    step_id: Id, app: Wired, outcome: Annotated[str, Form()] = "", next_: Next = "/"
) -> RedirectResponse:
    services.steps.act(app.store, step_id, Complete(outcome or None), app.playbook, app.now())
    return back(next_)


@router.post("/steps/{step_id}/skip")
def skip(step_id: Id, app: Wired, next_: Next = "/") -> RedirectResponse:
    services.steps.act(app.store, step_id, Skip(), app.playbook, app.now())
    return back(next_)


@router.post("/steps/{step_id}/snooze")
def snooze(
    step_id: Id, app: Wired, until: Annotated[date, Form()], next_: Next = "/"
) -> RedirectResponse:
    services.steps.act(app.store, step_id, Snooze(until), app.playbook, app.now())
    return back(next_)
