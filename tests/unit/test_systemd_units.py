"""deploy/systemd/'s units run real commands: each ExecStart is `followup` with a command
and options that command has, and each reads the environment file docs/deploy.md describes."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest
import typer.main

from followup.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(path.read_text("utf-8"))
    return parser


def test_both_units_are_there() -> None:
    assert [p.name for p in UNITS] == ["followup-web.service", "followup-worker@.service"]


@pytest.mark.parametrize("path", UNITS, ids=[p.name for p in UNITS])
def test_exec_start_names_a_followup_command_and_its_options(path: Path) -> None:
    unit = _unit(path)
    argv = shlex.split(unit["Service"]["ExecStart"])
    assert argv[0].endswith("/bin/followup")
    group = typer.main.get_command(app)
    command = group.commands[argv[1]]  # type: ignore[attr-defined]
    known = {o for p in command.params for o in p.opts}
    given = [a for a in argv[2:] if a.startswith("--")]
    assert given or argv[1] == "worker"
    assert set(given) <= known, f"{path.name}: {set(given) - known} are not options"
    if argv[1] == "serve":
        assert "--server" in given
        assert argv[argv.index("--host") + 1] == "127.0.0.1"  # behind the proxy, on loopback
    assert unit["Service"]["EnvironmentFile"] == "/etc/followup/followup.env"
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_example_environment_sets_what_server_mode_needs() -> None:
    lines = (ROOT / "deploy" / "followup.env.example").read_text("utf-8").splitlines()
    names = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}
    needed = {"FOLLOWUP_SERVER", "FOLLOWUP_DATABASE_URL", "FOLLOWUP_SECRET_KEY"}
    needed |= {"FOLLOWUP_PUBLIC_URL", "FOLLOWUP_JOBS_BACKEND", "FOLLOWUP_JOBS_URL"}
    assert needed <= names
