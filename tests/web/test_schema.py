"""Schemathesis over the OpenAPI document: no server error, every response as documented."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from followup import bootstrap
from followup.config import settings as followup_settings
from followup.services import demo
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
