"""The worker's claims (adapters/sql/job_claims.py) on real databases, and the digest's day
claim as `jobs.morning_digest` uses it with a real SMTP server on loopback: claimed before
sending, one claim of two wins, a worker that stopped mid-send leaves the day in doubt and the
digest is not sent again; a refusal withdraws the claim, so the next run sends it once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from followup import bootstrap, services
from followup.adapters.sql.job_claims import SqlJobClaims, Turn, running
from followup.adapters.sql.store import SqlStore
from followup.config import settings
from followup.domain.errors import NotFound, NotSent
from followup.domain.model import Profile
from followup.services import demo, jobs
from tests.mailservers import SmtpServer

NOW = "2026-12-21T08:00:00+00:00"  # Monday, after 07:30 in London
DAY = date(2026, 12, 21)


@pytest.fixture
def app(database_url: str, tmp_path: Path, smtp_server: SmtpServer) -> Iterator[bootstrap.App]:
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "FOLLOWUP_NOW": NOW,
           "FOLLOWUP_DATABASE_URL": database_url, "FOLLOWUP_USER": "alex",
           **smtp_server.env()}  # fmt: skip
    built = bootstrap.build(settings.load(env))
    demo.seed(built.store, built.playbook, built.now())
    services.people.update_profile(built.store, {"email": "alex@example.org"})
    yield built
    built.store.close()


def _digests(smtp: SmtpServer) -> int:
    return sum(1 for m in smtp.messages if m.message["Auto-Submitted"] == "auto-generated")


def test_of_two_claims_of_a_day_one_is_ours(store: SqlStore) -> None:
    with store.transaction() as repo:
        repo.save_profile(Profile(name="Alice"))
    first, second = SqlJobClaims(store), SqlJobClaims(store.for_user("alice"))
    now = datetime.fromisoformat(NOW)
    mine = first.claim("digest", DAY, "<a@example.org>", now)
    theirs = second.claim("digest", DAY, "<b@example.org>", now)
    assert mine.ours and not theirs.ours
    assert theirs.state == "sending" and theirs.message_id == "<a@example.org>"
    assert second.claim("digest", DAY + timedelta(days=1), "<c@example.org>", now).ours
    assert not first.settle("digest", DAY, "sent", "uncertain", now)  # it is not `sent`
    assert first.settle("digest", DAY, "sending", "sent", now)
    assert not second.settle("digest", DAY, "sending", "sent", now)  # moved already
    with pytest.raises(NotFound, match="no user 'bob'"):
        SqlJobClaims(store.for_user("bob")).claim("digest", DAY, "<d@example.org>", now)


def test_the_digest_is_claimed_then_sent_once(app: bootstrap.App, smtp_server: SmtpServer) -> None:
    now = app.now()
    assert jobs.morning_digest(app, now).done == 1
    assert jobs.morning_digest(app, now + timedelta(hours=1)).note == "already sent today"
    assert _digests(smtp_server) == 1


def test_a_digest_in_doubt_is_not_sent_again(app: bootstrap.App, smtp_server: SmtpServer) -> None:
    """A worker claimed the day, then stopped before recording the server's answer."""
    now = app.now()
    app.claims.claim("digest", DAY, "<gone@example.org>", now)
    early = jobs.morning_digest(app, now + timedelta(minutes=1))
    assert early.note == "another worker is sending today's digest"
    stale = jobs.morning_digest(app, now + timedelta(minutes=6))
    assert "may not have gone" in stale.note and "not sent again" in stale.note
    later = jobs.morning_digest(app, now + timedelta(minutes=7))
    assert later.note == "today's digest may have gone: it is not sent again"
    assert _digests(smtp_server) == 0
    assert jobs.morning_digest(app, now + timedelta(days=1)).done == 1  # the next day's goes


def test_a_refused_digest_is_withdrawn_and_sent_by_the_next_run(
    app: bootstrap.App, smtp_server: SmtpServer
) -> None:
    smtp_server.refuse = "451 4.3.0 try again later"
    with pytest.raises(NotSent):
        jobs.morning_digest(app, app.now())
    smtp_server.refuse = None
    assert jobs.morning_digest(app, app.now() + timedelta(minutes=1)).done == 1
    assert _digests(smtp_server) == 1


@pytest.mark.postgres
def test_a_job_held_by_one_worker_is_refused_to_another(postgres_url: str) -> None:
    from followup.adapters.sql.store import open_store

    one, other = open_store(postgres_url, "alex"), open_store(postgres_url, "alex")
    try:
        with (
            running(one, "send:alex") as first,
            running(other, "send:alex") as second,
            running(other, "send:sam") as third,
        ):
            assert (first, second, third) == (True, False, True)
        with running(other, "send:alex") as again:
            assert again  # let go when the job ended
    finally:
        one.close()
        other.close()


@pytest.mark.postgres
def test_one_worker_at_a_time_has_the_turn_until_it_is_gone(postgres_url: str) -> None:
    from followup.adapters.sql.store import open_store

    one, other = open_store(postgres_url, "w1"), open_store(postgres_url, "w2")
    try:
        first, second = Turn(one, "dispatch"), Turn(other, "dispatch")
        assert first.mine() and not second.mine()
        assert first.mine() and not second.mine()  # kept, minute after minute
        assert Turn(other, "something else").mine()
        first._held.close()  # as when its process dies
        assert second.mine() and not first.mine()
    finally:
        one.close()
        other.close()
