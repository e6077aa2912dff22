"""The planner against hand-checked dates, one rule at a time, then the events that change a plan.

Every expected date below was worked out by hand from the calendar of the recipient's country
(weekends and public holidays) and the default playbook; the comments show the counting.
Events are simulated as the services do them: the application gains a touch, a decision or a
step changed by complete / skip / snooze, and is replanned with the previous plan as its steps.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from followup.domain import planner
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    DecisionKind,
    Direction,
    Interview,
    Promise,
    Relation,
    Source,
    Stage,
    StepStatus,
)
from followup.domain.values import Region
from tests.unit.planner_cases import (
    GB,
    HANNAH,
    HOME,
    JANE,
    PLAYBOOK,
    RAJ,
    TUESDAY,
    acme,
    at,
    changed,
    decided,
    done,
    interview,
    keys,
    nudges,
    replan,
    the,
    touched,
    window,
)

# --- one rule at a time ------------------------------------------------------------------------


def test_thank_you_one_per_interviewer_with_hr_copied_once_and_short_thanks_to_helpers() -> None:
    helper = Contact("Sam Lee", Relation.HELPER, email="sam@example.com", id=14)
    app = replan(acme(JANE, RAJ, HANNAH, helper))
    assert keys(app, "thank-you") == ["thank-you:i1:c11", "thank-you:i1:c12", "thank-you:i1:c14"]
    jane, raj, sam = (the(app, k) for k in keys(app, "thank-you"))
    # 11:00 + 2 h = 13:00, within working hours; due end of working day 2 (Wed 11, Thu 12).
    for step in (jane, raj, sam):
        assert window(step) == ("2026-03-10T13:00:00+00:00", "2026-03-12T17:00:00+00:00")
        assert step.timezone == "Europe/London"
    assert [r.name for r in jane.recipients] == ["Jane Smith", "Hannah Green"]
    assert [r.name for r in raj.recipients] == ["Raj Patel"]  # HR once: on the lead's
    assert [r.name for r in sam.recipients] == ["Sam Lee"]
    assert (jane.channel, raj.channel) == (Channel.EMAIL, Channel.LETTER)
    assert jane.sources == ("000", "001", "002", "003", "004") and jane.rationale


def test_thank_you_goes_to_hr_when_no_interviewer_is_known() -> None:
    app = replan(acme(HANNAH))
    assert [r.name for r in the(app, "thank-you:i1:c13").recipients] == ["Hannah Green"]


def test_send_promised_to_whom_it_was_promised_else_the_lead() -> None:
    promises = (
        Promise("the portfolio link", "  raj   PATEL ", id=21),
        Promise("a certificate", "Someone Unknown", id=22),
        Promise("a reference letter", "Jane Smith", done=True, id=23),
    )
    app = replan(acme(JANE, RAJ, promises=promises))
    assert keys(app, "send-promised") == ["send-promised:p21", "send-promised:p22"]
    link, certificate = the(app, "send-promised:p21"), the(app, "send-promised:p22")
    assert [r.name for r in link.recipients] == ["Raj Patel"]
    assert [r.name for r in certificate.recipients] == ["Jane Smith"]
    # From the interview's end; due end of working day 2.
    assert window(link) == ("2026-03-10T11:00:00+00:00", "2026-03-12T17:00:00+00:00")
    assert link.sources == ("002",)


def test_reference_heads_up_and_referral_outreach_in_the_users_calendar() -> None:
    reference = Contact("Rob Stone", Relation.REFERENCE, email="rob@example.com", id=16)
    referral = Contact("Fay Wu", Relation.REFERRAL, email="fay@example.com", id=17)
    app = Application(
        "Acme",
        "Data Engineer",
        stage=Stage.INTERVIEWING,
        interviews=(TUESDAY,),
        contacts=(JANE, reference, referral),
        id=1,
    )
    home = planner.Home(Region("FR"), "Europe/Paris")
    steps = {s.kind: s for s in planner.plan(app, PLAYBOOK, at("2026-03-10T12:00:00+00:00"), home)}
    # The interview ends 11:00 London = 12:00 Paris; due end of working day 1 / 2 in Paris.
    heads_up, outreach = steps["reference-heads-up"], steps["referral-outreach"]
    assert window(heads_up) == ("2026-03-10T12:00:00+01:00", "2026-03-11T17:00:00+01:00")
    assert window(outreach) == ("2026-03-10T12:00:00+01:00", "2026-03-12T17:00:00+01:00")
    assert heads_up.key == "reference-heads-up:i1:c16" and heads_up.sources == ("004",)
    assert [r.name for r in outreach.recipients] == ["Fay Wu"]


def test_agency_update_only_via_an_agency_and_only_to_the_agency() -> None:
    agency = Contact(
        "Rita Cole", Relation.RECRUITER, organisation="Hays", email="rita@hays.example", id=18
    )
    in_house = Contact("Ian Moss", Relation.RECRUITER, organisation="Acme", id=19)
    via_agency = replan(acme(JANE, agency, in_house, source=Source.AGENCY))
    assert keys(via_agency, "agency-update") == ["agency-update:i1:c18"]
    update = the(via_agency, "agency-update:i1:c18")
    # Due end of working day 1 (Wednesday 11 March).
    assert window(update) == ("2026-03-10T11:00:00+00:00", "2026-03-11T17:00:00+00:00")
    assert (update.channel, [r.name for r in update.recipients]) == (Channel.EMAIL, ["Rita Cole"])
    direct = replan(acme(JANE, agency, source=Source.DIRECT))
    assert keys(direct, "agency-update") == []
    assert "thank-you:i1:c18" in keys(direct, "thank-you")  # the recruiter is still thanked


def test_check_in_call_starts_on_working_day_5_and_is_due_at_the_end_of_day_8() -> None:
    app = replan(acme())
    (call,) = nudges(app)
    # Tue 10 March: working days 11, 12, 13, 16, [17] ... 18, 19, [20].
    assert window(call) == ("2026-03-17T09:00:00+00:00", "2026-03-20T17:00:00+00:00")
    assert (call.key, call.channel, call.status) == ("check-in-call:i1", Channel.PHONE, "planned")
    assert [r.name for r in call.recipients] == ["Jane Smith"]
    assert call.sources == ("000", "001", "003", "004")
    assert [r.name for r in nudges(replan(acme(HANNAH)))[0].recipients] == ["Hannah Green"]


def test_keep_in_touch_weekly_rotating_channels_then_waits_for_the_employer() -> None:
    app = done(replan(acme()), "check-in-call:i1", "2026-03-17T10:00:00+00:00", "reached")
    first = the(app, "keep-in-touch:1")
    # 7 days after the call (Tue 24, in hours); due 3 working days later (25, 26, [27]).
    assert window(first) == ("2026-03-24T10:00:00+00:00", "2026-03-27T17:00:00+00:00")
    assert first.channel is Channel.EMAIL  # the call was by phone: email comes next
    assert first.sources == ("001", "003", "000")
    app = done(app, "keep-in-touch:1", "2026-03-24T10:00:00+00:00")
    second = the(app, "keep-in-touch:2")
    # BST from 29 March. Due 3 working days after Tue 31: Apr 1, 2, (Good Friday 3, Easter
    # Monday 6), [7].
    assert window(second) == ("2026-03-31T11:00:00+01:00", "2026-04-07T17:00:00+01:00")
    assert second.channel is Channel.LETTER
    app = done(app, "keep-in-touch:2", "2026-03-31T10:00:00+00:00")
    third = the(app, "keep-in-touch:3")
    assert window(third) == ("2026-04-07T11:00:00+01:00", "2026-04-10T17:00:00+01:00")
    assert third.channel is Channel.PHONE
    app = done(app, "keep-in-touch:3", "2026-04-07T10:00:00+00:00", "voicemail")
    # Three by default, then wait: every nudge is done, none is open.
    assert [s.status for s in nudges(app)] == [StepStatus.DONE] * 4


def test_keep_in_touch_counts_from_the_latest_touch_either_way() -> None:
    app = done(replan(acme()), "check-in-call:i1", "2026-03-17T10:00:00+00:00")
    app = touched(app, Direction.OUT, "2026-03-20T16:00:00+00:00")
    # 7 days after Fri 20 16:00 is Fri 27 16:00, in hours; due Mon 30, Tue 31, [Wed 1 April].
    assert window(the(app, "keep-in-touch:1")) == (
        "2026-03-27T16:00:00+00:00",
        "2026-04-01T17:00:00+01:00",
    )


def test_feedback_request_and_stay_in_touch_after_a_rejection() -> None:
    app = decided(replan(acme()), DecisionKind.REJECTED, "2026-03-20T15:30:00+00:00")
    feedback, stay = the(app, "feedback-request"), the(app, "stay-in-touch")
    # Friday 15:30; due end of working day 2: Mon 23, [Tue 24].
    assert window(feedback) == ("2026-03-20T15:30:00+00:00", "2026-03-24T17:00:00+00:00")
    # 3 months on is Sat 20 June: moved to Mon 22; due 5 working days later (23-26, [29]).
    assert window(stay) == ("2026-06-22T09:00:00+01:00", "2026-06-29T17:00:00+01:00")
    assert [r.name for r in feedback.recipients] == ["Jane Smith"]
    assert (feedback.sources, stay.sources) == (("000",), ("002", "004"))


def test_thank_references_on_an_offer_is_beyond_the_guidance() -> None:
    reference = Contact("Rob Stone", Relation.REFERENCE, email="rob@example.com", id=16)
    app = decided(replan(acme(JANE, reference)), DecisionKind.OFFER, "2026-03-20T15:30:00+00:00")
    thanks = the(app, "thank-references:c16")
    assert window(thanks) == ("2026-03-20T15:30:00+00:00", "2026-03-24T17:00:00+00:00")
    assert thanks.sources == () and thanks.rationale  # says why, rests on no article
    assert keys(app, "feedback-request") == []


@pytest.mark.parametrize(
    ("now", "earliest", "due"),
    [
        # Wednesday: next Monday.
        ("2026-03-11T12:00:00+00:00", "2026-03-16T09:00:00+00:00", "2026-03-16T17:00:00+00:00"),
        # Monday morning: today's, although it has started.
        ("2026-03-16T10:00:00+00:00", "2026-03-16T09:00:00+00:00", "2026-03-16T17:00:00+00:00"),
        # Monday evening: today's is over, next week's.
        ("2026-03-16T17:30:00+00:00", "2026-03-23T09:00:00+00:00", "2026-03-23T17:00:00+00:00"),
        # Easter Monday (6 April) is a holiday: Tuesday.
        ("2026-04-02T12:00:00+01:00", "2026-04-07T09:00:00+01:00", "2026-04-07T17:00:00+01:00"),
        # On that Tuesday it is this week's review, until its end; then next Monday's.
        ("2026-04-07T10:00:00+01:00", "2026-04-07T09:00:00+01:00", "2026-04-07T17:00:00+01:00"),
        ("2026-04-07T17:01:00+01:00", "2026-04-13T09:00:00+01:00", "2026-04-13T17:00:00+01:00"),
    ],
)
def test_pipeline_review_every_monday_morning(now: str, earliest: str, due: str) -> None:
    review = planner.pipeline_review(1, PLAYBOOK, at(now), HOME)
    assert review is not None
    assert window(review) == (earliest, due)
    assert (review.kind, review.key) == ("pipeline-review", f"pipeline-review:{earliest[:10]}")
    assert review.sources == ("004",) and review.rationale


def test_pipeline_review_only_while_few_applications_are_active() -> None:
    now = at("2026-03-11T12:00:00+00:00")
    assert planner.pipeline_review(2, PLAYBOOK, now, HOME) is not None
    assert planner.pipeline_review(3, PLAYBOOK, now, HOME) is None
    off = PLAYBOOK.with_settings({"pipeline-review.enabled": "false"})
    assert planner.pipeline_review(0, off, now, HOME) is None


# --- calendars: holidays, Christmas, other countries and zones --------------------------------


def planned(start: str, end: str, tz: str, region: str | None) -> Application:
    """The stored plan after an interview from `start` to `end` (wall times in `tz`)."""
    where = Region.parse(region) if region else None
    return replan(acme(interviews=(interview(start, end, tz, where),)))


@pytest.mark.parametrize(
    ("start", "end", "tz", "region", "thank_you", "check_in"),
    [
        pytest.param(
            # Wednesday before Thanksgiving (Thu 26 November); Friday 27 is worked in New York.
            # 16:00 + 2 h is after hours, Thursday a holiday: Friday morning; due working day
            # 1 Fri 27, [2] Mon 30. Check-in: 27, 30, 1, 2, [3 Dec] ... 4, 7, [8].
            *("2026-11-25T15:00", "2026-11-25T16:00", "America/New_York", "US-NY"),
            ("2026-11-27T09:00:00-05:00", "2026-11-30T17:00:00-05:00"),
            ("2026-12-03T09:00:00-05:00", "2026-12-08T17:00:00-05:00"),
            id="day before a public holiday (US-NY Thanksgiving)",
        ),
        pytest.param(
            # Friday 18 December: 14:00 + 2 h = 16:00; due Mon 21, [Tue 22]. Check-in: 21, 22,
            # 23, 24, (25 Christmas, 28 Boxing Day observed) [29] ... 30, 31, (1 Jan) [4 Jan].
            *("2026-12-18T13:00", "2026-12-18T14:00", "Europe/London", "GB-ENG"),
            ("2026-12-18T16:00:00+00:00", "2026-12-22T17:00:00+00:00"),
            ("2026-12-29T09:00:00+00:00", "2027-01-04T17:00:00+00:00"),
            id="GB-ENG the week before Christmas",
        ),
        pytest.param(
            # Thursday 5 March in Israel: Friday and Saturday are the weekend, Sunday is
            # worked. Working days Sun 8, [Mon 9], 10, 11, [Thu 12] ... 15, 16, [Tue 17].
            *("2026-03-05T10:00", "2026-03-05T11:00", "Asia/Jerusalem", "IL"),
            ("2026-03-05T13:00:00+02:00", "2026-03-09T17:00:00+02:00"),
            ("2026-03-12T09:00:00+02:00", "2026-03-17T17:00:00+02:00"),
            id="IL Friday-Saturday weekend",
        ),
        pytest.param(
            # The same Thursday afternoon: 18:00 is after hours, Friday and Saturday are off:
            # Sunday morning.
            *("2026-03-05T15:00", "2026-03-05T16:00", "Asia/Jerusalem", "IL"),
            ("2026-03-08T09:00:00+02:00", "2026-03-09T17:00:00+02:00"),
            ("2026-03-12T09:00:00+02:00", "2026-03-17T17:00:00+02:00"),
            id="IL Thursday afternoon",
        ),
    ],
)
def test_thank_you_and_check_in_in_the_interviews_calendar(
    start: str,
    end: str,
    tz: str,
    region: str,
    thank_you: tuple[str, str],
    check_in: tuple[str, str],
) -> None:
    app = planned(start, end, tz, region)
    assert window(the(app, "thank-you:i1:c11")) == thank_you
    assert window(the(app, "check-in-call:i1")) == check_in


def test_interviewer_in_another_zone_and_country_than_the_interview_and_the_user() -> None:
    # A London interview on Fri 3 July 2026; Bob joined from New York, where 3 July is the
    # observed Independence Day. The user lives in Paris.
    amy = Contact("Amy Hart", Relation.INTERVIEWER, email="amy@acme.example", id=11)
    bob = Contact(
        "Bob King",
        Relation.INTERVIEWER,
        email="bob@acme.example",
        timezone="America/New_York",
        region=Region("US", "NY"),
        id=12,
    )
    reference = Contact("Rui Costa", Relation.REFERENCE, email="rui@example.com", id=16)
    app = acme(
        amy,
        bob,
        reference,
        interviews=(interview("2026-07-03T14:00", "2026-07-03T15:00", "Europe/London", GB),),
    )
    home = planner.Home(Region("FR"), "Europe/Paris")
    steps = {s.key: s for s in planner.plan(app, PLAYBOOK, at("2026-07-03T15:00:00+01:00"), home)}
    # Amy: 15:00 + 2 h is 17:00, the end of working hours (not in them): Monday morning.
    assert window(steps["thank-you:i1:c11"]) == (
        "2026-07-06T09:00:00+01:00",
        "2026-07-07T17:00:00+01:00",
    )
    # Bob: 12:00 in New York, a holiday there: Monday 09:00 New York; due Tue 7 in New York.
    assert window(steps["thank-you:i1:c12"]) == (
        "2026-07-06T09:00:00-04:00",
        "2026-07-07T17:00:00-04:00",
    )
    assert steps["thank-you:i1:c12"].timezone == "America/New_York"
    # Rui, in the user's calendar: 16:00 in Paris; due working day 1 there (Monday).
    assert window(steps["reference-heads-up:i1:c16"]) == (
        "2026-07-03T16:00:00+02:00",
        "2026-07-06T17:00:00+02:00",
    )
    # The lead (Amy) in London: 6, 7, 8, 9, [10] ... 13, 14, [15].
    assert window(steps["check-in-call:i1"]) == (
        "2026-07-10T09:00:00+01:00",
        "2026-07-15T17:00:00+01:00",
    )


@pytest.mark.parametrize(
    ("start", "end", "earliest", "due"),
    [
        # Tuesday evening: 21:00 + 2 h is after hours, Wednesday morning; due Thursday.
        ("2026-03-10T19:30", "2026-03-10T21:00", "2026-03-11T09:00:00+00:00", "2026-03-12"),
        # Ends near midnight: + 2 h is early Wednesday, still Wednesday 09:00; due counts
        # from the interview's day.
        ("2026-03-10T22:30", "2026-03-10T23:45", "2026-03-11T09:00:00+00:00", "2026-03-12"),
        # Friday evening: Monday morning; due Tuesday.
        ("2026-03-13T18:00", "2026-03-13T19:00", "2026-03-16T09:00:00+00:00", "2026-03-17"),
    ],
)
def test_interview_ending_late_thank_you_the_next_working_morning(
    start: str, end: str, earliest: str, due: str
) -> None:
    app = planned(start, end, "Europe/London", "GB-ENG")
    assert window(the(app, "thank-you:i1:c11")) == (earliest, f"{due}T17:00:00+00:00")


# --- the employer's word ---------------------------------------------------------------------


def test_decision_date_three_weeks_out_moves_the_check_in_after_it() -> None:
    app = replan(acme(interviews=(replace(TUESDAY, decision_by=date(2026, 3, 31)),)))
    # First working day after Tue 31 March: Wed 1 April; 3 working days later: Apr 2,
    # (Good Friday 3, Easter Monday 6), 7, [8].
    assert [window(s) for s in nudges(app)] == [
        ("2026-04-01T09:00:00+01:00", "2026-04-08T17:00:00+01:00")
    ]
    # Nothing before it, even when the user closes the check-in early.
    skipped = changed(app, planner.skip(the(app, "check-in-call:i1"), at("2026-03-12T10:00Z")))
    skipped = replan(skipped, "2026-03-12T10:00:00+00:00")
    # A week after the skip would be Thu 19 March: held to Wed 1 April, due Apr 2, 7, [8].
    assert window(the(skipped, "keep-in-touch:1")) == (
        "2026-04-01T09:00:00+01:00",
        "2026-04-08T17:00:00+01:00",
    )


def test_decision_date_not_after_working_day_5_keeps_the_default() -> None:
    app = replan(acme(interviews=(replace(TUESDAY, decision_by=date(2026, 3, 17)),)))
    assert window(the(app, "check-in-call:i1"))[0] == "2026-03-17T09:00:00+00:00"


@pytest.mark.parametrize(
    ("contact_on", "earliest", "due"),
    [
        (date(2026, 3, 20), "2026-03-20T09:00:00+00:00", "2026-03-20T17:00:00+00:00"),
        # Good Friday, then Easter Monday: Tuesday 7 April.
        (date(2026, 4, 3), "2026-04-07T09:00:00+01:00", "2026-04-07T17:00:00+01:00"),
        # The interview's own day: not before the interview is over.
        (date(2026, 3, 10), "2026-03-10T11:00:00+00:00", "2026-03-10T17:00:00+00:00"),
    ],
)
def test_contact_on_date_starts_the_call_that_day_and_due_that_days_end(
    contact_on: date, earliest: str, due: str
) -> None:
    app = replan(acme(interviews=(replace(TUESDAY, contact_on=contact_on),)))
    assert [window(s) for s in nudges(app)] == [(earliest, due)]


# --- events ------------------------------------------------------------------------------------


def test_rejection_after_the_check_in_cancels_nudges_and_keeps_what_was_done() -> None:
    app = done(replan(acme()), "thank-you:i1:c11", "2026-03-10T14:00:00+00:00")
    app = done(app, "check-in-call:i1", "2026-03-17T10:00:00+00:00", "reached")
    history = [s for s in app.steps if s.status is StepStatus.DONE]
    kit = the(app, "keep-in-touch:1")
    app = decided(app, DecisionKind.REJECTED, "2026-03-20T15:30:00+00:00")
    cancelled = the(app, "keep-in-touch:1")
    assert (cancelled.id, cancelled.status) == (kit.id, StepStatus.CANCELLED)
    assert cancelled.outcome is not None and cancelled.outcome.startswith("cancelled")
    assert window(cancelled) == window(kit)
    assert [s for s in app.steps if s.status is StepStatus.DONE] == history
    assert {"feedback-request", "stay-in-touch"} <= {s.kind for s in app.steps}
    assert not [s for s in nudges(app) if s.status is StepStatus.PLANNED]


def test_reply_pauses_nudges_until_the_user_acts() -> None:
    app = done(replan(acme()), "check-in-call:i1", "2026-03-17T10:00:00+00:00")
    kit = the(app, "keep-in-touch:1")
    app = touched(app, Direction.IN, "2026-03-19T12:00:00+00:00")
    paused = the(app, "keep-in-touch:1")
    assert paused.status is StepStatus.CANCELLED and (paused.outcome or "").startswith("paused")
    # Still paused a week later: nothing new is planned while the user has not answered.
    assert replan(app, "2026-03-26T12:00:00+00:00").steps == app.steps
    app = touched(app, Direction.OUT, "2026-03-23T14:00:00+00:00")
    back = the(app, "keep-in-touch:1")
    assert (back.id, back.status, back.outcome) == (kit.id, StepStatus.PLANNED, None)
    # 7 days after the user's answer (Mon 30, BST); due 31, 1, [2 April].
    assert window(back) == ("2026-03-30T15:00:00+01:00", "2026-04-02T17:00:00+01:00")


def test_check_in_call_without_an_answer_becomes_an_email_the_next_working_day() -> None:
    app = replan(acme())
    call = the(app, "check-in-call:i1")
    app = done(app, "check-in-call:i1", "2026-03-17T10:00:00+00:00", "no-answer")
    (email,) = nudges(app)  # the same nudge, not a second one
    assert (email.id, email.key, email.status) == (call.id, call.key, StepStatus.PLANNED)
    assert (email.channel, email.outcome) == (Channel.EMAIL, "no-answer")
    assert window(email) == ("2026-03-17T10:00:00+00:00", "2026-03-18T17:00:00+00:00")
    # Replanning keeps it as it is; sending it completes the nudge.
    assert replan(app, "2026-03-18T09:00:00+00:00").steps == app.steps
    app = done(app, "check-in-call:i1", "2026-03-18T09:30:00+00:00")
    assert (the(app, "check-in-call:i1").status, the(app, "check-in-call:i1").outcome) == (
        StepStatus.DONE,
        "sent",
    )
    kit = the(app, "keep-in-touch:1")  # after an email, a letter
    assert kit.channel is Channel.LETTER
    assert window(kit) == ("2026-03-25T09:30:00+00:00", "2026-03-30T17:00:00+01:00")


def test_no_answer_on_a_friday_evening_and_without_an_email_address() -> None:
    no_email = replace(JANE, email=None)
    app = replan(acme(no_email))
    app = done(app, "check-in-call:i1", "2026-03-20T18:00:00+00:00", "no-answer")
    letter = the(app, "check-in-call:i1")
    assert letter.channel is Channel.LETTER
    assert window(letter) == ("2026-03-23T09:00:00+00:00", "2026-03-23T17:00:00+00:00")


@pytest.mark.parametrize("outcome", ["reached", "voicemail"])
def test_reached_or_voicemail_completes_the_call(outcome: str) -> None:
    app = done(replan(acme()), "check-in-call:i1", "2026-03-17T11:00:00+00:00", outcome)
    call = the(app, "check-in-call:i1")
    assert (call.status, call.outcome, call.done_at) == (
        StepStatus.DONE,
        outcome,
        at("2026-03-17T11:00:00+00:00"),
    )
    assert window(call) == ("2026-03-17T09:00:00+00:00", "2026-03-20T17:00:00+00:00")


def test_complete_refuses_a_wrong_outcome_and_a_closed_step() -> None:
    app = replan(acme())
    now = at("2026-03-11T10:00:00+00:00")
    thanks = the(app, "thank-you:i1:c11")
    with pytest.raises(Conflict, match="for calls"):  # the step's channel does not fit: 409
        planner.complete(app, thanks, "reached", now, PLAYBOOK, HOME)
    with pytest.raises(InvalidInput, match="unknown outcome"):
        planner.complete(app, thanks, "maybe", now, PLAYBOOK, HOME)
    sent = planner.complete(app, thanks, None, now, PLAYBOOK, HOME)
    assert (sent.status, sent.outcome) == (StepStatus.DONE, "sent")
    with pytest.raises(Conflict, match="already done"):
        planner.complete(app, sent, None, now, PLAYBOOK, HOME)
    with pytest.raises(Conflict):
        planner.skip(sent, now)


def test_snooze_keeps_the_users_window_across_replans() -> None:
    app = replan(acme())
    now = at("2026-03-10T12:00:00+00:00")
    thanks = planner.snooze(
        app, the(app, "thank-you:i1:c11"), date(2026, 3, 14), now, PLAYBOOK, HOME
    )
    # Saturday 14: the first working day on or after it, Monday 16, due that day's end.
    assert window(thanks) == ("2026-03-16T09:00:00+00:00", "2026-03-16T17:00:00+00:00")
    assert thanks.status is StepStatus.SNOOZED
    app = replan(changed(app, thanks), "2026-03-11T10:00:00+00:00")
    app = touched(app, Direction.OUT, "2026-03-12T10:00:00+00:00")
    assert the(app, "thank-you:i1:c11") == thanks
    now = at("2026-03-12T11:00:00+00:00")
    call = planner.snooze(app, the(app, "check-in-call:i1"), date(2026, 3, 25), now, PLAYBOOK, HOME)
    app = replan(changed(app, call), "2026-03-12T11:00:00+00:00")
    app = touched(app, Direction.OUT, "2026-03-20T10:00:00+00:00")  # the user's choice stands
    assert window(the(app, "check-in-call:i1")) == (
        "2026-03-25T09:00:00+00:00",
        "2026-03-25T17:00:00+00:00",
    )
    app = done(app, "thank-you:i1:c11", "2026-03-16T10:00:00+00:00")
    assert the(app, "thank-you:i1:c11").status is StepStatus.DONE


def test_snooze_only_postpones() -> None:
    app = replan(acme())
    now = at("2026-03-10T12:00:00+00:00")
    thanks = planner.snooze(
        app, the(app, "thank-you:i1:c11"), date(2026, 3, 10), now, PLAYBOOK, HOME
    )
    # Not before the interview is over and 2 hours have passed.
    assert window(thanks) == ("2026-03-10T13:00:00+00:00", "2026-03-10T17:00:00+00:00")


def test_snooze_uses_the_calendar_of_the_first_recipient_not_of_the_hr_copy() -> None:
    bob = Contact(
        "Bob King",
        Relation.INTERVIEWER,
        timezone="America/New_York",
        region=Region("US", "NY"),
        id=12,
    )
    app = replan(acme(HANNAH, bob))  # HR stored first; Bob has no email: HR has its own note
    thanks = the(app, "thank-you:i1:c12")
    assert thanks.timezone == "America/New_York"
    snoozed = planner.snooze(
        app, thanks, date(2026, 3, 18), at("2026-03-10T12:00Z"), PLAYBOOK, HOME
    )
    assert window(snoozed) == ("2026-03-18T09:00:00-04:00", "2026-03-18T17:00:00-04:00")


def test_skip_closes_a_step_for_good() -> None:
    app = replan(acme())
    skipped = planner.skip(the(app, "thank-you:i1:c11"), at("2026-03-11T10:00:00+00:00"))
    assert (skipped.status, skipped.done_at) == (StepStatus.SKIPPED, at("2026-03-11T10:00Z"))
    app = replan(changed(app, skipped), "2026-03-11T10:00:00+00:00")
    assert the(app, "thank-you:i1:c11") == skipped
    call = planner.skip(the(app, "check-in-call:i1"), at("2026-03-17T10:00:00+00:00"))
    app = replan(changed(app, call), "2026-03-17T10:00:00+00:00")
    # The next nudge comes a week after the skipped call, by email (after the phone).
    kit = the(app, "keep-in-touch:1")
    assert (kit.channel, window(kit)[0]) == (Channel.EMAIL, "2026-03-24T10:00:00+00:00")


# --- several interviews: the steps after an interview follow the latest one -----------------

US_NY = Region("US", "NY")
# The second round: Tuesday 17 March 2026, 14:00-15:00 in New York (EDT since 8 March).
SECOND = replace(
    interview("2026-03-17T14:00", "2026-03-17T15:00", "America/New_York", US_NY), round=2, id=2
)


@pytest.mark.parametrize("recorded", [(TUESDAY, SECOND), (SECOND, TUESDAY)])
def test_steps_follow_the_interview_that_ended_last_in_its_calendar(
    recorded: tuple[Interview, ...],
) -> None:
    app = replan(acme(interviews=recorded), "2026-03-17T20:00:00+00:00")
    assert [s.key for s in app.steps] == ["thank-you:i2:c11", "check-in-call:i2"]
    # Over at 15:00: the next working morning in New York, due the day after.
    thanks = the(app, "thank-you:i2:c11")
    assert thanks.timezone == "America/New_York"
    assert window(thanks) == ("2026-03-18T09:00:00-04:00", "2026-03-19T17:00:00-04:00")
    # Saturday 21: the first working day on or after it, Monday 23, in New York's hours.
    snoozed = planner.snooze(
        app, thanks, date(2026, 3, 21), at("2026-03-17T20:00Z"), PLAYBOOK, HOME
    )
    assert window(snoozed) == ("2026-03-23T09:00:00-04:00", "2026-03-23T17:00:00-04:00")


@pytest.mark.parametrize("call_first", [False, True])
def test_an_interview_inside_another_is_not_the_latest(call_first: bool) -> None:
    # A day of assessments in London (09:00-17:00 GMT) holds a call from New York (10:00-10:30
    # EDT, 14:00-14:30 GMT) that starts later but ends first: the day is the latest interview.
    day = interview("2026-03-10T09:00", "2026-03-10T17:00", "Europe/London", GB)
    call = replace(
        interview("2026-03-10T10:00", "2026-03-10T10:30", "America/New_York", US_NY), id=2
    )
    app = replan(acme(interviews=(call, day) if call_first else (day, call)), "2026-03-10T18:00Z")
    assert [s.key for s in app.steps] == ["thank-you:i1:c11", "check-in-call:i1"]
    assert window(the(app, "thank-you:i1:c11")) == (
        "2026-03-11T09:00:00+00:00",
        "2026-03-12T17:00:00+00:00",
    )


def test_of_two_interviews_ending_together_the_one_recorded_first_is_the_latest() -> None:
    # 10:30-11:00 in Lisbon (WET, UTC+0 until 29 March) ends when TUESDAY ends in London.
    lisbon = replace(
        interview("2026-03-10T10:30", "2026-03-10T11:00", "Europe/Lisbon", Region("PT")), id=2
    )
    assert lisbon.end == TUESDAY.end
    london_first = replan(acme(interviews=(TUESDAY, lisbon)))
    assert [(s.key, s.timezone) for s in london_first.steps] == [
        ("thank-you:i1:c11", "Europe/London"),
        ("check-in-call:i1", "Europe/London"),
    ]
    lisbon_first = replan(acme(interviews=(lisbon, TUESDAY)))
    assert [(s.key, s.timezone) for s in lisbon_first.steps] == [
        ("thank-you:i2:c11", "Europe/Lisbon"),
        ("check-in-call:i2", "Europe/Lisbon"),
    ]


# --- per-application settings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "earliest", "due"),
    [
        # Working day 7 (Thu 19); due stays working day 8 (Fri 20).
        ({"check-in-call.earliest": "7"}, "2026-03-19T09:00:00+00:00", "2026-03-20T17:00:00+00:00"),
        (
            {"working-hours.start": "08:30"},
            "2026-03-17T08:30:00+00:00",
            "2026-03-20T17:00:00+00:00",
        ),
    ],
)
def test_settings_of_one_application_change_its_dates(
    settings: dict[str, str], earliest: str, due: str
) -> None:
    app = replan(acme(settings=settings))
    assert window(the(app, "check-in-call:i1")) == (earliest, due)


def test_settings_gap_and_disabled_rule() -> None:
    app = replan(acme(settings={"nudges.gap": "10", "thank-you.enabled": "false"}))
    assert keys(app, "thank-you") == []
    app = done(app, "check-in-call:i1", "2026-03-17T10:00:00+00:00")
    # 10 days after the call: Fri 27; due Mon 30, Tue 31, [Wed 1 April].
    assert window(the(app, "keep-in-touch:1")) == (
        "2026-03-27T10:00:00+00:00",
        "2026-04-01T17:00:00+01:00",
    )


def test_settings_that_do_not_fit_are_refused() -> None:
    with pytest.raises(InvalidInput, match="before earliest"):
        replan(acme(settings={"check-in-call.earliest": "9"}))
    with pytest.raises(InvalidInput, match="must not be more than 1000"):
        replan(acme(settings={"stay-in-touch.earliest": "100000"}))
    # The largest number allowed still gives dates on the calendar.
    far = replan(acme(settings={"stay-in-touch.earliest": "1000"}))
    rejected = decided(far, DecisionKind.REJECTED, "2026-03-20T15:30:00+00:00")
    later = next(s for s in rejected.steps if s.kind == "stay-in-touch")
    assert later.earliest.year == 2026 + 1000 // 12
