"""The first run (issue #14, item 7): `followup add` before `followup init` asks for the profile
on a terminal (a real pseudo-terminal here), the way `init` asks, and plans in the zone given;
without a terminal it refuses, naming the `init` command to run, and stores nothing."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time

from tests.e2e.conftest import EXE, Cli

ADD = ["add", "--company", "Acme", "--role", "Data Analyst", "--at", "2026-12-18 13:00",
       "--interviewer", "Aiko Tanaka - Lead <aiko@acme.example>"]  # fmt: skip


def on_terminal(cli: Cli, args: list[str], dialogue: list[tuple[str, str]]) -> tuple[int, str, str]:
    """Run followup with a terminal as standard input and error (standard output a pipe): wait
    for each question, answer it; the exit code, standard output, and what the terminal saw."""
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        [EXE, *args], stdin=terminal, stderr=terminal, stdout=subprocess.PIPE, env=cli.env
    )
    os.close(terminal)
    seen = b""

    def read(until: bytes | None) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while until is None or until not in seen:
            assert time.monotonic() < deadline, f"no {until!r} on the terminal: {seen!r}"
            if select.select([main], [], [], 0.1)[0]:
                try:
                    chunk = os.read(main, 4096)
                except OSError:  # the process has ended and closed the terminal
                    chunk = b""
                if not chunk:
                    assert until is None, f"ended before {until!r}: {seen!r}"
                    return
                seen += chunk

    for question, answer in dialogue:
        read(question.encode())
        seen = seen.replace(question.encode(), b"<asked>", 1)  # the next wait is for a new one
        os.write(main, answer.encode() + b"\n")
    read(None)
    out = process.stdout.read().decode() if process.stdout else ""
    code = process.wait(timeout=60)
    os.close(main)
    return code, out, seen.decode(errors="replace").replace("\r\n", "\n")


def test_add_on_a_terminal_asks_for_the_profile_first_and_plans_in_its_zone(cli):
    code, out, screen = on_terminal(
        cli,
        [*ADD, "--json"],
        [
            ("Your name:", "Zoë Müller"),
            ("Your email:", "zoe@"),  # refused: asked again, with the reason
            ("Your email:", "zoe@example.org"),
            ("Your country (e.g. GB-ENG):", "JP"),
            ("Your time zone [Asia/Tokyo]:", "Asia/Tokio"),  # refused: asked again
            ("Your time zone [Asia/Tokyo]:", ""),  # the zone suggested for the country
        ],
    )
    assert code == 0, screen
    assert "No profile yet" in screen and "followup init" in screen
    assert "email address 'zoe@' does not parse" in screen
    assert "unknown time zone 'Asia/Tokio'" in screen
    plan = json.loads(out)  # standard output is the plan alone
    assert {s["timezone"] for s in plan["steps"]} == {"Asia/Tokyo"}
    profile = cli("init", "--json").json  # no flags: prints the profile as saved
    assert (profile["name"], profile["email"]) == ("Zoë Müller", "zoe@example.org")
    assert (profile["country"], profile["timezone"]) == ("JP", "Asia/Tokyo")
    shown = cli("show", str(plan["application"]["id"]), "--json").json
    [interview] = shown["interviews"]
    assert interview["start"] == "2026-12-18T13:00:00+09:00"  # Tokyo's 13:00, not UTC's
    assert (interview["timezone"], interview["country"]) == ("Asia/Tokyo", "JP")
    # The profile exists now: the next `add` asks nothing, even without a terminal.
    assert cli(*ADD, "--company", "Globex").code == 0


def test_init_on_a_terminal_asks_what_it_was_not_given(cli):
    code, out, screen = on_terminal(
        cli,
        ["init", "--email", "alex@example.org", "--json"],
        [
            ("Your name:", "Alex Morgan"),
            ("Your country (e.g. GB-ENG):", "GB-ENG"),
            ("Your time zone [Europe/London]:", ""),
        ],
    )
    assert code == 0, screen
    assert "Your email" not in screen  # given as a flag
    profile = json.loads(out)
    assert profile == {
        **profile,
        "name": "Alex Morgan",
        "email": "alex@example.org",
        "country": "GB-ENG",
        "timezone": "Europe/London",
    }


def test_add_without_a_terminal_or_a_profile_is_refused_naming_init(cli):
    result = cli(*ADD, "--tz", "Europe/London", "--country", "GB-ENG", ok=False)
    assert result.code == 4 and result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith(
        'error: no profile yet: run `followup init --name "Your Name" --email you@example.org '
        "--country GB-ENG --tz Europe/London` first"
    )
    assert cli("list", "--json").json == [] and cli("contacts", "list", "--json").json == []
    no_profile = cli("init", ok=False)  # still none: init without a terminal wants --name
    assert no_profile.code == 2 and "no profile yet: give at least --name" in no_profile.err
