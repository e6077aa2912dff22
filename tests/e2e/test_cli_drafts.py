"""Drafts through the command line: checked drafts, edits, letters, templates."""

from __future__ import annotations

import io

import pypdf

from tests.e2e.cli_cases import ADD, PRIYA, PROFILE, editor, step_of


def test_every_planned_step_of_the_demo_drafts_without_errors(cli):
    demo = {"FOLLOWUP_USER": "demo", "FOLLOWUP_NOW": "2026-11-24T10:00:00+00:00"}
    cli("demo", **demo)
    drafted = 0
    for app in cli("list", "--json", **demo).json:
        for step in cli("plan", str(app["id"]), "--json", **demo).json["steps"]:
            if step["status"] not in ("planned", "snoozed"):
                continue
            result = cli("draft", str(step["id"]), "--json", **demo).json
            errors = [f for f in result["findings"] if f["severity"] == "error"]
            assert errors == [], (step["kind"], step["channel"], errors)
            assert result["body"].strip() and "{{" not in result["text"]
            drafted += 1
    assert drafted >= 10


def test_a_careless_edit_is_caught_and_blocks_the_letter(cli, tmp_path):
    cli(*PROFILE)
    plan = cli(*ADD, "--interviewer", PRIYA).json
    thanks = str(step_of(plan, "thank-you")["id"])
    first = cli("draft", thanks, "--json").json
    assert first["errors"] == 0 and "Priya" in first["text"]
    careless = editor(cli, tmp_path, """
        text = text.replace("Shah", "Sha")
        text = text.replace("Dear Priya Sha,", "Dear Priya Sha, Head of Sales,")
        text = text.rstrip() + "\\n\\nPlease, I really need this job!!!\\n"
    """)  # fmt: skip
    edited = cli("draft", thanks, "--edit", "--json", now="2026-12-18T16:30:00+00:00",
                 EDITOR=careless).json  # fmt: skip
    assert edited["edited"] is True
    found = {(f["check"], f["text"]) for f in edited["findings"] if f["severity"] != "info"}
    assert ("names", "Sha") in found
    assert any(check == "names" and "Head of Sales" in text for check, text in found)
    assert any(check == "tone" and "need this job" in text.lower() for check, text in found)
    for f in edited["findings"]:
        assert edited["text"][f["start"] : f["end"]] == f["text"]
    kept = cli("draft", thanks, "--json").json
    assert kept["text"] == edited["text"]  # the edit is kept with the step
    blocked = cli("letter", thanks, "-o", str(tmp_path / "x.pdf"), ok=False)
    assert blocked.code == 4 and "error" in blocked.err
    assert not (tmp_path / "x.pdf").exists()


def test_check_reads_standard_input(cli):
    cli(*PROFILE)
    app_id = str(cli(*ADD, "--interviewer", PRIYA).json["application"]["id"])
    text = "Dear Priya Shaw,\n\nThank you!!! I recieve your note.\n"
    done = cli_input(cli, ["check", "-", "--app", app_id, "--json"], text)
    checks = {f["check"] for f in done["findings"]}
    assert {"names", "tone", "spelling"} <= checks
    # Issue #15: at the formal tone, "Dear Priya" beside the thank-you's "Dear Priya Shah";
    # a stray comma in a date
    text = "Dear Priya,\n\nWe met on 18 December, 2026 about the role.\n"
    done = cli_input(cli, ["check", "-", "--app", app_id, "--json"], text)
    found = {(f["check"], f["text"], f["suggestion"]) for f in done["findings"]}
    assert ("salutations", "Priya", "Priya Shah") in found
    assert ("dates", "18 December, 2026", "18 December 2026") in found


def cli_input(cli, args, text):
    import json
    import subprocess

    from tests.e2e.conftest import EXE

    done = subprocess.run([EXE, *args], input=text, env=cli.env, capture_output=True,
                          text=True, timeout=60, check=True)  # fmt: skip
    return json.loads(done.stdout)


def test_letter_writes_a_pdf_with_both_addresses_and_the_signature(cli, tmp_path):
    cli(*PROFILE)
    plan = cli(*ADD, "--interviewer", "Priya Shah, Head of Data").json  # a name only
    thanks = step_of(plan, "thank-you")
    contact = thanks["recipients"][0]["contact_id"]
    assert (thanks["channel"], thanks["needs"]) == (
        "email",
        f"add Priya Shah's email: followup contacts edit {contact} --email ...",
    )
    missing = cli("letter", str(thanks["id"]), "-o", str(tmp_path / "a.pdf"), ok=False)
    assert missing.code == 2 and "no postal address" in missing.err
    cli("contacts", "edit", str(contact), "--address", "1 Data Street\nLondon EC1A 1AA")
    shown = step_of(cli("plan", str(plan["application"]["id"]), "--json").json, "thank-you")
    assert (shown["id"], shown["channel"], shown["needs"]) == (thanks["id"], "letter", None)
    out = tmp_path / "thanks.pdf"
    cli("letter", str(thanks["id"]), "-o", str(out))
    page = pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = page.extract_text()
    for line in ("Priya Shah", "Head of Data", "1 Data Street", "London EC1A 1AA",
                 "12 Willow Lane", "N1 7AB", "Alex Morgan"):  # fmt: skip
        assert line in text
    assert text.splitlines().count("18 December 2026") == 1  # one date: the day it is printed
    dated = tmp_path / "dated.pdf"
    cli("letter", str(thanks["id"]), "-o", str(dated), "--date", "2026-12-21")
    text = pypdf.PdfReader(io.BytesIO(dated.read_bytes())).pages[0].extract_text()
    assert text.splitlines().count("21 December 2026") == 1
    assert "18 December 2026" not in text.splitlines()  # the interview's day stays in the body
    wrong = cli("letter", str(thanks["id"]), "-o", str(tmp_path / "w.pdf"), "--date", "21.12.",
                ok=False)  # fmt: skip
    assert wrong.code == 2 and "--date '21.12.' is not a date like 2026-12-18" in wrong.err
    assert not (tmp_path / "w.pdf").exists()


def test_templates_can_be_overridden_and_reset_and_are_sandboxed(cli, tmp_path):
    cli(*PROFILE)
    plan = cli(*ADD, "--interviewer", PRIYA).json
    thanks = str(step_of(plan, "thank-you")["id"])
    names = [t["name"] for t in cli("templates", "list", "--json").json]
    assert "thank-you.email.formal.txt.j2" in names
    name = "thank-you.email.formal.txt.j2"
    shown = cli("templates", "show", name, "--json").json
    assert shown["overridden"] is False and "{% block subject %}" in shown["text"]
    own = editor(
        cli, tmp_path, 'text = text.replace("{% block subject %}", "{% block subject %}[own] ", 1)'
    )
    cli("templates", "edit", name, EDITOR=own)
    assert cli("draft", thanks, "--json").json["subject"].startswith("[own]")
    evil = editor(
        cli, tmp_path, "text = \"Subject: x\\n\\n{{ ''.__class__.__mro__[1].__subclasses__() }}\""
    )
    cli("templates", "edit", name, EDITOR=evil)
    refused = cli("draft", thanks, ok=False)
    assert refused.code == 2 and "not allowed" in refused.err
    assert cli("templates", "reset", name, "--json").json["reset"] is True
    assert not cli("draft", thanks, "--json").json["subject"].startswith("[own]")
