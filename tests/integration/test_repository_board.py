"""The Pipeline board read by the database (`adapters/sql/board.py`) finds each application's
last contact and next step as the domain's definition does over the whole application
(`domain.board`), on SQLite and PostgreSQL: on the demo, with an automatic reply, a touch and
an interview still to come, a checklist done and another user's data beside them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain import board
from followup.domain.model import AUTO_REPLY, Channel, Direction, Step, StepStatus, Touch
from followup.services import applications, demo

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


def _by_domain(store: SqlStore, now: datetime) -> list[board.Card]:
    cards = []
    for summary in applications.applications(store):
        whole = applications.application(store, summary.id)
        cards.append(
            board.Card(summary, board.last_contact(whole, now), board.next_step(whole.steps))
        )
    return cards


def test_the_database_finds_what_the_domain_finds(store_for: Callable[[str], SqlStore]) -> None:
    alice, bob = store_for("alice"), store_for("bob")
    demo.seed(alice, default_playbook(), NOW)
    demo.seed(bob, default_playbook(), NOW + timedelta(days=3))  # later: must not show
    with alice.transaction() as repo:
        # An automatic reply (no contact), a touch after now (not yet), a checklist done (it
        # reached no one): none of them is a last contact.
        repo.add_touch(1, Touch(Channel.EMAIL, Direction.IN, NOW, outcome=AUTO_REPLY))
        repo.add_touch(2, Touch(Channel.PHONE, Direction.OUT, NOW + timedelta(hours=1)))
        moment = NOW - timedelta(minutes=5)
        checklist = Step("interview-day", Channel.OTHER, moment, moment, status=StepStatus.DONE)
        repo.save_steps(3, [*repo.get_application(3).steps, replace(checklist, done_at=moment)])
    with alice.reading() as repo:
        found = repo.board(NOW)
    expected = _by_domain(alice, NOW)
    assert [c.application.id for c in found] == [c.application.id for c in expected]
    for got, wanted in zip(found, expected, strict=True):
        assert got.last_contact == wanted.last_contact, got.application.company
        assert got.next_step == wanted.next_step, got.application.company
    contacts = {c.application.company: c.last_contact for c in found}
    assert all(m is not None and m < moment for m in contacts.values())
    assert contacts["Harbour Bank"] == NOW - timedelta(days=1)  # the offer, heard yesterday
    assert contacts["Kinneret Labs"] == NOW - timedelta(days=2)  # their reply
    assert [c.next_step.kind if c.next_step else None for c in found] == [
        "reference-heads-up",
        "check-in-call",
        "agency-update",
        None,  # paused: their reply waits for an answer
        "stay-in-touch",
        None,
    ]
