"""Coaching with consent in server mode (issue #18 items 3-4), through the web app on SQLite:
a coach sees a job seeker only while the job seeker allows it (404 otherwise, never 403),
every view is in the job seeker's access log, notes and drafts stay private unless shared,
nudges are capped, the caseload sorts, filters and downloads."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.bootstrap import App
from followup.config import settings
from followup.domain.accounts import Account, Role
from followup.services import coaching
from followup.web.app import create_app
from tests.mailservers import SmtpServer
from tests.server import account, client_of, server_app
from tests.web.conftest import BASE, csrf, environ


@pytest.fixture
def app(tmp_path: Path) -> App:
    return server_app(tmp_path)


def _with_cohort(app: App, email: str, cohort: str) -> Account:
    with app.accounts.transaction() as rows:
        return rows.create(email, Role.SEEKER, app.now(), cohort=cohort)


def _post(client: TestClient, path: str, page: str, **fields: str) -> httpx.Response:
    return client.post(
        path, data={**fields, "csrf_token": csrf(client, page)}, follow_redirects=False
    )


def _access(app: App, seeker: Account) -> list[str]:
    return [a.what for a in coaching.sharing(app, seeker).access]


def _seeker_routes(seeker_id: int) -> list[str]:
    return [
        f"/caseload/{seeker_id}",
        f"/caseload/{seeker_id}/applications/1",
        f"/api/caseload/{seeker_id}",
    ]


def test_without_consent_every_route_of_a_job_seeker_is_404(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    coach = account(app, "coach@example.org", Role.COACH)
    with client_of(app, coach) as client:
        for path in _seeker_routes(ann.id):
            assert client.get(path).status_code == 404, path
        for path, fields in (
            (f"/caseload/{ann.id}/notes", {"body": "hello"}),
            (f"/caseload/{ann.id}/nudges", {"body": "hello"}),
        ):
            answer = _post(client, path, "/caseload", **fields)
            assert answer.status_code == 404, path
        assert client.get("/api/caseload").json()["rows"] == []
    # The same 404 for an account that does not exist: nothing tells them apart.
    with client_of(app, coach) as client:
        assert client.get("/caseload/999").status_code == 404
    assert _access(app, ann) == []


def test_a_coach_s_request_accepted_opens_the_page_and_logs_each_view(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    coach = account(app, "coach@example.org", Role.COACH)
    with client_of(app, coach) as client:
        asked = _post(client, "/caseload/requests", "/caseload", email="Ann@Example.org")
        assert asked.status_code == 303
        assert client.get(f"/caseload/{ann.id}").status_code == 404  # not accepted yet
    link = coaching.sharing(app, ann).links[0]
    with client_of(app, ann) as client:
        page = client.get("/coaches").text
        assert "coach@example.org" in page and "Accept" in page
        assert _post(client, f"/coaches/{link.id}/accept", "/coaches").status_code == 303
    with client_of(app, coach) as client:
        page = client.get(f"/caseload/{ann.id}")
        assert page.status_code == 200
        assert "Acme Analytics" in page.text  # the demo's application, on the pipeline
        assert 'action="/steps/' not in page.text  # no form that changes their data
        assert client.get(f"/caseload/{ann.id}/applications/1").status_code == 200
        data = client.get(f"/api/caseload/{ann.id}").json()
        assert data["email"] == "ann@example.org" and data["applications"]
        assert data["today"]["overdue"] and data["today"]["replies"] == []  # no mail received
    assert _access(app, ann) == [
        "Today, Pipeline and Insights",
        "Application 1",
        "Today, Pipeline and Insights",
    ]
    with client_of(app, ann) as client:
        log = client.get("/coaches").text
        assert "Application 1" in log and "coach@example.org" in log


def test_revoking_ends_access_at_once(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    coach = account(app, "coach@example.org", Role.COACH)
    link = coaching.share(app, ann, "coach@example.org")
    assert link.active  # asked by the job seeker: active at once
    with client_of(app, coach) as client:
        assert client.get(f"/caseload/{ann.id}").status_code == 200
        assert [r["email"] for r in client.get("/api/caseload").json()["rows"]] == [ann.email]
        with client_of(app, ann) as mine:
            revoked = _post(mine, f"/coaches/{link.id}/revoke", "/coaches")
            assert revoked.status_code == 303
        for path in _seeker_routes(ann.id):
            assert client.get(path).status_code == 404, path
        assert client.get("/api/caseload").json()["rows"] == []


def test_a_declined_request_gives_nothing(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    coach = account(app, "coach@example.org", Role.COACH)
    link = coaching.ask(app, coach, "ann@example.org")
    with client_of(app, ann) as client:
        assert _post(client, f"/coaches/{link.id}/decline", "/coaches").status_code == 303
    with client_of(app, coach) as client:
        assert client.get(f"/caseload/{ann.id}").status_code == 404


def test_asking_names_a_job_seeker_and_sharing_a_coach(app: App) -> None:
    ann = account(app, "ann@example.org")
    bob = account(app, "bob@example.org")
    coach = account(app, "coach@example.org", Role.COACH)
    with client_of(app, ann) as client:
        refused = _post(client, "/coaches", "/coaches", email="bob@example.org")
        assert refused.status_code == 422
        assert "no coach has the address bob@example.org" in refused.text
    with client_of(app, coach) as client:
        refused = _post(client, "/caseload/requests", "/caseload", email="nobody@example.org")
        assert refused.status_code == 422
    with client_of(app, bob) as client:  # a job seeker has no caseload
        assert client.get("/caseload").status_code == 404
    with client_of(app, coach) as client:  # a coach shares nothing
        assert client.get("/coaches").status_code == 404


def test_staff_only_notes_stay_with_staff(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    coach = account(app, "coach@example.org", Role.COACH)
    coaching.share(app, ann, coach.email)
    with client_of(app, coach) as client:
        for body, shared in (("Private: seems tired", ""), ("Great CV, well done", "true")):
            fields = {"body": body, **({"shared": shared} if shared else {})}
            made = _post(client, f"/caseload/{ann.id}/notes", f"/caseload/{ann.id}", **fields)
            assert made.status_code == 303
        page = client.get(f"/caseload/{ann.id}").text
        assert "Private: seems tired" in page and "Great CV, well done" in page
        notes = client.get(f"/api/caseload/{ann.id}").json()["notes"]
        assert {n["body"]: n["shared"] for n in notes} == {
            "Private: seems tired": False,
            "Great CV, well done": True,
        }
    with client_of(app, ann) as client:
        page = client.get("/coaches").text
        assert "Great CV, well done" in page
        assert "seems tired" not in page


def test_draft_text_is_hidden_unless_shared(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    coach = account(app, "coach@example.org", Role.COACH)
    mine = app.for_user(ann.name)
    today = services.inbox.inbox(mine.store, mine.playbook, mine.now())
    step = next(s for s in [*today.agenda.overdue, *today.agenda.due] if s.channel.value == "email")
    assert step.id is not None
    secret = "Dear Priya, my private words about the salary"
    services.drafts.keep_edit(
        mine.store, step.id, secret, mine.now(), mine.proofreader, mine.templates
    )
    link = coaching.share(app, ann, coach.email)
    acme = step.application_id
    with client_of(app, coach) as client:
        assert secret not in client.get(f"/caseload/{ann.id}").text
        assert (
            secret not in client.get(f"/caseload/{ann.id}/applications/{step.application_id}").text
        )
        assert client.get(f"/api/caseload/{ann.id}").json()["drafts"] == []
    with client_of(app, ann) as client:
        shared = _post(client, f"/coaches/{link.id}/drafts", "/coaches", shared="true")
        assert shared.status_code == 303
    with client_of(app, coach) as client:
        assert secret in client.get(f"/caseload/{ann.id}").text
        assert secret in client.get(f"/caseload/{ann.id}/applications/{acme}").text
        assert client.get(f"/api/caseload/{ann.id}").json()["drafts"][0]["text"] == secret


def test_a_nudge_is_mailed_and_capped_until_answered(
    tmp_path: Path, smtp_server_strict: SmtpServer
) -> None:
    env = {**smtp_server_strict.env(), "FOLLOWUP_MAIL_FROM": "Careers <careers@example.org>"}
    env["FOLLOWUP_PUBLIC_URL"] = "https://followup.example.org"
    app = server_app(tmp_path, **env)
    ann = account(app, "ann@example.org", seeded=True)
    coach = account(app, "coach@example.org", Role.COACH)
    coaching.share(app, ann, coach.email)
    where = f"/caseload/{ann.id}"
    with client_of(app, coach) as client:
        sent = _post(client, f"{where}/nudges", where, body="How did the Acme call go?")
        assert sent.status_code == 303
        assert "did=nudged" in sent.headers["location"]
        again = _post(client, f"{where}/nudges", where, body="And?")
        assert again.status_code == 409
        assert "Fri 25 Dec 2026 16:30" in again.text
    assert len(smtp_server_strict.messages) == 1
    mail = smtp_server_strict.messages[0].checked()
    assert "<ann@example.org>" in mail["To"]
    assert "careers@example.org" in mail["From"]
    assert "How did the Acme call go?" in mail.get_content()
    assert "https://followup.example.org/coaches" in mail.get_content()
    nudge = coaching.sharing(app, ann).nudges[0]
    assert nudge.emailed_at is not None and nudge.read_at is None
    with client_of(app, ann) as client:
        assert "How did the Acme call go?" in client.get("/coaches").text
        read = _post(client, f"/nudges/{nudge.id}/read", "/coaches")
        assert read.status_code == 303
    with client_of(app, coach) as client:  # read is not answered: still capped
        assert _post(client, f"{where}/nudges", where, body="And?").status_code == 409
    with client_of(app, ann) as client:
        assert _post(client, f"/nudges/{nudge.id}/answered", "/coaches").status_code == 303
    with client_of(app, coach) as client:
        assert _post(client, f"{where}/nudges", where, body="Next?").status_code == 303
    assert len(smtp_server_strict.messages) == 2


def test_a_coachs_request_is_mailed_to_the_job_seeker(
    tmp_path: Path, smtp_server_strict: SmtpServer
) -> None:
    env = {**smtp_server_strict.env(), "FOLLOWUP_MAIL_FROM": "Careers <careers@example.org>"}
    app = server_app(tmp_path, FOLLOWUP_PUBLIC_URL="https://followup.example.org", **env)
    ann = account(app, "ann@example.org")
    coach = account(app, "coach@example.org", Role.COACH)
    with client_of(app, coach) as client:
        asked = _post(client, "/caseload/requests", "/caseload", email="ann@example.org")
        assert asked.status_code == 303
    [got] = smtp_server_strict.messages
    mail = got.checked()
    assert got.rcpt_tos == ["ann@example.org"]
    assert mail["Subject"] == "A coach asks to see your job search"
    text = mail.get_content()
    assert "coach@example.org" in text and "https://followup.example.org/coaches" in text
    assert "Nothing is shared until you accept" in text
    with client_of(app, coach) as client:  # still nothing to see until Ann accepts
        assert client.get(f"/caseload/{ann.id}").status_code == 404


def test_a_request_stands_when_its_mail_cannot_go(app: App) -> None:
    ann = account(app, "ann@example.org")
    coach = account(app, "coach@example.org", Role.COACH)
    asked = coaching.ask(app, coach, ann.email)  # no mail server: the Coaches page shows it
    assert asked.state.value == "asked"
    assert [(r.id, r.state.value) for r in coaching.sharing(app, ann).links] == [
        (asked.id, "asked")
    ]


def test_the_next_nudge_is_allowed_a_week_later(tmp_path: Path) -> None:
    app = server_app(tmp_path)  # no SMTP server: the nudge is in the app alone
    ann = account(app, "ann@example.org")
    coach = account(app, "coach@example.org", Role.COACH)
    coaching.share(app, ann, coach.email)
    where = f"/caseload/{ann.id}"
    with client_of(app, coach) as client:
        sent = _post(client, f"{where}/nudges", where, body="First")
        assert "did=nudged_in_app" in sent.headers["location"]
        assert _post(client, f"{where}/nudges", where, body="Again").status_code == 409
    a_week_later = "2026-12-25T16:30:00+00:00"  # FOLLOWUP_NOW of the tests, plus 7 days
    app_later = server_app(tmp_path, FOLLOWUP_NOW=a_week_later)
    with client_of(app_later, coach) as client:
        assert _post(client, f"{where}/nudges", where, body="Again").status_code == 303
    assert [n.body for n in coaching.sharing(app, ann).nudges] == ["Again", "First"]


def test_hostile_input_is_refused_and_nothing_is_written(app: App) -> None:
    ann = account(app, "ann@example.org")
    coach = account(app, "coach@example.org", Role.COACH)
    coaching.share(app, ann, coach.email)
    where = f"/caseload/{ann.id}"
    with client_of(app, coach) as client:
        for body in ("x" * 4001, "bad \x1b[31m escape", "   "):
            answer = _post(client, f"{where}/notes", where, body=body)
            assert answer.status_code == 422, body
            assert "note" in answer.text
        huge = _post(client, f"{where}/nudges", where, body="y" * 30_000)
        assert huge.status_code == 422
        assert client.get("/caseload", params={"sort": "password"}).status_code == 422
        assert client.get("/caseload", params={"cohort": "a\nb"}).status_code == 422
        assert client.get(f"/api/caseload/{ann.id}").json()["notes"] == []
        assert client.get(f"/api/caseload/{ann.id}").json()["nudges"] == []


def test_the_caseload_sorts_filters_and_downloads(app: App) -> None:
    coach = account(app, "coach@example.org", Role.COACH)
    ann = _with_cohort(app, "ann@example.org", "Spring 2027")
    bob = _with_cohort(app, "bob@example.org", "Autumn 2026")
    eve = _with_cohort(app, "eve@example.org", '=HYPERLINK("http://evil")')
    for who in (ann, bob, eve):
        coaching.share(app, who, coach.email)
    mine = app.for_user(ann.name)
    from followup.services import demo

    demo.seed(mine.store, mine.playbook, mine.now())  # ann: the demo's search, some overdue
    with client_of(app, coach) as client:
        page = client.get("/caseload").text
        emails = re.findall(r'<a href="/caseload/\d+">([^<]+)</a>', page)
        assert emails[0] == "ann@example.org"  # the red flag first (the demo's overdue steps)
        assert "Red</span>" in page and "steps overdue" in page
        assert 'href="/caseload?sort=-flag"' in page  # again: the other way
        by_email = client.get("/caseload", params={"sort": "-seeker"}).text
        assert re.findall(r'<a href="/caseload/\d+">([^<]+)</a>', by_email) == [
            "eve@example.org",
            "bob@example.org",
            "ann@example.org",
        ]
        autumn = client.get("/api/caseload", params={"cohort": "Autumn 2026"}).json()
        assert [r["email"] for r in autumn["rows"]] == ["bob@example.org"]
        assert autumn["cohorts"] == ['=HYPERLINK("http://evil")', "Autumn 2026", "Spring 2027"]
        download = client.get("/caseload.csv", params={"sort": "seeker"})
        assert download.status_code == 200
        assert download.headers["content-type"].startswith("text/csv")
    table = pd.read_csv(io.StringIO(download.text))
    assert list(table["email"]) == ["ann@example.org", "bob@example.org", "eve@example.org"]
    assert list(table["flag"]) == ["red", "green", "green"]
    assert table["applications"][0] > 0 and table["overdue_steps"][0] > 0
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert rows[2]["cohort"] == '\'=HYPERLINK("http://evil")'  # a formula shown as text
    assert rows[1]["flag"] == "green"  # bob: a new account, nothing overdue
    assert "Caseload CSV" in _access(app, bob)


def test_coaching_is_server_mode_s_alone(tmp_path: Path) -> None:
    """Local mode: the pages are not there."""
    local = bootstrap.build(settings.load(environ(tmp_path)))
    with TestClient(create_app(local), base_url=BASE) as client:
        assert client.get("/caseload").status_code == 404
        assert client.get("/coaches").status_code == 404
        assert client.get("/api/caseload").status_code == 404
