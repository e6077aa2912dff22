"""Recording and reading back: what is typed is stored exactly, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.e2e.cli_cases import PROFILE

ACME = [
    "add",
    "--company", "Acme Analytics",
    "--role", "Data Analyst",
    "--at", "2026-12-18 13:00",
    "--duration", "1h30m",
    "--tz", "Europe/London",
    "--country", "GB-ENG",
    "--interviewer", "Priya Shah, Head of Data, priya@acme.example, +44 20 7946 0000",
    "--interviewer", 'Jürgen Müller, "VP, Engineering", j.muller@acme.example',
    "--hr", "Tom Ellis, Talent Partner, tom@acme.example",
    "--reference", "Dana Whitfield, Analytics Lead, dana@whitfield.example",
    "--referral", "Olu Ade, Data Lead at Beta, olu@beta.example",
    "--promise", "churn-model write-up -> Priya Shah",
    "--decision-by", "2027-01-08",
    "--format", "video",
    "--round", "2",
    "--notes", "Discussed dbt and the churn dashboard",
    "--json",
]  # fmt: skip


def test_add_then_show_returns_every_field(any_cli):
    any_cli(*PROFILE)
    added = any_cli(*ACME).json
    app_id = added["application"]["id"]
    assert added["application"] == {
        **added["application"],
        "company": "Acme Analytics",
        "role": "Data Analyst",
        "stage": "interviewing",
    }
    shown = any_cli("show", str(app_id), "--json").json
    assert shown["company"] == "Acme Analytics" and shown["role"] == "Data Analyst"
    assert shown["notes"] == "Discussed dbt and the churn dashboard"
    [interview] = shown["interviews"]
    assert interview["start"] == "2026-12-18T13:00:00+00:00"
    assert interview["end"] == "2026-12-18T14:30:00+00:00"
    assert (interview["timezone"], interview["country"]) == ("Europe/London", "GB-ENG")
    assert (interview["format"], interview["round"]) == ("video", 2)
    assert interview["decision_by"] == "2027-01-08"
    people = {c["name"]: c for c in shown["contacts"]}
    assert set(people) == {
        "Priya Shah", "Jürgen Müller", "Tom Ellis", "Dana Whitfield", "Olu Ade"
    }  # fmt: skip
    priya = people["Priya Shah"]
    assert (priya["title"], priya["email"], priya["phone"], priya["relation"]) == (
        "Head of Data", "priya@acme.example", "+44 20 7946 0000", "interviewer"
    )  # fmt: skip
    assert priya["organisation"] == "Acme Analytics" and priya["country"] == "GB-ENG"
    assert people["Jürgen Müller"]["title"] == "VP, Engineering"
    assert people["Tom Ellis"]["relation"] == "hr"
    assert people["Dana Whitfield"]["relation"] == "reference"
    assert people["Olu Ade"]["relation"] == "referral"
    [promise] = shown["promises"]
    assert (promise["what"], promise["to"]) == ("churn-model write-up", "Priya Shah")
    assert shown["steps"] == any_cli("plan", str(app_id), "--json").json["steps"]
    listed = any_cli("list", "--json").json
    assert [(a["id"], a["company"], a["stage"]) for a in listed] == [
        (app_id, "Acme Analytics", "interviewing")
    ]


def test_profile_contacts_and_config(any_cli):
    any_cli("init", "--name", "Alex Morgan", "--email", "alex@example.org", "--country", "GB-ENG",
            "--tz", "Europe/London", "--skill", "SQL", "--skill", "Python")  # fmt: skip
    profile = any_cli("init", "--tone", "warm", "--json").json
    assert profile["name"] == "Alex Morgan" and profile["skills"] == ["SQL", "Python"]
    assert (profile["tone"], profile["country"]) == ("warm", "GB-ENG")
    any_cli(*ACME)
    contacts = any_cli("contacts", "list", "--json").json
    priya = next(c for c in contacts if c["name"] == "Priya Shah")
    edited = any_cli("contacts", "edit", str(priya["id"]), "--title", "Chief Data Officer",
                     "--json").json  # fmt: skip
    assert edited["title"] == "Chief Data Officer" and edited["email"] == "priya@acme.example"
    shown = any_cli("contacts", "show", str(priya["id"]), "--json").json
    assert shown["title"] == "Chief Data Officer"
    bad = any_cli("contacts", "edit", str(priya["id"]), "--email", "priya@", ok=False)
    assert bad.code == 2 and bad.err.startswith("error: email address 'priya@' does not parse")
    assert any_cli("contacts", "show", str(priya["id"]), "--json").json == shown
    settings = {s["name"]: s for s in any_cli("config", "--json").json}
    assert settings["now"]["source"] == "env FOLLOWUP_NOW"
    assert settings["user"] == {**settings["user"], "value": "local", "source": "default"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "999"], 3, "error: no application with id 999"),
        (["contacts", "show", "999"], 3, "error: no contact with id 999"),
        (["done", "999"], 3, "error: no step with id 999"),
        (["decide", "1", "maybe"], 2, "error: unknown decision 'maybe'"),
        (["add", "--company", "A"], 2, "error: --role is required for a new application"),
        (["due", "--within", "soon"], 2, "error: --within 'soon' is not a span"),
    ],
)
def test_errors_are_one_line_with_their_exit_code(cli, args, code, message):
    result = cli(*args, ok=False)
    assert result.code == code
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1 and result.out == ""


def test_a_bad_clock_or_config_file_is_a_config_error(cli):
    result = cli("list", ok=False, FOLLOWUP_NOW="yesterday")
    assert (result.code, result.err.count("\n")) == (6, 1)
    config = cli.home / "config" / "followup"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("colour = 'blue'\n")
    result = cli("list", ok=False)
    assert result.code == 6 and "unknown setting 'colour'" in result.err


def test_demo_seeds_once_for_its_own_user(cli):
    seeded = cli("demo", "--json", FOLLOWUP_USER="demo").json
    assert seeded["user"] == "demo" and seeded["seeded"] >= 5
    assert cli("demo", "--json", FOLLOWUP_USER="demo").json["seeded"] == 0
    assert cli("list", "--json").json == []  # the local user's data is untouched
    demo = cli("list", "--json", FOLLOWUP_USER="demo").json
    assert {a["stage"] for a in demo} >= {"interviewing", "rejected", "offer"}
    today = cli("today", "--json", FOLLOWUP_USER="demo").json
    assert today["overdue"] or today["due"]


def test_an_id_beyond_64_bits_is_a_clear_error(cli):
    cli("demo", FOLLOWUP_USER="demo")
    result = cli("show", str(2**63), ok=False, FOLLOWUP_USER="demo")
    assert (
        result.code == 2
        and result.err == "error: a number given is too large (ids fit in 64 bits)\n"
    )
