"""The Insights page and API on the demo data (a real SQLite file), and on an empty store.

The demo's numbers, worked out from demo.py at the tests' now (2026-12-18 16:30 UTC): six
applications, all interviewed; Harbour Bank has an offer, Sol y Mar a rejection. Steps done:
a thank-you each at Nordlicht (12-10, still inside its 14 days: waiting), Kinneret (12-03,
answered by the reply of 12-16), Sol y Mar (11-19, no reply) and Harbour (12-04 17:30 UTC,
its window ends an hour after now: waiting), and Sol y Mar's feedback request (11-30, no
reply). Harbour's offer came 13 days after its interview, Sol y Mar's rejection 10 days after.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services, views
from followup.config import settings
from followup.domain import insights
from followup.domain.model import AUTO_REPLY, Channel, DecisionKind, Direction, Touch
from followup.web.app import create_app
from followup.web.charts import Bar, bar_chart
from tests.web.conftest import environ

EVIL = "<script>alert(1)</script>"


class _Tables(HTMLParser):
    """Every table of a page by its caption: its rows as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._caption is not None:
            self.tables[self._caption] = self._rows[1:]  # the header row aside

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self._caption = (self._caption or "") + data
        elif self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def test_the_page_shows_the_demo_numbers_in_its_tables(client: TestClient) -> None:
    response = client.get("/insights")
    assert response.status_code == 200
    found = tables(response.text)
    assert found["Applications that reached each stage"] == [
        ["applied", "6", "100%"],
        ["interviewing", "6", "100%"],
        ["offer", "1", "17%"],
        ["hired", "0", "0%"],
    ]
    assert found["Applications now rejected, withdrawn or closed"] == [
        ["rejected", "1"],
        ["withdrawn", "0"],
        ["closed", "0"],
    ]
    assert found["Reply rate by step kind"] == [
        ["feedback-request", "1", "0", "0%"],
        ["thank-you", "2", "1", "50%"],
    ]
    assert found["Reply rate by channel"] == [["email", "3", "1", "33%"]]
    assert "2 steps done recently are still waiting" in " ".join(response.text.split())
    assert found["Median days to each kind of decision"] == [
        ["offer", "1", "13"],
        ["rejected", "1", "10"],
    ]
    assert found["Decisions 'offer' by weeks after the first interview"] == [
        ["Week 1 (days 0–6)", "0"],
        ["Week 2 (days 7–13)", "1"],
    ]
    assert found["Applications decided 'rejected', fastest first"] == [
        ["Sol y Mar Viajes", "UX Researcher", "10"]
    ]


def test_every_chart_is_a_named_image_followed_by_its_table(client: TestClient) -> None:
    page = client.get("/insights").text
    charts = re.findall(r"<svg[^>]*>.*?</svg>", page, re.S)
    # funnel, ended, by kind, by channel, and one histogram per decision kind (offer, rejected)
    assert len(charts) == 6
    for chart in charts:
        assert 'role="img"' in chart
        named = re.search(r'aria-labelledby="([^" ]+) ([^" ]+)"', chart)
        assert named, chart[:200]
        assert f'<title id="{named[1]}">' in chart and f'<desc id="{named[2]}">' in chart
        after = page[page.index(chart) + len(chart) :].lstrip()
        assert after.startswith("<table>"), after[:80]
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id is used twice"
    assert "thank-you: 50% (1 of 2)" in page, "the description reads the bars"


def test_no_inline_style_and_the_security_headers(client: TestClient) -> None:
    response = client.get("/insights")
    assert " style=" not in response.text and "<style" not in response.text
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert 'href="/insights" aria-current="page"' in response.text


def test_a_company_named_like_a_script_is_shown_as_text(
    client: TestClient, app: bootstrap.App
) -> None:
    acme = services.applications.application(app.store, 1)
    evil = dataclasses.replace(
        acme, id=None, company=EVIL, role=EVIL, steps=(), touches=(), decisions=()
    )
    stored = services.applications.record_interview(app.store, evil, app.playbook, app.now())
    assert stored.id is not None
    services.applications.decide(
        app.store, stored.id, DecisionKind.REJECTED, app.playbook, app.now()
    )
    page = client.get("/insights").text
    assert EVIL not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    rejected = tables(page)["Applications decided 'rejected', fastest first"]
    assert rejected[0] == [EVIL, EVIL, "1"]  # Acme's interview was yesterday, 13:00


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[TestClient]:
    wired = bootstrap.build(settings.load(environ(tmp_path)))
    with TestClient(create_app(wired), base_url="http://127.0.0.1:8765") as c:
        yield c


def test_an_empty_store_says_there_is_nothing_yet(empty: TestClient) -> None:
    response = empty.get("/insights")
    assert response.status_code == 200
    for sentence in ("No applications yet.", "No steps done yet", "No decisions yet."):
        assert sentence in response.text
    assert "<svg" not in response.text and "<table" not in response.text
    body = empty.get("/api/insights").json()
    assert body["decisions"] == [] and body["replies"]["by_kind"] == []
    assert [c["applications"] for c in body["funnel"]["reached"]] == [0, 0, 0, 0]


def test_the_api_gives_the_same_numbers(client: TestClient, app: bootstrap.App) -> None:
    body = client.get("/api/insights").json()
    # The record `followup insights --json` prints (tests/e2e/test_cli_insights.py runs both).
    assert body == views.insights_record(services.applications.insights(app.store, app.now()))
    assert [(c["stage"], c["applications"]) for c in body["funnel"]["reached"]] == [
        ("applied", 6),
        ("interviewing", 6),
        ("offer", 1),
        ("hired", 0),
    ]
    assert body["replies"]["by_kind"][1] == {
        "label": "thank-you",
        "sent": 2,
        "answered": 1,
        "share": 0.5,
    }
    assert body["replies"]["waiting"] == 2 and body["replies"]["window_days"] == 14
    [offer, rejected] = body["decisions"]
    assert (offer["kind"], offer["median_days"], offer["weeks"]) == ("offer", 13.0, [0, 1])
    assert rejected["decisions"] == [
        {"application_id": 5, "company": "Sol y Mar Viajes", "role": "UX Researcher", "days": 10}
    ]


def test_loading_what_insights_need_gives_what_the_whole_applications_give(
    app: bootstrap.App,
) -> None:
    """The repository's narrow load (a few queries in all) against every application loaded
    whole, with replies of every kind added to the demo."""
    now = app.now()
    for direction, outcome in (
        (Direction.IN, None),
        (Direction.IN, AUTO_REPLY),
        (Direction.OUT, None),
    ):
        touch = Touch(Channel.EMAIL, direction, now - timedelta(days=9), outcome=outcome)
        services.applications.log_touch(app.store, 5, touch, app.playbook, now)
    services.applications.log_touch(
        app.store, 2, Touch(Channel.PHONE, Direction.IN, now - timedelta(days=7)), app.playbook, now
    )
    whole = [
        services.applications.application(app.store, s.id)
        for s in services.applications.applications(app.store)
    ]
    expected = insights.insights(whole, now)
    assert services.applications.insights(app.store, now) == expected
    assert expected.replies.by_kind != ()  # something to compare


def test_a_chart_escapes_its_text_and_draws_zero_bars() -> None:
    svg = str(bar_chart("x", "A <b>title</b>", [Bar("<i>a</i>", 0, "0 & none")]))
    assert "<b>" not in svg and "<i>" not in svg
    assert "&lt;b&gt;title&lt;/b&gt;" in svg and "0 &amp; none" in svg
    assert 'width="0"' in svg and 'role="img"' in svg
