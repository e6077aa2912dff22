"""Against DNS rebinding: the app answers only to requests for the names it was started for.

A page on any site can make its own domain resolve to 127.0.0.1 and then fetch the app as
"its own" origin: the browser sends `Host: evil.example:8765`. Every route (enumerated from
the router, mounts and the schema included) must refuse such a request before it runs, and
a state-changing request must come from a page of an allowed host (Origin, else Referer).
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount

from followup import bootstrap, services
from followup.config import settings
from followup.services import calendar
from followup.web.app import create_app
from tests.e2e.conftest import EXE
from tests.mailservers import free_port
from tests.web.conftest import BASE, environ
from tests.web.servers import request, serving

FOREIGN = [
    "evil.example:8765",
    "evil.example",
    "127.0.0.1.evil.example",
    "localhost.evil.example:8765",
]
LOOPBACK = ["127.0.0.1:8765", "127.0.0.1", "localhost:8765", "localhost", "[::1]:8765", "[::1]"]
REFUSED = "does not answer to that Host name"


def routes(web: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) the app routes, its included routers' and mounts' too (a mount
    as one file in it)."""
    found: list[tuple[str, str]] = []
    for route in web.routes:
        contexts = getattr(route, "effective_route_contexts", None)  # FastAPI's included routers
        if contexts is not None:
            for context in contexts():
                found += [(m, context.path) for m in sorted(context.original_route.methods)]
        elif isinstance(route, Mount):
            found += [("GET", f"{route.path}/followup.css"), ("HEAD", f"{route.path}/followup.css")]
        else:
            methods = getattr(route, "methods", None) or ()
            found += [(m, getattr(route, "path", "")) for m in sorted(methods)]
    return found


def _ids(app: bootstrap.App) -> dict[str, str]:
    """A real value for each path parameter, so that a request would reach real data."""
    agenda = services.agenda.agenda(app.store, app.playbook, app.now(), timedelta(days=7))
    step = next(s for s in [*agenda.overdue, *agenda.due] if s.channel.value == "email")
    with app.store.transaction() as repo:
        contact = repo.list_contacts()[0]
    return {
        "application_id": str(step.application_id),
        "step_id": str(step.id),
        "contact_id": str(contact.id),
        "token": calendar.new_feed_token(app.store, app.now()),
        "kind": step.kind,
        # server mode's coaching routes (404 in the local mode, before the Host is even read)
        "seeker_id": "1",
        "link_id": "1",
        "nudge_id": "1",
    }


def _path(template: str, ids: dict[str, str]) -> str:
    return template.format(**ids)


def _snapshot(app: bootstrap.App) -> tuple[int, dict[str, bytes]]:
    """What a request could change: the user's data (its revision) and the config files."""
    config = app.settings.config_dir
    files = {str(p): p.read_bytes() for p in config.rglob("*") if p.is_file()}
    return app.store.revision(), files


@pytest.fixture
def web(app: bootstrap.App) -> FastAPI:
    return create_app(app)


def test_every_route_refuses_a_foreign_host(app: bootstrap.App, web: FastAPI) -> None:
    found = routes(web)
    # The probe covers what an attacker could reach (a short list would prove nothing).
    assert len(set(found)) >= 40
    for needed in [
        ("GET", "/api/applications"),
        ("GET", "/api/csrf"),
        ("POST", "/settings/mail"),
        ("POST", "/api/steps/{step_id}/skip"),
        ("GET", "/calendar/{token}.ics"),
        ("GET", "/openapi.json"),
        ("GET", "/static/followup.css"),
    ]:
        assert needed in found
    ids = _ids(app)
    before = _snapshot(app)
    with TestClient(web, base_url=BASE) as client:
        token = client.get("/api/csrf").json()["token"]  # a session as the attacker would want
        for host in FOREIGN:
            for method, template in found:
                response = client.request(
                    method,
                    _path(template, ids),
                    headers={"Host": host, "X-CSRF-Token": token, "Origin": f"http://{host}"},
                )
                where = f"{method} {template} with Host {host}"
                assert response.status_code == 400, where
                assert method == "HEAD" or REFUSED in response.text, where
                assert "set-cookie" not in response.headers, where
                assert response.headers["x-frame-options"] == "DENY", where
        assert _snapshot(app) == before
        # The control: what the foreign Host was refused, the app's own name is answered.
        for method, template in found:
            if method in ("GET", "HEAD"):
                response = client.request(method, _path(template, ids))
                where = f"{method} {template}: {response.status_code}"
                assert REFUSED not in response.text and response.status_code < 500, where


def test_only_the_loopback_names_on_the_serving_port_are_answered(web: FastAPI) -> None:
    with TestClient(web, base_url=BASE) as client:
        for host in LOOPBACK:
            for path in ["/", "/api/applications", "/openapi.json", "/static/followup.css"]:
                assert client.get(path, headers={"Host": host}).status_code == 200, (host, path)
        for host in [
            "localhost:9999",
            "127.0.0.1:80",
            "127.0.0.2:8765",
            "LOCALHOST.:8765",
            "",
            "a b",
        ]:
            response = client.get("/api/applications", headers={"Host": host})
            assert response.status_code == 400 and REFUSED in response.text, host


def test_a_foreign_host_gets_no_token_and_cannot_point_the_mail_settings_elsewhere(
    app: bootstrap.App, web: FastAPI
) -> None:
    """The attack of the issue: read a token, then post the SMTP settings to its own server."""
    config = app.settings.config_dir / "config.toml"
    with TestClient(web, base_url=BASE) as client:
        answer = client.get("/api/csrf", headers={"Host": "evil.example:8765"})
        assert answer.status_code == 400 and "set-cookie" not in answer.headers
        token = client.get("/api/csrf").json()["token"]
        form = {"csrf_token": token, "smtp_host": "smtp.evil.example", "smtp_port": "25"}
        evil = {"Host": "evil.example:8765", "Origin": "http://evil.example:8765"}
        assert client.post("/settings/mail", data=form, headers=evil).status_code == 400
        assert not config.exists()
        own = {"Origin": BASE}  # the control: the app's own page may
        response = client.post("/settings/mail", data=form, headers=own, follow_redirects=False)
        assert response.status_code == 303
        assert "smtp.evil.example" in config.read_text("utf-8")


OTHER_ORIGINS = [
    {"Origin": "http://evil.example:8765"},
    {"Origin": "http://localhost:3000"},  # another app on this machine
    {"Origin": "http://127.0.0.1"},  # port 80: another server
    {"Origin": "null"},
    {"Origin": "http://127.0.0.1:8765.evil.example"},
    {"Referer": "http://evil.example:8765/page"},  # no Origin: the Referer decides
    {"Referer": "http://localhost:3000/"},
    {"Referer": "not a url"},
]
OWN_ORIGINS = [
    {"Origin": "http://127.0.0.1:8765"},
    {"Origin": "http://localhost:8765"},  # the same app under another of its names
    {"Origin": "http://[::1]:8765"},
    {"Referer": "http://localhost:8765/steps/1/draft"},
    {},  # a script outside any browser: the token alone
]


def test_only_the_apps_own_pages_may_post_even_with_a_valid_token(
    app: bootstrap.App, client: TestClient
) -> None:
    application_id = _ids(app)["application_id"]
    token = client.get("/api/csrf").json()["token"]
    touch = {"channel": "phone", "direction": "in", "note": "They called."}
    for headers in OTHER_ORIGINS:
        before = _snapshot(app)
        response = client.post(
            f"/api/applications/{application_id}/touches",
            json=touch,
            headers={"X-CSRF-Token": token, **headers},
        )
        assert response.status_code == 403, headers
        assert "another site" in response.json()["error"], headers
        assert _snapshot(app) == before, headers
    for headers in OWN_ORIGINS:
        response = client.post(
            f"/api/applications/{application_id}/touches",
            json=touch,
            headers={"X-CSRF-Token": token, **headers},
        )
        assert response.status_code == 200, (headers, response.text)


def test_allowed_hosts_let_a_named_host_in(app: bootstrap.App) -> None:
    web = create_app(app, ["followup.example.com", "10.0.0.5:8080"])
    step_id = _ids(app)["step_id"]
    with TestClient(web, base_url=BASE) as client:
        for host in ["followup.example.com", "followup.example.com:443", "10.0.0.5:8080"]:
            assert client.get("/api/applications", headers={"Host": host}).status_code == 200
        for host in ["10.0.0.5:8081", "evil.example", "example.com"]:
            assert client.get("/api/applications", headers={"Host": host}).status_code == 400
        token = client.get("/api/csrf").json()["token"]
        named = {"Host": "followup.example.com", "Origin": "https://followup.example.com"}
        response = client.post(
            f"/api/steps/{step_id}/skip", headers={"X-CSRF-Token": token, **named}
        )
        assert response.status_code == 200


def test_the_allowed_hosts_setting_names_hosts_too(tmp_path: Path) -> None:
    env = {**environ(tmp_path), "FOLLOWUP_ALLOWED_HOSTS": "followup.example.com, [fd00::5]"}
    web = create_app(bootstrap.build(settings.load(env)))
    with TestClient(web, base_url=BASE) as client:
        for host in ["followup.example.com:8765", "[fd00::5]:8765", "localhost:8765"]:
            assert client.get("/api/today", headers={"Host": host}).status_code == 200
        assert client.get("/api/today", headers={"Host": "evil.example"}).status_code == 400


# The real server, over a socket: what a browser would send.


@pytest.mark.parametrize("workers", [1, 2])
def test_the_real_server_refuses_a_foreign_host(tmp_path: Path, workers: int) -> None:
    named = "followup.test"
    with serving(tmp_path, "--workers", str(workers), "--allow-host", named) as port:
        for _ in range(4):  # several connections: with 2 workers, both processes answer
            status, body, _ = request(port, "GET", "/api/applications")
            assert status == 200 and json.loads(body)
            status, body, _ = request(
                port, "GET", "/api/applications", {"Host": f"evil.example:{port}"}
            )
            assert status == 400 and REFUSED in body.decode()
            status, body, _ = request(port, "GET", "/api/applications", {"Host": named})
            assert status == 200 and json.loads(body)


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["--allow-host", "https://followup.example.com/"], {}, 2, "--allow-host: 'https:"),
        (["--allow-host", "*"], {}, 2, "--allow-host: '*' is not a host name"),
        ([], {"FOLLOWUP_ALLOWED_HOSTS": "evil.example/x"}, 6, "allowed_hosts: 'evil.example/x'"),
    ],
)
def test_a_bad_allowed_host_is_refused_at_start(
    tmp_path: Path, args: list[str], env: dict[str, str], code: int, message: str
) -> None:
    done = subprocess.run(
        [EXE, "serve", "--no-jobs", "--port", str(free_port()), *args],
        env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **environ(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == code, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
