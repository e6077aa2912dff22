"""The Add interview page: the form of `followup add`, read the same way, saving only on Save."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient

from tests.cards import Card
from tests.ocr import needs_ocr

from .conftest import csrf

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
    "people-0-title": "Head of Data",
    "people-0-email": "priya@acme.example",
    "people-0-phone": "+44 20 7946 0000",
}
CARD_TEXT = "Priya Shah\nHead of Data\nAcme Analytics Ltd\npriya@acme.example\n+44 20 7946 0000\n"


def post(
    client: TestClient, form: dict[str, str], token: str | None = "", files: object = None
) -> object:
    data = {**form, "csrf_token": csrf(client) if token == "" else token}
    if token is None:
        del data["csrf_token"]
    return client.post("/interviews", data=data, files=files, follow_redirects=False)


def count(client: TestClient) -> int:
    return len(client.get("/api/applications").json())


def value(page: str, field: str) -> str:
    match = re.search(rf'id="{re.escape(field)}" name="{re.escape(field)}" value="([^"]*)"', page)
    assert match, f"no input {field}"
    return match[1]


def test_the_page_has_the_form_with_the_profiles_zone_and_country(client: TestClient) -> None:
    page = client.get("/interviews/new")
    assert page.status_code == 200
    assert value(page.text, "tz") == "Europe/London" and value(page.text, "country") == "GB-ENG"
    assert (
        '<label for="people-0-name">' in page.text and "<legend>Interviewer 1</legend>" in page.text
    )
    assert 'type="datetime-local"' in page.text and " style=" not in page.text


def test_saving_records_the_plan_the_command_line_gives(client: TestClient) -> None:
    before = count(client)
    response = post(client, ACME)
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/applications/\d+", location)
    added = client.get(f"/api{location}").json()
    assert count(client) == before + 1
    assert (added["company"], added["role"], added["stage"]) == (
        "Acme",
        "Data Analyst",
        "interviewing",
    )
    steps = {s["kind"]: s for s in added["steps"]}
    thanks, call = steps["thank-you"], steps["check-in-call"]
    assert (thanks["earliest"], thanks["due"]) == (
        "2026-12-18T16:00:00+00:00", "2026-12-22T17:00:00+00:00"
    )  # fmt: skip
    assert (call["earliest"], call["due"]) == (
        "2026-12-29T09:00:00+00:00", "2027-01-04T17:00:00+00:00"
    )  # fmt: skip
    [priya] = thanks["recipients"]
    assert (priya["name"], priya["title"], priya["email"], priya["relation"]) == (
        "Priya Shah", "Head of Data", "priya@acme.example", "interviewer"
    )  # fmt: skip
    [contact] = added["contacts"]
    assert (contact["phone"], contact["organisation"]) == ("+44 20 7946 0000", "Acme")
    page = client.get(location)
    assert page.status_code == 200 and "thank-you" in page.text and "Priya Shah" in page.text


def test_two_interviewers_each_get_a_thank_you(client: TestClient) -> None:
    form = {
        **ACME,
        "people-1-role": "interviewer",
        "people-1-name": "Tom Reed",
        "people-1-title": "Analytics Lead",
        "people-1-email": "tom@acme.example",
        "people-2-role": "hr",
        "people-2-name": "Ana Ruiz",
        "people-2-email": "ana@acme.example",
        "promises": "portfolio link -> Priya Shah\n",
        "decision_by": "2027-01-08",
    }
    added = client.get(f"/api{post(client, form).headers['location']}").json()
    people = {c["name"]: c["relation"] for c in added["contacts"]}
    assert people == {"Priya Shah": "interviewer", "Tom Reed": "interviewer", "Ana Ruiz": "hr"}
    thanks = [s for s in added["steps"] if s["kind"] == "thank-you"]
    thanked = [r["name"] for s in thanks for r in s["recipients"] if r["relation"] == "interviewer"]
    assert sorted(thanked) == ["Priya Shah", "Tom Reed"]
    assert [p["what"] for p in added["promises"]] == ["portfolio link"]
    assert added["interviews"][0]["decision_by"] == "2027-01-08"
    assert "send-promised" in {s["kind"] for s in added["steps"]}


def test_more_adds_a_row_and_keeps_everything_typed(client: TestClient) -> None:
    before = count(client)
    page = post(client, {**ACME, "notes": "Talked about <dashboards>", "more": "interviewer"})
    assert page.status_code == 200
    assert "<legend>Interviewer 2</legend>" in page.text
    assert value(page.text, "people-1-name") == ""
    assert (
        value(page.text, "company") == "Acme" and value(page.text, "people-0-name") == "Priya Shah"
    )
    assert value(page.text, "people-0-email") == "priya@acme.example"
    assert "Talked about &lt;dashboards&gt;</textarea>" in page.text
    assert (
        'id="people-1-name" name="people-1-name" value="" autocomplete="off" autofocus' in page.text
    )
    again = post(client, {**ACME, "more": "other", "more_role": "hr"})
    assert "<legend>HR contact 1</legend>" in again.text
    assert count(client) == before


def test_card_text_fills_the_row_and_saves_nothing(client: TestClient) -> None:
    before = count(client)
    emptied = {f"people-0-{name}": "" for name in ("name", "title", "email", "phone")}
    form = {**ACME, **emptied, "company": "", "people-0-card": CARD_TEXT, "fill": "0"}
    page = post(client, form)
    assert page.status_code == 200
    assert value(page.text, "people-0-name") == "Priya Shah"
    assert value(page.text, "people-0-title") == "Head of Data"
    assert value(page.text, "people-0-email") == "priya@acme.example"
    assert value(page.text, "people-0-phone") == "+44 20 7946 0000"
    assert value(page.text, "company") == "Acme Analytics Ltd"  # empty: filled from the card
    assert "Read from the card" in page.text and "% sure)" in page.text
    assert value(page.text, "role") == "Data Analyst"
    assert count(client) == before


def test_fill_without_card_text_says_what_to_do(client: TestClient) -> None:
    page = post(client, {**ACME, "fill": "0"})
    assert page.status_code == 422
    assert "paste the text of the card first" in page.text
    assert 'aria-describedby="people-0-card-error people-0-card-hint"' in page.text


def test_bad_input_shows_every_problem_keeps_what_was_typed_and_saves_nothing(
    client: TestClient,
) -> None:
    before = count(client)
    form = {**ACME, "company": " ", "start": "2026-12-18T25:00", "tz": "Europe/Lndon",
            "people-0-email": "priya@", "role": "Data <Analyst>"}  # fmt: skip
    page = post(client, form)
    assert page.status_code == 422
    assert "4 things to correct" in page.text
    for message in (
        "company must not be empty",
        "Start &#39;2026-12-18T25:00&#39; is not a date and time",
        "unknown time zone &#39;Europe/Lndon&#39;",
        "Interviewer 1: email address &#39;priya@&#39; does not parse",
    ):
        assert page.text.count(message) == 2, message  # in the summary and by its field
    for field in ("company", "start", "tz", "people-0-email"):
        assert f'<p class="error" id="{field}-error">' in page.text
        tied = rf'id="{field}"[^>]*aria-describedby="{field}-error[^>]*aria-invalid="true"'
        assert re.search(tied, page.text), field
    assert value(page.text, "role") == "Data &lt;Analyst&gt;"
    assert value(page.text, "people-0-name") == "Priya Shah"
    assert count(client) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"duration": "0m"}, "Duration &#39;0m&#39; must be longer than zero"),
        ({"round": "0"}, "the interview round must be 1 or more"),
        ({"round": "first"}, "round &#39;first&#39; is not a whole number"),
        ({"country": "GB-XX"}, "unknown subdivision &#39;XX&#39;"),
        ({"people-0-phone": "12"}, "Interviewer 1: phone number &#39;12&#39;"),
        ({"people-0-name": "", "people-0-title": "CTO"}, "Interviewer 1: the name must not be"),
        ({"promises": "my portfolio"}, "Promise &#39;my portfolio&#39; is not like"),
        ({"settings": "check-in-call.earliest=-1"}, "less than 0"),
        ({"settings": "thank-u.due=3"}, "unknown rule &#39;thank-u&#39;"),
        ({"source": "agency"}, "needs the agency contact"),
        ({"decision_by": "soon"}, "Decision by &#39;soon&#39; is not a date"),
    ],
)
def test_each_mistake_is_a_422_with_its_message(
    client: TestClient, change: dict[str, str], message: str
) -> None:
    before = count(client)
    page = post(client, {**ACME, **change})
    assert page.status_code == 422
    assert message in page.text
    assert count(client) == before


def test_playbook_numbers_apply_to_this_application(client: TestClient) -> None:
    form = {**ACME, "settings": "check-in-call.earliest=7\n"}
    added = client.get(f"/api{post(client, form).headers['location']}").json()
    assert added["settings"] == {"check-in-call.earliest": "7"}
    call = next(s for s in added["steps"] if s["kind"] == "check-in-call")
    assert call["earliest"] != "2026-12-29T09:00:00+00:00"


def test_blank_rows_are_left_out(client: TestClient) -> None:
    form = {**ACME, "people-1-role": "hr", "people-1-name": " ", "people-1-card": ""}
    added = client.get(f"/api{post(client, form).headers['location']}").json()
    assert [c["name"] for c in added["contacts"]] == ["Priya Shah"]


def test_without_the_csrf_token_nothing_is_saved(client: TestClient) -> None:
    before = count(client)
    assert post(client, ACME, token=None).status_code == 403
    assert post(client, ACME, token="forged").status_code == 403
    assert count(client) == before


def test_a_name_like_markup_is_shown_as_text(client: TestClient) -> None:
    evil = '"><script>alert(1)</script>'
    page = post(client, {**ACME, "people-0-name": evil, "company": ""})
    assert page.status_code == 422
    assert "<script>alert(1)</script>" not in page.text
    assert value(page.text, "people-0-name") == "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    location = post(client, {**ACME, "people-0-name": evil}).headers["location"]
    shown = client.get(location).text
    assert "<script>alert(1)</script>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


@needs_ocr
def test_a_photo_of_the_card_fills_the_row_and_saves_nothing(
    client: TestClient, card: Card
) -> None:
    before = count(client)
    files = {"people-0-image": ("card.png", io.BytesIO(card.path.read_bytes()), "image/png")}
    page = post(client, {**ACME, "people-0-email": "", "read": "0"}, files=files)
    assert page.status_code == 200
    assert value(page.text, "people-0-email") == card.fields["email"]
    assert value(page.text, "company") == "Acme"  # typed: kept
    assert "Read from the card" in page.text
    assert count(client) == before


def test_a_file_that_is_not_an_image_is_a_422_by_its_row(client: TestClient) -> None:
    before = count(client)
    files = {"people-0-image": ("card.txt", io.BytesIO(b"Priya Shah"), "text/plain")}
    page = post(client, {**ACME, "read": "0"}, files=files)
    assert page.status_code == 422
    assert '<p class="error" id="people-0-image-error">' in page.text
    assert "&#39;card.txt&#39; is not an image this can read" in page.text
    assert value(page.text, "people-0-name") == "Priya Shah"
    assert count(client) == before


def test_topics_one_per_line_are_saved_and_a_bad_one_is_shown_under_its_field(
    client: TestClient,
) -> None:
    page = client.get("/interviews/new").text
    assert '<textarea id="topics" name="topics"' in page
    response = post(client, {**ACME, "topics": "Priya's reporting backlog\n\ntheir move to dbt\n"})
    assert response.status_code == 303
    added = client.get(f"/api{response.headers['location']}").json()
    assert added["interviews"][0]["topics"] == ["Priya's reporting backlog", "their move to dbt"]
    before = count(client)
    refused = post(client, {**ACME, "topics": "a\u0000b"})
    assert refused.status_code == 422 and count(client) == before
    assert "Topic" in refused.text
