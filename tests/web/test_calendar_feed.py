"""The calendar feed at its secret link: served for the current link only, private headers,
the same document as `followup calendar export`, and never another user's; HEAD, an ETag
that stays until the plan changes, and 304 to `If-None-Match` (in-process, and from
`followup serve` over HTTP)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import icalendar
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.adapters import ics
from followup.config import settings
from followup.domain.model import OPEN_STATUSES, StepStatus
from followup.services import calendar
from followup.web.app import create_app
from tests.e2e.conftest import EXE
from tests.web.conftest import BASE, csrf, environ
from tests.web.servers import request, serving


def _create(client: TestClient, action: str = "new") -> str:
    """Press "Create link" (or "Replace link") on the Settings page; the path it shows."""
    response = client.post(
        "/settings/feed", data={"csrf_token": csrf(client, "/settings"), "action": action}
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    match = re.search(
        r'id="feed-url" type="text" readonly size="80" value="([^"]+)"', response.text
    )
    assert match, "the new link is not shown"
    assert match[1].startswith(f"{BASE}/calendar/") and match[1].endswith(".ics")
    return match[1].removeprefix(BASE)


def _summaries(document: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(document).walk("VEVENT")}


def test_the_link_serves_the_demo_plan_as_a_calendar(
    client: TestClient, app: bootstrap.App
) -> None:
    path = _create(client)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers.get_list("referrer-policy") == ["no-referrer"]
    assert response.content == calendar.calendar_feed(app.store, app.now())
    steps = [
        s
        for a in services.applications.applications(app.store)
        for s in services.applications.application(app.store, a.id).steps
    ]
    recent = app.now() - ics.CLOSED_KEPT  # the demo's steps were written at app.now()
    exported = {
        f"step-{s.id}@followup"
        for s in steps
        if s.status in OPEN_STATUSES or (s.done_at or app.now()) >= recent
    }
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(exported) > 1 and any(s.status is StepStatus.DONE for s in steps)
    # every open step of the demo, and those closed within the window
    assert {str(e["UID"]) for e in events} == exported


def test_head_etag_and_if_none_match(client: TestClient, app: bootstrap.App) -> None:
    path = _create(client)
    got = client.get(path)
    tag = got.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag) and got.content
    assert client.get(path).headers["etag"] == tag  # the same plan: the same tag
    head = client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == tag
    assert head.headers["content-length"] == str(len(got.content))
    assert head.headers["content-type"] == got.headers["content-type"]
    for asked in [tag, f"W/{tag}", f'"other", {tag}', "*"]:
        unchanged = client.get(path, headers={"If-None-Match": asked})
        assert unchanged.status_code == 304 and unchanged.content == b"", asked
        assert unchanged.headers["etag"] == tag
        assert unchanged.headers["cache-control"] == "private, no-store"
        assert client.head(path, headers={"If-None-Match": asked}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200

    step = services.agenda.today(app.store, app.playbook, app.now()).overdue[0]
    assert step.id is not None
    services.steps.act(app.store, step.id, services.steps.Skip(), app.playbook, app.now())
    changed = client.get(path, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    [event] = [
        e
        for e in icalendar.Calendar.from_ical(changed.content).walk("VEVENT")
        if str(e["UID"]) == f"step-{step.id}@followup"
    ]
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_replaced_link_is_gone_and_the_new_one_works(client: TestClient) -> None:
    old = _create(client)
    new = _create(client, "new")
    assert new != old
    gone = client.get(old)
    assert gone.status_code == 404
    assert "replaced or revoked" in gone.text
    assert gone.headers["cache-control"] == "private, no-store"
    assert client.get(new).status_code == 200


def test_a_revoked_link_is_gone(client: TestClient) -> None:
    path = _create(client)
    response = client.post(
        "/settings/feed", data={"csrf_token": csrf(client, "/settings"), "action": "revoke"}
    )
    assert response.status_code == 200 and response.url.path == "/settings"
    assert "Saved." in response.text and "There is no link yet." in response.text
    assert client.get(path).status_code == 404


def test_a_made_up_link_is_not_found(client: TestClient) -> None:
    _create(client)
    for token in ["x", "A" * 43, "A" * 5000, "%00", "..%2F..%2Fsettings"]:
        response = client.get(f"/calendar/{token}.ics")
        assert response.status_code == 404, token
        assert "BEGIN:VCALENDAR" not in response.text
        assert (
            client.head(f"/calendar/{token}.ics", headers={"If-None-Match": "*"}).status_code == 404
        )


def test_the_token_is_only_on_the_page_that_made_it(client: TestClient) -> None:
    token = _create(client).removeprefix("/calendar/").removesuffix(".ics")
    for page in ["/", "/pipeline", "/settings", "/api/applications", "/openapi.json"]:
        assert token not in client.get(page).text, page
    assert "A link exists since" in client.get("/settings").text


def test_a_feed_request_changes_nothing_and_needs_no_csrf(client: TestClient) -> None:
    fresh = TestClient(client.app, base_url=BASE)  # no cookie, no CSRF token
    path = _create(client)
    assert fresh.get(path).status_code == 200
    assert fresh.post(path).status_code in (403, 405)  # only GET serves it


def test_two_users_links_do_not_cross(tmp_path: Path, app: bootstrap.App) -> None:
    """Two users on one database: each link serves its own user's plan, on its user's app."""
    env = environ(tmp_path)
    bob_app = bootstrap.build(settings.load({**env, "FOLLOWUP_USER": "bob"}))
    services.people.update_profile(bob_app.store, {"name": "Bob", "timezone": "UTC"})
    with (
        TestClient(create_app(app), base_url=BASE) as alice,
        TestClient(create_app(bob_app), base_url=BASE) as bob,
    ):
        alice_path, bob_path = _create(alice), _create(bob)
        assert alice.get(alice_path).status_code == 200
        bob_feed = bob.get(bob_path)
        assert bob_feed.status_code == 200
        assert _summaries(bob_feed.content) == set()  # bob has no applications
        assert alice.get(bob_path).status_code == 404
        assert bob.get(alice_path).status_code == 404


def test_followup_serve_answers_head_and_304_over_http(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **environ(tmp_path)}
    with serving(tmp_path) as port:
        made = subprocess.run(
            [EXE, "calendar", "feed", "--new"], env=env, capture_output=True, text=True, check=True
        )
        path = next(w for w in made.stdout.split() if w.startswith("/calendar/"))
        status, body, got = request(port, "GET", path)
        assert status == 200 and body.startswith(b"BEGIN:VCALENDAR\r\n")
        tag = got.getheader("ETag")
        assert tag and got.getheader("Cache-Control") == "private, no-store"
        status, empty, head = request(port, "HEAD", path)
        assert status == 200 and empty == b"" and head.getheader("ETag") == tag
        assert head.getheader("Content-Length") == str(len(body))
        status, empty, same = request(port, "GET", path, {"If-None-Match": tag})
        assert status == 304 and empty == b"" and same.getheader("ETag") == tag
        assert request(port, "GET", path, {"If-None-Match": '"stale"'})[1] == body
