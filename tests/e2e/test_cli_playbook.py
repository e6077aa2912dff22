"""The plan through the command line: issue 3's examples, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.e2e.cli_cases import ACME, PROFILE

STEP_FIELDS = {
    "id", "application_id", "kind", "channel", "status", "recipients", "earliest", "due",
    "rationale", "sources",
}  # fmt: skip


def by_kind(steps):
    return {s["kind"]: s for s in steps}


def test_add_plans_thank_you_and_check_in_around_christmas(any_cli):
    any_cli(*PROFILE)
    added = any_cli(*ACME).json
    steps = by_kind(added["steps"])
    thanks, call = steps["thank-you"], steps["check-in-call"]
    assert [r["name"] for r in thanks["recipients"]] == ["Priya Shah"]
    priya = thanks["recipients"][0]
    assert (priya["title"], priya["email"], priya["relation"]) == (
        "Head of Data", "priya@acme.example", "interviewer"
    )  # fmt: skip
    assert (thanks["earliest"], thanks["due"]) == (
        "2026-12-18T16:00:00+00:00", "2026-12-22T17:00:00+00:00"
    )  # fmt: skip
    assert (call["earliest"], call["due"]) == (
        "2026-12-29T09:00:00+00:00", "2027-01-04T17:00:00+00:00"
    )  # fmt: skip
    for step in added["steps"]:
        assert set(step) >= STEP_FIELDS
        assert step["rationale"] and step["sources"]
    assert set(added["application"]) >= {"id", "company", "role", "stage"}


def test_rejection_cancels_nudges_and_adds_feedback_and_stay_in_touch(any_cli):
    any_cli(*PROFILE)
    app_id = str(any_cli(*ACME).json["application"]["id"])
    decided = any_cli("decide", app_id, "rejected", "--json", now="2027-01-06T10:00:00+00:00")
    steps = by_kind(decided.json["steps"])
    assert decided.json["application"]["stage"] == "rejected"
    assert steps["check-in-call"]["status"] == "cancelled"
    assert steps["feedback-request"]["status"] == "planned"
    assert steps["feedback-request"]["due"] == "2027-01-08T17:00:00+00:00"
    assert steps["stay-in-touch"]["earliest"] == "2027-04-06T09:00:00+01:00"
    again = any_cli("decide", app_id, "offer", ok=False)
    assert again.code == 4 and "already rejected" in again.err


def test_a_reply_pauses_nudges_until_the_user_acts(any_cli):
    any_cli(*PROFILE)
    app_id = str(any_cli(*ACME).json["application"]["id"])
    later = "2026-12-22T12:00:00+00:00"  # a touch is logged once it has happened
    any_cli("log", app_id, "--channel", "email", "--direction", "in", "--note", "Thanks!",
            "--at", "2026-12-21 10:00", "--tz", "Europe/London", now=later)  # fmt: skip
    paused = by_kind(any_cli("plan", app_id, "--json").json["steps"])["check-in-call"]
    assert paused["status"] == "cancelled" and paused["outcome"].startswith("paused")
    any_cli("log", app_id, "--channel", "email", "--direction", "out",
            "--at", "2026-12-22 11:00", "--tz", "Europe/London", now=later)  # fmt: skip
    back = by_kind(any_cli("plan", app_id, "--json").json["steps"])["check-in-call"]
    assert back["id"] == paused["id"] and back["status"] == "planned"
    assert back["earliest"] == "2026-12-29T11:00:00+00:00"  # 7 days after the touch out


def test_done_skip_snooze_and_the_agenda(any_cli):
    any_cli(*PROFILE)
    plan = by_kind(any_cli(*ACME).json["steps"])
    thanks, call = str(plan["thank-you"]["id"]), str(plan["check-in-call"]["id"])
    today = any_cli("today", "--json").json
    assert [s["kind"] for s in today["due"]] == ["thank-you"] and today["overdue"] == []
    later = "2026-12-30T10:00:00+00:00"
    overdue = any_cli("due", "--within", "7d", "--json", now=later).json
    assert [s["kind"] for s in overdue["overdue"]] == ["thank-you"]
    assert "check-in-call" in [s["kind"] for s in overdue["due"]]
    done = any_cli("done", thanks, "--json", now="2026-12-21T09:30:00+00:00").json
    assert (done["status"], done["outcome"]) == ("done", "sent")
    again = any_cli("done", thanks, ok=False)
    assert again.code == 4 and "already done" in again.err
    emailed = any_cli("done", call, "--outcome", "no-answer", "--json", now=later).json
    assert (emailed["id"], emailed["channel"], emailed["status"]) == (int(call), "email", "planned")
    assert emailed["due"] == "2026-12-31T17:00:00+00:00"
    snoozed = any_cli("snooze", call, "--until", "2027-01-01", "--json", now=later).json
    assert snoozed["status"] == "snoozed"
    assert (snoozed["earliest"], snoozed["due"]) == (
        "2027-01-04T09:00:00+00:00", "2027-01-04T17:00:00+00:00"
    )  # fmt: skip
    skipped = any_cli("skip", call, "--json", now="2027-01-04T10:00:00+00:00").json
    assert skipped["status"] == "skipped"
    steps = any_cli("plan", str(done["application_id"]), "--json").json["steps"]
    nudge = [s for s in steps if s["kind"] == "keep-in-touch"]
    # After the email a letter, but no postal address is known: a call.
    assert len(nudge) == 1 and nudge[0]["channel"] == "phone"
    assert nudge[0]["earliest"] == "2027-01-11T10:00:00+00:00"


def test_per_application_settings_change_the_plan(cli):
    cli(*PROFILE)
    steps = by_kind(cli(*ACME, "--set", "check-in-call.earliest=7", "--set",
                        "check-in-call.due=9").json["steps"])  # fmt: skip
    # working day 7 after Fri 18 Dec in England: 21, 22, 23, 24, 29, 30, 31 December
    assert steps["check-in-call"]["earliest"] == "2026-12-31T09:00:00+00:00"
    assert steps["check-in-call"]["due"] == "2027-01-05T17:00:00+00:00"  # 1 Jan is a holiday


def test_a_user_playbook_file_changes_every_plan(cli):
    cli(*PROFILE)
    config = cli.home / "config" / "followup"
    config.mkdir(parents=True)
    (config / "playbook.toml").write_text('[working-hours]\nstart = "08:00"\n')
    steps = by_kind(cli(*ACME).json["steps"])
    assert steps["check-in-call"]["earliest"] == "2026-12-29T08:00:00+00:00"
    (config / "playbook.toml").write_text("[rules.check-in-call]\nearliest = -2\n")
    bad = cli(*ACME, ok=False)
    assert bad.code == 6 and "playbook.toml" in bad.err and "earliest" in bad.err


def test_pipeline_review_shows_while_few_applications_are_active(cli):
    monday = "2026-12-21T08:00:00+00:00"
    cli("init", "--name", "Alex", "--tz", "Europe/London", "--country", "GB-ENG")
    cli(*ACME)
    kinds = [s["kind"] for s in cli("today", "--json", now=monday).json["due"]]
    assert "pipeline-review" in kinds
    for company in ("Beta", "Gamma"):
        cli(*[company if a == "Acme" else a for a in ACME])
    kinds = [s["kind"] for s in cli("today", "--json", now=monday).json["due"]]
    assert "pipeline-review" not in kinds


# --- issue 14: each person's own calendar, one company at a time ---------------------------

LONDONER = ["init", "--name", "Alex Morgan", "--email", "alex@example.org", "--country", "GB-ENG",
            "--tz", "Europe/London"]  # fmt: skip


def test_a_london_reference_of_a_tokyo_interview_keeps_the_english_calendar(any_cli):
    any_cli(*LONDONER)
    added = any_cli(
        "add", "--company", "Acme KK", "--role", "Data Engineer", "--at", "2026-05-01 14:00",
        "--tz", "Asia/Tokyo", "--country", "JP",
        "--interviewer", "Kenji Sato, Head of Data, kenji@acme.example",
        "--reference", "Rob Stone, rob@example.com, 020 7946 0958", "--json",
    ).json  # fmt: skip
    steps = by_kind(added["steps"])
    # Rob, in London: working day 1 after Fri 1 May is Tue 5 (Mon 4 is a bank holiday), not
    # Thu 7 (Golden Week in Japan: 4, 5 and 6 May).
    heads_up = steps["reference-heads-up"]
    assert (heads_up["earliest"], heads_up["due"]) == (
        "2026-05-01T09:00:00+01:00", "2026-05-05T17:00:00+01:00"
    )  # fmt: skip
    thanks = steps["thank-you"]  # Kenji, the employer's: Tokyo, after Golden Week
    assert (thanks["earliest"], thanks["due"]) == (
        "2026-05-07T09:00:00+09:00", "2026-05-08T17:00:00+09:00"
    )  # fmt: skip
    people = {c["name"]: c for c in any_cli("contacts", "list", "--json").json}
    assert (people["Kenji Sato"]["country"], people["Rob Stone"]["country"]) == ("JP", "GB-ENG")
    assert people["Rob Stone"]["phone"] == "020 7946 0958"  # read as a British number


def test_two_roles_at_one_company_take_turns_and_a_reply_about_one_pauses_both(any_cli):
    any_cli(*LONDONER)
    common = ["--duration", "60m", "--tz", "Europe/London", "--country", "GB-ENG", "--json"]
    first = any_cli(
        "add", "--company", "Acme", "--role", "Data Engineer", "--at", "2026-03-10 10:00",
        "--interviewer", "Jane Smith, jane@acme.example, +44 20 7946 0958", *common,
        now="2026-03-10T12:00:00+00:00",
    ).json  # fmt: skip
    second = any_cli(
        "add", "--company", " ACME ", "--role", "Analytics Engineer", "--at", "2026-03-11 10:00",
        "--interviewer", "Priya Shah, priya@acme.example, +44 20 7946 0100", *common,
        now="2026-03-11T12:00:00+00:00",
    ).json  # fmt: skip
    one, two = str(first["application"]["id"]), str(second["application"]["id"])
    # Alone, the second call would start Wed 18 March; a week after the first: Tue 24.
    call = by_kind(second["steps"])["check-in-call"]
    assert (call["earliest"], call["due"]) == (
        "2026-03-24T09:00:00+00:00", "2026-03-27T17:00:00+00:00"
    )  # fmt: skip
    assert by_kind(any_cli("plan", one, "--json").json["steps"])["check-in-call"]["earliest"] == (
        "2026-03-17T09:00:00+00:00"
    )
    any_cli("log", two, "--channel", "email", "--direction", "in", "--note", "An update soon",
            "--at", "2026-03-16 12:00", "--tz", "Europe/London",
            now="2026-03-16T12:05:00+00:00")  # fmt: skip
    for app_id in (one, two):
        paused = by_kind(any_cli("plan", app_id, "--json").json["steps"])["check-in-call"]
        assert paused["status"] == "cancelled" and paused["outcome"].startswith("paused")
    due = any_cli("due", "--within", "14d", "--json", now="2026-03-17T10:00:00+00:00").json
    assert [s for s in [*due["overdue"], *due["due"]] if s["kind"] == "check-in-call"] == []
