"""The JSON API under /api: the same services as the CLI, the `--json` shapes of views.py.

State-changing requests need the CSRF token in the `X-CSRF-Token` header (see security.py);
`GET /api/csrf` hands it out.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import AwareDatetime, BaseModel, BeforeValidator, Field

from followup import services, views
from followup.domain import values
from followup.domain.model import Channel, DecisionKind, Direction, Stage, Touch
from followup.domain.planner import OUTCOMES, CallBack
from followup.input import parse
from followup.services.agenda import Agenda
from followup.services.steps import Complete, Skip, Snooze
from followup.web import schemas, security
from followup.web.render import Wired
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


def _agenda(agenda: Agenda) -> schemas.AgendaOut:
    return schemas.AgendaOut.model_validate(
        views.agenda_record(agenda.overdue, agenda.due, agenda.replies)
    )


@router.get("/csrf", response_model=schemas.CsrfOut)
def csrf(request: Request) -> schemas.CsrfOut:
    """The CSRF token of this session (its cookie is set with the response)."""
    return schemas.CsrfOut(token=security.token(request))


@router.get("/applications", response_model=list[schemas.SummaryOut])
def applications(app: Wired) -> list[schemas.SummaryOut]:
    """Every application, newest first (`followup list --json`)."""
    return [
        schemas.SummaryOut.model_validate(views.summary_record(s))
        for s in services.applications.applications(app.store)
    ]


@router.get("/applications/{application_id}", response_model=schemas.ApplicationOut)
def application(application_id: Id, app: Wired) -> schemas.ApplicationOut:
    """One application with everything that belongs to it (`followup show --json`)."""
    return _detail(services.applications.application(app.store, application_id))


@router.get("/today", response_model=schemas.AgendaOut)
def agenda_today(app: Wired) -> schemas.AgendaOut:
    """What is overdue, due before the end of today, and the replies (`followup today`)."""
    return _agenda(services.agenda.today(app.store, app.playbook, app.now()))


@router.get("/due", response_model=schemas.AgendaOut)
def due(
    app: Wired,
    within: Annotated[
        str, Query(description="How far ahead: 36h, 7d, 2w.", pattern=r"^[0-9]{1,4}[hdw]$")
    ] = "7d",
) -> schemas.AgendaOut:
    """What is overdue, and what may start within the span (`followup due`)."""
    return _agenda(services.agenda.agenda(app.store, app.playbook, app.now(), parse.span(within)))


# What the model refuses, said in the schema: one-line text, blocks of text, years 1970-2100.
YEARS = r"^(19[7-9][0-9]|20[0-9][0-9]|2100)-"
OneLine = Annotated[str, Field(max_length=200, pattern=values.ONE_LINE_PATTERN)]
Block = Annotated[str, Field(max_length=2000, pattern=values.TEXT_PATTERN)]


_DONE = tuple(o for o in OUTCOMES if o != "call-back")  # a call-back has its own route


class DoneIn(BaseModel):
    outcome: Literal[_DONE] | None = Field(  # type: ignore[valid-type]
        default=None, description="reached, voicemail or no-answer for calls; sent otherwise."
    )


class CallBackIn(BaseModel):
    on: date = Field(
        description="The day agreed (YYYY-MM-DD), in 1970-2100.",
        json_schema_extra={"pattern": YEARS},
    )
    at: str | None = Field(
        default=None,
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="The time agreed, HH:MM in the recipient's time zone (default: the start "
        "of their working hours).",
    )


class SnoozeIn(BaseModel):
    until: date = Field(
        description="The date to move the step to (YYYY-MM-DD), in 1970-2100.",
        json_schema_extra={"pattern": YEARS},
    )


def _step(step: Any) -> schemas.StepOut:
    return schemas.StepOut.model_validate(views.step_record(step))


@router.post("/steps/{step_id}/done", response_model=schemas.StepOut)
def done(step_id: Id, app: Wired, body: DoneIn | None = None) -> schemas.StepOut:
    """Mark a step done (`followup done`)."""
    outcome = body.outcome if body else None
    return _step(services.steps.act(app.store, step_id, Complete(outcome), app.playbook, app.now()))


@router.post("/steps/{step_id}/call-back", response_model=schemas.StepOut)
def call_back(step_id: Id, body: CallBackIn, app: Wired) -> schemas.StepOut:
    """A call that ended "call back on ...": the same call, moved to the moment agreed
    (`followup done --outcome call-back --on DATE --at HH:MM`)."""
    at = parse.clock(body.at, "at") if body.at is not None else None
    action = Complete("call-back", CallBack(body.on, at))
    return _step(services.steps.act(app.store, step_id, action, app.playbook, app.now()))


@router.post("/steps/{step_id}/skip", response_model=schemas.StepOut)
def skip(step_id: Id, app: Wired) -> schemas.StepOut:
    """Skip a step: it will not be planned again (`followup skip`)."""
    return _step(services.steps.act(app.store, step_id, Skip(), app.playbook, app.now()))


@router.post("/steps/{step_id}/snooze", response_model=schemas.StepOut)
def snooze(step_id: Id, body: SnoozeIn, app: Wired) -> schemas.StepOut:
    """Move a step to a later date (`followup snooze`)."""
    return _step(
        services.steps.act(app.store, step_id, Snooze(body.until), app.playbook, app.now())
    )


class DecideIn(BaseModel):
    kind: DecisionKind = Field(description="offer, rejected, withdrawn, hired or closed.")
    note: Block | None = Field(default=None, description="Anything worth keeping.")


def _text(value: Any) -> Any:
    """A moment comes as ISO 8601 text, not as a number (pydantic would take seconds)."""
    if not isinstance(value, str):
        raise ValueError("a date and time as ISO 8601 text, e.g. 2026-12-18T13:00:00+00:00")
    return value


class TouchIn(BaseModel):
    channel: Channel = Field(description="email, phone, voicemail, letter, in-person or other.")
    direction: Direction = Field(description="out (you contacted them) or in (they did).")
    at: Annotated[AwareDatetime, BeforeValidator(_text)] | None = Field(
        default=None,
        description="When, ISO 8601 with its offset, in 1970-2100 (default: now).",
        json_schema_extra={"pattern": YEARS},
    )
    outcome: OneLine | None = Field(default=None, description="How it went.")
    note: Block | None = Field(default=None, description="What was said.")


class MoveIn(BaseModel):
    stage: Stage = Field(description="The stage to move the application to.")


def _detail(found: Any) -> schemas.ApplicationOut:
    return schemas.ApplicationOut.model_validate(views.application_detail(found))


@router.post("/applications/{application_id}/decide", response_model=schemas.ApplicationOut)
def decide(application_id: Id, body: DecideIn, app: Wired) -> schemas.ApplicationOut:
    """Record a decision; nudges stop and the plan changes (`followup decide`)."""
    return _detail(
        services.applications.decide(
            app.store, application_id, body.kind, app.playbook, app.now(), body.note
        )
    )


@router.post("/applications/{application_id}/touches", response_model=schemas.TouchOut)
def log_touch(application_id: Id, body: TouchIn, app: Wired) -> schemas.TouchOut:
    """Record a touch, in either direction, and replan (`followup log`)."""
    now = app.now()
    touch = Touch(
        channel=body.channel,
        direction=body.direction,
        at=body.at or now,
        outcome=body.outcome,
        note=body.note,
    )
    stored = services.applications.log_touch(app.store, application_id, touch, app.playbook, now)
    return schemas.TouchOut.model_validate(views.touch_record(stored))


@router.post("/applications/{application_id}/stage", response_model=schemas.ApplicationOut)
def move(application_id: Id, body: MoveIn, app: Wired) -> schemas.ApplicationOut:
    """Move an application to another stage (a decision stage records that decision)."""
    return _detail(
        services.applications.move(app.store, application_id, body.stage, app.playbook, app.now())
    )
