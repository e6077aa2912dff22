"""The JSON API's shapes as Pydantic models, so the OpenAPI document says what each endpoint
returns. The records are views.py's, made into models here (`_fields`): the API answers
exactly the `--json` records, with the same keys in the same order. Moments are ISO 8601
strings, as in the CLI."""

from __future__ import annotations

import keyword
import types
import typing
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from followup import views

# An id the database can hold (SQLite and PostgreSQL: signed 64-bit); others are 422, not 500.
Id = Annotated[int, Path(ge=1, le=2**63 - 1, description="An id, as `followup list` shows.")]


def _fields(record: type) -> dict[str, Any]:
    """The annotations of a model with exactly the keys of `record`, a TypedDict of views.py,
    in its order and of its types, each required. A key Python keeps for itself (`from`) is a
    field named with a `_` after it, aliased to the key; a record inside it is the model made
    from it above (`RecipientRecord` -> `RecipientOut`), so the OpenAPI document names it."""
    fields: dict[str, Any] = {}
    for key, hint in typing.get_type_hints(record).items():
        if keyword.iskeyword(key):
            fields[f"{key}_"] = Annotated[_model_of(hint), Field(alias=key)]
        else:
            fields[key] = _model_of(hint)
    return fields


def _model_of(hint: Any) -> Any:
    """`hint` with each record in it replaced by its model."""
    if typing.is_typeddict(hint):
        return globals()[hint.__name__.removesuffix("Record") + "Out"]
    arguments = typing.get_args(hint)
    if isinstance(hint, types.UnionType):
        union: Any = None
        for argument in map(_model_of, arguments):
            union = argument if union is None else union | argument
        return union
    if typing.get_origin(hint) is list:
        return list[_model_of(arguments[0])]  # type: ignore[misc]
    return hint


class ErrorOut(BaseModel):
    error: str = Field(description="One readable sentence saying what went wrong.")


class CsrfOut(BaseModel):
    token: str = Field(description="Send it back in the X-CSRF-Token header.")


class RecipientOut(BaseModel):
    __annotations__ = _fields(views.RecipientRecord)


class StepOut(BaseModel):
    __annotations__ = _fields(views.StepRecord)


class TouchOut(BaseModel):
    __annotations__ = _fields(views.TouchRecord)


class ReplyOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    __annotations__ = _fields(views.ReplyRecord)


class AgendaOut(BaseModel):
    __annotations__ = _fields(views.AgendaRecord)


class SummaryOut(BaseModel):
    __annotations__ = _fields(views.SummaryRecord)


class InterviewOut(BaseModel):
    __annotations__ = _fields(views.InterviewRecord)


class DetailOut(BaseModel):
    __annotations__ = _fields(views.DetailRecord)


class ContactOut(BaseModel):
    __annotations__ = _fields(views.ContactRecord)


class PromiseOut(BaseModel):
    __annotations__ = _fields(views.PromiseRecord)


class DecisionOut(BaseModel):
    __annotations__ = _fields(views.DecisionRecord)


class ApplicationOut(BaseModel):
    __annotations__ = _fields(views.ApplicationDetail)


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


class CaseloadRowOut(BaseModel):
    __annotations__ = _fields(views.CaseloadRowRecord)


class CaseloadOut(BaseModel):
    __annotations__ = _fields(views.CaseloadRecord)


class NoteOut(BaseModel):
    __annotations__ = _fields(views.NoteRecord)


class NudgeOut(BaseModel):
    __annotations__ = _fields(views.NudgeRecord)


class SharedDraftOut(BaseModel):
    __annotations__ = _fields(views.SharedDraftRecord)


class SeekerViewOut(BaseModel):
    __annotations__ = _fields(views.SeekerViewRecord)
