"""Every state-changing request needs the session's CSRF token; without it nothing changes."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.domain.model import StepStatus
from tests.web.conftest import csrf


def _open_email_step(app: bootstrap.App) -> int:
    agenda = services.agenda.agenda(app.store, app.playbook, app.now(), timedelta(days=7))
    step = next(s for s in [*agenda.overdue, *agenda.due] if s.id and s.channel.value == "email")
    assert step.id is not None
    return step.id


def _status(app: bootstrap.App, step_id: int) -> StepStatus:
    with app.store.transaction() as repo:
        return repo.get_step(step_id).status


def test_a_form_post_without_token_is_refused_and_changes_nothing(
    client: TestClient, app: bootstrap.App
) -> None:
    step_id = _open_email_step(app)
    client.get("/")  # the session has a cookie, but the form does not echo it
    response = client.post(f"/steps/{step_id}/done", data={"outcome": "sent"})
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert _status(app, step_id) is StepStatus.PLANNED


def test_a_wrong_token_is_refused(client: TestClient, app: bootstrap.App) -> None:
    step_id = _open_email_step(app)
    csrf(client)
    response = client.post(f"/steps/{step_id}/skip", data={"csrf_token": "forged"})
    assert response.status_code == 403
    assert _status(app, step_id) is StepStatus.PLANNED


def test_a_form_post_with_the_token_marks_the_step_done(
    client: TestClient, app: bootstrap.App
) -> None:
    step_id = _open_email_step(app)
    token = csrf(client)
    response = client.post(
        f"/steps/{step_id}/done",
        data={"outcome": "sent", "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/?did=done"
    assert _status(app, step_id) is StepStatus.DONE


def test_redirects_stay_on_this_site(client: TestClient, app: bootstrap.App) -> None:
    step_id = _open_email_step(app)
    data = {"csrf_token": csrf(client), "next": "//evil.example/"}
    response = client.post(f"/steps/{step_id}/skip", data=data, follow_redirects=False)
    assert response.headers["location"] == "/?did=skipped"


def test_a_request_from_another_origin_is_refused(client: TestClient, app: bootstrap.App) -> None:
    step_id = _open_email_step(app)
    token = csrf(client)
    response = client.post(
        f"/api/steps/{step_id}/skip",
        headers={"X-CSRF-Token": token, "Origin": "http://evil.example"},
    )
    assert response.status_code == 403
    assert _status(app, step_id) is StepStatus.PLANNED


def test_the_api_takes_the_token_in_a_header(client: TestClient, app: bootstrap.App) -> None:
    step_id = _open_email_step(app)
    assert client.post(f"/api/steps/{step_id}/skip").status_code == 403
    token = client.get("/api/csrf").json()["token"]
    response = client.post(f"/api/steps/{step_id}/skip", headers={"X-CSRF-Token": token})
    assert response.status_code == 200 and response.json()["status"] == "skipped"


def test_a_form_error_is_a_readable_page(client: TestClient) -> None:
    token = csrf(client)
    response = client.post("/applications/5/decide", data={"kind": "offer", "csrf_token": token})
    assert response.status_code == 409
    assert "already rejected" in response.text
