"""`followup calendar export` as a process: the file holds one event per open step, keeps
its UIDs across replanning, marks steps cancelled, done or skipped as cancelled events, is the
same bytes for the same plan, and is written whole; khal, importing each export in turn, ends
with the done step cancelled and ringing no more."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_decisions_and_done_steps_cancel_their_events(cli, tmp_path):
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
    assert after.keys() == cancelled | open_ | {_uid(thanks)}
    assert cancelled | {_uid(thanks)} <= before.keys()  # the same events, now cancelled
    for uid in cancelled | {_uid(thanks)}:
        assert str(after[uid]["STATUS"]) == "CANCELLED" and not after[uid].walk("VALARM")
        assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    # 30 days after they were closed (at NOW), they are left out
    cli("calendar", "export", "-o", str(out), now="2026-11-22T09:00:01+00:00")
    assert _events(out).keys() == open_


def test_the_same_plan_is_the_same_bytes_whatever_the_process(cli, tmp_path):
    cli(*PROFILE)
    for company, at, tz, country in [
        ("Acme", "2026-10-22 13:00", "Europe/London", "GB-ENG"),
        ("Globex", "2026-10-22 10:00", "America/New_York", "US-NY"),
        ("Initech", "2026-10-22 14:00", "Asia/Tokyo", "JP"),
        ("Umbrella", "2026-10-22 14:00", "Europe/Berlin", "DE"),
    ]:
        _add(cli, company, at, tz, country)
    files = []
    for seed, now in enumerate([NOW, NOW, "2026-10-24T18:00:00+00:00", NOW]):
        files.append(tmp_path / f"plan{seed}.ics")  # each process orders its sets its own way
        cli("calendar", "export", "-o", str(files[-1]), now=now, PYTHONHASHSEED=str(seed))
    first = files[0].read_bytes()
    assert all(f.read_bytes() == first for f in files)
    zones = [str(z["TZID"]) for z in icalendar.Calendar.from_ical(first).walk("VTIMEZONE")]
    assert zones == sorted(zones) and len(zones) == 4


class Khal:
    """khal on a throwaway configuration: one calendar, a vdir in a temporary folder."""

    def __init__(self, home: Path) -> None:
        self.vdir = home / "vdir"
        self.vdir.mkdir(parents=True)
        self.config = home / "khal.conf"
        self.config.write_text(
            f"[calendars]\n[[plan]]\npath = {self.vdir}\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
            "longdatetimeformat = %Y-%m-%d %H:%M\n"
            "default_timezone = UTC\nlocal_timezone = UTC\n"
            f"[sqlite]\npath = {home / 'khal.db'}\n",
            "utf-8",
        )
        self.env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "LANG": "C.UTF-8"}

    def __call__(self, *args: str) -> str:
        khal = Path(sys.executable).with_name("khal")
        done = subprocess.run(
            [str(khal), "-c", str(self.config), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def events(self) -> dict[str, str]:
        """What `khal list` shows of each event, by title: `CANCELLED ` when it is, and ⏰
        when it has an alarm."""
        shown = self("list", "--format", "{title}|{cancelled}{alarm-symbol}", "2026-10-01", "60d")
        return dict(line.split("|") for line in shown.splitlines() if "|" in line)


def test_khal_importing_the_next_export_cancels_the_done_step_and_its_alarm(any_cli, tmp_path):
    cli = any_cli
    cli(*PROFILE)
    khal = Khal(tmp_path / "khal")
    acme = _add(cli, "Acme", "2026-10-22 13:00", "Europe/London", "GB-ENG")
    thanks = next(s for s in acme["steps"] if s["kind"] == "thank-you")
    call = next(s for s in acme["steps"] if s["kind"] == "check-in-call")
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    cli("calendar", "export", "-o", str(first), now=NOW)
    khal("import", "--batch", str(first))
    title = "thank-you: email Priya Shah (Acme)"
    calling = "check-in-call: email Priya Shah (Acme)"  # no phone known: an email (issue 14)
    assert khal.events() == {title: " ⏰", calling: " ⏰"}

    cli("done", str(thanks["id"]), now="2026-10-23T10:00:00+00:00")
    cli("calendar", "export", "-o", str(second), now="2026-10-23T10:05:00+00:00")
    khal("import", "--batch", str(second))
    # khal replaces the event of the same UID: kept, shown cancelled, with no alarm
    assert khal.events() == {title: "CANCELLED ", calling: " ⏰"}
    at = khal("at", "--format", "{title}|{status}|{alarm-symbol}", "2026-10-22", "15:10")
    assert f"{title}|CANCELLED |" in at.splitlines()
    # the files khal reads (it leaves a temporary copy behind when it replaces an event)
    read = [p for p in khal.vdir.iterdir() if p.suffix == ".ics"]
    stored = {p.name: icalendar.Calendar.from_ical(p.read_bytes()) for p in read}
    assert stored.keys() == {f"{_uid(thanks)}.ics", f"{_uid(call)}.ics"}  # no second copy
    [event] = stored[f"{_uid(thanks)}.ics"].walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and not event.walk("VALARM")
    assert int(event["SEQUENCE"]) == 1


def test_an_unwritable_file_is_one_error_and_nothing_written(cli, tmp_path):
    target = tmp_path / "missing" / "plan.ics"
    result = cli("calendar", "export", "-o", str(target), ok=False, now=NOW)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: cannot write") and result.err.count("\n") == 1
    assert not target.parent.exists()
