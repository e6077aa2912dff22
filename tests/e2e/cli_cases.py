"""What the command-line tests type and read back: the user's profile (`init`), an interview at
Acme (`add`) and its people, an $EDITOR that edits a draft, the steps of a plan by kind, and the
outbox."""

from __future__ import annotations

import sys
import textwrap

PRIYA = "Priya Shah, Head of Data, priya@acme.example, +44 20 7946 0000"
ADD = ["add", "--company", "Acme Analytics", "--role", "Data Analyst", "--at", "2026-12-18 13:00",
       "--tz", "Europe/London", "--country", "GB-ENG", "--json"]  # fmt: skip
PROFILE = ["init", "--name", "Alex Morgan", "--email", "alex@example.org", "--country", "GB-ENG",
           "--tz", "Europe/London", "--skill", "SQL", "--skill", "stakeholder reporting",
           "--address", "12 Willow Lane\nLondon\nN1 7AB"]  # fmt: skip
ACME = [
    "add", "--company", "Acme", "--role", "Data Analyst", "--at", "2026-12-18 13:00",
    "--duration", "60m", "--tz", "Europe/London", "--country", "GB-ENG",
    "--interviewer", "Priya Shah, Head of Data, priya@acme.example, +44 20 7946 0000", "--json",
]  # fmt: skip
SAM = "Sam Lee, HR Manager, sam@acme.example"


def editor(cli, tmp_path, script: str) -> str:
    """An $EDITOR that runs `script` with the file's text as `text`, writing back `text`."""
    path = tmp_path / "editor.py"
    path.write_text(
        "import sys\nfrom pathlib import Path\np = Path(sys.argv[1])\ntext = p.read_text()\n"
        + textwrap.dedent(script)
        + "\np.write_text(text)\n"
    )
    return f"{sys.executable} {path}"


def step_of(plan, kind):
    return next(s for s in plan["steps"] if s["kind"] == kind)


def record(cli, *more: str) -> dict[str, str]:
    """Profile and interview (Priya interviewed, Sam of HR); the steps by kind."""
    cli(*PROFILE)
    plan = cli(*ADD, "--interviewer", PRIYA, "--hr", SAM, *more).json
    return {s["kind"]: str(s["id"]) for s in plan["steps"]}


def outbox(cli, **env: str) -> list[dict]:
    return cli("outbox", "list", "--json", **env).json


def status(cli, step: str) -> tuple[str, str | None]:
    app_id = str(cli("list", "--json").json[0]["id"])
    steps = {str(s["id"]): s for s in cli("plan", app_id, "--json").json["steps"]}
    return steps[step]["status"], steps[step].get("outcome")
