"""The JSON API: the `--json` shapes, errors as {"error": ...} with their status."""

from __future__ import annotations

from fastapi.testclient import TestClient

from followup import bootstrap, services, views


def _token(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/csrf").json()["token"]}


def test_applications_list(client: TestClient) -> None:
    rows = client.get("/api/applications").json()
    assert {r["company"] for r in rows} >= {"Acme Analytics", "Harbour Bank"}
    assert set(rows[0]) == {
        "id", "company", "role", "stage", "source", "last_interview", "created_at", "applied_at"
    }  # fmt: skip


def test_application_is_the_show_json_shape(client: TestClient, app: bootstrap.App) -> None:
    expected = views.application_detail(services.applications.application(app.store, 1))
    assert client.get("/api/applications/1").json() == expected


def test_today_and_due(client: TestClient) -> None:
    today = client.get("/api/today").json()
    assert set(today) == {"overdue", "due", "replies"}
    week = client.get("/api/due", params={"within": "7d"}).json()
    assert len(week["overdue"]) + len(week["due"]) >= len(today["overdue"]) + len(today["due"])


def test_step_actions(client: TestClient) -> None:
    headers = _token(client)
    step = client.get("/api/due", params={"within": "2w"}).json()["due"][0]
    snoozed = client.post(
        f"/api/steps/{step['id']}/snooze", json={"until": "2027-01-20"}, headers=headers
    )
    assert snoozed.status_code == 200 and snoozed.json()["status"] == "snoozed"
    done = client.post(f"/api/steps/{step['id']}/done", json={}, headers=headers)
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_errors_have_their_status_and_one_message(client: TestClient) -> None:
    headers = _token(client)
    cases = [
        (client.get("/api/applications/999"), 404),
        (client.get("/api/due", params={"within": "soon"}), 422),
        (client.get("/api/due", params={"within": "999999999999w"}), 422),
        (client.get("/api/applications/x"), 422),
        (client.post("/api/steps/999/skip", headers=headers), 404),
        (client.post("/api/steps/1/snooze", json={"until": "no"}, headers=headers), 422),
        (client.post("/api/steps/1/done", json={"outcome": "maybe"}, headers=headers), 422),
        (client.get("/api/nowhere"), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert set(response.json()) == {"error"} and response.json()["error"]


def test_a_done_step_cannot_be_done_again(client: TestClient) -> None:
    headers = _token(client)
    step = client.get("/api/due", params={"within": "2w"}).json()["due"][0]
    assert client.post(f"/api/steps/{step['id']}/skip", headers=headers).status_code == 200
    again = client.post(f"/api/steps/{step['id']}/skip", headers=headers)
    assert again.status_code in (409, 422) and "error" in again.json()


def test_openapi_documents_the_api(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert {"/api/applications", "/api/today", "/api/steps/{step_id}/done"} <= set(doc["paths"])
    assert "/" not in doc["paths"]
    assert "ErrorOut" in doc["components"]["schemas"]
