"""The docs keep up with the code: every command, option, setting and playbook rule is
documented (after sqlite-utils' test_docs.py)."""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest
import typer.main

from followup.cli.main import app
from followup.config.settings import SETTINGS
from followup.domain.playbook import RULE_NUMBERS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "guide.md").read_text()
PLAYBOOK_DOC = (ROOT / "docs" / "playbook.md").read_text()


def _commands():
    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                yield from walk(sub, [*path, name])
        else:
            options = [o for p in command.params for o in p.opts if o.startswith("--")]
            yield " ".join(path), options

    return list(walk(typer.main.get_command(app), []))


COMMANDS = _commands()


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^#+ {re.escape(heading)}\s*$", text, re.M)
    assert match, f"no section {heading!r}"
    rest = text[match.end() :]
    following = re.search(r"^#{1,3} ", rest, re.M)
    return rest[: following.start()] if following else rest


@pytest.mark.parametrize(("path", "options"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_and_option_is_in_the_guide(path, options):
    section = _section(GUIDE, f"`followup {path}`")
    for option in options:
        assert f"`{option}`" in section, f"{option} of `followup {path}` is undocumented"


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.name for s in SETTINGS])
def test_every_setting_is_in_the_guide(setting):
    section = _section(GUIDE, "Settings")
    assert f"`FOLLOWUP_{setting.name.upper()}`" in section
    assert f"`{setting.name}`" in section


def test_every_playbook_rule_and_number_is_documented():
    shipped = tomllib.loads(files("followup").joinpath("playbook.toml").read_text())
    assert set(shipped["rules"]) == set(RULE_NUMBERS)
    for kind, table in shipped["rules"].items():
        section = _section(PLAYBOOK_DOC, f"`{kind}`")
        for name in RULE_NUMBERS[kind]:
            assert f"`{kind}.{name}`" in section, f"{kind}.{name} is undocumented"
        for source in table["sources"]:
            assert source in section, f"source {source} of {kind} is not named"


def test_every_playbook_rule_lists_its_channels_in_order():
    """The channels a step may take, in the order it tries them (issue 14: only channels that
    can reach the person), as the shipped playbook has them."""
    shipped = tomllib.loads(files("followup").joinpath("playbook.toml").read_text())
    for kind, table in shipped["rules"].items():
        if table["channels"] == ["other"]:  # the user's own reminder: nobody to reach
            continue
        listed = ", ".join(f"`{channel}`" for channel in table["channels"])
        section = _section(PLAYBOOK_DOC, f"`{kind}`")
        assert f"- Channels: {listed} — " in section, f"the channels of {kind} are not listed"


def test_readme_starts_with_the_two_commands():
    head = "\n".join((ROOT / "README.md").read_text().splitlines()[:40])
    assert "make run" in head and "make test" in head


def test_readme_says_how_to_run_followup_after_the_two_commands():
    """A newcomer typed `followup today` after `make run` and got "command not found": right
    after the two commands the README says how to reach the command `make run` installed."""
    text = (ROOT / "README.md").read_text()
    after = text[text.index("make test") : text.index("## What it is")]
    assert "source .venv/bin/activate" in after and ".venv/bin/followup today" in after
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert "followup" in scripts  # the name the README tells people to type
