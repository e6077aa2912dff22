"""The canonical data set rendered for followup and two peers, and paired timings of commands:
what bench/peers.md uses to put followup beside career-ops and jobhound.

    .venv/bin/python bench/peers.py render DIR [--applications 5000] [--seed 1]
    .venv/bin/python bench/peers.py pair [--runs 9] [--cwd DIR] -- 'COMMAND' 'COMMAND' ...

`render` writes, from `bench/data.py: canonical(N, seed)`:

- `DIR/followup.csv`: followup's CSV (`followup import --csv` reads it);
- `DIR/career-ops/data/applications.md` and `data/follow-ups.md`: career-ops' tracker tables
  (what its `followup-cadence.mjs` reads: a row an application; a row a touch we made);
- `DIR/jobhound/opportunities/SLUG/meta.toml`: jobhound's files (what `jh list` reads), with
  the UTC moments its meta.toml holds since its timestamps became moments.

Nothing of theirs is here: they are installed beforehand, outside this repository (bench/peers.md).

`pair` runs the commands in turn, each as a fresh process through the shell, `--runs` rounds
after one warm-up round, and prints each one's median wall time, its largest resident memory
and its ratio to the first command's (median of the ratios within a round: a paired measure,
which a busy machine sways less than two medians taken apart).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.data import NOW, canonical, csv_row, write_csv
from followup.domain.model import Application, DecisionKind, Direction

# Our stages and decisions as career-ops' tracker statuses and jobhound's statuses.
CAREER_OPS = {"interviewing": "Interview", "offer": "Offer", "rejected": "Rejected"}
JOBHOUND = {"interviewing": "interview", "offer": "offer", "rejected": "rejected"}


def _stage(app: Application) -> str:
    return csv_row(app)["stage"]


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _moment(at: datetime) -> str:
    return at.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def career_ops(apps: list[Application], folder: Path) -> None:
    """`data/applications.md` (a row an application: the interview's day as its date, the
    interviewer's email in the notes, as career-ops' own notes give it) and
    `data/follow-ups.md` (a row a touch we made)."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Applications Tracker",
        "",
        "| # | Date | Company | Role | Score | Status | PDF | Report | Notes |",
        "|---|------|---------|------|-------|--------|-----|--------|-------|",
    ]
    followups = [
        "# Follow-ups",
        "",
        "| # | App# | Date | Company | Role | Channel | Contact | Notes |",
        "|---|------|------|---------|------|---------|---------|-------|",
    ]
    for n, app in enumerate(apps, 1):
        day = app.interviews[-1].start.date().isoformat()
        person = app.contacts[0]
        notes = f"Applied {app.created_at:%Y-%m-%d}. Emailed {person.name} at {person.email}"
        status = CAREER_OPS[_stage(app)]
        cells = [str(n), day, app.company, app.role, "4.0/5", status, "❌", "", notes]
        lines.append("| " + " | ".join(cells) + " |")
        for touch in app.touches:
            if touch.direction is Direction.OUT:
                followups.append(
                    f"| {len(followups) - 3} | {n} | {touch.at:%Y-%m-%d} | {app.company} | "
                    f"{app.role} | email | {person.email} | |"
                )
    (data / "applications.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data / "follow-ups.md").write_text("\n".join(followups) + "\n", encoding="utf-8")


def jobhound(apps: list[Application], folder: Path) -> None:
    """`opportunities/SLUG/meta.toml`, one an application: its status, when it was applied for
    and last active, and the next action (the decision awaited, a week after the interview)."""
    for app in apps:
        slug = re.sub(r"[^a-z0-9]+", "-", f"{app.company} {app.role}".lower()).strip("-")
        interview = app.interviews[-1]
        last = max([interview.end, *(t.at for t in app.touches), *(d.at for d in app.decisions)])
        decided = app.decisions[-1].kind if app.decisions else None
        meta = {
            "company": _toml(app.company),
            "role": _toml(app.role),
            "slug": _toml(slug),
            "source": _toml(app.source.value),
            "status": _toml(JOBHOUND[_stage(app)]),
            "priority": _toml("medium"),
            "first_contact": _moment(app.created_at or interview.start),
            "applied_on": _moment(app.created_at or interview.start),
            "last_activity": _moment(last),
        }
        if decided is None or decided is DecisionKind.OFFER:
            meta["next_action"] = _toml("Follow up on the interview")
            meta["next_action_due"] = _moment(interview.end + timedelta(days=7))
        body = "".join(f"{key} = {value}\n" for key, value in meta.items())
        target = folder / "opportunities" / slug
        target.mkdir(parents=True, exist_ok=True)
        (target / "meta.toml").write_text(body, encoding="utf-8")


def render(folder: Path, count: int, seed: int) -> None:
    apps = canonical(count, seed)
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "followup.csv", count, seed)
    career_ops(apps, folder / "career-ops")
    jobhound(apps, folder / "jobhound")
    print(f"{count} applications (seed {seed}, now {NOW.isoformat()}) rendered in {folder}")


def run_once(command: str, cwd: Path | None) -> tuple[float, int]:
    """Wall seconds and largest resident memory (KiB) of `command` as a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, shell=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        assert process.stderr is not None
        raise SystemExit(f"{command!r} failed: {process.stderr.read().decode()[:500]}")
    return seconds, usage.ru_maxrss


def pair(commands: list[str], runs: int, cwd: Path | None) -> None:
    times: list[list[float]] = [[] for _ in commands]
    memory: list[int] = [0] * len(commands)
    for round_ in range(runs + 1):
        for n, command in enumerate(commands):
            seconds, rss = run_once(command, cwd)
            if round_:  # the first round warms the caches up
                times[n].append(seconds)
                memory[n] = max(memory[n], rss)
    for n, command in enumerate(commands):
        ratios = [t / first for t, first in zip(times[n], times[0], strict=True)]
        print(
            f"median {statistics.median(times[n]):.3f} s, {memory[n] / 1024:.0f} MiB, "
            f"{statistics.median(ratios):.2f}x the first: {command}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    rendering = verbs.add_parser("render", help="write the data set for each tool")
    rendering.add_argument("folder", type=Path)
    rendering.add_argument("--applications", type=int, default=5_000)
    rendering.add_argument("--seed", type=int, default=1)
    pairing = verbs.add_parser("pair", help="time commands in turn, paired")
    pairing.add_argument("--runs", type=int, default=9)
    pairing.add_argument("--cwd", type=Path)
    pairing.add_argument("commands", nargs="+")
    args = parser.parse_args()
    if args.verb == "render":
        render(args.folder, args.applications, args.seed)
    else:
        pair(args.commands, args.runs, args.cwd)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
