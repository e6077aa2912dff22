"""The Pipeline as a board, on the demo: a column per stage with its count, a card per
application (company, role, how long since the last contact, the next step in words, a badge
when it is overdue), each card's Move form (no JavaScript needed) and where it may go; the
script that adds drag and drop, and the SortableJS it loads, served by followup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.config import settings
from followup.web.app import create_app
from tests.web.conftest import BASE, csrf, environ

COUNTS = {
    "applied": 0,
    "interviewing": 4,
    "offer": 1,
    "hired": 0,
    "rejected": 1,
    "withdrawn": 0,
    "closed": 0,
}


def _cards(page: str) -> dict[str, str]:
    """Each card's HTML by its company."""
    found = re.findall(r'<li class="card[^"]*" id="card-\d+".*?</li>', page, re.S)
    return {re.findall(r'id="company-\d+">([^<]+)</a>', c)[0]: c for c in found}


def _column(page: str, stage: str) -> str:
    found = re.search(rf'<section aria-labelledby="stage-{stage}"[^>]*>(.*?)</section>', page, re.S)
    assert found, f"no column {stage}"
    return found[1]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_column_per_stage_with_its_count(client: TestClient) -> None:
    page = client.get("/pipeline").text
    for stage, count in COUNTS.items():
        column = _column(page, stage)
        heading = (
            f'<h2 id="stage-{stage}">{stage.capitalize()} <span class="count">({count})</span>'
        )
        assert heading in page
        assert column.count('<li class="card') == count
    assert "Acme Analytics" in _column(page, "interviewing")
    assert "Harbour Bank" in _column(page, "offer")
    assert "Sol y Mar Viajes" in _column(page, "rejected")


def test_a_card_says_who_what_how_long_and_what_next(client: TestClient) -> None:
    cards = {company: _text(html) for company, html in _cards(client.get("/pipeline").text).items()}
    assert "Data Analyst" in cards["Acme Analytics"]
    assert "Last contact yesterday" in cards["Acme Analytics"]  # the interview
    assert "Last contact 2 days ago" in cards["Kinneret Labs"]  # their reply
    assert "Last contact yesterday" in cards["Harbour Bank"]  # the offer
    assert (
        "Next: Tell Dana Whitfield the employer may call for a reference" in cards["Acme Analytics"]
    )
    assert "Next: Email Jürgen Müller to check in" in cards["Nordlicht Software GmbH"]
    assert "Nothing planned" in cards["Kinneret Labs"]  # paused: their reply waits for an answer
    maple = cards["Maple Health"]
    assert "Next: Tell Sam Okafor you will follow up with the employer directly Overdue" in maple
    assert "Overdue" not in cards["Acme Analytics"]
    for text in cards.values():  # words, not the playbook's names
        assert not re.search(r"\b[a-z]+-[a-z]+\b", text.replace("Sol y Mar", "")), text


def test_each_card_may_move_only_where_the_stage_allows(client: TestClient) -> None:
    cards = _cards(client.get("/pipeline").text)

    def options(company: str) -> list[str]:
        return re.findall(r'<option value="([a-z]+)">', cards[company])

    assert options("Acme Analytics") == [
        "applied",
        "offer",
        "hired",
        "rejected",
        "withdrawn",
        "closed",
    ]
    assert options("Harbour Bank") == ["hired", "rejected", "withdrawn", "closed"]
    assert 'data-moves="hired rejected withdrawn closed"' in cards["Harbour Bank"]
    sol = cards["Sol y Mar Viajes"]  # decided: it stays, nothing to drag
    assert "<form" not in sol and 'data-moves=""' in sol and "movable" not in sol
    label = (
        '<label for="move-1">Move <span class="visually-hidden">Acme Analytics </span>to</label>'
    )
    assert label in cards["Acme Analytics"]


def test_the_form_moves_the_card_and_answers_303_to_the_pipeline(
    client: TestClient, app: bootstrap.App
) -> None:
    token = csrf(client, "/pipeline")
    moved = client.post(
        "/applications/1/stage",
        data={"stage": "offer", "csrf_token": token},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/pipeline?did=moved"
    page = client.get("/pipeline").text
    assert "Acme Analytics" in _column(page, "offer")
    assert '<span class="count">(2)</span>' in page.split('id="stage-offer"')[1][:60]
    assert services.applications.application(app.store, 1).stage.value == "offer"


def test_the_board_script_and_sortablejs_come_from_followup(client: TestClient) -> None:
    page = client.get("/pipeline").text
    assert '<script src="http://127.0.0.1:8765/static/board.js" defer></script>' in page
    sortable = re.search(r'data-sortable="([^"]+)"', page)
    assert sortable and sortable[1].startswith(f"{BASE}/static/vendor/sortablejs/")
    script = client.get(sortable[1].removeprefix(BASE))
    assert script.status_code == 200 and b"Sortable" in script.content
    board = client.get("/static/board.js").text
    assert "X-CSRF-Token" in board and "/api/applications/" in board
    assert f'data-csrf="{csrf(client, "/pipeline")}"' in page


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[TestClient]:
    """The web app of a user with nothing recorded yet."""
    wired = bootstrap.build(settings.load(environ(tmp_path)))
    with TestClient(create_app(wired), base_url=BASE) as c:
        yield c


def test_an_empty_board_offers_the_first_interview(empty: TestClient) -> None:
    page = empty.get("/pipeline").text
    assert 'class="board"' not in page
    assert '<a class="button primary" href="/interviews/new">Add an interview</a>' in page
    assert "followup add" not in page
