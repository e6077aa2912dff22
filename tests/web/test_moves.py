"""Moving applications between stages (Pipeline), the API's decide/log/stage, and the
security headers on an unexpected server error."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.web.app import create_app
from followup.web.security import HEADERS
from tests.web.conftest import csrf


def _stage_section(page: str, stage: str) -> str:
    found = re.search(rf'<section aria-labelledby="stage-{stage}"[^>]*>(.*?)</section>', page, re.S)
    return found[1] if found else ""


def test_pipeline_moves_an_application_to_interviewing_and_back(
    client: TestClient, app: bootstrap.App
) -> None:
    token = csrf(client)
    page = client.get("/pipeline").text
    assert 'action="/applications/1/stage"' in page
    moved = client.post("/applications/1/stage", data={"stage": "applied", "csrf_token": token})
    assert moved.status_code == 200  # followed the 303 back to the pipeline
    assert "Acme Analytics" in _stage_section(moved.text, "applied")
    assert "Acme Analytics" not in _stage_section(moved.text, "interviewing")
    assert services.applications.application(app.store, 1).stage.value == "applied"


def test_moving_to_rejected_records_the_decision_and_replans(
    client: TestClient, app: bootstrap.App
) -> None:
    client.post("/applications/1/stage", data={"stage": "rejected", "csrf_token": csrf(client)})
    acme = services.applications.application(app.store, 1)
    assert acme.stage.value == "rejected"
    assert [d.kind.value for d in acme.decisions] == ["rejected"]
    kinds = {s.kind for s in acme.steps if s.status.value == "planned"}
    assert {"feedback-request", "stay-in-touch"} <= kinds and "check-in-call" not in kinds


def test_a_decided_application_cannot_go_back(client: TestClient, app: bootstrap.App) -> None:
    token = csrf(client)
    rejected = services.applications.applications(app.store)
    sol = next(a for a in rejected if a.stage.value == "rejected")
    response = client.post(
        f"/applications/{sol.id}/stage", data={"stage": "interviewing", "csrf_token": token}
    )
    assert response.status_code == 409 and "cannot" in response.text
    assert services.applications.application(app.store, sol.id or 0).stage.value == "rejected"
    unknown = client.post("/applications/1/stage", data={"stage": "lost", "csrf_token": token})
    assert unknown.status_code == 422 and "lost" in unknown.text


def test_moving_needs_the_csrf_token(client: TestClient, app: bootstrap.App) -> None:
    assert client.post("/applications/1/stage", data={"stage": "applied"}).status_code == 403
    assert services.applications.application(app.store, 1).stage.value == "interviewing"


def _api_headers(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/csrf").json()["token"]}


def test_api_logs_a_reply_which_pauses_the_nudges(client: TestClient) -> None:
    headers = _api_headers(client)
    response = client.post(
        "/api/applications/1/touches",
        json={"channel": "email", "direction": "in", "at": "2026-12-18T15:00:00+00:00"},
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["direction"] == "in" and response.json()["id"]
    shown = client.get("/api/applications/1").json()
    assert any(t["direction"] == "in" for t in shown["touches"])


def test_api_refuses_a_moment_without_offset_or_as_a_number(client: TestClient) -> None:
    headers = _api_headers(client)
    for at in ("2026-12-18T15:00:00", 0):
        response = client.post(
            "/api/applications/1/touches",
            json={"channel": "email", "direction": "in", "at": at},
            headers=headers,
        )
        assert response.status_code == 422 and "error" in response.json()
    assert not any(
        t["direction"] == "in" for t in client.get("/api/applications/1").json()["touches"]
    )


def test_api_decides_and_moves(client: TestClient) -> None:
    headers = _api_headers(client)
    offer = client.post(
        "/api/applications/1/decide", json={"kind": "offer", "note": "call Friday"}, headers=headers
    )
    assert offer.status_code == 200 and offer.json()["stage"] == "offer"
    again = client.post("/api/applications/1/decide", json={"kind": "offer"}, headers=headers)
    assert again.status_code == 409
    hired = client.post("/api/applications/1/stage", json={"stage": "hired"}, headers=headers)
    assert hired.status_code == 200 and hired.json()["stage"] == "hired"


def test_an_unexpected_error_is_a_500_with_the_security_headers(app: bootstrap.App) -> None:
    web = create_app(app)

    def broken() -> None:
        raise RuntimeError("a bug")

    web.add_api_route("/broken", broken)
    with TestClient(web, base_url="http://127.0.0.1:8765") as client:
        response = client.get("/broken")
    assert response.status_code == 500
    assert "a bug" not in response.text and "went wrong" in response.text
    for name, value in HEADERS.items():
        assert response.headers[name] == value


def test_logging_a_reply_on_the_application_page_pauses_the_nudges(
    client: TestClient, app: bootstrap.App
) -> None:
    page = client.get("/applications/1").text
    assert 'action="/applications/1/touches"' in page and "Log a message or call" in page
    response = client.post(
        "/applications/1/touches",
        data={
            "channel": "phone",
            "direction": "in",
            "note": "Priya rang",
            "csrf_token": csrf(client),
        },
    )
    assert response.status_code == 200 and "Priya rang" in response.text
    acme = services.applications.application(app.store, 1)
    assert [t.note for t in acme.touches if t.direction.value == "in"] == ["Priya rang"]
    open_kinds = {s.kind for s in acme.steps if s.status.value in ("planned", "snoozed")}
    assert "check-in-call" not in open_kinds  # the reply paused the nudge
    bad = client.post(
        "/applications/1/touches",
        data={"channel": "pigeon", "direction": "in", "csrf_token": csrf(client)},
    )
    assert bad.status_code == 422 and "pigeon" in bad.text
    assert len(services.applications.application(app.store, 1).touches) == len(acme.touches)


def test_an_unexpected_error_on_the_feed_does_not_log_its_token(
    app: bootstrap.App, caplog: pytest.LogCaptureFixture
) -> None:
    web = create_app(app)

    def broken(token: str) -> None:
        raise RuntimeError("a bug")

    web.router.routes.insert(0, APIRoute("/calendar/{token}.ics", broken))
    with TestClient(web, base_url="http://127.0.0.1:8765") as client:
        assert client.get("/calendar/s3cr3t-t0ken.ics").status_code == 500
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "unexpected error on GET /calendar/(token).ics" in logged
    assert "s3cr3t-t0ken" not in logged
