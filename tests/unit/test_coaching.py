"""Consent's moves, the nudge cap and the caseload's flags (domain/coaching.py, caseload.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup.domain import caseload, coaching
from followup.domain.caseload import Counts, Flag, Thresholds
from followup.domain.coaching import AskedBy, Nudge, State
from followup.domain.errors import Conflict, InvalidInput

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


def test_a_coach_asks_and_the_job_seeker_accepts() -> None:
    link = coaching.asked(1, 2, AskedBy.COACH, NOW)
    assert link.state is State.ASKED and not link.active and not link.drafts_seen
    accepted = coaching.accept(link, NOW + timedelta(hours=1))
    assert accepted.active and accepted.accepted_at == NOW + timedelta(hours=1)
    with pytest.raises(Conflict, match="nothing to accept"):
        coaching.accept(accepted, NOW)


def test_a_job_seeker_asking_gives_access_at_once() -> None:
    link = coaching.asked(1, 2, AskedBy.SEEKER, NOW)
    assert link.active and link.accepted_at == NOW


def test_a_job_seeker_sharing_accepts_a_coach_s_waiting_request() -> None:
    waiting = coaching.asked(1, 2, AskedBy.COACH, NOW)
    shared = coaching.asked(1, 2, AskedBy.SEEKER, NOW, current=waiting)
    assert shared.active and shared.asked_by is AskedBy.COACH


def test_asking_twice_is_refused() -> None:
    waiting = coaching.asked(1, 2, AskedBy.COACH, NOW)
    with pytest.raises(Conflict, match="already waiting"):
        coaching.asked(1, 2, AskedBy.COACH, NOW, current=waiting)
    active = coaching.accept(waiting, NOW)
    with pytest.raises(Conflict, match="already share"):
        coaching.asked(1, 2, AskedBy.SEEKER, NOW, current=active)


def test_declined_and_ended_links_are_final() -> None:
    declined = coaching.decline(coaching.asked(1, 2, AskedBy.COACH, NOW), NOW)
    assert declined.state is State.DECLINED and declined.ended_at == NOW
    with pytest.raises(Conflict):
        coaching.accept(declined, NOW)
    ended = coaching.end(coaching.asked(1, 2, AskedBy.SEEKER, NOW), NOW)
    assert ended.state is State.ENDED and not ended.active
    with pytest.raises(Conflict):
        coaching.end(ended, NOW)
    with pytest.raises(Conflict):
        coaching.decline(ended, NOW)


def test_drafts_are_seen_only_when_shared_on_an_active_link() -> None:
    active = coaching.asked(1, 2, AskedBy.SEEKER, NOW)
    assert not active.drafts_seen
    shared = coaching.share_drafts(active, True)
    assert shared.drafts_seen
    assert not coaching.end(shared, NOW).drafts_seen
    with pytest.raises(Conflict):
        coaching.share_drafts(coaching.asked(1, 2, AskedBy.COACH, NOW), True)


def test_one_nudge_a_week_unless_answered() -> None:
    assert coaching.next_nudge(None, NOW) is None
    last = Nudge(2, 1, "How is it going?", NOW)
    week = NOW + timedelta(days=7)
    assert coaching.next_nudge(last, NOW + timedelta(days=6, hours=23)) == week
    assert coaching.next_nudge(last, week) is None
    with pytest.raises(Conflict, match="Fri 25 Dec 2026 16:30"):
        coaching.may_nudge(last, NOW + timedelta(days=1))
    answered = Nudge(2, 1, "How is it going?", NOW, answered_at=NOW + timedelta(hours=1))
    assert coaching.next_nudge(answered, NOW + timedelta(hours=2)) is None


@pytest.mark.parametrize("body", ["", "   ", "a\x00b", "a\x1bb", "x" * 4001])
def test_a_note_must_be_plain_text_of_a_sane_length(body: str) -> None:
    with pytest.raises(InvalidInput):
        coaching.note_text(body)


def test_a_note_keeps_its_line_breaks() -> None:
    assert coaching.note_text("  first\r\nsecond\t \n") == "first\nsecond"


LIMITS = Thresholds(quiet=(7, 14), overdue=(1, 3))


@pytest.mark.parametrize(
    ("quiet", "overdue", "flag"),
    [
        (0, 0, Flag.GREEN),
        (6, 0, Flag.GREEN),
        (7, 0, Flag.YELLOW),
        (13, 0, Flag.YELLOW),
        (14, 0, Flag.RED),
        (0, 1, Flag.YELLOW),
        (0, 2, Flag.YELLOW),
        (0, 3, Flag.RED),
        (7, 3, Flag.RED),
        (14, 1, Flag.RED),
    ],
)
def test_flags_at_each_threshold_edge(quiet: int, overdue: int, flag: Flag) -> None:
    assert caseload.flag(quiet, overdue, LIMITS)[0] is flag


def test_a_flag_says_why() -> None:
    assert caseload.flag(15, 1, LIMITS)[1] == "no activity for 15 days; 1 step overdue"
    assert caseload.flag(0, 0, LIMITS)[1] == "on track"


def test_thresholds_are_two_numbers_yellow_then_red() -> None:
    assert caseload.pair(" 3, 5", "x") == (3, 5)
    for bad in ("7", "14,7", "a,b", "1,2,3", "-1,2"):
        with pytest.raises(InvalidInput):
            caseload.pair(bad, "x")


def test_interviews_this_month_in_the_job_seeker_s_zone() -> None:
    # 1 Dec 03:00 in Auckland is still November in UTC; 31 Dec 23:30 in Los Angeles is
    # January in UTC.
    now = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)
    starts = (
        datetime(2026, 11, 30, 14, 0, tzinfo=UTC),  # 1 Dec 03:00 in Auckland
        datetime(2027, 1, 1, 7, 30, tzinfo=UTC),  # 31 Dec 23:30 in Los Angeles
    )
    assert caseload.interviews_this_month(starts, "Pacific/Auckland", now) == 1
    assert caseload.interviews_this_month(starts, "America/Los_Angeles", now) == 1
    assert caseload.interviews_this_month(starts, "UTC", now) == 0


def _counts(seeker_id: int, email: str, last: datetime | None, overdue: int = 0) -> Counts:
    since = NOW - timedelta(days=100)
    return Counts(seeker_id, email, None, "UTC", since, overdue=overdue, last_activity=last)


def test_rows_sort_by_any_column_either_way() -> None:
    counts = [
        _counts(1, "ann@example.org", NOW - timedelta(days=1)),
        _counts(2, "bob@example.org", NOW - timedelta(days=20)),
        _counts(3, "cy@example.org", NOW - timedelta(days=8), overdue=1),
    ]
    by_flag = caseload.caseload(counts, NOW, LIMITS)
    assert [r.email for r in by_flag] == ["bob@example.org", "cy@example.org", "ann@example.org"]
    quiet = caseload.caseload(counts, NOW, LIMITS, "-quiet")
    assert [r.quiet_days for r in quiet] == [20, 8, 1]
    by_email = caseload.caseload(counts, NOW, LIMITS, "seeker")
    assert [r.seeker_id for r in by_email] == [1, 2, 3]
    with pytest.raises(InvalidInput):
        caseload.caseload(counts, NOW, LIMITS, "password")


def test_a_job_seeker_with_no_activity_counts_from_their_account() -> None:
    row = caseload.row(_counts(1, "ann@example.org", None), NOW, LIMITS)
    assert row.quiet_days == 100 and row.flag is Flag.RED
