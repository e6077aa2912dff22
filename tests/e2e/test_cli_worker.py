"""The background worker end to end on loopback: approve → SMTP once; a reply delivered into
Dovecot → one poll → shown, nudges paused; an auto-reply changes nothing; the digest; and
jobs crossing processes through each queue backend."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from email.message import EmailMessage

import pytest

from tests.e2e.cli_cases import record
from tests.e2e.conftest import EXE

NOW = "2026-12-18T16:30:00+00:00"
NEXT_DAY = "2026-12-21T08:00:00+00:00"  # Monday morning, after the digest time (07:30 London)


def mail(message_id: str, subject: str, body: str, in_reply_to: str | None = None,
         **headers: str) -> bytes:  # fmt: skip
    message = EmailMessage()
    message["From"] = "Priya Shah <priya@acme.example>"
    message["To"] = "Alex Morgan <alex@example.org>"
    message["Subject"] = subject
    message["Date"] = "Sat, 19 Dec 2026 10:00:00 +0000"
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = message["References"] = in_reply_to
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return bytes(message)


def check_in(cli) -> dict:
    app_id = str(cli("list", "--json").json[0]["id"])
    return next(s for s in cli("plan", app_id, "--json").json["steps"]
                if s["kind"] == "check-in-call")  # fmt: skip


def test_approve_send_reply_poll_pause_and_auto_reply(cli, smtp_server, dovecot):
    env = {**smtp_server.env(), **dovecot.env()}
    steps = record(cli)
    sent = cli("send", steps["thank-you"], "--yes", "--json", now=NOW, **env).json
    assert len(smtp_server.messages) == 1
    message_id = sent["outbox"]["message_id"]

    dovecot.deliver(mail("<away-1@acme.example>", "Automatic reply: Thank you",
                         "I am out of the office until Monday.", message_id,
                         Auto_Submitted="auto-replied"))  # fmt: skip
    before = check_in(cli)
    ran = cli("worker", "--once", "--json", now="2026-12-19T11:00:00+00:00", **env).json
    assert {r["job"] for r in ran} == {"send", "poll", "digest"}
    assert check_in(cli) == before  # the auto-reply changed nothing
    assert cli("today", "--json", now="2026-12-19T11:00:00+00:00").json["replies"] == []

    dovecot.deliver(mail("<reply-1@acme.example>", "Re: Thank you",
                         "Thanks Alex, we will decide next week.", message_id))  # fmt: skip
    cli("worker", "--once", now="2026-12-19T11:05:00+00:00", **env)
    today = cli("today", "--json", now="2026-12-19T11:10:00+00:00").json
    [reply] = today["replies"]
    assert reply["subject"] == "Re: Thank you" and "decide next week" in reply["note"]
    paused = check_in(cli)
    assert paused["status"] == "cancelled" and paused["outcome"].startswith("paused")
    cli("worker", "--once", now="2026-12-19T11:15:00+00:00", **env)  # read again: no duplicate
    assert len(cli("show", "1", "--json").json["touches"]) == 2
    thanks = [m for m in smtp_server.messages if m.message["Message-ID"] == message_id]
    assert len(thanks) == 1  # nothing was sent twice (the rest is the day's digest)


def test_the_digest_goes_once_a_day_at_its_time(cli, smtp_server):
    record(cli)
    early = cli("worker", "--once", "--json", now="2026-12-21T07:00:00+00:00",
                **smtp_server.env()).json  # fmt: skip
    assert next(r for r in early if r["job"] == "digest")["done"] == 0
    cli("worker", "--once", now=NEXT_DAY, **smtp_server.env())
    [digest] = [m for m in smtp_server.messages if "step(s) due" in m.message["Subject"]]
    assert digest.rcpt_tos == ["alex@example.org"]
    assert digest.message["Auto-Submitted"] == "auto-generated"
    body = digest.checked().get_content()
    assert "To do today:" in body and "thank-you by email to Priya Shah" in body
    assert "pipeline-review" in body  # Monday, and only one application is active
    cli("worker", "--once", now="2026-12-21T09:00:00+00:00", **smtp_server.env())
    assert len([m for m in smtp_server.messages if "step(s) due" in m.message["Subject"]]) == 1


RENEE = "Renée Müller-Lüdenscheidt, Directrice des données, renee@acme.example"


def test_the_digest_reaches_a_strict_server(cli, smtp_server_strict):
    """The digest went as `bytes(EmailMessage())`, with bare LF line ends: a standards-strict
    server refused it (`550 bare LF`; `500 Line too long` once over 1000 octets) and `worker
    --once` exited 7. It is built by the one RFC 5322 builder now, like every other mail."""
    record(cli, "--interviewer", RENEE)  # an accented name on a long line of the digest
    ran = cli("worker", "--once", "--json", now=NEXT_DAY, **smtp_server_strict.env()).json
    assert next(r for r in ran if r["job"] == "digest")["done"] == 1
    assert smtp_server_strict.refused == []
    [digest] = smtp_server_strict.messages
    message = digest.checked()  # CRLF, lines within limits, the headers, no defects
    assert (message["From"], message["To"]) == ("Alex Morgan <alex@example.org>",) * 2
    assert message["Date"] == "Mon, 21 Dec 2026 08:00:00 +0000"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == "followup: 3 step(s) due Monday 21 December"
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    body = message.get_content()
    # Sam of HR is copied on Priya's, the lead's (issue #15): Renée's names her alone.
    assert "thank-you by email to Renée Müller-Lüdenscheidt, due" in body


def test_the_worker_delivers_what_waits_to_a_strict_server(cli, smtp_server_strict):
    """The worker's send job, and the day's digest with it, both taken."""
    thanks = record(cli, "--interviewer", RENEE)["thank-you"]
    smtp_server_strict.refuse = "451 4.3.0 try again later"
    waiting = cli("send", thanks, "--yes", "--json", ok=False, now=NOW, **smtp_server_strict.env())
    assert waiting.code == 7
    smtp_server_strict.refuse = None
    ran = cli("worker", "--once", "--json", now=NOW, **smtp_server_strict.env()).json
    assert [r["done"] for r in ran if r["job"] in ("send", "digest")] == [1, 1]
    assert smtp_server_strict.refused == []
    sent, digest = (m.checked() for m in smtp_server_strict.messages)
    assert sent["Auto-Submitted"] is None and digest["Auto-Submitted"] == "auto-generated"
    assert sent["To"] == "Renée Müller-Lüdenscheidt <renee@acme.example>"


def _queue_env(request, backend: str) -> dict[str, str]:
    if backend == "sqlite":
        return {}
    variable = {"redis": "FOLLOWUP_TEST_REDIS_URL", "postgres": "FOLLOWUP_TEST_POSTGRES_URL"}
    url = os.environ.get(variable[backend])
    if not url:
        pytest.skip(f"{variable[backend]} not set")
    return {"FOLLOWUP_JOBS_BACKEND": backend, "FOLLOWUP_JOBS_URL": url}


@pytest.mark.parametrize(
    "backend",
    ["sqlite", pytest.param("redis", marks=pytest.mark.redis),
     pytest.param("postgres", marks=pytest.mark.postgres)],
)  # fmt: skip
def test_a_worker_process_runs_jobs_enqueued_by_another(cli, request, backend, monkeypatch):
    """The queue crosses processes: this test enqueues, a `followup worker` process runs."""
    from followup.adapters import queue
    from followup.bootstrap import build
    from followup.config.settings import load

    record(cli)
    env = {**cli.env, **_queue_env(request, backend), "FOLLOWUP_USER": f"w{uuid.uuid4().hex[:8]}"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = load()
    huey = queue.queue(settings)
    tasks = queue.register(huey, lambda: build(load()))
    huey.flush()
    result = tasks["run_all"]()
    worker = subprocess.Popen([EXE, "worker"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        notes = result.get(blocking=True, timeout=60)
    finally:
        worker.terminate()
        _, err = worker.communicate(timeout=30)
        huey.flush()
    assert notes and any("no SMTP server set" in n for n in notes), err
    assert worker.returncode is not None
    time.sleep(0)  # nothing left running


def test_server_mode_refuses_a_sqlite_queue(cli):
    """Workers on several machines share one queue: a SQLite file is one machine's."""
    refused = cli("worker", ok=False, FOLLOWUP_SERVER="1", FOLLOWUP_SECRET_KEY="k" * 40)
    assert refused.code == 6, refused.err
    assert "Redis or PostgreSQL" in refused.err and "FOLLOWUP_JOBS_BACKEND=redis" in refused.err
    assert not (cli.home / "data" / "followup" / "jobs.db").exists()
