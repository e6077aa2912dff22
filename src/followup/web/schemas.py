"""The JSON API's shapes: the `--json` records of records.py as Pydantic models, so the OpenAPI
document says what each endpoint returns. Moments are ISO 8601 strings, as in the CLI."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

# An id the database can hold (SQLite and PostgreSQL: signed 64-bit); others are 422, not 500.
Id = Annotated[int, Path(ge=1, le=2**63 - 1, description="An id, as `followup list` shows.")]


class ErrorOut(BaseModel):
    error: str = Field(description="One readable sentence saying what went wrong.")


class CsrfOut(BaseModel):
    token: str = Field(description="Send it back in the X-CSRF-Token header.")


class RecipientOut(BaseModel):
    name: str
    title: str | None
    email: str | None
    relation: str
    contact_id: int | None


class StepOut(BaseModel):
    id: int | None
    application_id: int | None
    kind: str
    channel: str
    status: str
    recipients: list[RecipientOut]
    earliest: str
    due: str
    timezone: str
    rationale: str
    sources: list[str]
    outcome: str | None


class TouchOut(BaseModel):
    id: int | None
    channel: str
    direction: str
    at: str
    outcome: str | None
    note: str | None
    message_id: str | None
    contact_id: int | None


class ReplyOut(TouchOut):
    model_config = ConfigDict(populate_by_name=True)

    application_id: int
    company: str
    role: str
    from_: str | None = Field(alias="from")
    email: str | None
    subject: str | None
    flag: str | None
    confirm: str | None


class AgendaOut(BaseModel):
    overdue: list[StepOut]
    due: list[StepOut]
    replies: list[ReplyOut]


class SummaryOut(BaseModel):
    id: int
    company: str
    role: str
    stage: str
    source: str
    last_interview: str | None
    created_at: str | None


class InterviewOut(BaseModel):
    id: int | None
    start: str
    end: str
    timezone: str
    country: str | None
    format: str
    round: int
    notes: str | None
    decision_by: str | None
    next_round: str | None
    contact_on: str | None


class DetailOut(BaseModel):
    kind: str
    value: str
    types: list[str]


class ContactOut(BaseModel):
    id: int | None
    application_id: int | None
    name: str
    relation: str
    title: str | None
    organisation: str | None
    email: str | None
    phone: str | None
    address: str | None
    timezone: str | None
    country: str | None
    notes: str | None
    details: list[DetailOut]


class PromiseOut(BaseModel):
    id: int | None
    what: str
    to: str
    done: bool


class DecisionOut(BaseModel):
    kind: str
    at: str
    note: str | None


class ApplicationOut(BaseModel):
    id: int | None
    company: str
    role: str
    stage: str
    source: str
    notes: str | None
    created_at: str | None
    settings: dict[str, str]
    interviews: list[InterviewOut]
    contacts: list[ContactOut]
    promises: list[PromiseOut]
    touches: list[TouchOut]
    decisions: list[DecisionOut]
    steps: list[StepOut]


class StageCountOut(BaseModel):
    stage: str
    applications: int


class FunnelOut(BaseModel):
    reached: list[StageCountOut] = Field(description="Applied, interviewing, offer, hired.")
    ended: list[StageCountOut] = Field(description="Rejected, withdrawn, closed (now).")


class RateOut(BaseModel):
    label: str = Field(description="The step kind or the channel.")
    sent: int
    answered: int
    share: float = Field(ge=0, le=1)


class ReplyRatesOut(BaseModel):
    window_days: int
    waiting: int = Field(description="Steps done still inside their window, not counted yet.")
    by_kind: list[RateOut]
    by_channel: list[RateOut]


class WaitedOut(BaseModel):
    application_id: int | None
    company: str
    role: str
    days: int


class DecisionTimesOut(BaseModel):
    kind: str
    median_days: float
    weeks: list[int] = Field(description="Decisions by week after the first interview.")
    decisions: list[WaitedOut]


class InsightsOut(BaseModel):
    funnel: FunnelOut
    replies: ReplyRatesOut
    decisions: list[DecisionTimesOut]
