"""Schemathesis over the OpenAPI document: no server error, every response as documented; and
each schema of a record has exactly the keys of its record in views.py."""

from __future__ import annotations

import tempfile
import typing
from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from followup import bootstrap, views
from followup.config import settings as followup_settings
from followup.services import demo
from followup.web import schemas
from followup.web.app import create_app
from tests.web.conftest import environ

# One database for the whole schema run (hypothesis calls the test many times).
_home = Path(tempfile.mkdtemp(prefix="followup-schema-"))
_app = bootstrap.build(followup_settings.load(environ(_home)))
demo.seed(_app.store, _app.playbook, _app.now())
_web = create_app(_app)
BASE = "http://127.0.0.1:8765"  # the app answers only to its own names (not `testserver`)
_token = TestClient(_web, base_url=BASE).get("/api/csrf").json()["token"]
HEADERS = {"X-CSRF-Token": _token, "Cookie": f"followup_csrf={_token}"}

schema = schemathesis.openapi.from_asgi("/openapi.json", _web, headers={"Host": "127.0.0.1"})


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(base_url=BASE, headers=HEADERS)


# The API's model of each record views.py builds; the records the API does not answer.
MODELS = {
    schemas.RecipientOut: views.RecipientRecord,
    schemas.StepOut: views.StepRecord,
    schemas.TouchOut: views.TouchRecord,
    schemas.ReplyOut: views.ReplyRecord,
    schemas.AgendaOut: views.AgendaRecord,
    schemas.SummaryOut: views.SummaryRecord,
    schemas.InterviewOut: views.InterviewRecord,
    schemas.DetailOut: views.DetailRecord,
    schemas.ContactOut: views.ContactRecord,
    schemas.PromiseOut: views.PromiseRecord,
    schemas.DecisionOut: views.DecisionRecord,
    schemas.ApplicationOut: views.ApplicationDetail,
    schemas.InsightsOut: views.InsightsRecord,  # also `followup insights --json`
    schemas.FunnelOut: views.FunnelRecord,
    schemas.StageCountOut: views.StageCountRecord,
    schemas.ReplyRatesOut: views.ReplyRatesRecord,
    schemas.RateOut: views.RateRecord,
    schemas.DecisionTimesOut: views.DecisionTimesRecord,
    schemas.WaitedOut: views.WaitedRecord,
    schemas.CaseloadOut: views.CaseloadRecord,  # server mode's (404 here, in local mode)
    schemas.CaseloadRowOut: views.CaseloadRowRecord,
    schemas.SeekerViewOut: views.SeekerViewRecord,
    schemas.SharedDraftOut: views.SharedDraftRecord,
    schemas.NoteOut: views.NoteRecord,
    schemas.NudgeOut: views.NudgeRecord,
}
NOT_IN_API = {views.ProfileRecord, views.OutboxRecord, views.ApplicationRecord}
NOT_IN_API |= {views.PromisedRecord}  # what a promise is kept with: the CLI's


def test_each_api_schema_has_exactly_the_keys_of_its_record() -> None:
    documented = _web.openapi()["components"]["schemas"]
    for model, record in MODELS.items():
        keys = list(typing.get_type_hints(record))
        assert [f.alias or name for name, f in model.model_fields.items()] == keys, model
        assert list(documented[model.__name__]["properties"]) == keys, model
        assert documented[model.__name__]["required"] == keys, model
    records = {
        value
        for name, value in vars(views).items()
        if typing.is_typeddict(value) and not name.startswith("_")
    }
    assert set(MODELS.values()) | NOT_IN_API == records
