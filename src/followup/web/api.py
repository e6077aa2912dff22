"""The JSON API under /api: the same services as the CLI, the `--json` shapes of records.py.

State-changing requests need the CSRF token in the `X-CSRF-Token` header (see security.py);
`GET /api/csrf` hands it out.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from followup import parse, records, services
from followup.bootstrap import App
from followup.services import Agenda
from followup.web import schemas, security
from followup.web.render import wired
from followup.web.schemas import Id

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ErrorOut, "description": what}
    for status, what in (
        (400, "The request body could not be parsed"),
        (403, "No valid CSRF token"),
        (404, "No such application or step"),
        (409, "The action does not fit the current state"),
        (422, "Invalid input"),
    )
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
Wired = Annotated[App, Depends(wired)]


def _agenda(agenda: Agenda) -> schemas.AgendaOut:
    return schemas.AgendaOut.model_validate(
        {
            "overdue": [records.step_record(s) for s in agenda.overdue],
            "due": [records.step_record(s) for s in agenda.due],
            "replies": [records.reply_record(r) for r in agenda.replies],
        }
    )


@router.get("/csrf", response_model=schemas.CsrfOut)
def csrf(request: Request) -> schemas.CsrfOut:
    """The CSRF token of this session (its cookie is set with the response)."""
    return schemas.CsrfOut(token=security.token(request))


@router.get("/applications", response_model=list[schemas.SummaryOut])
def applications(app: Wired) -> list[schemas.SummaryOut]:
    """Every application, newest first (`followup list --json`)."""
    return [
        schemas.SummaryOut.model_validate(records.summary_record(s))
        for s in services.applications(app.store)
    ]


@router.get("/applications/{application_id}", response_model=schemas.ApplicationOut)
def application(application_id: Id, app: Wired) -> schemas.ApplicationOut:
    """One application with everything that belongs to it (`followup show --json`)."""
    found = services.application(app.store, application_id)
    return schemas.ApplicationOut.model_validate(records.application_detail(found))


@router.get("/today", response_model=schemas.AgendaOut)
def agenda_today(app: Wired) -> schemas.AgendaOut:
    """What is overdue, due before the end of today, and the replies (`followup today`)."""
    return _agenda(services.today(app.store, app.playbook, app.now()))


@router.get("/due", response_model=schemas.AgendaOut)
def due(
    app: Wired,
    within: Annotated[
        str, Query(description="How far ahead: 36h, 7d, 2w.", pattern=r"^[0-9]{1,4}[hdw]$")
    ] = "7d",
) -> schemas.AgendaOut:
    """What is overdue, and what may start within the span (`followup due`)."""
    return _agenda(services.agenda(app.store, app.playbook, app.now(), parse.span(within)))


class DoneIn(BaseModel):
    outcome: str | None = Field(
        default=None, description="reached, voicemail or no-answer for calls; sent otherwise."
    )


class SnoozeIn(BaseModel):
    until: date = Field(description="The date to move the step to (YYYY-MM-DD).")


def _step(step: Any) -> schemas.StepOut:
    return schemas.StepOut.model_validate(records.step_record(step))


@router.post("/steps/{step_id}/done", response_model=schemas.StepOut)
def done(step_id: Id, app: Wired, body: DoneIn | None = None) -> schemas.StepOut:
    """Mark a step done (`followup done`)."""
    outcome = body.outcome if body else None
    return _step(services.complete_step(app.store, step_id, outcome, app.playbook, app.now()))


@router.post("/steps/{step_id}/skip", response_model=schemas.StepOut)
def skip(step_id: Id, app: Wired) -> schemas.StepOut:
    """Skip a step: it will not be planned again (`followup skip`)."""
    return _step(services.skip_step(app.store, step_id, app.playbook, app.now()))


@router.post("/steps/{step_id}/snooze", response_model=schemas.StepOut)
def snooze(step_id: Id, body: SnoozeIn, app: Wired) -> schemas.StepOut:
    """Move a step to a later date (`followup snooze`)."""
    return _step(services.snooze_step(app.store, step_id, body.until, app.playbook, app.now()))
