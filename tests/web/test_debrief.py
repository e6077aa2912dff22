"""The Debrief page: the questions of `followup debrief` as a form (POST, then redirect), read
and saved the same way; and the `interview-day` checklist on Today before an interview.

The web app's clock is Friday 18 December 2026, 16:30 UTC (tests/web/conftest.py). England:
working days after Fri 18 Dec are Mon 21 (1), Tue 22 (2), Wed 23, Thu 24 (4), Tue 29 (5),
Wed 30, Thu 31 (7), Mon 4 Jan (8): Fri 25 Christmas, Mon 28 Boxing Day (observed), Fri 1 Jan
New Year's Day.
"""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.cards import Card
from tests.ocr import needs_ocr

from .conftest import csrf

INTERVIEW = {
    "company": "Acme", "role": "Data Analyst", "duration": "60m", "tz": "Europe/London",
    "country": "GB-ENG", "format": "in-person", "round": "1",
    "people-0-role": "interviewer", "people-0-name": "Priya Shah",
}  # fmt: skip
BLANK = {f"people-{i}-{f}": "" for i in range(2) for f in ("name", "title", "email", "phone")}
WHOLE = {
    **BLANK,
    "people-0-name": "Priya Shah",
    "people-0-title": "Head of Data",
    "people-0-email": "priya@acme.example",
    "people-1-name": "Tom Reed",
    "people-1-title": "Engineering Manager",
    "people-1-email": "tom@acme.example",
    "decision_by": "2027-01-08",
    "contact_on": "",
    "promises": "portfolio link -> Tom Reed\n",
    "referrals": "Dana Cole, CTO, dana@nordlys.example\r\n",
    "topics": "dbt migration\r\nstakeholder reporting\r\n\r\n",
}


def added(client: TestClient, at: str) -> int:
    """An interview recorded through the Add interview form; its application's id."""
    form = {**INTERVIEW, "start": at, "csrf_token": csrf(client)}
    response = client.post("/interviews", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def post(client: TestClient, app_id: int, form: dict[str, str], **more: Any) -> Response:
    data = {**form, "csrf_token": csrf(client, f"/applications/{app_id}")}
    url = f"/applications/{app_id}/debrief"
    return client.post(url, data=data, follow_redirects=False, **more)


def api(client: TestClient, app_id: int) -> dict:
    return client.get(f"/api/applications/{app_id}").json()


def planned(client: TestClient, app_id: int, kind: str) -> list[dict]:
    return [
        s for s in api(client, app_id)["steps"] if s["kind"] == kind and s["status"] == "planned"
    ]


def window(step: dict) -> tuple[str, str]:
    return step["earliest"], step["due"]


def test_the_application_links_to_its_debrief_form(client: TestClient) -> None:
    app_id = added(client, "2026-12-18T13:00")
    link = f'<a href="/applications/{app_id}/debrief">Debrief the interview</a>'
    assert link in client.get(f"/applications/{app_id}").text
    page = client.get(f"/applications/{app_id}/debrief")
    assert page.status_code == 200 and "<h1>Debrief: Acme — Data Analyst</h1>" in page.text
    for field in ("people-0-name", "people-1-email", "decision_by", "promises", "topics"):
        assert f'<label for="{field}">' in page.text, field
    assert 'name="csrf_token"' in page.text and 'id="decision_by" name="decision_by" value=""' in (
        page.text
    )
    assert 'type="date"' in page.text and 'enctype="multipart/form-data"' in page.text


def test_the_form_records_a_whole_interview_and_the_plan_reflects_each_answer(
    client: TestClient,
) -> None:
    app_id = added(client, "2026-12-18T13:00")  # Fri 18 Dec, 13:00-14:00, in London (GMT)
    response = post(client, app_id, WHOLE)
    assert response.status_code == 303  # POST, then redirect, then GET
    assert response.headers["location"] == f"/applications/{app_id}"
    thanks = {s["recipients"][0]["name"]: s for s in planned(client, app_id, "thank-you")}
    assert sorted(thanks) == ["Priya Shah", "Tom Reed"]  # Priya matched, not added twice
    for step in thanks.values():  # 14:00 + 2 h = 16:00; end of working day 2 (Tue 22)
        assert window(step) == ("2026-12-18T16:00:00+00:00", "2026-12-22T17:00:00+00:00")
    assert thanks["Priya Shah"]["recipients"][0]["email"] == "priya@acme.example"
    # Decided by Fri 8 Jan, after working day 5 (Tue 29 Dec): the call starts the working day
    # after it (Mon 11 Jan) and is due 3 working days later (Thu 14 Jan).
    [call] = planned(client, app_id, "check-in-call")
    assert window(call) == ("2027-01-11T09:00:00+00:00", "2027-01-14T17:00:00+00:00")
    [promised] = planned(client, app_id, "send-promised")
    assert [r["name"] for r in promised["recipients"]] == ["Tom Reed"]
    [outreach] = planned(client, app_id, "referral-outreach")
    assert [r["name"] for r in outreach["recipients"]] == ["Dana Cole"]
    [interview] = api(client, app_id)["interviews"]
    assert interview["topics"] == ["dbt migration", "stakeholder reporting"]
    assert interview["debriefed_at"] == "2026-12-18T16:30:00+00:00"
    page = client.get(f"/applications/{app_id}")
    assert "Topics discussed: dbt migration; stakeholder reporting" in page.text


def test_add_another_person_keeps_everything_typed_and_saves_nothing(client: TestClient) -> None:
    app_id = added(client, "2026-12-18T13:00")
    before = api(client, app_id)
    page = post(client, app_id, {**WHOLE, "more": "person"})
    assert page.status_code == 200
    text = page.text
    assert "<legend>Person 3</legend>" in text
    assert 'id="people-2-name" name="people-2-name" value="" autocomplete="off" autofocus' in text
    assert 'id="people-1-name" name="people-1-name" value="Tom Reed"' in text
    assert "portfolio link -&gt; Tom Reed\n</textarea>" in text
    assert api(client, app_id) == before


def test_mistakes_are_listed_by_their_fields_and_nothing_is_saved(client: TestClient) -> None:
    app_id = added(client, "2026-12-18T13:00")
    before = api(client, app_id)
    bad = {**WHOLE, "people-1-email": "tom@", "decision_by": "2026-12-17",
           "promises": "my portfolio", "referrals": "dana@nordlys.example"}  # fmt: skip
    page = post(client, app_id, bad)
    assert page.status_code == 422
    text = page.text
    assert "4 things to correct" in text
    for field, message in (
        ("people-1-name", "Person 2: email address &#39;tom@&#39; does not parse"),
        ("decision_by", "Decision by 2026-12-17 is before the interview (2026-12-18)"),
        ("promises", "Promise &#39;my portfolio&#39; is not like"),
        ("referrals", "Referral &#39;dana@nordlys.example&#39; must start with the person"),
    ):
        assert text.count(message) == 2, message  # in the summary and by its field
        assert f'<p class="error" id="{field}-error">' in text, field
    assert 'id="people-0-name" name="people-0-name" value="Priya Shah"' in text
    assert api(client, app_id) == before


def test_an_empty_form_says_there_is_nothing_to_record(client: TestClient) -> None:
    app_id = added(client, "2026-12-18T13:00")
    page = post(client, app_id, {**BLANK, "decision_by": "", "contact_on": "", "promises": "",
                                 "referrals": "", "topics": ""})  # fmt: skip
    assert page.status_code == 422 and "nothing to record" in page.text


def test_before_the_interview_the_page_says_when_it_begins(client: TestClient) -> None:
    app_id = added(client, "2026-12-21T10:00")
    page = client.get(f"/applications/{app_id}/debrief")
    assert page.status_code == 409
    assert "begins Mon 21 Dec 2026 10:00 (Europe/London): debrief it once it has begun" in page.text
    assert post(client, app_id, WHOLE).status_code == 409


def test_without_the_csrf_token_nothing_is_saved(client: TestClient) -> None:
    app_id = added(client, "2026-12-18T13:00")
    before = api(client, app_id)
    url = f"/applications/{app_id}/debrief"
    assert client.post(url, data=WHOLE, follow_redirects=False).status_code == 403
    forged = {**WHOLE, "csrf_token": "forged"}
    assert client.post(url, data=forged, follow_redirects=False).status_code == 403
    assert api(client, app_id) == before


def test_an_interview_recorded_ahead_shows_its_checklist_on_today(client: TestClient) -> None:
    app_id = added(client, "2026-12-21T10:00")  # Monday; recorded on Friday 16:30
    [checklist] = planned(client, app_id, "interview-day")
    # The working day before Monday 21 is Friday 18, from 09:00; due when the interview starts.
    assert window(checklist) == ("2026-12-18T09:00:00+00:00", "2026-12-21T10:00:00+00:00")
    today = client.get("/").text
    heading = "Get ready for the interview: go through the checklist"
    assert f'<h4 id="step-{checklist["id"]}">{heading}</h4>' in today
    assert 'href="/rules/interview-day"' in today  # Why? says what to ask
    assert "ask each person for their card" in client.get("/rules/interview-day").text
    assert f'<a href="/steps/{checklist["id"]}/draft"' in today and "Open the checklist" in today
    draft = client.get(f"/steps/{checklist['id']}/draft")
    assert draft.status_code == 200 and "Priya Shah" in draft.text
    done = client.post(
        f"/steps/{checklist['id']}/done",
        data={"csrf_token": csrf(client), "next": "/"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and planned(client, app_id, "interview-day") == []


@needs_ocr
def test_a_card_photo_fills_a_persons_row(client: TestClient, card: Card) -> None:
    app_id = added(client, "2026-12-18T13:00")
    files = {"people-1-image": ("card.png", io.BytesIO(card.path.read_bytes()), "image/png")}
    page = post(client, app_id, {**WHOLE, **BLANK, "read": "1"}, files=files)
    assert page.status_code == 200
    text = page.text
    email = re.search(r'id="people-1-email" name="people-1-email" value="([^"]*)"', text)
    assert email and email[1] == card.fields["email"]
    assert "Read from the card" in text
