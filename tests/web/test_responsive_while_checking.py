"""A long unbroken token in a draft neither freezes the server nor is checked past the cap.

The address pattern of the checks once took seconds on 16 KB of one token and hours on 1 MB,
holding the interpreter so that every other request waited. Now a draft over the cap (LONG
characters) is refused with 422 before any check runs, a draft at the cap is checked in well
under a second, and the server answers other requests meanwhile. A request body over the
server's limit is refused with 413 before it is read.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.domain.values import LONG
from followup.web import security
from tests.web.conftest import csrf
from tests.web.servers import request, serving

FORM = "application/x-www-form-urlencoded"


def _email_step(port: int) -> int:
    status, body, _ = request(port, "GET", "/api/today")
    assert status == 200
    today = json.loads(body)
    return int(next(s["id"] for s in today["overdue"] + today["due"] if s["channel"] == "email"))


@pytest.mark.parametrize(
    ("size", "answer"), [(LONG, 200), (1_000_000, 422)], ids=["at-the-cap", "1MB"]
)
def test_a_long_token_is_answered_quickly_while_another_request_is_served(
    tmp_path: Path, size: int, answer: int
) -> None:
    with serving(tmp_path) as port:
        step = _email_step(port)
        _, body, _ = request(port, "GET", "/api/csrf")
        token = json.loads(body)["token"]
        headers = {"Content-Type": FORM, "X-CSRF-Token": token, "Cookie": f"followup_csrf={token}"}
        check_path = f"/steps/{step}/draft/check"
        warm = urlencode({"text": "Dear Ada, thank you."}).encode()  # the dictionary loaded
        assert request(port, "POST", check_path, headers, warm, timeout=60)[0] == 200
        draft = urlencode({"text": "a" * size}).encode()
        sent = threading.Event()
        check: dict[str, Any] = {}

        def post_the_draft() -> None:
            import http.client

            started = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request("POST", check_path, draft, headers)
                sent.set()  # the whole draft is with the server: it is checking now
                reply = connection.getresponse()
                check["status"], check["page"] = reply.status, reply.read().decode()
            finally:
                sent.set()
                connection.close()
                check["seconds"] = time.monotonic() - started

        checking = threading.Thread(target=post_the_draft, daemon=True)
        checking.start()
        assert sent.wait(timeout=30)
        started = time.monotonic()
        status, body, _ = request(port, "GET", "/api/csrf", timeout=60)
        other = time.monotonic() - started
        checking.join(timeout=60)
        assert status == 200 and json.loads(body)["token"]
        assert other < 1.0, f"/api/csrf waited {other:.1f} s for the check"
        assert check.get("status") == answer, check.get("page", "")[-500:]
        assert check["seconds"] < 1.0, f"the check took {check['seconds']:.1f} s"
        if answer == 422:
            assert "is over 20,000 characters" in check["page"]
        else:
            assert 'id="checks"' in check["page"]


def _step(app: bootstrap.App) -> int:
    agenda = services.agenda.agenda(app.store, app.playbook, app.now(), timedelta(days=7))
    step = next(s for s in [*agenda.overdue, *agenda.due] if s.channel.value == "email")
    assert step.id is not None
    return step.id


def _draft(app: bootstrap.App, step_id: int) -> str | None:
    with app.store.transaction() as repo:
        return repo.get_step(step_id).draft


@pytest.mark.parametrize("route", ["draft/check", "draft", "approve"])
def test_a_draft_over_the_cap_is_refused_and_not_kept(
    client: TestClient, app: bootstrap.App, route: str
) -> None:
    step_id = _step(app)
    before = _draft(app, step_id), app.store.revision()
    form = {"csrf_token": csrf(client), "text": "Dear Ada, " + "a" * LONG}
    response = client.post(f"/steps/{step_id}/{route}", data=form)
    assert response.status_code == 422
    assert "text: is over 20,000 characters: shorten it" in response.text
    assert (_draft(app, step_id), app.store.revision()) == before


def test_the_cap_counts_a_textarea_as_the_draft_keeps_it(
    client: TestClient, app: bootstrap.App
) -> None:
    """A browser sends CRLF line ends; the draft keeps LF: the cap counts the kept text."""
    step_id = _step(app)
    line = "Dear Ada, thank you.\r\n"
    over = line * (LONG // (len(line) - 1) + 1)  # over LONG even as kept
    assert len(over.replace("\r\n", "\n")) > LONG
    response = client.post(
        f"/steps/{step_id}/draft", data={"csrf_token": csrf(client), "text": over}
    )
    assert response.status_code == 422 and "is over 20,000 characters" in response.text
    text = line * (LONG // (len(line) - 1))  # over LONG as sent, under it as kept
    assert len(text) > LONG >= len(text.replace("\r\n", "\n"))
    form = {"csrf_token": csrf(client), "text": text}
    response = client.post(f"/steps/{step_id}/draft", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert _draft(app, step_id) == text.replace("\r\n", "\n")


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    client: TestClient, app: bootstrap.App
) -> None:
    step_id = _step(app)
    token = client.get("/api/csrf").json()["token"]
    headers = {"Content-Type": FORM, "X-CSRF-Token": token}
    before = _draft(app, step_id), app.store.revision()
    too_much = b"text=" + b"a" * security.MAX_BODY
    response = client.post(f"/steps/{step_id}/draft", content=too_much, headers=headers)
    assert response.status_code == 413 and "over 8 MB" in response.text

    def chunked() -> Any:  # no Content-Length: counted as it comes
        yield b"text="
        for _ in range(9):
            yield b"a" * 2**20

    response = client.post(f"/steps/{step_id}/draft", content=chunked(), headers=headers)
    assert response.status_code == 413 and "over 8 MB" in response.text
    assert (_draft(app, step_id), app.store.revision()) == before
