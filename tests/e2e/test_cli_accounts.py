"""`followup accounts add|list|disable` as fresh processes on the server's PostgreSQL database,
and its refusal outside server mode."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.e2e.conftest import EXE, Cli
from tests.server import server_app
from tests.web.conftest import csrf

SERVER = {"FOLLOWUP_SERVER": "1", "FOLLOWUP_SECRET_KEY": "a test secret key, long enough to be one"}
PASSWORD = "correct horse battery staple"


def test_accounts_are_refused_outside_server_mode(cli: Cli) -> None:
    for env in ({}, {"FOLLOWUP_SERVER": "1"}):  # SQLite by default: no server database named
        done = cli("accounts", "list", ok=False, **env)
        assert done.code == 6
        assert "accounts are for server mode" in done.err
        assert done.err.count("\n") == 1


@pytest.mark.postgres
def test_accounts_add_list_and_disable_on_postgres(postgres_schema_url: str, cli: Cli) -> None:
    from fastapi.testclient import TestClient

    from followup.web.app import create_app

    env = {
        **cli.env, **SERVER, "FOLLOWUP_DATABASE_URL": postgres_schema_url,
        "FOLLOWUP_PUBLIC_URL": "https://followup.example.org",
    }  # fmt: skip
    first = subprocess.run(
        [EXE, "accounts", "add", "Admin@Example.org", "--role", "admin", "--password-stdin",
         "--json"],
        input=PASSWORD + "\n", env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert '"set_password_link": null' in first.stdout
    run = Cli(env, cli.home)
    coach = run("accounts", "add", "coach@example.org", "--role", "coach")
    link = re.search(r"https://followup\.example\.org(/reset/[A-Za-z0-9_-]{43})", coach.out)
    assert link, coach.out
    run("accounts", "add", "sam@example.org", "--cohort", "Spring 2027")
    listed = run("accounts", "list", "--json").json
    assert [(a["email"], a["role"], a["cohort"], a["state"]) for a in listed] == [
        ("Admin@Example.org", "admin", None, "active"),
        ("coach@example.org", "coach", None, "no password yet"),
        ("sam@example.org", "seeker", "Spring 2027", "no password yet"),
    ]
    again = run("accounts", "add", "ADMIN@example.org", ok=False)
    assert again.code == 4 and "has an account already" in again.err
    assert run("accounts", "add", "not-an-email", ok=False).code == 2
    assert run("accounts", "add", "x@example.org", "--role", "boss", ok=False).code == 2
    short = subprocess.run(
        [EXE, "accounts", "add", "y@example.org", "--password-stdin"],
        input="short\n", env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    assert "y@example.org" not in run("accounts", "list").out  # nothing half-written

    # The admin signs in with the password given; the coach's link sets theirs.
    app = server_app(cli.home, postgres_schema_url)
    with TestClient(create_app(app), base_url="http://127.0.0.1:8765") as client:
        form = {"email": "admin@example.org", "password": PASSWORD, "next": "/people"}
        signed = client.post("/sign-in", data={**form, "csrf_token": csrf(client, "/sign-in")})
        assert signed.url.path == "/people" and "sam@example.org" in signed.text
        token = csrf(client, link[1])
        client.post(link[1], data={"password": "the coach's passphrase", "csrf_token": token})
        assert "active" in run("accounts", "list").out.split("coach@example.org")[1]

    disabled = run("accounts", "disable", "admin@example.org")
    assert "Disabled Admin@Example.org" in disabled.out
    with TestClient(create_app(app), base_url="http://127.0.0.1:8765") as client:
        assert client.get("/api/applications").status_code == 401
        form = {"email": "admin@example.org", "password": PASSWORD, "next": "/"}
        refused = client.post("/sign-in", data={**form, "csrf_token": csrf(client, "/sign-in")})
        assert refused.status_code == 401
    assert run("accounts", "disable", "admin@example.org", ok=False).code == 3
    assert "disabled" in run("accounts", "list").out
