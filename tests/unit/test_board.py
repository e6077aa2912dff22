"""The Pipeline board's rules (domain/board.py): where a card may move, how long since the last
contact in words, the next step in words for every rule of the playbook, and the columns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from followup.bootstrap import default_playbook
from followup.domain import board
from followup.domain.model import (
    ApplicationSummary,
    Channel,
    Recipient,
    Relation,
    Source,
    Stage,
    Step,
    StepStatus,
)
from followup.services import applications, demo

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


def summary(stage: Stage = Stage.APPLIED, applied_at: date | None = None) -> ApplicationSummary:
    return ApplicationSummary(
        1, "Acme", "Analyst", stage, Source.DIRECT, None, NOW - timedelta(days=5), applied_at
    )


def step(kind: str, due: datetime, channel: Channel = Channel.EMAIL, **more: object) -> Step:
    return Step(kind, channel, due - timedelta(hours=1), due, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize("stage", list(Stage))
def test_a_card_moves_where_the_service_lets_it(stage: Stage) -> None:
    """From applied or interviewing anywhere else; from an offer to a decision other than
    another offer; a decided application stays (services.applications.move refuses)."""
    moves = board.Card(summary(stage), None, None).moves
    assert stage not in moves
    if stage in (Stage.APPLIED, Stage.INTERVIEWING):
        assert set(moves) == set(Stage) - {stage}
    elif stage is Stage.OFFER:
        assert moves == (Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN, Stage.CLOSED)
    else:
        assert moves == ()


@pytest.mark.parametrize(
    ("last", "said"),
    [
        (NOW - timedelta(hours=3), "Last contact today"),
        (NOW - timedelta(hours=30), "Last contact yesterday"),
        (NOW - timedelta(days=12, hours=1), "Last contact 12 days ago"),
    ],
)
def test_how_long_since_the_last_contact(last: datetime, said: str) -> None:
    assert board.Card(summary(), last, None).waited(NOW) == said


def test_before_any_contact_it_counts_from_the_application() -> None:
    applied = board.Card(summary(applied_at=date(2026, 12, 4)), None, None)
    assert applied.waited(NOW) == "No contact yet; applied 14 days ago"
    assert board.Card(summary(), None, None).waited(NOW) == "No contact yet; added 5 days ago"


def test_the_next_step_in_words_and_overdue() -> None:
    priya = Recipient("Priya Shah", Relation.INTERVIEWER)
    tom = Recipient("Tom Ellis", Relation.HR)
    thanks = step("thank-you", NOW - timedelta(minutes=1), recipients=(priya, tom))
    card = board.Card(summary(), None, thanks)
    assert card.next_words == "Thank Priya Shah for the interview"  # Tom is copied
    assert card.overdue(NOW) and not card.overdue(NOW - timedelta(minutes=2))
    call = step("check-in-call", NOW, Channel.PHONE, recipients=(tom,))
    assert board.Card(summary(), None, call).next_words == "Call Tom Ellis to check in"
    nothing = board.Card(summary(), None, None)
    assert nothing.next_words is None and not nothing.overdue(NOW)


def test_the_next_step_is_the_open_one_due_first() -> None:
    done = step("thank-you", NOW - timedelta(days=3), status=StepStatus.DONE)
    later = step("check-in-call", NOW + timedelta(days=3), id=2)
    sooner = step("send-promised", NOW + timedelta(days=1), id=3, status=StepStatus.SNOOZED)
    assert board.next_step([done, later, sooner]) == sooner
    assert board.next_step([done]) is None


def test_every_stage_is_a_column_even_empty() -> None:
    cards = [board.Card(summary(Stage.OFFER), None, None)]
    columns = board.columns(cards)
    assert [stage for stage, _ in columns] == list(Stage)
    assert dict(columns)[Stage.OFFER] == cards and dict(columns)[Stage.APPLIED] == []


def test_the_service_reads_the_board_through_the_port() -> None:
    from tests.unit.fakes import FakeStore

    store = FakeStore()
    acme = demo.applications(NOW)[0][0]
    stored = applications.record_interview(store, acme, default_playbook(), NOW)  # type: ignore[arg-type]
    [card] = applications.board(store, NOW)  # type: ignore[arg-type]
    assert card.application.company == "Acme Analytics"
    assert card.last_contact == acme.interviews[0].start
    assert card.next_step == board.next_step(stored.steps) and card.next_step is not None
