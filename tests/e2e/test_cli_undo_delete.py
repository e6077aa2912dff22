"""`followup undo`, `followup delete`, `followup contacts delete`, and `add` refusing an open
application's company and role without --new (issue 16), as a person types them."""

from __future__ import annotations

from tests.e2e.cli_cases import ACME, PROFILE, step_of


def test_done_then_undo_gives_the_plan_back(cli):
    cli(*PROFILE)
    plan = cli(*ACME).json
    app_id = str(plan["application"]["id"])
    thanks = str(step_of(plan, "thank-you")["id"])
    before = cli("plan", app_id, "--json").json
    cli("done", thanks)
    assert cli("plan", app_id, "--json").json != before
    undone = cli("undo")
    assert undone.out == "Undone: Marked done: thank you to Priya Shah (Acme).\n"
    assert cli("plan", app_id, "--json").json == before
    again = cli("undo", ok=False)
    assert again.code == 3
    assert again.err == "error: nothing to undo: no action in the last 10 minutes\n"


def test_undo_is_refused_after_ten_minutes(cli):
    cli(*PROFILE)
    app_id = str(cli(*ACME).json["application"]["id"])
    cli("decide", app_id, "rejected")
    late = cli("undo", ok=False, now="2026-12-18T16:41:00+00:00")
    assert late.code == 3 and "nothing to undo" in late.err
    assert cli("undo", "--json").json == {"undone": "Decision: rejected (Acme)", "application": 1}


def test_adding_it_again_needs_new_or_a_round(cli):
    cli(*PROFILE)
    app_id = cli(*ACME).json["application"]["id"]
    again = cli(*ACME, ok=False)
    assert again.code == 4
    assert again.err == (
        f"error: Acme — Data Analyst is open already (application {app_id}): is this another "
        f"round of it, or a new application? Record another round of it with --app {app_id}, "
        "or a new application with --new\n"
    )
    assert cli(*ACME, "--new").json["application"]["id"] != app_id


def test_delete_says_what_goes_and_needs_yes(cli):
    cli(*PROFILE)
    app_id = str(cli(*ACME).json["application"]["id"])
    asked = cli("delete", app_id, ok=False)
    assert asked.code == 2
    assert asked.err.startswith(f"error: deleting application {app_id} (Acme — Data Analyst) ")
    assert asked.err.endswith(": add --yes to delete\n") and "1 interview, 1 person" in asked.err
    contact = str(cli("contacts", "list", "--json").json[0]["id"])
    said = cli("contacts", "delete", contact, "--yes", "--json").json
    assert said["what"] == f"contact {contact} (Priya Shah)"
    assert said["kept"] == {"touch": 0}
    assert cli("contacts", "list", "--json").json == []
    done = cli("delete", app_id, "--yes")
    assert done.out.startswith(f"Deleted application {app_id} (Acme — Data Analyst): ")
    assert cli("list", "--json").json == []
