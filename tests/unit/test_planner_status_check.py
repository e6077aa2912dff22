"""The status-check rule (beyond the guidance, which starts at the interview): while an
application is at "applied" with no interview, one polite check 7 working days after applying,
a second after 14, then nothing until something happens.

Dates are worked out by hand in England's calendar (GB-ENG), London time (GMT until Sunday 29
March 2026, BST after); Christmas Day (Friday 25 December 2026), Boxing Day's substitute (Monday
28 December) and New Year's Day (Friday 1 January 2027) are holidays."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from followup.domain import playbook
from followup.domain.errors import InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Decision,
    DecisionKind,
    Direction,
    Stage,
    StepStatus,
    Touch,
)
from followup.domain.planner import PAUSED, STOPPED
from tests.unit.planner_cases import (
    GB,
    HANNAH,
    JANE,
    PLAYBOOK,
    TUESDAY,
    at,
    done,
    keys,
    replan,
    the,
    touched,
    window,
)


def applied(day: date | None, recorded: str, **changes: object) -> Application:
    """Acme applied for on `day`, recorded in followup at `recorded`, HR known, no interview."""
    app = Application(
        company="Acme",
        role="Data Engineer",
        stage=Stage.APPLIED,
        contacts=(replace(HANNAH, region=GB, timezone="Europe/London"),),
        applied_at=day,
        created_at=at(recorded),
        id=1,
    )
    return replan(replace(app, **changes), recorded)


MONDAY = date(2026, 3, 2)  # applied on Monday 2 March 2026


def test_the_first_check_is_seven_working_days_after_applying_the_second_fourteen() -> None:
    app = applied(MONDAY, "2026-03-02T18:00:00+00:00")
    # Working day 7 after Monday 2: 3, 4, 5, 6, 9, 10, 11; due day 2 after it: 12, 13.
    first = the(app, "status-check:1")
    assert window(first) == ("2026-03-11T09:00:00+00:00", "2026-03-13T17:00:00+00:00")
    assert (first.channel, [r.name for r in first.recipients]) == (Channel.EMAIL, ["Hannah Green"])
    assert first.sources == () and "applied" in first.rationale  # beyond the guidance
    app = done(app, "status-check:1", "2026-03-11T10:00:00+00:00")
    # Working day 14: 12, 13, 16, 17, 18, 19, 20 (after a week: 18 March 10:00 is earlier);
    # due: 23, 24.
    assert window(the(app, "status-check:2")) == (
        "2026-03-20T09:00:00+00:00", "2026-03-24T17:00:00+00:00"
    )  # fmt: skip
    app = done(app, "status-check:2", "2026-03-20T11:00:00+00:00")
    assert keys(app, "status-check") == ["status-check:1", "status-check:2"]  # then nothing
    assert all(s.status is StepStatus.DONE for s in app.steps)


def test_a_first_check_done_late_pushes_the_second_a_week_after_it() -> None:
    app = applied(MONDAY, "2026-03-02T18:00:00+00:00")
    app = done(app, "status-check:1", "2026-03-19T10:00:00+00:00")  # on working day 13
    # A week after: Thursday 26 March 10:00; due working day 2 after: 27, 30 (BST by then).
    assert window(the(app, "status-check:2")) == (
        "2026-03-26T10:00:00+00:00", "2026-03-30T17:00:00+01:00"
    )  # fmt: skip


def test_holidays_are_not_working_days() -> None:
    app = applied(date(2026, 12, 17), "2026-12-17T20:00:00+00:00")  # a Thursday
    # 18, 21, 22, 23, 24, (25, 28: holidays) 29, 30; due: 31, (1 January: a holiday) 4.
    assert window(the(app, "status-check:1")) == (
        "2026-12-30T09:00:00+00:00", "2027-01-04T17:00:00+00:00"
    )  # fmt: skip


def test_checks_whose_window_closed_before_followup_knew_are_not_planned() -> None:
    # Applied Monday 16 February, recorded Wednesday 4 March: the first check (Wednesday 25
    # February, due Friday 27) is past; the second: 26, 27, 2, 3, 4, 5, 6 March; due 9, 10.
    app = applied(date(2026, 2, 16), "2026-03-04T12:00:00+00:00")
    assert keys(app, "status-check") == ["status-check:2"]
    assert window(the(app, "status-check:2")) == (
        "2026-03-06T09:00:00+00:00", "2026-03-10T17:00:00+00:00"
    )  # fmt: skip
    stale = applied(date(2025, 11, 3), "2026-03-04T12:00:00+00:00")
    assert stale.steps == ()  # applied four months ago: too late to ask


def test_without_the_day_applied_the_day_recorded_counts() -> None:
    app = applied(None, "2026-03-02T18:00:00+00:00")
    assert window(the(app, "status-check:1"))[0] == "2026-03-11T09:00:00+00:00"


def test_a_reply_ends_them_an_auto_reply_does_not() -> None:
    app = applied(MONDAY, "2026-03-02T18:00:00+00:00")
    auto = Touch(Channel.EMAIL, Direction.IN, at("2026-03-11T10:05:00+00:00"), "auto-reply", id=9)
    app = replan(replace(app, touches=(auto,)), "2026-03-11T10:05:00+00:00")
    assert the(app, "status-check:1").status is StepStatus.PLANNED
    app = touched(app, Direction.IN, "2026-03-12T09:00:00+00:00")
    check = the(app, "status-check:1")
    assert (check.status, check.outcome) == (StepStatus.CANCELLED, PAUSED)
    app = touched(app, Direction.OUT, "2026-03-12T10:00:00+00:00")  # answered: still none
    assert [(s.key, s.status) for s in app.steps] == [("status-check:1", StepStatus.CANCELLED)]


def test_an_interview_or_a_decision_ends_them() -> None:
    app = done(applied(MONDAY, "2026-03-02T18:00:00+00:00"), "status-check:1", "2026-03-11T10:00Z")
    interviewed = replan(
        replace(app, stage=Stage.INTERVIEWING, interviews=(TUESDAY,), contacts=(JANE,)),
        "2026-03-12T12:00:00+00:00",
    )
    assert keys(interviewed, "status-check") == ["status-check:1"]  # done, kept as history
    assert "check-in-call:i1" in {s.key for s in interviewed.steps}
    rejected = replace(
        app,
        stage=Stage.REJECTED,
        decisions=(Decision(DecisionKind.REJECTED, at("2026-03-16T09:00:00+00:00")),),
    )
    rejected = replan(rejected, "2026-03-16T12:00:00+00:00")
    second = the(rejected, "status-check:2")
    assert (second.status, second.outcome) == (StepStatus.CANCELLED, STOPPED)


def test_the_rule_can_be_switched_off_or_kept_to_one() -> None:
    off = applied(MONDAY, "2026-03-02T18:00Z", settings={"status-check.enabled": "false"})
    assert off.steps == ()
    one = applied(MONDAY, "2026-03-02T18:00Z", settings={"status-check.count": "1"})
    one = done(one, "status-check:1", "2026-03-11T10:00:00+00:00")
    assert keys(one, "status-check") == ["status-check:1"]


def test_nobody_known_means_the_company_in_the_users_calendar() -> None:
    app = applied(MONDAY, "2026-03-02T18:00:00+00:00", contacts=())
    check = the(app, "status-check:1")
    assert (check.recipients, check.timezone) == ((), "Europe/London")


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ("count = 3", r"rules.status-check.count must not be more than 2 \(got 3\)"),
        ("again = 7", r"again \(working day 7\) is not after earliest \(working day 7\)"),
    ],
)
def test_more_than_two_checks_or_a_second_not_after_the_first_is_refused(
    numbers: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        PLAYBOOK.merged(f"[rules.status-check]\n{numbers}\n", "user.toml")
    assert "status-check" in playbook.NUDGES  # one nudge among the others, for the spacing
