"""The Add a round page: another interview of an application, posted and redirected (no
JavaScript needed), read as `followup add --app` reads it; CSRF as every form.

Now is Friday 18 December 2026, 16:30 UTC (tests/web/conftest.py). England's holidays: Friday
25 December, Boxing Day's substitute Monday 28 December, Friday 1 January 2027."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .conftest import csrf
from .forms import INTERVIEW

FIRST = INTERVIEW  # round 1: Monday 14 December 2026, 10:00-11:00 in London
SECOND = {  # round 2: Monday 21 December 2026, 14:00-15:00; Priya again, and Tom Reed
    "start": "2026-12-21T14:00",
    "duration": "1h",
    "tz": "Europe/London",
    "country": "GB-ENG",
    "format": "in-person",
    "round": "2",
    "people-0-role": "interviewer",
    "people-0-name": "priya  shah",  # the same person, typed otherwise
    "people-0-title": "Head of Data",  # her record lacked it
    "people-1-role": "interviewer",
    "people-1-name": "Tom Reed",
    "people-1-email": "tom@quillon.example",
    "promises": "my dbt notes -> Tom Reed\n",
}


def first_round(client: TestClient) -> int:
    response = client.post(
        "/interviews", data={**FIRST, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


def api(client: TestClient, app_id: int) -> dict:
    return client.get(f"/api/applications/{app_id}").json()


def steps(client: TestClient, app_id: int, kind: str) -> list[tuple[str, str, str, str]]:
    """Each step of `kind`: (its first recipient, status, earliest, due), by earliest."""
    return sorted(
        (s["recipients"][0]["name"], s["status"], s["earliest"], s["due"])
        for s in api(client, app_id)["steps"]
        if s["kind"] == kind
    )


def value(page: str, field: str) -> str:
    match = re.search(rf'id="{re.escape(field)}" name="{re.escape(field)}" value="([^"]*)"', page)
    assert match, f"no input {field}"
    return match[1]


def test_the_application_page_links_to_a_form_with_the_last_rounds_place(
    client: TestClient,
) -> None:
    app_id = first_round(client)
    page = client.get(f"/applications/{app_id}").text
    assert f'href="/applications/{app_id}/rounds/new">Add a round</a>' in page
    form = client.get(f"/applications/{app_id}/rounds/new")
    assert form.status_code == 200
    text = form.text
    assert (value(text, "tz"), value(text, "country"), value(text, "round")) == (
        "Europe/London", "GB-ENG", "2"
    )  # fmt: skip
    assert '<option value="video" selected>' in text  # round 1's format
    assert f'action="/applications/{app_id}/rounds"' in text and 'name="csrf_token"' in text
    assert "<legend>Interviewer 1</legend>" in text and "Fill from card text" in text


def test_a_round_is_saved_redirected_and_planned_as_the_command_line_plans_it(
    client: TestClient,
) -> None:
    app_id = first_round(client)
    [thanks] = [s for s in api(client, app_id)["steps"] if s["kind"] == "thank-you"]
    done = client.post(
        f"/steps/{thanks['id']}/done", data={"csrf_token": csrf(client)}, follow_redirects=False
    )
    assert done.status_code == 303
    response = client.post(
        f"/applications/{app_id}/rounds",
        data={**SECOND, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, f"/applications/{app_id}")
    after = api(client, app_id)
    first, second = after["interviews"]
    priya, tom = after["contacts"]
    assert (second["round"], second["start"]) == (2, "2026-12-21T14:00:00+00:00")
    assert (first["met"], second["met"]) == ([priya["id"]], [priya["id"], tom["id"]])
    assert (priya["title"], len(after["contacts"])) == ("Head of Data", 2)  # not a second Priya
    [promise] = after["promises"]
    assert (promise["what"], promise["interview_id"]) == ("my dbt notes", second["id"])
    # Round 1's thank-you stays done. Round 2 is over at 15:00 on Monday 21: its thank-yous
    # from 17:00, the end of working hours, so Tuesday 09:00; due the end of working day 2,
    # Wednesday 23. Priya is thanked again, for round 2.
    assert steps(client, app_id, "thank-you") == [
        ("Priya Shah", "done", thanks["earliest"], thanks["due"]),
        ("Priya Shah", "planned", "2026-12-22T09:00:00+00:00", "2026-12-23T17:00:00+00:00"),
        ("Tom Reed", "planned", "2026-12-22T09:00:00+00:00", "2026-12-23T17:00:00+00:00"),
    ]
    # Round 1's call (from Monday 21) is gone; round 2's, to the latest round's first
    # interviewer: working day 5 after Monday 21 is 22, 23, 24, (25, 28: holidays) 29, 30;
    # due day 8: 31, (1 January: a holiday) 4, 5.
    assert steps(client, app_id, "check-in-call") == [
        ("Priya Shah", "planned", "2026-12-30T09:00:00+00:00", "2027-01-05T17:00:00+00:00")
    ]
    assert steps(client, app_id, "send-promised")[0][:2] == ("Tom Reed", "planned")
    page = client.get(f"/applications/{app_id}").text
    assert "Round 2, in person" in page


def test_bad_input_shows_every_problem_keeps_what_was_typed_and_saves_nothing(
    client: TestClient,
) -> None:
    app_id = first_round(client)
    before = api(client, app_id)
    wrong = {**SECOND, "start": "21/12/2026 2pm", "people-1-email": "not-an-email"}
    response = client.post(
        f"/applications/{app_id}/rounds", data={**wrong, "csrf_token": csrf(client)}
    )
    assert response.status_code == 422
    assert "2 things to correct (nothing was saved)" in response.text
    assert "is not a date and time" in response.text and "not-an-email" in response.text
    assert value(response.text, "people-1-name") == "Tom Reed"
    assert api(client, app_id) == before


def test_the_same_round_posted_twice_is_refused_the_second_time(client: TestClient) -> None:
    app_id = first_round(client)
    url = f"/applications/{app_id}/rounds"
    assert client.post(url, data={**SECOND, "csrf_token": csrf(client)}).status_code == 200
    again = client.post(url, data={**SECOND, "csrf_token": csrf(client)})
    assert again.status_code == 409 and "already has an interview at 2026-12-21 14:00" in again.text
    assert len(api(client, app_id)["interviews"]) == 2


def test_without_its_csrf_token_nothing_is_recorded(client: TestClient) -> None:
    app_id = first_round(client)
    before = api(client, app_id)
    response = client.post(f"/applications/{app_id}/rounds", data=SECOND)
    assert response.status_code == 403
    assert api(client, app_id) == before


def test_more_adds_a_row_without_saving(client: TestClient) -> None:
    app_id = first_round(client)
    page = client.post(
        f"/applications/{app_id}/rounds",
        data={**SECOND, "more": "other", "more_role": "hr", "csrf_token": csrf(client)},
    )
    assert page.status_code == 200 and "<legend>HR contact 1</legend>" in page.text
    assert value(page.text, "people-1-name") == "Tom Reed"
    assert len(api(client, app_id)["interviews"]) == 1


def test_a_round_keeps_its_topics(client: TestClient) -> None:
    app_id = first_round(client)
    assert 'name="topics"' in client.get(f"/applications/{app_id}/rounds/new").text
    response = client.post(
        f"/applications/{app_id}/rounds",
        data={**SECOND, "topics": "Tom's on-call rota", "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    first, second = api(client, app_id)["interviews"]
    assert (first["topics"], second["topics"]) == ([], ["Tom's on-call rota"])


def test_the_decision_form_records_who_told_you_and_the_feedback_request_credits_them(
    client: TestClient,
) -> None:
    form = {**FIRST, "people-1-role": "hr", "people-1-name": "Sam Lee"}
    form["people-1-email"] = "sam@quillon.example"
    response = client.post(
        "/interviews", data={**form, "csrf_token": csrf(client)}, follow_redirects=False
    )
    app_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert '<select id="by" name="by">' in client.get(f"/applications/{app_id}").text
    decided = client.post(
        f"/applications/{app_id}/decide",
        data={"kind": "rejected", "by": "Sam Lee", "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    [feedback] = [s for s in api(client, app_id)["steps"] if s["kind"] == "feedback-request"]
    assert feedback["recipients"][0]["name"] == "Priya Shah"
    page = client.get(f"/steps/{feedback['id']}/draft").text  # the profile's tone is warm
    assert "Dear Priya,\n\nSam let me know that" in page and "for letting me know" not in page
