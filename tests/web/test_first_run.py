"""The first run: an empty Today walks through the profile, then the first interview (the Add
interview form), then shows the plan it made. Every hint is an action in the page."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap
from followup.config import settings
from followup.web.app import create_app
from tests.web.conftest import BASE, csrf, environ

TEMPLATES = Path(__file__).parents[2] / "src" / "followup" / "web" / "templates"
PAGES = Path(__file__).parents[2] / "src" / "followup" / "web" / "pages"
ACME = {
    "company": "Acme",
    "role": "Data Analyst",
    "start": "2026-12-18T13:00",  # as <input type=datetime-local> sends it
    "duration": "60m",
    "tz": "Europe/London",
    "country": "GB-ENG",
    "format": "in-person",
    "round": "1",
    "people-0-role": "interviewer",
    "people-0-name": "Priya Shah",
    "people-0-email": "priya@acme.example",
    "people-0-phone": "+44 20 7946 0000",
}


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[TestClient]:
    """The web app of a new user: no profile, no application."""
    app = bootstrap.build(settings.load(environ(tmp_path)))
    with TestClient(create_app(app), base_url=BASE) as client:
        yield client


def test_first_run_profile_then_interview_then_the_plan(fresh: TestClient) -> None:
    empty = fresh.get("/").text
    assert '<h2 id="start">Start here</h2>' in empty
    link = '<a class="button primary" href="/settings?next=/#profile">Fill in your profile</a>'
    assert link in empty
    assert '<a class="button" href="/interviews/new">Add your first interview</a>' in empty
    assert '<h2 id="todo">' not in empty  # no empty inbox to read before the first steps
    # 1. The profile (the Settings form), which leads back to Today.
    form = fresh.get("/settings?next=/").text
    assert '<input type="hidden" name="next" value="/">' in form
    token = csrf(fresh, "/settings")
    profile = {"name": "Alex Morgan", "email": "alex@example.org", "country": "GB-ENG",
               "timezone": "Europe/London", "tone": "formal", "csrf_token": token}  # fmt: skip
    saved = fresh.post("/settings/profile", data={**profile, "next": "/"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/?did=profile"
    second = fresh.get(saved.headers["location"]).text
    assert "Your profile is saved." in second
    assert '<span class="badge done">Done</span> Your profile is saved.' in second
    assert '<a class="button primary" href="/interviews/new">Add your first interview</a>' in second
    # 2. The first interview: saving it shows Today with the plan it made.
    added = fresh.post("/interviews", data={**ACME, "csrf_token": token}, follow_redirects=False)
    assert added.status_code == 303
    location = added.headers["location"]
    assert re.fullmatch(r"/\?plan=\d+", location)
    plan = fresh.get(location).text
    assert '<h2 id="made">The plan for Acme · Data Analyst</h2>' in plan
    assert "<strong>Thank Priya Shah for the interview</strong>" in plan
    assert "Call Priya Shah to check in" in plan and 'href="/rules/check-in-call"' in plan
    assert "Start here" not in plan
    # 3. The next one goes to its application, as before.
    again = fresh.post("/interviews", data={**ACME, "company": "Beta", "csrf_token": token},
                       follow_redirects=False)  # fmt: skip
    assert re.fullmatch(r"/applications/\d+", again.headers["location"])


def test_a_plan_of_no_application_is_today_as_it_is(fresh: TestClient) -> None:
    assert fresh.get("/?plan=99").status_code == 200


def test_no_hint_is_a_terminal_command() -> None:
    """Hints in the pages are links and forms; a `followup ...` command is for the CLI."""
    command = re.compile(
        r"<code>followup |`followup |followup (add|contacts|resume|decide|log)|keyring set"
    )
    for path in TEMPLATES.glob("*.html"):
        assert not command.search(path.read_text()), path.name
    for path in PAGES.glob("*.py"):
        for text in _strings(path):
            assert not command.search(text), f"{path.name}: {text}"


def _strings(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings (what a page may show)."""
    tree = ast.parse(path.read_text())
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]
