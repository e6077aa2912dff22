"""The pages render, escape user text, and carry the security headers."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.web.security import HEADERS

PAGES = ["/", "/pipeline", "/applications/1", "/applications/4", "/applications/1/debrief"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<a class="skip" href="#main">' in response.text


def test_today_shows_steps_with_their_actions(client: TestClient) -> None:
    page = client.get("/").text
    assert "Overdue" in page and 'action="/steps/' in page and "Review &amp; send" in page
    # In words, not the playbook's: no raw kind, status or source numbers.
    main = page[page.index("<main") :]
    assert "thank-you ·" not in main and "Status:" not in main and "Sources:" not in main


def test_application_page_shows_the_plan_with_why(client: TestClient) -> None:
    page = client.get("/applications/1").text
    assert "Acme Analytics" in page and 'href="/rules/thank-you"' in page
    assert 'name="kind" value="offer"' in page


def test_draft_page_renders_the_draft(client: TestClient, app: bootstrap.App) -> None:
    step = next(
        s
        for s in services.applications.application(app.store, 1).steps
        if s.status.value == "planned"
    )
    assert client.get(f"/steps/{step.id}/draft").status_code == 200


def test_a_company_named_like_a_script_is_shown_as_text(
    client: TestClient, app: bootstrap.App
) -> None:
    acme = services.applications.application(app.store, 1)
    evil = dataclasses.replace(
        acme, id=None, company="<script>alert(1)</script>", steps=(), touches=(), decisions=()
    )
    stored = services.applications.record_interview(app.store, evil, app.playbook, app.now())
    for path in (f"/applications/{stored.id}", "/pipeline"):
        page = client.get(path).text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("path", [*PAGES, "/api/today", "/static/followup.css", "/nowhere"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path)
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    assert "unsafe-inline" not in response.headers["content-security-policy"]


def test_no_inline_script_or_style(client: TestClient) -> None:
    page = client.get("/applications/1").text
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert '<script src="http://127.0.0.1:8765/static/htmx.min.js" defer>' in page


def test_htmx_is_served_from_the_package(client: TestClient) -> None:
    response = client.get("/static/htmx.min.js")
    assert response.status_code == 200 and "htmx" in response.text[:100]


def test_unknown_page_and_application_are_404_pages(client: TestClient) -> None:
    for path in ("/nowhere", "/applications/999"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
    assert "no application with id 999" in client.get("/applications/999").text
