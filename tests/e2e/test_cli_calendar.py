"""`followup calendar export` as a process: the file holds one event per open step, keeps
its UIDs across replanning, marks cancelled steps, drops done ones, and is written whole."""

from __future__ import annotations

import icalendar
import vobject

from tests.e2e.cli_cases import PROFILE

ADD = [
    "add",
    "--role", "Data Analyst",
    "--duration", "1h",
    "--interviewer", "Priya Shah, Head of Data, priya@acme.example",
    "--json",
]  # fmt: skip
NOW = "2026-10-23T09:00:00+00:00"


def _add(cli, company: str, at: str, tz: str, country: str) -> dict:
    return cli(
        *ADD, "--company", company, "--at", at, "--tz", tz, "--country", country, now=NOW
    ).json


def _events(path) -> dict[str, icalendar.Event]:
    data = path.read_bytes()
    vobject.readOne(data.decode())  # the independent parser reads it too
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def _uid(step: dict) -> str:
    return f"step-{step['id']}@followup"


def test_export_writes_one_event_per_open_step(cli, tmp_path):
    cli(*PROFILE)
    acme = _add(cli, "Acme", "2026-10-22 13:00", "Europe/London", "GB-ENG")
    globex = _add(cli, "Globex", "2026-10-22 10:00", "America/New_York", "US-NY")
    steps = [*acme["steps"], *globex["steps"]]
    assert steps and all(s["status"] == "planned" for s in steps)
    out = tmp_path / "plan.ics"
    result = cli("calendar", "export", "-o", str(out), "--json", now=NOW).json
    assert result == {"file": str(out), "events": len(steps)}
    events = _events(out)
    assert events.keys() == {_uid(s) for s in steps}
    thanks = next(s for s in acme["steps"] if s["kind"] == "thank-you")
    assert str(events[_uid(thanks)]["SUMMARY"]) == "thank-you: email Priya Shah (Acme)"
    assert f"followup draft {thanks['id']}" in str(events[_uid(thanks)]["DESCRIPTION"])
    human = cli("calendar", "export", "--output", str(out), now=NOW)
    assert f"Wrote {len(steps)} event(s) to {out}." in human.out


def test_decisions_cancel_events_and_done_steps_leave(cli, tmp_path):
    cli(*PROFILE)
    acme = _add(cli, "Acme", "2026-10-22 13:00", "Europe/London", "GB-ENG")
    app_id = acme["application"]["id"]
    out = tmp_path / "plan.ics"
    cli("calendar", "export", "-o", str(out), now=NOW)
    before = _events(out)
    thanks = next(s for s in acme["steps"] if s["kind"] == "thank-you")
    cli("done", str(thanks["id"]), now=NOW)
    cli("decide", str(app_id), "rejected", now=NOW)
    plan = cli("plan", str(app_id), "--json", now=NOW).json["steps"]
    cancelled = {_uid(s) for s in plan if s["status"] == "cancelled"}
    open_ = {_uid(s) for s in plan if s["status"] in ("planned", "snoozed")}
    assert cancelled and open_
    cli("calendar", "export", "-o", str(out), now="2026-10-23T10:00:00+00:00")
    after = _events(out)
    assert after.keys() == cancelled | open_ and _uid(thanks) not in after
    assert cancelled <= before.keys()  # the same events, now cancelled
    for uid in cancelled:
        assert str(after[uid]["STATUS"]) == "CANCELLED"
        assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])


def test_an_unwritable_file_is_one_error_and_nothing_written(cli, tmp_path):
    target = tmp_path / "missing" / "plan.ics"
    result = cli("calendar", "export", "-o", str(target), ok=False, now=NOW)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: cannot write") and result.err.count("\n") == 1
    assert not target.parent.exists()
