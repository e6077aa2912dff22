"""Server mode's first wall: no page or API answers without a signed-in account, and a
signed-in account's routes see its own data only."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.bootstrap import App
from followup.domain.accounts import Role
from tests.server import account, client_of, server_app


@pytest.fixture
def app(tmp_path: Path) -> App:
    return server_app(tmp_path)


def test_pages_ask_for_a_sign_in_and_the_api_answers_401(app: App) -> None:
    with client_of(app, None) as client:
        page = client.get("/applications/1?tab=plan", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/sign-in?next=%2Fapplications%2F1%3Ftab%3Dplan"
        api = client.get("/api/applications")
        assert api.status_code == 401
        assert api.json() == {"error": "sign in first"}
        assert api.headers["www-authenticate"].startswith("Bearer")


def test_a_job_seeker_sees_their_own_data_and_not_anothers(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    bob = account(app, "bob@example.org", seeded=True)
    with client_of(app, ann) as client:
        mine = client.get("/api/applications").json()
        assert mine
        ids = {a["id"] for a in mine}
    with client_of(app, bob) as client:
        theirs = {a["id"] for a in client.get("/api/applications").json()}
        assert ids.isdisjoint(theirs)
        for other in ids:
            assert client.get(f"/api/applications/{other}").status_code == 404
            assert client.get(f"/applications/{other}").status_code == 404


def test_an_ended_session_or_a_made_up_cookie_signs_no_one_in(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    with client_of(app, ann) as client:
        assert client.get("/api/applications").status_code == 200
        client.cookies.set("followup_session", "x" * 43)
        assert client.get("/api/applications").status_code == 401
        client.cookies.set("followup_session", "x" * 5000)
        assert client.get("/api/applications").status_code == 401


def test_a_coach_has_no_job_search_of_their_own(app: App) -> None:
    coach = account(app, "coach@example.org", Role.COACH)
    with client_of(app, coach) as client:
        assert client.get("/api/applications").json() == []
