"""International addresses and failures before the message leaves, through a real SMTP server
(aiosmtpd on loopback) and the outbox on a real database.

`uwe@bücher.example` goes as `uwe@xn--bcher-kva.example` through any server; `ölga@example.com`
needs SMTPUTF8 and is not sent at all (not even MAIL FROM) to a server that does not offer it.
Whatever fails before the first byte of the message reaches the server is "not sent": the
message waits, approved, and is never "may have been sent".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup import services
from followup.adapters import spelling
from followup.adapters.smtp import SmtpMailer
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.errors import NotSent
from followup.domain.model import Application, Channel, Contact, Interview, Relation
from followup.domain.outbox import OutboxEntry, OutboxState
from followup.services import sending
from tests.mailservers import SmtpServer

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
PLAYBOOK = default_playbook()
UTF8_MESSAGE = "From: a@example.org\r\nTo: Ölga <ölga@example.com>\r\nSubject: Grüße\r\n\r\nHi\r\n"


def mailer(server: SmtpServer) -> SmtpMailer:
    return SmtpMailer(server.host, server.port, "none", None, None)


def recorded(store: SqlStore, priya: str, sam: str = "sam@acme.example") -> int:
    """A profile and an interview with Priya (interviewer) and Sam (HR); the thank-you step."""
    services.people.update_profile(
        store, {"name": "Alex Morgan", "email": "alex@example.org", "skills": ("SQL",)}
    )
    start = NOW - timedelta(hours=4)
    application = Application(
        company="Acme Analytics",
        role="Data Analyst",
        interviews=(Interview(start=start, end=start + timedelta(hours=1), timezone="UTC"),),
        contacts=(
            Contact(name="Priya Shah", title="Head of Data", email=priya),
            Contact(name="Sam Lee", relation=Relation.HR, email=sam),
        ),
    )
    stored = services.applications.record_interview(store, application, PLAYBOOK, NOW)
    thanks = next(s for s in stored.steps if s.kind == "thank-you")
    assert thanks.id is not None and thanks.channel is Channel.EMAIL
    return thanks.id


def approve(store: SqlStore, step_id: int) -> None:
    sending.approve(store, sending.Approval(step_id), PLAYBOOK, NOW, spelling, [], "t0k3n")


# -- the adapter -------------------------------------------------------------------------------


def test_an_international_message_goes_with_smtputf8(smtp_server_utf8):
    data = UTF8_MESSAGE.encode("utf-8")
    assert mailer(smtp_server_utf8).send(data, "a@example.org", ["ölga@example.com"]) == []
    [got] = smtp_server_utf8.messages
    assert got.rcpt_tos == ["ölga@example.com"] and got.data == data
    assert "SMTPUTF8" in got.mail_options
    assert got.message["To"].addresses[0].addr_spec == "ölga@example.com"


def test_a_server_without_smtputf8_is_told_nothing(smtp_server):
    data = UTF8_MESSAGE.encode("utf-8")
    with pytest.raises(NotSent, match=r"does not accept international addresses \(SMTPUTF8\)"):
        mailer(smtp_server).send(data, "a@example.org", ["ölga@example.com"])
    assert smtp_server.mail_froms == [] and smtp_server.messages == []


# -- the outbox --------------------------------------------------------------------------------


def test_a_non_ascii_domain_goes_as_idna_through_any_server(store: SqlStore, smtp_server):
    step_id = recorded(store, "priya@bücher.example")
    approve(store, step_id)
    [sent] = sending.deliver(store, mailer(smtp_server), None, NOW)
    assert sent.state is OutboxState.SENT
    [got] = smtp_server.messages
    assert got.rcpt_tos == ["priya@xn--bcher-kva.example", "sam@acme.example"]
    assert got.data.isascii() and "SMTPUTF8" not in got.mail_options
    to = got.message["To"]
    assert [a.addr_spec for a in to.addresses] == ["priya@xn--bcher-kva.example"]
    assert to.addresses[0].display_name == "Priya Shah"


def test_a_non_ascii_local_part_goes_with_smtputf8(store: SqlStore, smtp_server_utf8):
    step_id = recorded(store, "ölga@example.com", sam="sam@bücher.example")
    approve(store, step_id)
    [sent] = sending.deliver(store, mailer(smtp_server_utf8), None, NOW)
    assert sent.state is OutboxState.SENT
    [got] = smtp_server_utf8.messages
    assert got.mail_from == "alex@example.org"
    assert got.rcpt_tos == ["ölga@example.com", "sam@xn--bcher-kva.example"]
    assert "SMTPUTF8" in got.mail_options
    message = got.message
    assert [a.addr_spec for a in message["To"].addresses] == ["ölga@example.com"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["sam@xn--bcher-kva.example"]
    assert message["Subject"] == "Thank you: Data Analyst interview"
    assert "Priya" in message.get_content()


def test_without_smtputf8_it_is_not_sent_and_waits(store: SqlStore, smtp_server, smtp_server_utf8):
    step_id = recorded(store, "ölga@example.com")
    approve(store, step_id)
    [waiting] = sending.deliver(store, mailer(smtp_server), None, NOW)
    assert waiting.state is OutboxState.APPROVED and not waiting.may_have_been_sent
    assert waiting.smtp_started_at is None
    assert "does not accept international addresses (SMTPUTF8)" in (waiting.error or "")
    assert smtp_server.mail_froms == [] and smtp_server.messages == []
    # Approved once, it goes once, when a server that can carry it is there.
    [sent] = sending.deliver(store, mailer(smtp_server_utf8), None, NOW + timedelta(minutes=1))
    assert sent.state is OutboxState.SENT
    assert sending.deliver(store, mailer(smtp_server_utf8), None, NOW) == []
    assert len(smtp_server_utf8.messages) == 1


def test_a_message_that_cannot_be_prepared_is_not_sent(store: SqlStore, smtp_server):
    """A stored message whose envelope cannot be read (here: it has no From, as a damaged or
    hand-made row might) fails before the conversation: it waits, approved, and the server
    is not even asked."""
    step_id = recorded(store, "priya@acme.example")
    with store.transaction() as repo:
        app_id = repo.get_step(step_id).application_id
        assert app_id is not None
        repo.add_outbox(
            OutboxEntry(
                application_id=app_id,
                step_id=None,
                message_id="<odd@example.org>",
                message="To: priya@acme.example\r\nSubject: Hi\r\n\r\nHello\r\n",
                approved_at=NOW,
            )
        )
    [waiting] = sending.deliver(store, mailer(smtp_server), None, NOW)
    assert waiting.state is OutboxState.APPROVED and not waiting.may_have_been_sent
    assert "could not be prepared" in (waiting.error or "")
    assert smtp_server.mail_froms == [] and smtp_server.messages == []
