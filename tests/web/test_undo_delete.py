"""Undo and delete in the web app (web/pages/undo.py, deleting.py): after a step action or a
decision every page offers "Undo" (its form puts the application back exactly and goes back to
the page); an application or a contact is deleted from a page that says what goes with it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response

from followup import bootstrap, services
from followup.domain.model import OPEN_STATUSES, Stage
from tests.web.conftest import csrf


def _undo_form(html: str) -> tuple[str, str]:
    """The toast's words and its form's action."""
    match = re.search(
        r'<div class="toast undo" role="status">\s*<p>([^<]+)</p>\s*'
        r'<form method="post" action="(/undo/[^"]+)">',
        html,
    )
    assert match, "no Undo on the page"
    return match[1], match[2]


def _open_step_of(app: bootstrap.App, application_id: int) -> int:
    steps = services.applications.application(app.store, application_id).steps
    return next(s.id for s in steps if s.status in OPEN_STATUSES and s.id is not None)


def test_a_step_done_is_offered_and_undone(client: TestClient, app: bootstrap.App) -> None:
    token = csrf(client)
    assert 'class="toast undo"' not in client.get("/").text
    before = services.applications.application(app.store, 1)
    step_id = _open_step_of(app, 1)
    done = client.post(
        f"/steps/{step_id}/done",
        data={"csrf_token": token, "next": "/applications/1", "early": "1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    what, action = _undo_form(client.get("/pipeline").text)
    assert what.startswith("Marked done: ")
    undone = client.post(
        action, data={"csrf_token": token, "next": "/pipeline"}, follow_redirects=False
    )
    assert undone.status_code == 303 and undone.headers["location"] == "/pipeline?did=undone"
    assert services.applications.application(app.store, 1) == before
    assert 'class="toast undo"' not in client.get("/").text
    again = client.post(action, data={"csrf_token": token})
    assert again.status_code == 404 and "nothing to undo" in again.text


def test_a_decision_is_undone(client: TestClient, app: bootstrap.App) -> None:
    token = csrf(client)
    before = services.applications.application(app.store, 1)
    client.post("/applications/1/decide", data={"csrf_token": token, "kind": "rejected"})
    assert services.applications.application(app.store, 1).stage is Stage.REJECTED
    what, action = _undo_form(client.get("/applications/1").text)
    assert what.startswith("Decision: rejected (")
    client.post(action, data={"csrf_token": token, "next": "/applications/1"})
    assert services.applications.application(app.store, 1) == before


def test_undo_after_a_change_is_refused_with_a_reason(
    client: TestClient, app: bootstrap.App
) -> None:
    token = csrf(client)
    client.post("/applications/1/decide", data={"csrf_token": token, "kind": "withdrawn"})
    _, action = _undo_form(client.get("/").text)
    client.post(
        "/applications/1/touches",
        data={"csrf_token": token, "channel": "email", "direction": "in", "note": "ok"},
    )
    refused = client.post(action, data={"csrf_token": token})
    assert refused.status_code == 409 and "changed since" in refused.text


def test_an_application_is_deleted_after_its_page_says_what_goes(
    client: TestClient, app: bootstrap.App
) -> None:
    token = csrf(client)
    found = services.applications.application(app.store, 1)
    page = client.get("/applications/1/delete")
    assert page.status_code == 200
    assert f"{len(found.steps)} steps" in page.text and "interview" in page.text
    gone = client.post("/applications/1/delete", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/pipeline?did=deleted"
    assert client.get("/applications/1").status_code == 404


def test_a_contact_is_deleted_after_its_page_says_what_goes(
    client: TestClient, app: bootstrap.App
) -> None:
    token = csrf(client)
    person = next(c for c in services.people.contacts(app.store) if c.application_id)
    page = client.get(f"/contacts/{person.id}/delete")
    assert page.status_code == 200 and f"Delete {person.name}?" in page.text
    assert "Kept, without them" in page.text
    gone = client.post(
        f"/contacts/{person.id}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/contacts?did=deleted"
    assert client.get(f"/contacts/{person.id}").status_code == 404


ACME = {
    "company": "Acme",
    "role": "Data Analyst",
    "start": "2026-12-18T13:00",
    "duration": "60m",
    "tz": "Europe/London",
    "country": "GB-ENG",
    "format": "in-person",
    "round": "1",
    "people-0-role": "interviewer",
    "people-0-name": "Priya Shah",
}


def test_adding_an_open_application_again_asks_round_or_new(client: TestClient) -> None:
    def post(form: dict[str, str]) -> Response:
        data = {**form, "csrf_token": csrf(client)}
        return client.post("/interviews", data=data, follow_redirects=False)

    first = post(ACME)
    assert first.status_code == 303
    again = post({**ACME, "company": " acme ", "role": "data  analyst"})
    assert again.status_code == 409
    application_id = first.headers["location"].rsplit("/", 1)[1]
    assert "Acme — Data Analyst is open already" in again.text
    assert f'href="/applications/{application_id}/rounds/new"' in again.text
    assert 'name="as_new" value="1"' in again.text and 'value="Priya Shah"' in again.text
    new = post({**ACME, "as_new": "1"})
    assert new.status_code == 303 and new.headers["location"] != first.headers["location"]
