"""Replies at the top of `today` and `due`, until the user acts."""

from __future__ import annotations

from tests.e2e.cli_cases import PROFILE

ADD = ["add", "--company", "Acme Analytics", "--role", "Data Analyst", "--at", "2026-12-18 13:00",
       "--tz", "Europe/London", "--country", "GB-ENG",
       "--interviewer", "Priya Shah, Head of Data, priya@acme.example", "--json"]  # fmt: skip
LATER = "2026-12-21T10:00:00+00:00"


def test_a_logged_reply_shows_at_the_top_of_today_until_the_user_acts(cli):
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    assert cli("today", "--json").json["replies"] == []
    cli("log", app_id, "--channel", "email", "--direction", "in", "--at", "2026-12-21 09:15",
        "--note", "Re: Thank you\nWe will be in touch next week.", now=LATER)  # fmt: skip
    today = cli("today", "--json", now=LATER).json
    [reply] = today["replies"]
    assert reply["application_id"] == int(app_id) and reply["company"] == "Acme Analytics"
    assert (reply["subject"], reply["direction"], reply["at"]) == (
        "Re: Thank you", "in", "2026-12-21T09:15:00+00:00"
    )  # fmt: skip
    assert (reply["flag"], reply["confirm"]) == (None, None)
    assert set(today) >= {"overdue", "due", "replies"}
    assert cli("due", "--within", "3d", "--json", now=LATER).json["replies"] == [reply]
    human = cli("today", now=LATER).out
    assert human.index("Replies") < human.index("Due")
    assert "Acme Analytics" in human and "Re: Thank you" in human
    # The user answers: the reply has been acted on.
    cli("log", app_id, "--channel", "phone", "--direction", "out", now=LATER)
    assert cli("today", "--json", now=LATER).json["replies"] == []


def test_a_reply_that_reads_like_a_rejection_asks_to_confirm(cli):
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    cli("log", app_id, "--channel", "email", "--direction", "in", "--at", "2026-12-21 09:15",
        "--note", "Your application", "--outcome", "looks-like-rejection", now=LATER)  # fmt: skip
    [reply] = cli("today", "--json", now=LATER).json["replies"]
    assert (reply["flag"], reply["confirm"]) == ("rejection", f"followup decide {app_id} rejected")
    human = cli("today", now=LATER).out
    assert f"looks like a rejection: confirm with `followup decide {app_id} rejected`" in human
    assert cli("show", app_id, "--json", now=LATER).json["stage"] == "interviewing"
    cli("decide", app_id, "rejected", now=LATER)
    assert cli("today", "--json", now=LATER).json["replies"] == []
