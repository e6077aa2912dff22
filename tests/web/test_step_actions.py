"""The step forms (web/pages/step_actions.py) and the pause on the Application and Today pages
(web/pages/application.py, today.py): done before a step's window only when ticked so, a call
that ends "call back on ...", a snooze that would move a step earlier refused with a readable
409, and Resume after a reply.

Zeta's interview: Friday 18 December 2026, 09:00-10:00 in London (GMT); it is 16:30 (the web
tests' clock). The thank-you is open (since 12:00); the check-in call opens on Tue 29 Dec 09:00
(working day 5: Christmas and the Boxing Day holiday on Monday 28 are not working days).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Direction,
    Interview,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.values import Region
from tests.web.conftest import csrf

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


@pytest.fixture
def zeta(app: bootstrap.App) -> Application:
    start = datetime(2026, 12, 18, 9, tzinfo=UTC)
    made = Application(
        company="Zeta",
        role="Data Analyst",
        interviews=(
            Interview(
                start=start,
                end=start + timedelta(hours=1),
                timezone="Europe/London",
                region=Region("GB", "ENG"),
            ),
        ),
        contacts=(Contact("Priya Shah", email="priya@zeta.example", phone="+44 20 7946 0000"),),
    )
    return services.applications.record_interview(app.store, made, app.playbook, NOW)


def _step(app: bootstrap.App, zeta: Application, kind: str) -> Step:
    steps = services.applications.application(app.store, zeta.id or 0).steps
    return next(s for s in steps if s.kind == kind)


def _card(page: str, step: Step) -> str:
    found = re.search(rf'<article class="step" aria-labelledby="step-{step.id}">.*?</article>',
                      page, re.S)  # fmt: skip
    assert found, f"no card of step {step.id}"
    return found[0]


def test_done_before_the_window_opens_needs_the_done_early_tick(
    client: TestClient, app: bootstrap.App, zeta: Application
) -> None:
    page = client.get(f"/applications/{zeta.id}").text
    call, thanks = _step(app, zeta, "check-in-call"), _step(app, zeta, "thank-you")
    assert re.search(r'<input type="checkbox" id="early-done-\d+" name="early" value="1" required>',
                     _card(page, call))  # fmt: skip
    assert "Done early: its window opens Tue 29 Dec" in _card(page, call)
    assert 'name="early"' not in _card(page, thanks)  # open since 12:00: nothing to tick
    token = csrf(client)
    refused = client.post(
        f"/steps/{call.id}/done", data={"outcome": "reached", "csrf_token": token}
    )
    assert refused.status_code == 409
    assert (
        f"step {call.id} (check-in-call) may start only on Tue 29 Dec 2026 09:00 (Europe/London)"
        in refused.text
    )
    assert "tick &#34;done early&#34; to record it done now" in refused.text
    assert _step(app, zeta, "check-in-call").status is StepStatus.PLANNED
    done = client.post(
        f"/steps/{call.id}/done",
        data={"outcome": "reached", "early": "1", "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    marked = _step(app, zeta, "check-in-call")
    assert (marked.status, marked.outcome, marked.done_at) == (StepStatus.DONE, "reached", NOW)


def test_a_call_back_form_moves_the_call_to_the_moment_agreed(
    client: TestClient, app: bootstrap.App, zeta: Application
) -> None:
    call = _step(app, zeta, "check-in-call")
    page = client.get(f"/applications/{zeta.id}").text
    assert '<label for="on-' in _card(page, call) and ">Call back</button>" in _card(page, call)
    assert "<option>call-back</option>" not in page  # its own form, with its day and time
    token = csrf(client)
    form = {"outcome": "call-back", "early": "1", "csrf_token": token}
    missing = client.post(f"/steps/{call.id}/done", data=form)
    assert missing.status_code == 422 and "a call-back needs the day agreed" in missing.text
    moved = client.post(f"/steps/{call.id}/done", data={**form, "on": "2026-12-31", "at": "14:30"})
    assert moved.status_code == 200
    after = _step(app, zeta, "check-in-call")
    assert (after.status, after.outcome, after.channel) == (
        StepStatus.SNOOZED,
        "call-back",
        Channel.PHONE,
    )
    assert after.earliest == datetime(2026, 12, 31, 14, 30, tzinfo=UTC)
    assert after.due == datetime(2026, 12, 31, 17, tzinfo=UTC)


def test_a_snooze_that_would_move_a_step_earlier_is_a_readable_409(
    client: TestClient, app: bootstrap.App, zeta: Application
) -> None:
    call = _step(app, zeta, "check-in-call")
    refused = client.post(
        f"/steps/{call.id}/snooze", data={"until": "2026-12-23", "csrf_token": csrf(client)}
    )
    assert refused.status_code == 409
    assert "a snooze only postpones, and it may not start before Tue 29 Dec 2026" in refused.text
    assert _step(app, zeta, "check-in-call") == call


def test_a_reply_pauses_and_resume_goes_on_from_today_or_the_application(
    client: TestClient, app: bootstrap.App, zeta: Application
) -> None:
    priya = zeta.contacts[0]
    reply = Touch(Channel.EMAIL, Direction.IN, NOW - timedelta(hours=2), contact_id=priya.id,
                  note="Re: Thank you")  # fmt: skip
    services.applications.log_touch(app.store, zeta.id or 0, reply, app.playbook, NOW)
    assert _step(app, zeta, "check-in-call").status is StepStatus.CANCELLED
    today = client.get("/").text
    assert (
        '<span class="badge paused">Nudges paused</span> Priya Shah replied on Fri 18 Dec.' in today
    )
    assert f'action="/applications/{zeta.id}/resume"' in today
    page = client.get(f"/applications/{zeta.id}").text
    assert '<h2 id="paused">Nudges paused</h2>' in page
    said = "paused: Priya Shah replied on Fri 18 Dec. Answer it (log your message or call below)"
    assert said in page
    token = csrf(client)
    assert client.post(f"/applications/{zeta.id}/resume").status_code == 403  # no CSRF token
    resumed = client.post(
        f"/applications/{zeta.id}/resume", data={"csrf_token": token}, follow_redirects=False
    )
    assert (resumed.status_code, resumed.headers["location"]) == (
        303,
        f"/applications/{zeta.id}?did=resumed",
    )
    assert "Nudges paused" not in client.get(f"/applications/{zeta.id}").text
    assert "Priya Shah replied on" not in client.get("/").text
    call = _step(app, zeta, "check-in-call")
    # A week after now is Christmas Day; Boxing Day is kept on Monday 28: Tue 29 09:00.
    assert (call.status, call.earliest) == (
        StepStatus.PLANNED,
        datetime(2026, 12, 29, 9, tzinfo=UTC),
    )
    act = services.applications.application(app.store, zeta.id or 0).touches[-1]
    assert (act.direction, act.outcome, act.at) == (Direction.OUT, "resumed", NOW)
    again = client.post(f"/applications/{zeta.id}/resume", data={"csrf_token": token})
    assert again.status_code == 409 and "nothing to resume" in again.text
