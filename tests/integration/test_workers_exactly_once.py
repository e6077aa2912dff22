"""Workers on several machines (server mode): TWO real `followup worker` processes share one
Redis queue and one PostgreSQL database serving six users, each with approved messages, a
profile email and their own mail account; one loopback SMTP server takes everything (the
users' accounts and the server's own, for the digests).

Every approved message arrives once and every user's digest once. With one worker killed
(SIGKILL) mid-run, nothing arrives twice: what the killed worker had claimed and not recorded
stays in doubt (`sending`), never sent again, and everything else arrives exactly once.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from followup import bootstrap, services
from followup.adapters.sql import mail_accounts
from followup.config import settings
from followup.domain.accounts import Role
from followup.domain.errors import FollowupError
from followup.domain.model import Channel
from followup.services import agenda, demo, sending
from tests.e2e.conftest import EXE
from tests.integration.conftest import postgres_schema
from tests.mailservers import SmtpServer, _serve, free_port
from tests.server import account

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

NOW = "2026-12-21T08:00:00+00:00"  # Monday, after 07:30 in London: every digest is due
KEY = "the workers' test secret key, long enough to be one"
USERS = [f"seeker{n}@example.org" for n in range(1, 7)]  # the job seekers' emails
REDIS_DB = 7  # this test's own Redis database, flushed before and after
PATIENCE = 240  # seconds to wait for the workers, at most (never an assertion on time)


@dataclass
class SlowSmtpServer(SmtpServer):
    """Takes a moment over each message, so that a worker killed is killed mid-conversation."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.3)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    yield from _serve(SlowSmtpServer("127.0.0.1", free_port()))


@pytest.fixture
def redis_url() -> Iterator[str]:
    given = os.environ.get("FOLLOWUP_TEST_REDIS_URL")
    if not given:
        pytest.skip("FOLLOWUP_TEST_REDIS_URL not set")
    import redis

    url = urlunsplit(urlsplit(given)._replace(path=f"/{REDIS_DB}"))
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@dataclass
class Server:
    """The database as the test sees it, and the environment the workers run with."""

    app: bootstrap.App
    env: dict[str, str]
    expected: dict[str, set[str]]  # a seeker's email -> the Message-IDs of their approved mail
    others: set[str]  # the Message-IDs approved by those not served

    def outbox_states(self, served: bool = True) -> dict[str, str]:
        """Each approved message's state, by Message-ID: those of the users served, or not."""
        rows = self._rows("SELECT message_id, state FROM outbox")
        mine = [r for r in rows if (r["message_id"] in self.others) != served]
        return {r["message_id"]: r["state"] for r in mine}

    def digest_states(self) -> dict[str, str]:
        """Each user's digest claim's state, by the user's email."""
        rows = self._rows(
            "SELECT u.email, c.state FROM job_claims c JOIN users u ON u.id = c.user_id "
            "WHERE c.job = 'digest'"
        )
        return {r["email"]: r["state"] for r in rows}

    def emails(self) -> dict[str, str]:
        """Each user's email by their data's name."""
        return {r["name"]: r["email"] for r in self._rows("SELECT name, email FROM users")}

    def _rows(self, query: str) -> list[dict[str, Any]]:
        with self.app.store.reading() as repo:
            return repo.connection.rows(query)


@pytest.fixture
def server(tmp_path: Path, smtp: SmtpServer, redis_url: str) -> Iterator[Server]:
    with postgres_schema() as url:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")},
            "HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "FOLLOWUP_NOW": NOW,
            "FOLLOWUP_SERVER": "1",
            "FOLLOWUP_SECRET_KEY": KEY,
            "FOLLOWUP_DATABASE_URL": url,
            "FOLLOWUP_JOBS_BACKEND": "redis",
            "FOLLOWUP_JOBS_URL": redis_url,
            "FOLLOWUP_MAIL_FROM": "Careers Service <followup@careers.example.org>",
            **smtp.env(),  # the server's own SMTP: the digests
        }
        app = bootstrap.build(settings.load(env))
        expected = {email: _seed(app, email, smtp) for email in USERS}
        # Not served: a coach, and a job seeker whose account is disabled.
        others = _seed(app, "coach@example.org", smtp, Role.COACH)
        others |= _seed(app, "gone@example.org", smtp)
        with app.store.transaction() as repo:
            repo.connection.execute(
                "UPDATE users SET disabled_at = created_at WHERE email = 'gone@example.org'"
            )
        try:
            yield Server(app, env, expected, others)
        finally:
            app.store.close()


def _seed(
    server: bootstrap.App, email: str, smtp: SmtpServer, role: Role = Role.SEEKER
) -> set[str]:
    """An account with the demo's data, its email, its mail account, and every email step
    due today approved (not sent): the Message-IDs approved."""
    app = server.for_user(account(server, email, role, seeded=True).name)
    now = app.now()
    services.people.update_profile(app.store, {"email": email})
    servers = {"smtp_host": smtp.host, "smtp_port": smtp.port, "smtp_security": "none"}
    mail_accounts.save(app.store, servers, {}, KEY, now)
    return _approve_today(app)


def _approve_today(app: bootstrap.App) -> set[str]:
    """Every email step due today approved (not sent): the Message-IDs approved."""
    now = app.now()
    today = agenda.today(app.store, app.playbook, now)
    approved = set()
    for step in [*today.overdue, *today.due]:
        if step.channel is not Channel.EMAIL or step.id is None:
            continue
        try:
            _, entry = sending.approve(
                app.store, sending.Approval(step.id), app.playbook, now, app.proofreader,
                app.templates,
            )  # fmt: skip
        except FollowupError:
            continue  # a draft the checks refuse today (too early): not approved
        approved.add(entry.message_id)
    assert approved, "the demo data gave nothing to approve"
    return approved


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [EXE, "worker", "--workers", "2"], env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _wait(until: Callable[[], bool], what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not until():
        if time.monotonic() > deadline:
            said = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
            pytest.fail(f"the workers did not {what} in {PATIENCE} s; their logs:\n{said}")
        time.sleep(0.2)


def _received(smtp: SmtpServer) -> tuple[Counter[str], Counter[str]]:
    """How many times each message arrived (by Message-ID), and each digest (by recipient)."""
    messages: Counter[str] = Counter()
    digests: Counter[str] = Counter()
    for m in list(smtp.messages):
        parsed = m.message
        if parsed["Auto-Submitted"] == "auto-generated":
            digests[m.rcpt_tos[0]] += 1
        else:
            messages[str(parsed["Message-ID"])] += 1
    return messages, digests


def _all_settled(server: Server) -> bool:
    """Nothing left to send: no message approved, every user's digest claimed."""
    states = server.outbox_states()
    return "approved" not in states.values() and len(server.digest_states()) == len(USERS)


def test_two_workers_send_every_digest_and_every_approved_message_once(
    server: Server, smtp: SmtpServer, tmp_path: Path
) -> None:
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [_worker(server.env, log) for log in logs]
    try:
        expected = set().union(*server.expected.values())
        _wait(
            lambda: (
                set(server.outbox_states().values()) == {"sent"}
                and set(server.digest_states().values()) == {"sent"}
                and len(server.digest_states()) == len(USERS)
            ),
            "send everything",
            logs,
        )
    finally:
        for worker in workers:
            _stop(worker)
    messages, digests = _received(smtp)
    assert set(messages) == expected and set(messages.values()) == {1}, messages
    assert digests == Counter({user: 1 for user in USERS})  # no coach's, no disabled account's
    assert set(server.outbox_states(served=False).values()) == {"approved"}
    assert all(w.returncode is not None for w in workers)


def test_a_worker_killed_mid_run_sends_nothing_twice(
    server: Server, smtp: SmtpServer, tmp_path: Path
) -> None:
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    doomed, survivor = (_worker(server.env, log) for log in logs)
    try:
        _wait(lambda: len(smtp.messages) >= 1, "send a first message", logs)
        doomed.send_signal(signal.SIGKILL)  # mid-run: its conversations broken off
        doomed.wait(timeout=30)
        # The survivor takes what was left (at the next minute's dispatch at the latest).
        _wait(lambda: _all_settled(server), "settle everything", logs)
    finally:
        _stop(survivor)
        _stop(doomed)
    assert doomed.returncode == -signal.SIGKILL
    messages, digests = _received(smtp)
    outbox, claims = server.outbox_states(), server.digest_states()
    expected = set().union(*server.expected.values())
    # Never twice.
    assert set(messages) <= expected and all(n == 1 for n in messages.values()), messages
    assert all(n == 1 for n in digests.values()), digests
    # Exactly once, but what the killed worker had begun and not recorded: in doubt (it may
    # have gone), left `sending` and never sent again.
    in_doubt = {m for m, state in outbox.items() if state != "sent"}
    doubtful_digests = {user for user, state in claims.items() if state != "sent"}
    assert {outbox[m] for m in in_doubt} <= {"sending", "uncertain"}
    assert {claims[u] for u in doubtful_digests} <= {"sending", "uncertain"}
    assert expected - in_doubt <= set(messages), "a message recorded sent never arrived"
    assert set(USERS) - doubtful_digests <= set(digests), "a digest recorded sent never arrived"
    # The killed worker ran at most two jobs at once (--workers 2), each with one conversation.
    assert len(in_doubt) + len(doubtful_digests) <= 2, (in_doubt, doubtful_digests)


def test_worker_once_runs_every_users_jobs_and_a_second_run_sends_nothing(
    server: Server, smtp: SmtpServer
) -> None:
    def once() -> list[dict[str, Any]]:
        done = subprocess.run([EXE, "worker", "--once", "--json"], env=server.env,
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    emails = server.emails()
    first = [{**r, "user": emails[r["user"]]} for r in once()]
    assert {(r["user"], r["job"]) for r in first} == {
        (user, job) for user in USERS for job in ("send", "poll", "digest")
    }
    sent = {r["user"]: r["done"] for r in first if r["job"] == "send"}
    assert sent == {user: len(server.expected[user]) for user in USERS}
    assert all(r["done"] == 1 for r in first if r["job"] == "digest")
    again = once()
    assert sum(r["done"] for r in again) == 0
    assert {r["note"] for r in again if r["job"] == "digest"} == {"already sent today"}
    messages, digests = _received(smtp)
    assert set(messages.values()) == {1} and digests == Counter({user: 1 for user in USERS})


def test_deliveries_of_one_user_at_the_same_moment_send_each_message_once(
    postgres_url: str, smtp: SmtpServer, tmp_path: Path
) -> None:
    """Below the workers' locks: four processes' deliveries of the same outbox at once (each
    its own connection), as two workers would without them. The outbox's compare-and-set on
    PostgreSQL (READ COMMITTED: the second UPDATE waits for the first, then finds the state
    moved) lets one of them send each message."""
    import threading

    from followup.adapters.sql.store import open_store

    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "FOLLOWUP_NOW": NOW,
           "FOLLOWUP_DATABASE_URL": postgres_url, "FOLLOWUP_USER": "alex",
           **smtp.env()}  # fmt: skip
    app = bootstrap.build(settings.load(env))
    demo.seed(app.store, app.playbook, app.now())
    services.people.update_profile(app.store, {"email": "alex@example.org"})
    approved = _approve_today(app)
    stores = [open_store(postgres_url, "alex") for _ in range(4)]
    start = threading.Barrier(len(stores))
    mailer, now = app.mailer, app.now()
    assert mailer is not None

    def deliver(store: Any) -> None:
        start.wait()
        sending.deliver(store, mailer, None, now)

    threads = [threading.Thread(target=deliver, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in [*stores, app.store]:
        store.close()
    messages, _ = _received(smtp)
    assert messages == Counter({m: 1 for m in approved})


def test_the_minutely_dispatch_runs_each_job_of_each_job_seeker(
    server: Server, smtp: SmtpServer
) -> None:
    """The periodic dispatchers themselves, in-process (Huey's immediate mode: each task runs
    as it is enqueued), twice: the second finds nothing left to do."""
    from huey import MemoryHuey

    from followup.adapters import queue

    huey = MemoryHuey("followup-dispatch-test", immediate=True)
    tasks = queue.register(huey, lambda: server.app, server=True)
    for _ in range(2):
        tasks["dispatch"]()
        tasks["dispatch_poll"]()
    messages, digests = _received(smtp)
    assert set(messages) == set().union(*server.expected.values())
    assert set(messages.values()) == {1} and digests == Counter({user: 1 for user in USERS})


def test_a_digest_whose_worker_died_after_the_server_took_it_is_not_sent_again(
    server: Server, smtp: SmtpServer
) -> None:
    """The in-doubt case, made exact: the process ends right after the SMTP server accepted
    the first digest, before `sent` was recorded (FOLLOWUP_TEST_CRASH). Its claim stays
    `sending`; 5 minutes on, the next run marks it `uncertain` and does not send it again."""

    def once(now: str, **more: str) -> subprocess.CompletedProcess[str]:
        env = {**server.env, "FOLLOWUP_NOW": now, **more}
        return subprocess.run([EXE, "worker", "--once", "--json"], env=env,
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip

    crashed = once(NOW, FOLLOWUP_TEST_CRASH="digest-after-smtp")
    assert crashed.returncode == 86, crashed.stderr
    [first] = server.digest_states()
    assert server.digest_states() == {first: "sending"}
    assert _received(smtp)[1] == Counter({first: 1})
    later = once("2026-12-21T08:06:00+00:00")
    assert later.returncode == 0, later.stderr
    notes = {r["note"] for r in json.loads(later.stdout) if r["job"] == "digest"}
    assert any("may not have gone" in n and "not sent again" in n for n in notes), notes
    assert server.digest_states() == {**{u: "sent" for u in USERS}, first: "uncertain"}
    messages, digests = _received(smtp)
    assert digests == Counter({user: 1 for user in USERS})  # the first one too: once
    assert set(messages.values()) == {1}
