"""The forms that act on one step from any page: done (early only when ticked so; a call with
the moment agreed to call back), skip, snooze.
Each form posts and redirects to a page saying what it did (POST-redirect-GET, `?did=`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse

from followup import services
from followup.domain.errors import Conflict
from followup.domain.planner import CallBack, opens_later
from followup.input import parse
from followup.services.steps import Complete, Skip, Snooze
from followup.web.render import Next, Wired, back
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)


def _call_back(outcome: str, on: str, at: str) -> CallBack | None:
    if outcome != "call-back" or not on.strip():
        return None  # without a day, the planner says what is missing
    return CallBack(
        parse.day(on, "the day to call back on"),
        parse.clock(at, "the time to call back at") if at.strip() else None,
    )


@router.post("/steps/{step_id}/done")
def done(
    step_id: Id,
    app: Wired,
    outcome: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    at: Annotated[str, Form()] = "",
    early: Annotated[str, Form()] = "",
    next_: Next = "/",
) -> RedirectResponse:
    """Done, as `followup done`; before the step's window opens only with `early` ticked
    (the form's "done early" box), as the command asks first."""
    now = app.now()
    call_back = _call_back(outcome, on, at)
    too_early = opens_later(services.steps.step(app.store, step_id), now)
    if too_early and not early:
        raise Conflict(f'{too_early}: tick "done early" to record it done now')
    action = Complete(outcome or None, call_back)
    services.steps.act(app.store, step_id, action, app.playbook, now)
    return back(next_, did="done")


@router.post("/steps/{step_id}/skip")
def skip(step_id: Id, app: Wired, next_: Next = "/") -> RedirectResponse:
    services.steps.act(app.store, step_id, Skip(), app.playbook, app.now())
    return back(next_, did="skipped")


@router.post("/steps/{step_id}/snooze")
def snooze(
    step_id: Id, app: Wired, until: Annotated[date, Form()], next_: Next = "/"
) -> RedirectResponse:
    services.steps.act(app.store, step_id, Snooze(until), app.playbook, app.now())
    return back(next_, did="snoozed")
