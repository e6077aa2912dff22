"""`followup templates` and the drafts agree on names, and a user's template cannot hang a draft
(issue #11, items 16 and 4): the command as a fresh process, with an $EDITOR that edits."""

from __future__ import annotations

import pytest

from tests.e2e.cli_cases import ADD, PRIYA, PROFILE, editor, step_of

SHORT = "thank-you.email.formal"
LONG = f"{SHORT}.txt.j2"


@pytest.fixture
def thanks(cli) -> str:
    """The id of a thank-you step, drafted by email in the formal tone."""
    cli(*PROFILE)
    return str(step_of(cli(*ADD, "--interviewer", PRIYA).json, "thank-you")["id"])


def subject(cli, step: str) -> str:
    return cli("draft", step, "--json").json["subject"]


@pytest.mark.parametrize(("first", "then"), [(SHORT, LONG), (LONG, SHORT)])
def test_an_edit_by_either_name_is_the_copy_the_draft_uses(cli, tmp_path, thanks, first, then):
    shipped = subject(cli, thanks)
    mark = 'text = text.replace("{% block subject %}", "{% block subject %}[MARK] ", 1)'
    kept = cli(
        "templates",
        "edit",
        first,
        "--json",
        EDITOR=editor(cli, tmp_path, mark.replace("MARK", "own")),
    ).json
    assert kept["name"] == LONG and kept["path"].endswith(f"/templates/{LONG}")
    assert subject(cli, thanks) == f"[own] {shipped}"
    assert cli("templates", "show", then, "--json").json["overridden"] is True
    cli("templates", "edit", then, EDITOR=editor(cli, tmp_path, mark.replace("MARK", "again")))
    assert subject(cli, thanks) == f"[again] [own] {shipped}"  # the same copy, edited again
    listed = [t for t in cli("templates", "list", "--json").json if t["overridden"]]
    assert [t["name"] for t in listed] == [LONG]
    assert cli("templates", "reset", first, "--json").json == {"name": LONG, "reset": True}
    assert subject(cli, thanks) == shipped
    assert cli("templates", "reset", then, "--json").json == {"name": LONG, "reset": False}


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "asks for a range of over 10,000 numbers",
        ),
        (
            "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
            "(over 1,000,000 steps)",
        ),
        ('{{ "a" * 10**9 }}', "makes a value of over 100,000 characters"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself without end"),
    ],
)
def test_a_template_that_would_hang_the_draft_is_stopped_with_one_clear_line(
    cli, thanks, body, why
):
    shipped = subject(cli, thanks)
    mine = cli.home / "config" / "followup" / "templates" / LONG  # as `templates edit` keeps it
    mine.parent.mkdir(parents=True)
    mine.write_text(f"Subject: Hi\n\n{body}\n", encoding="utf-8")
    refused = cli("draft", thanks, ok=False)
    assert refused.code == 2 and refused.out == ""
    [line] = refused.err.strip().splitlines()
    assert line.startswith(f"error: template {SHORT} ")
    assert why in line and line.endswith(f"fix or reset it: followup templates reset {SHORT}")
    assert cli("templates", "reset", SHORT, "--json").json["reset"] is True
    assert subject(cli, thanks) == shipped
