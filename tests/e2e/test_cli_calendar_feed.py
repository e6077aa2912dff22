"""`followup calendar feed` as a process: makes, replaces and revokes the secret link; the
database keeps only its hash; the web app serves the feed at the link it printed."""

from __future__ import annotations

import hashlib
import sqlite3

from fastapi.testclient import TestClient

from followup import bootstrap
from followup.config import settings
from followup.web.app import create_app


def _hashes(cli) -> list[str]:
    [database] = [p for p in cli.sqlite_files if p.name == "followup.db"]
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT token_hash FROM feed_tokens")]


def test_feed_makes_replaces_and_revokes_the_link(cli) -> None:
    cli("demo")
    none = cli("calendar", "feed", "--json").json
    assert none == {"active": False, "created_at": None, "path": None, "token": None}
    assert "No calendar feed link yet" in cli("calendar", "feed").out

    made = cli("calendar", "feed", "--new", "--json").json
    token = made["token"]
    assert made["active"] is True and made["created_at"] == "2026-12-18T16:30:00+00:00"
    assert made["path"] == f"/calendar/{token}.ics" and len(token) >= 43
    assert _hashes(cli) == [hashlib.sha256(token.encode()).hexdigest()]  # never the token

    shown = cli("calendar", "feed", "--json").json
    assert shown == {**made, "path": None, "token": None}  # shown once, when made
    assert "A calendar feed link exists since 2026-12-18 16:30 UTC" in cli("calendar", "feed").out

    env = {**cli.env, "HOME": str(cli.home)}
    web = create_app(bootstrap.build(settings.load(env)))
    with TestClient(web, base_url="http://127.0.0.1:8765") as client:
        served = client.get(made["path"])
        assert served.status_code == 200 and served.content.startswith(b"BEGIN:VCALENDAR")

        human = cli("calendar", "feed", "--new")
        new_path = next(w for w in human.out.split() if w.startswith("/calendar/"))
        assert "no longer works" in human.out
        assert f"http://127.0.0.1:8765{new_path}" in human.out.replace("\n", "")
        assert new_path != made["path"]
        assert client.get(made["path"]).status_code == 404
        assert client.get(new_path).status_code == 200

        revoked = cli("calendar", "feed", "--revoke", "--json").json
        assert revoked == {**none, "revoked": True}
        assert client.get(new_path).status_code == 404
    assert _hashes(cli) == []
    assert "There was no link." in cli("calendar", "feed", "--revoke").out


def test_new_and_revoke_together_are_refused(cli) -> None:
    made = cli("calendar", "feed", "--new", "--json").json
    both = cli("calendar", "feed", "--new", "--revoke", ok=False)
    assert both.code == 2
    assert both.err.strip() == "error: give --new or --revoke, not both"
    assert both.out == ""
    assert _hashes(cli) == [hashlib.sha256(made["token"].encode()).hexdigest()]  # unchanged
