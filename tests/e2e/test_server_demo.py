"""`make server-demo`'s setup (deploy/server_demo.py) on a fresh PostgreSQL database: the
demo's accounts exist with their roles and cohorts, a job seeker has the demo's data and
shares it with a coach, the secret key is kept private, a job seeker signed in with the demo
password (on the sign-in page) sees Today, and running the setup again changes nothing."""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from deploy import server_demo
from fastapi.testclient import TestClient

from followup import bootstrap
from followup.adapters.password_hashes import verify
from followup.config import settings
from followup.domain.accounts import SESSION_COOKIE, Role
from tests.web.conftest import BASE

POSTGRES_URL = os.environ.get("FOLLOWUP_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("FOLLOWUP_TEST_REDIS_URL")
pytestmark = pytest.mark.postgres


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database name of its own, dropped afterwards; the data directory in tmp_path."""
    if not POSTGRES_URL or not REDIS_URL:
        pytest.skip("FOLLOWUP_TEST_POSTGRES_URL and FOLLOWUP_TEST_REDIS_URL not set")
    import psycopg

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    name = f"followup_demo_test_{uuid.uuid4().hex[:10]}"
    yield name
    url = server_demo.database_url(POSTGRES_URL, "postgres")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_setup_makes_the_demo_accounts_and_a_seeker_sees_today(
    fresh: str, tmp_path: Path
) -> None:
    assert POSTGRES_URL and REDIS_URL
    demo = server_demo.setup(POSTGRES_URL, fresh, REDIS_URL)
    assert demo.url.endswith(f"/{fresh}")
    key = tmp_path / "data" / "followup" / f"server-demo-{fresh}" / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert demo.env["FOLLOWUP_SECRET_KEY"] == key.read_text("utf-8").strip()
    assert len(demo.env["FOLLOWUP_SECRET_KEY"]) >= 32
    app = bootstrap.build(settings.load(demo.env))
    try:
        with app.accounts.reading() as rows:
            found = {email: rows.by_email(email) for email in demo.accounts}
            assert all(found.values()), found
            roles = {email: got[0].role for email, got in found.items() if got}
            assert roles[server_demo.ADMIN] is Role.ADMIN
            assert [roles[c] for c in server_demo.COACHES] == [Role.COACH] * 2
            seekers = [found[email] for email, _ in server_demo.SEEKERS]
            assert {got[0].cohort for got in seekers if got} == {"Spring 2027", "Autumn 2026"}
            assert all(got and verify(got[1], server_demo.DEMO_PASSWORD) for got in seekers)
            coach, ann = found[server_demo.COACHES[0]], seekers[0]
            assert coach and ann
            shared = rows.connection.rows(
                "SELECT state FROM coaching WHERE coach_id = :c AND seeker_id = :s",
                {"c": coach[0].id, "s": ann[0].id},
            )
            assert shared == [{"state": "active"}]
        assert ann
        again = server_demo.setup(POSTGRES_URL, fresh, REDIS_URL)
        assert again.env["FOLLOWUP_SECRET_KEY"] == demo.env["FOLLOWUP_SECRET_KEY"]
        with app.accounts.reading() as rows:
            assert rows.connection.scalar("SELECT count(*) FROM users WHERE role IS NOT NULL") == 8
            assert rows.connection.scalar("SELECT count(*) FROM coaching") == 1
        from followup.web.app import create_app

        with TestClient(create_app(app), base_url=BASE) as client:
            client.get("/sign-in")  # the sign-in page, with the demo's printed password
            form = {
                "email": ann[0].email,
                "password": server_demo.DEMO_PASSWORD,
                "csrf_token": client.cookies["followup_csrf"],
            }
            signed = client.post("/sign-in", data=form, follow_redirects=False)
            assert signed.status_code == 303, signed.text
            assert client.cookies.get(SESSION_COOKIE)
            today = client.get("/")
            assert today.status_code == 200
            assert "Today" in today.text
            mine = client.get("/api/applications").json()
            assert len(mine) >= 3
    finally:
        app.store.close()
