"""`followup insights`: its JSON is, to the value, what `GET /api/insights` answers (and what the
Insights page counts) for the same data, on SQLite and PostgreSQL; its tables for people say the
same numbers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from followup import bootstrap, services, views
from followup.config import settings
from followup.web.app import create_app


def _api(env: dict[str, str]) -> dict:
    """`GET /api/insights` from the web app built from the same settings as the command."""
    app = bootstrap.build(settings.load(env))
    with TestClient(create_app(app), base_url="http://127.0.0.1:8765") as client:
        response = client.get("/api/insights")
    assert response.status_code == 200
    return dict(response.json())


def test_the_json_is_what_the_api_and_the_page_count(any_cli):
    empty = any_cli("insights", "--json").json
    assert empty == _api(any_cli.env)
    assert [c["applications"] for c in empty["funnel"]["reached"]] == [0, 0, 0, 0]
    any_cli("demo")
    # Replies of every kind, and decisions, beside the demo's.
    any_cli("log", "2", "--channel", "phone", "--direction", "in", "--at", "2026-12-11 10:00")
    any_cli("log", "3", "--channel", "email", "--direction", "in", "--at", "2026-12-09 09:00")
    any_cli("log", "3", "--channel", "email", "--direction", "out", "--at", "2026-12-10 09:00")
    any_cli("decide", "1", "offer")
    any_cli("decide", "4", "rejected", now="2026-12-19T09:00:00+00:00")
    for now in ("2026-12-18T16:30:00+00:00", "2027-01-20T12:00:00+00:00"):
        env = {**any_cli.env, "FOLLOWUP_NOW": now}
        shown = any_cli("insights", "--json", now=now).json
        assert shown == _api(env)
        app = bootstrap.build(settings.load(env))
        assert shown == views.insights_record(services.applications.insights(app.store, app.now()))
    assert shown["decisions"] and shown["replies"]["by_kind"]  # something to compare
    assert [c["applications"] for c in shown["funnel"]["reached"]][:2] == [6, 6]


def _rows(lines: list[str]) -> list[list[str]]:
    """The cells of every table row printed (a pipe: drawn with box characters)."""
    return [[c.strip() for c in line.split("│")[1:-1]] for line in lines if line.startswith("│")]


def test_the_tables_say_the_same_numbers(cli):
    assert "No decisions yet." in cli("insights").out
    cli("demo")
    record = cli("insights", "--json").json
    shown = cli("insights").out
    lines = shown.splitlines()
    rows = _rows(lines)
    assert lines[0] == "Applications that reached each stage"
    for count in record["funnel"]["reached"]:
        assert [count["stage"], str(count["applications"])] in rows, count
    ended = ", ".join(f"{c['stage']} {c['applications']}" for c in record["funnel"]["ended"])
    assert f"Ended: {ended}." in lines
    replies = record["replies"]
    assert f"{replies['waiting']} steps waiting" in shown
    for by, rates in (("kind", replies["by_kind"]), ("channel", replies["by_channel"])):
        for r in rates:
            share = f"{round(r['share'] * 100)}%"
            assert [by, r["label"], str(r["sent"]), str(r["answered"]), share] in rows, r
    for t in record["decisions"]:
        weeks = " ".join(map(str, t["weeks"]))
        row = [t["kind"], str(len(t["decisions"])), f"{t['median_days']:g}", weeks]
        assert row in rows, t
    assert "\x1b" not in shown  # a pipe: plain text
