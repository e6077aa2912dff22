"""The user's word on the command line (issue 14): snooze only postpones, done before a step's
window asks first (on a terminal) or needs --yes, a call that ends "call back on DATE", a reply
that pauses until answered or resumed; and one application followed from its interview to a
rejection through all of them, with mail read from Dovecot; and one followed through two rounds
to a rejection. Every date worked out by hand.

The interview (cli_cases): Friday 18 December 2026, 13:00-14:00 in London (GMT), in England:
the thank-you may start at 16:00, the check-in call on Tue 29 Dec 09:00 (working day 5, after
Christmas, the Boxing Day holiday on Mon 28), due Mon 4 Jan 17:00 (1 January is a holiday).
"""

from __future__ import annotations

import os
import subprocess
from email.message import EmailMessage

from tests.e2e.cli_cases import ACME, PROFILE, step_of
from tests.e2e.conftest import EXE, Result


def recorded(cli) -> tuple[str, str, str]:
    """The profile and the Acme interview: (application id, thank-you id, check-in call id)."""
    cli(*PROFILE)
    plan = cli(*ACME).json
    ids = (plan["application"]["id"], step_of(plan, "thank-you")["id"])
    return (*map(str, ids), str(step_of(plan, "check-in-call")["id"]))


def step(cli, app_id: str, step_id: str) -> dict:
    return next(s for s in cli("plan", app_id, "--json").json["steps"] if str(s["id"]) == step_id)


def on_a_terminal(cli, answer: str, *args: str, now: str) -> Result:
    """`followup ARGS` with a terminal as its standard input, typing `answer`."""
    main, other = os.openpty()
    with subprocess.Popen(
        [EXE, *args],
        env={**cli.env, "FOLLOWUP_NOW": now},
        stdin=other,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        os.close(other)
        os.write(main, answer.encode() + b"\n")
        out, err = process.communicate(timeout=60)
    os.close(main)
    return Result(process.returncode, out, err)


def test_snooze_never_moves_a_step_earlier(cli):
    app_id, thanks, call = recorded(cli)
    before = step(cli, app_id, call)
    early = cli("snooze", call, "--until", "2026-12-24", ok=False)
    assert early.code == 4
    assert early.err == (
        f"error: cannot snooze step {call} until Thu 24 Dec 2026: a snooze only postpones, and "
        "it may not start before Tue 29 Dec 2026 09:00 (Europe/London)\n"
    )
    past = cli("snooze", thanks, "--until", "2026-12-17", ok=False)
    assert past.code == 4
    assert "until Thu 17 Dec 2026: that day is past (today is Fri 18 Dec 2026" in past.err
    assert step(cli, app_id, call) == before
    # New Year's Day is a holiday: Monday 4 January, as before.
    moved = cli("snooze", call, "--until", "2027-01-01", "--json").json
    assert (moved["status"], moved["earliest"], moved["due"]) == (
        "snoozed", "2027-01-04T09:00:00+00:00", "2027-01-04T17:00:00+00:00"
    )  # fmt: skip


def test_done_before_the_window_needs_yes_without_a_terminal(cli):
    app_id, _, call = recorded(cli)
    monday = "2026-12-21T10:00:00+00:00"
    refused = cli("done", call, now=monday, ok=False)
    assert refused.code == 2
    assert refused.err == (
        f"error: step {call} (check-in-call) may start only on Tue 29 Dec 2026 09:00 "
        "(Europe/London): no terminal to ask whether it was done early; pass --yes to record "
        "it done now\n"
    )
    assert step(cli, app_id, call)["status"] == "planned"
    done = cli("done", call, "--yes", "--json", now=monday).json
    assert (done["status"], done["outcome"]) == ("done", "reached")
    # The next nudge a week after the call really made: Mon 28 10:00 is the Boxing Day
    # holiday, so Tue 29 09:00, by email; due Wed 30, Thu 31, [1 Jan off], Mon 4 Jan.
    kit = step_of(cli("plan", app_id, "--json").json, "keep-in-touch")
    assert (kit["channel"], kit["earliest"], kit["due"]) == (
        "email", "2026-12-29T09:00:00+00:00", "2027-01-04T17:00:00+00:00"
    )  # fmt: skip


def test_done_before_the_window_asks_on_a_terminal(cli):
    app_id, thanks, _ = recorded(cli)
    three = "2026-12-18T15:00:00+00:00"  # the thank-you may start at 16:00
    no = on_a_terminal(cli, "n", "done", thanks, now=three)
    assert no.code == 0, no.err
    assert "may start only on Fri 18 Dec 2026 16:00 (Europe/London)" in no.err
    assert "Record it done now, Fri 18 Dec 2026 15:00 (Europe/London)?" in no.err
    assert "is unchanged: still planned" in no.out
    assert step(cli, app_id, thanks)["status"] == "planned"
    yes = on_a_terminal(cli, "y", "done", thanks, now=three)
    assert yes.code == 0, yes.err
    assert "is done (Fri 18 Dec 2026 15:00 (Europe/London))" in yes.out
    assert step(cli, app_id, thanks)["status"] == "done"


def test_a_call_that_ends_call_back_on_a_date(cli):
    app_id, _, call = recorded(cli)
    tuesday = "2026-12-29T10:00:00+00:00"
    for args, message in (
        (["--on", "2026-12-31"], "--on and --at go with --outcome call-back only"),
        (["--outcome", "call-back"], "--outcome call-back needs --on DATE"),
        (["--outcome", "call-back", "--on", "2026-12-31", "--at", "25:00"], "not a time of day"),
    ):
        refused = cli("done", call, *args, now=tuesday, ok=False)
        assert refused.code == 2 and message in refused.err
    past = cli("done", call, "--outcome", "call-back", "--on", "2026-12-29", "--at", "09:30",
               now=tuesday, ok=False)  # fmt: skip
    assert past.code == 4 and "is not in the future" in past.err
    moved = cli("done", call, "--outcome", "call-back", "--on", "2026-12-31", "--at", "14:30",
                "--json", now=tuesday).json  # fmt: skip
    assert (moved["id"], moved["channel"], moved["status"], moved["outcome"]) == (
        int(call), "phone", "snoozed", "call-back"
    )  # fmt: skip
    assert (moved["earliest"], moved["due"]) == (
        "2026-12-31T14:30:00+00:00", "2026-12-31T17:00:00+00:00"
    )  # fmt: skip
    assert [s["kind"] for s in cli("plan", app_id, "--json").json["steps"]].count(
        "keep-in-touch"
    ) == 0  # the same nudge, not a second one
    # Called back on Thursday 31, asked again for Saturday 2 January: Monday 4, at the start
    # of the working day.
    thursday = "2026-12-31T14:40:00+00:00"
    human = cli("done", call, "--outcome", "call-back", "--on", "2027-01-02", now=thursday).out
    assert "moves to the call-back agreed: Mon 4 Jan 2027 09:00 (Europe/London)" in human


def test_a_reply_pauses_until_answered_or_resumed(cli):
    app_id, _, call = recorded(cli)
    cli("log", app_id, "--channel", "email", "--direction", "in", "--note", "Re: Thank you",
        "--at", "2026-12-21 09:15", now="2026-12-21T10:00:00+00:00")  # fmt: skip
    wednesday = "2026-12-23T11:00:00+00:00"
    [reply] = cli("today", "--json", now=wednesday).json["replies"]
    assert (reply["paused"], reply["resume"]) == (
        "paused: Acme replied on Mon 21 Dec",  # a logged touch names no sender
        f"followup resume {app_id}",
    )
    human = cli("today", now=wednesday).out
    assert "paused: Acme replied on Mon 21 Dec" in human
    assert f"followup log {app_id} --channel email --direction out" in human
    assert f"followup resume {app_id}" in human
    assert step(cli, app_id, call)["status"] == "cancelled"
    resumed = cli("resume", app_id, "--json", now=wednesday).json
    assert resumed["application"]["id"] == int(app_id)
    back = step_of(resumed, "check-in-call")
    # A week after the resume, Wed 30 Dec 11:00 (not Tue 29 09:00, a week after the reply);
    # due 3 working days later: Thu 31, [1 Jan off], Mon 4, Tue 5.
    assert (back["id"], back["status"], back["earliest"], back["due"]) == (
        int(call), "planned", "2026-12-30T11:00:00+00:00", "2027-01-05T17:00:00+00:00"
    )  # fmt: skip
    assert cli("today", "--json", now=wednesday).json["replies"] == []
    [act] = [t for t in cli("show", app_id, "--json").json["touches"] if t["outcome"] == "resumed"]
    assert (act["direction"], act["channel"], act["at"]) == ("out", "other", wednesday)
    again = cli("resume", app_id, now=wednesday, ok=False)
    assert again.code == 4 and "nothing to resume" in again.err


def _mail(
    message_id: str,
    subject: str,
    date: str,
    body: str,
    sender: str = "Priya Shah <priya@acme.example>",
    **headers: str,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Alex Morgan <alex@example.org>"
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return bytes(message)


def test_one_application_from_the_interview_to_a_rejection(cli, dovecot):
    """Thank-you, a call-back, an out-of-office with a return date, the call, a reply, a resume,
    a rejection: each date as worked out by hand."""
    app_id, thanks, call = recorded(cli)
    mail = dovecot.env()
    cli("done", thanks, now="2026-12-18T16:30:00+00:00")

    # Tue 29 Dec: Priya asks to be called back on Thursday 31 at 14:30.
    cli("done", call, "--outcome", "call-back", "--on", "2026-12-31", "--at", "14:30",
        now="2026-12-29T10:00:00+00:00")  # fmt: skip
    assert step(cli, app_id, call)["earliest"] == "2026-12-31T14:30:00+00:00"

    # Wed 30: her out-of-office says she is back on Monday 4 January. Her first working
    # morning after it: Tuesday 5 January 09:00; the call's one day there, due at its end.
    dovecot.deliver(_mail("<ooo-1@acme.example>", "Automatic reply: Thank you",
                          "Wed, 30 Dec 2026 08:00:00 +0000",
                          "I am out of the office until Monday 4 January.",
                          Auto_Submitted="auto-replied"))  # fmt: skip
    cli("worker", "--once", now="2026-12-30T09:00:00+00:00", **mail)
    moved = step(cli, app_id, call)
    assert (moved["status"], moved["channel"], moved["earliest"], moved["due"]) == (
        "snoozed", "phone", "2027-01-05T09:00:00+00:00", "2027-01-05T17:00:00+00:00"
    )  # fmt: skip
    assert cli("today", "--json", now="2026-12-30T09:00:00+00:00").json["replies"] == []

    # Tue 5 January: the call is made. The next nudge a week later, by email.
    cli("done", call, "--outcome", "reached", now="2027-01-05T10:00:00+00:00")
    kit = step_of(cli("plan", app_id, "--json").json, "keep-in-touch")
    assert (kit["channel"], kit["earliest"], kit["due"]) == (
        "email", "2027-01-12T10:00:00+00:00", "2027-01-15T17:00:00+00:00"
    )  # fmt: skip

    # Thu 7: Priya replies. The nudge is paused, and `today` says so.
    dovecot.deliver(_mail("<reply-1@acme.example>", "Re: Our call",
                          "Thu, 07 Jan 2027 15:00:00 +0000",
                          "Thanks Alex, we are still interviewing."))  # fmt: skip
    cli("worker", "--once", now="2027-01-07T16:00:00+00:00", **mail)
    [reply] = cli("today", "--json", now="2027-01-07T16:00:00+00:00").json["replies"]
    assert (reply["from"], reply["paused"]) == (
        "Priya Shah",
        "paused: Priya Shah replied on Thu 7 Jan",
    )
    assert step_of(cli("plan", app_id, "--json").json, "keep-in-touch")["status"] == "cancelled"

    # Fri 8, 11:00: the user goes on without answering. A week later: Fri 15 11:00; due Mon
    # 18, Tue 19, Wed 20.
    cli("resume", app_id, now="2027-01-08T11:00:00+00:00")
    kit = step_of(cli("plan", app_id, "--json").json, "keep-in-touch")
    assert (kit["status"], kit["earliest"], kit["due"]) == (
        "planned", "2027-01-15T11:00:00+00:00", "2027-01-20T17:00:00+00:00"
    )  # fmt: skip

    # Mon 11: rejected. The nudge stops; feedback by Wed 13; stay in touch three months on:
    # Sunday 11 April, so Monday 12 (BST), due 5 working days later, Monday 19.
    decided = cli("decide", app_id, "rejected", "--json", now="2027-01-11T10:00:00+00:00").json
    steps = {s["kind"]: s for s in decided["steps"]}
    assert steps["keep-in-touch"]["status"] == "cancelled"
    assert (steps["feedback-request"]["earliest"], steps["feedback-request"]["due"]) == (
        "2027-01-11T10:00:00+00:00", "2027-01-13T17:00:00+00:00"
    )  # fmt: skip
    assert (steps["stay-in-touch"]["earliest"], steps["stay-in-touch"]["due"]) == (
        "2027-04-12T09:00:00+01:00", "2027-04-19T17:00:00+01:00"
    )  # fmt: skip
    assert steps["thank-you"]["status"] == steps["check-in-call"]["status"] == "done"
    resumed = cli("resume", app_id, now="2027-01-11T11:00:00+00:00", ok=False)
    assert resumed.code == 4 and "is decided (rejected)" in resumed.err


TOM = "Tom Reed, CTO, tom@acme.example, +44 20 7946 0111"


def kinds(cli, app_id: str, kind: str) -> list[tuple]:
    """Each step of `kind`: (id, status, channel, earliest, due, its recipients' names)."""
    return [
        (s["id"], s["status"], s["channel"], s["earliest"], s["due"],
         [r["name"] for r in s["recipients"]])
        for s in cli("plan", app_id, "--json").json["steps"]
        if s["kind"] == kind
    ]  # fmt: skip


def test_one_application_through_two_rounds_to_a_rejection(cli, dovecot):
    """Round 1, its thank-you; round 2 with Tom Reed (new, the lead) and Priya met again; their
    thank-yous; the call from round 2, a call-back, Tom's out-of-office with a return date, the
    call; Priya's reply, a resume, a rejection: each date as worked out by hand (England's
    holidays: Christmas Fri 25 Dec, Boxing Day's substitute Mon 28 Dec, New Year's Day Fri 1
    Jan; London is on GMT until Sun 28 March 2027, BST after)."""
    app_id, thanks, round_one_call = recorded(cli)
    mail = dovecot.env()
    # Round 1 ended Fri 18 Dec 14:00: thanks from 16:00, done at 16:30.
    cli("done", thanks, now="2026-12-18T16:30:00+00:00")

    # Mon 21 Dec: round 2 booked for Wed 23 Dec 10:00-11:00 (the interview's zone and country,
    # London and England, kept from round 1). Tom typed first: he leads it; Priya typed twice.
    cli(
        "add", "--app", app_id, "--at", "2026-12-23 10:00", "--interviewer", TOM,
        "--interviewer", "priya shah, Head of Data", "--interviewer",
        "Priya Shah <priya@acme.example>", now="2026-12-21T10:00:00+00:00",
    )  # fmt: skip
    shown = cli("show", app_id, "--json").json
    priya, tom = shown["contacts"]
    assert (priya["name"], tom["name"]) == ("Priya Shah", "Tom Reed")
    assert [(i["round"], i["start"], set(i["met"])) for i in shown["interviews"]] == [
        (1, "2026-12-18T13:00:00+00:00", {priya["id"]}),
        (2, "2026-12-23T10:00:00+00:00", {tom["id"], priya["id"]}),
    ]  # fmt: skip
    # Booked ahead: the checklist from working day 1 before Wed 23, Tue 22 09:00, due when the
    # interview starts.
    [(day, *checklist)] = kinds(cli, app_id, "interview-day")
    assert checklist == [
        "planned", "other", "2026-12-22T09:00:00+00:00", "2026-12-23T10:00:00+00:00", []
    ]  # fmt: skip
    # Round 1's thank-you stays done. Round 2 ends at 11:00: thanks from 13:00, due the end of
    # working day 2: Thu 24 (1), [Fri 25, the weekend, Mon 28 off], Tue 29 (2). One for each
    # person met at round 2: Priya, thanked for round 1, once more (for round 2), and Tom.
    thank_yous = kinds(cli, app_id, "thank-you")
    round_two = ["2026-12-23T13:00:00+00:00", "2026-12-29T17:00:00+00:00"]
    assert [t[1:] for t in thank_yous] == [
        ("done", "email", "2026-12-18T16:00:00+00:00", "2026-12-22T17:00:00+00:00",
         ["Priya Shah"]),
        ("planned", "email", *round_two, ["Priya Shah"]),
        ("planned", "email", *round_two, ["Tom Reed"]),
    ]  # fmt: skip
    # The call starts again from round 2 (round 1's, Tue 29 Dec, is dropped): working day 5
    # after Wed 23: Thu 24 (1), Tue 29, Wed 30, Thu 31, [Fri 1 Jan off], Mon 4 Jan (5) 09:00;
    # due day 8: Tue 5, Wed 6, Thu 7. To round 2's first interviewer, Tom, by phone.
    [(call, *planned)] = kinds(cli, app_id, "check-in-call")
    assert str(call) != round_one_call
    assert planned == [
        "planned", "phone", "2027-01-04T09:00:00+00:00", "2027-01-07T17:00:00+00:00",
        ["Tom Reed"],
    ]  # fmt: skip
    call = str(call)

    # Tue 22, evening: the checklist used. Wed 23, 14:00: both thank-yous written.
    cli("done", str(day), now="2026-12-22T18:00:00+00:00")
    for done in thank_yous[1:]:
        cli("done", str(done[0]), now="2026-12-23T14:00:00+00:00")
    after = kinds(cli, app_id, "thank-you")
    assert [t[1] for t in after] == ["done"] * 3 and len(after) == 3  # nobody thanked twice
    assert kinds(cli, app_id, "check-in-call")[0][3:5] == ("2027-01-04T09:00:00+00:00",
                                                           "2027-01-07T17:00:00+00:00")  # fmt: skip

    # Mon 4 Jan 10:00: Tom asks to be called back on Wednesday 6 at 15:00: the same call, from
    # 15:00 London time, due at the end of that working day.
    moved = cli("done", call, "--outcome", "call-back", "--on", "2027-01-06", "--at", "15:00",
                "--json", now="2027-01-04T10:00:00+00:00").json  # fmt: skip
    assert (moved["status"], moved["outcome"], moved["earliest"], moved["due"]) == (
        "snoozed", "call-back", "2027-01-06T15:00:00+00:00", "2027-01-06T17:00:00+00:00"
    )  # fmt: skip

    # Tue 5, by IMAP: Tom's out-of-office, away until Friday 8 January. His first working
    # morning after it: Mon 11 09:00; the call had no working day after its first, so it is due
    # at the end of Mon 11. It pauses nothing and restarts no clock.
    dovecot.deliver(_mail("<ooo-tom@acme.example>", "Automatic reply: Our call",
                          "Tue, 05 Jan 2027 08:00:00 +0000",
                          "I am out of the office until Friday 8 January.",
                          sender="Tom Reed <tom@acme.example>",
                          Auto_Submitted="auto-replied"))  # fmt: skip
    cli("worker", "--once", now="2027-01-05T09:00:00+00:00", **mail)
    assert kinds(cli, app_id, "check-in-call") == [(int(call), "snoozed", "phone",
        "2027-01-11T09:00:00+00:00", "2027-01-11T17:00:00+00:00", ["Tom Reed"])]  # fmt: skip
    [away] = cli("show", app_id, "--json").json["touches"]
    assert (away["direction"], away["outcome"], away["at"]) == (
        "in", "auto-reply", "2027-01-05T08:00:00+00:00"
    )  # fmt: skip
    assert cli("today", "--json", now="2027-01-05T09:00:00+00:00").json["replies"] == []

    # Mon 11, 10:00: the call is made. The next nudge a week later, Mon 18 10:00, by email (the
    # channel after the call's), due 3 working days later: Tue 19, Wed 20, Thu 21.
    cli("done", call, "--outcome", "reached", now="2027-01-11T10:00:00+00:00")
    [(kit, *nudge)] = kinds(cli, app_id, "keep-in-touch")
    assert nudge == ["planned", "email", "2027-01-18T10:00:00+00:00",
                     "2027-01-21T17:00:00+00:00", ["Tom Reed"]]  # fmt: skip

    # Wed 13, 15:00, by IMAP: Priya replies (not the lead: a reply from the company). The
    # nudge to Tom is paused, and `today` says so, with the ways to go on.
    dovecot.deliver(_mail("<reply-2@acme.example>", "Re: Our call",
                          "Wed, 13 Jan 2027 15:00:00 +0000",
                          "Thanks Alex, we are still interviewing."))  # fmt: skip
    wednesday = "2027-01-13T16:00:00+00:00"
    cli("worker", "--once", now=wednesday, **mail)
    [reply] = cli("today", "--json", now=wednesday).json["replies"]
    assert (reply["from"], reply["paused"], reply["resume"]) == (
        "Priya Shah", "paused: Priya Shah replied on Wed 13 Jan", f"followup resume {app_id}"
    )  # fmt: skip
    human = cli("today", now=wednesday).out
    assert "paused: Priya Shah replied on Wed 13 Jan" in human
    assert f"followup resume {app_id}" in human
    [(_, paused, *_)] = kinds(cli, app_id, "keep-in-touch")
    assert paused == "cancelled"

    # Thu 14, 11:00: the user goes on without answering. The same nudge a week after the
    # resume (not after the reply, Wed 20 15:00): Thu 21 11:00; due Fri 22, Mon 25, Tue 26.
    resumed = step_of(cli("resume", app_id, "--json", now="2027-01-14T11:00:00+00:00").json,
                      "keep-in-touch")  # fmt: skip
    assert (resumed["id"], resumed["status"], resumed["earliest"], resumed["due"]) == (
        kit, "planned", "2027-01-21T11:00:00+00:00", "2027-01-26T17:00:00+00:00"
    )  # fmt: skip

    # Mon 18, 10:00: rejected. The nudge stops; feedback asked of the lead, Tom, from now, due
    # the end of working day 2 (Tue 19, Wed 20); stay in touch three months on: Sun 18 April,
    # so Mon 19 April 09:00 (BST), due working day 5 after it: 20, 21, 22, 23, Mon 26.
    decided = cli("decide", app_id, "rejected", "--json", now="2027-01-18T10:00:00+00:00").json
    steps = {s["kind"]: s for s in decided["steps"] if s["kind"] != "thank-you"}
    assert (steps["keep-in-touch"]["status"], steps["keep-in-touch"]["outcome"]) == (
        "cancelled", "cancelled: a decision arrived"
    )  # fmt: skip
    for kind, window in (
        ("feedback-request", ("2027-01-18T10:00:00+00:00", "2027-01-20T17:00:00+00:00")),
        ("stay-in-touch", ("2027-04-19T09:00:00+01:00", "2027-04-26T17:00:00+01:00")),
    ):
        got = steps[kind]
        assert (got["channel"], got["earliest"], got["due"]) == ("email", *window), kind
        assert [r["name"] for r in got["recipients"]] == ["Tom Reed"], kind
    assert steps["check-in-call"]["status"] == steps["interview-day"]["status"] == "done"
