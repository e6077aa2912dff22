"""The application's page as one thread: what happened, newest first, each with its day in the
user's zone and a badge for its kind, in words (no raw kinds); the plan ahead beside it."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.domain.model import Application, Contact, Interview
from tests.web.conftest import csrf


def _section(page: str, name: str) -> str:
    found = re.search(rf'<section aria-labelledby="{name}">.*?</section>', page, re.S)
    assert found, f"no section {name}"
    return found[0]


def _thread(client: TestClient, application_id: int = 1) -> list[tuple[str, str, str]]:
    """Each entry of the thread: its badge, its time as shown, its title."""
    section = _section(client.get(f"/applications/{application_id}").text, "timeline")
    return re.findall(
        r'<span class="badge">([^<]+)</span>\s*<time datetime="[^"]+">([^<]+)</time></p>\s*'
        r"<h3>([^<]+)</h3>",
        section,
    )


def test_what_happened_newest_first_with_a_badge_per_kind(
    client: TestClient, app: bootstrap.App
) -> None:
    token = csrf(client)
    heads_up = next(
        s for s in services.applications.application(app.store, 1).steps if s.id == 1
    )  # the demo's first step: Dana's heads-up, open since yesterday
    assert heads_up.kind == "reference-heads-up"
    done = client.post("/steps/1/done", data={"outcome": "sent", "csrf_token": token})
    assert done.status_code == 200
    client.post(
        "/applications/1/touches",
        data={"channel": "email", "direction": "in", "note": "Thanks for coming in: we "
              "will decide by Friday.", "csrf_token": token},
    )  # fmt: skip
    client.post(
        "/applications/1/decide",
        data={"kind": "rejected", "by": "Tom Ellis", "note": "An internal candidate",
              "csrf_token": token},
    )  # fmt: skip
    now = "Fri 18 Dec 2026 16:30"  # the clock of tests/web/conftest.py, in Europe/London
    assert _thread(client) == [
        ("Decision", now, "Not successful: the employer said no"),
        ("Done", now, "Told Dana Whitfield the employer may call"),
        ("Message in", now, "Acme Analytics got in touch"),
        ("Message in", "Fri 18 Dec 2026 16:29", "Tom Ellis told you the decision"),
        ("Interview", "Thu 17 Dec 2026 13:00", "Interview with Priya Shah and Tom Ellis"),
    ]
    section = _section(client.get("/applications/1").text, "timeline")
    assert "<blockquote>Thanks for coming in: we will decide by Friday.</blockquote>" in section
    assert "<blockquote>An internal candidate</blockquote>" in section
    assert "<p>By email · sent</p>" in section
    assert "People met: Priya Shah, Tom Ellis</p>" in section
    words = re.sub(r"<[^>]+>", " ", section).lower()  # what the page says, tags aside
    assert "reference-heads-up" not in words and "touches" not in words and "a touch" not in words


def test_times_are_in_the_users_zone(client: TestClient, app: bootstrap.App) -> None:
    services.people.update_profile(app.store, {"timezone": "America/New_York"})
    assert _thread(client)[-1] == (
        "Interview", "Thu 17 Dec 2026 08:00", "Interview with Priya Shah and Tom Ellis"
    )  # fmt: skip
    assert "<p>Round 1, in person · 13:00 their time</p>" in client.get("/applications/1").text


def test_a_sent_text_kept_is_linked_from_its_entry(client: TestClient, app: bootstrap.App) -> None:
    token = csrf(client)
    text = "Dear Dana,\n\nA heads-up."
    kept = client.post("/steps/1/draft", data={"text": text, "csrf_token": token})
    assert kept.status_code == 200
    client.post("/steps/1/done", data={"outcome": "sent", "csrf_token": token})
    section = _section(client.get("/applications/1").text, "timeline")
    assert '<a href="/steps/1/draft">Read what was sent</a>' in section


def test_the_plan_ahead_holds_the_open_steps_only(client: TestClient, app: bootstrap.App) -> None:
    token = csrf(client)
    client.post("/steps/1/skip", data={"csrf_token": token})
    page = client.get("/applications/1").text
    plan = _section(page, "plan")
    assert 'aria-labelledby="step-1"' not in plan and 'aria-labelledby="step-2"' in plan
    assert ("Skipped", "Fri 18 Dec 2026 16:30", "Skipped the heads-up to Dana Whitfield") in (
        _thread(client)
    )
    # Side by side on a wide screen, the thread first: both in one .split.
    assert re.search(r'<div class="split">\s*<section aria-labelledby="timeline">', page)


def test_an_interview_to_come_is_in_the_plan_ahead(client: TestClient, app: bootstrap.App) -> None:
    start = app.now() + timedelta(days=3)
    made = Application(
        "Zeta",
        "Data Analyst",
        interviews=(Interview(start, start + timedelta(hours=1), "Europe/London", round=1),),
        contacts=(Contact("Ana Ruiz", email="ana@zeta.example"),),
    )
    stored = services.applications.record_interview(app.store, made, app.playbook, app.now())
    page = client.get(f"/applications/{stored.id}").text
    assert "Nothing yet: interviews, messages, calls and steps done show here" in page
    plan = _section(page, "plan")
    assert "<h3>Interview with Ana Ruiz</h3>" in plan and "Mon 21 Dec 2026 16:30" in plan
