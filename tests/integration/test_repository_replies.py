"""The repository's queries for replies, on SQLite and PostgreSQL: the mail index, and the replies
not acted on (the same rule as `planner.unanswered`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime

from followup.adapters.sql.store import SqlStore
from followup.domain import planner
from followup.domain.model import (
    AUTO_REPLY,
    Channel,
    Decision,
    DecisionKind,
    Direction,
    Stage,
    StepStatus,
    Touch,
)
from followup.domain.replies import MailIndex
from tests.integration import aggregates


def jan(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 1, day, hour, tzinfo=UTC)


def touch(direction: Direction, day: int, hour: int = 12, **changes: object) -> Touch:
    return dataclasses.replace(Touch(Channel.EMAIL, direction, jan(day, hour)), **changes)


def test_the_mail_index_knows_the_users_messages_addresses_and_activity(
    store_for: Callable[[str], SqlStore],
) -> None:
    store = store_for("alice")
    with store.transaction() as repo:
        assert repo.mail_index() == MailIndex()
        assert repo.sent_message_ids() == {}
        acme = repo.add_application(aggregates.application("Acme", decisions=()))
        ken = aggregates.application().contacts[1]
        done = aggregates.step("check-in-call", status=StepStatus.DONE, done_at=jan(22))
        beta = repo.add_application(
            aggregates.application(
                "Beta",
                stage=Stage.REJECTED,
                contacts=(ken,),
                interviews=(),
                decisions=(),
                steps=(done,),
                touches=(
                    touch(Direction.OUT, 20, message_id="<sent-1@followup>"),
                    touch(Direction.IN, 25, outcome=AUTO_REPLY, message_id="<ooo@beta>"),
                ),
            )
        )
    other = store_for("bob")
    with other.transaction() as repo:
        repo.add_application(aggregates.application("Bob's", decisions=()))
    with store.transaction() as repo:
        index = repo.mail_index()
    assert acme.id is not None and beta.id is not None
    zoe_id, ken_a = (c.id for c in acme.contacts)
    [ken_b] = (c.id for c in beta.contacts)
    assert index.messages == {
        "<abc@example.com>": acme.id,
        "<sent-1@followup>": beta.id,
        "<ooo@beta>": beta.id,
    }
    assert index.addresses == {
        "zoe.bronte@example.co.uk": ((acme.id, zoe_id),),
        "ken@example.com": ((acme.id, ken_a), (beta.id, ken_b)),
    }
    assert index.active == frozenset({acme.id})
    # Acme: its interview's end (14 Jan, 13:00-14:00 in London); Beta: its step done on the
    # 22nd (the auto-reply of the 25th does not count).
    assert index.latest == {acme.id: jan(14, 14), beta.id: jan(22)}


def test_unanswered_replies_follow_the_planners_rule(store: SqlStore) -> None:
    def add(company: str, *touches: Touch, **changes: object) -> int:
        with store.transaction() as repo:
            app = aggregates.application(company, touches=touches, **{"decisions": (), **changes})
            stored = repo.add_application(app)
        assert stored.id is not None
        return stored.id

    acme = add(
        "Acme",
        touch(Direction.IN, 13, message_id="<a1@acme>"),
        touch(Direction.OUT, 15),
        touch(Direction.IN, 17, outcome=AUTO_REPLY),
    )
    with store.transaction() as repo:
        zoe = repo.get_application(acme).contacts[0]
        answer = repo.add_touch(acme, touch(Direction.IN, 16, contact_id=zoe.id, note="Re: Hi"))
    answered_by_a_step = add(
        "Beta",
        touch(Direction.IN, 13),
        steps=(aggregates.step(status=StepStatus.SKIPPED, done_at=jan(14)),),
    )
    decided = add(
        "Gamma",
        touch(Direction.IN, 13),
        decisions=(Decision(DecisionKind.REJECTED, jan(14)),),
        stage=Stage.REJECTED,
    )
    same_moment = add("Delta", touch(Direction.OUT, 18), touch(Direction.IN, 18, note="Call me"))
    with store.transaction() as repo:
        shown = repo.unanswered_replies()
        expected = {
            app_id: planner.unanswered(repo.get_application(app_id))
            for app_id in (acme, answered_by_a_step, decided, same_moment)
        }
    assert [(r.application_id, r.touch) for r in shown] == [
        (app_id, t) for app_id, touches in expected.items() for t in touches
    ][::-1]  # newest first: Delta's of the 18th, then Acme's of the 16th
    delta, acme_reply = shown
    assert (acme_reply.company, acme_reply.role) == ("Acme", "Ingénieure logicielle")
    assert (acme_reply.contact, acme_reply.email) == ("Zoë Brontë", "zoe.bronte@example.co.uk")
    assert acme_reply.touch == answer and acme_reply.subject == "Re: Hi"
    assert (delta.company, delta.contact, delta.touch.note) == ("Delta", None, "Call me")


def test_another_users_replies_are_not_shown(store_for: Callable[[str], SqlStore]) -> None:
    with store_for("bob").transaction() as repo:
        repo.add_application(aggregates.application(decisions=()))
        assert len(repo.unanswered_replies()) == 1
    with store_for("alice").transaction() as repo:
        assert repo.unanswered_replies() == []


def test_take_replies_on_a_real_database(store: SqlStore) -> None:
    from followup.bootstrap import default_playbook
    from followup.domain.mail import IncomingMail
    from followup.services import replies

    empty = {"decisions": (), "steps": (), "touches": (), "settings": {}}
    with store.transaction() as repo:
        acme = repo.add_application(aggregates.application("Acme", **empty))
    assert acme.id is not None
    reply = IncomingMail(
        message_id="<r1@example.co.uk>",
        sender="zoe.bronte@example.co.uk",
        subject="Re: Thank you",
        at=jan(16, 9),
        text="We regret to inform you that the role has been filled.\n> Thank you",
    )
    auto = dataclasses.replace(
        reply,
        message_id="<r2@x>",
        at=jan(16, 10),
        text="I am out of the office until Monday.",
        headers={"auto-submitted": "auto-replied"},
    )
    now = jan(16, 11)
    logged = replies.take_replies(store, [reply, auto, reply], default_playbook(), now)
    assert [(r.touch.outcome, r.contact) for r in logged] == [
        ("looks-like-rejection", "Zoë Brontë"),
        (AUTO_REPLY, "Zoë Brontë"),
    ]
    assert replies.take_replies(store, [reply], default_playbook(), now) == []
    [shown] = replies.replies_to_show(store, now)
    assert (shown.touch, shown.flag) == (logged[0].touch, "rejection")


def test_a_reply_pauses_only_while_its_application_is_open(store: SqlStore) -> None:
    """`Reply.active` (whether `today` says the nudges are paused) as the domain's `reply_on`
    gives it: no decision, and an active stage (an offer is active but decided)."""
    from followup.domain.replies import reply_on

    cases = {
        "Open": {},
        "Offered": {"stage": Stage.OFFER, "decisions": (Decision(DecisionKind.OFFER, jan(10)),)},
        "Rejected": {
            "stage": Stage.REJECTED,
            "decisions": (Decision(DecisionKind.REJECTED, jan(10)),),
        },
    }
    with store.transaction() as repo:
        for company, changes in cases.items():
            made = aggregates.application(
                company, **{"decisions": (), **changes, "touches": (touch(Direction.IN, 13),)}
            )
            repo.add_application(made)
        shown = repo.unanswered_replies()
        ruled = {
            r.company: reply_on(repo.get_application(r.application_id), r.touch).active
            for r in shown
        }
    assert (
        {r.company: r.active for r in shown}
        == ruled
        == {
            "Open": True,
            "Offered": False,
            "Rejected": False,
        }
    )
    assert {r.company: r.resume for r in shown}["Rejected"] is None
