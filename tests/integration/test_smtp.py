"""The SMTP adapter against a real server on loopback (aiosmtpd)."""

from __future__ import annotations

import pytest

from followup.adapters.smtp import SmtpMailer
from followup.domain.errors import NotSent
from tests.mailservers import SMTP_PASSWORD, SMTP_USER, free_port

RAW = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Hi\r\n\r\nHello\r\n"


def mailer(server, user=None, secret=None) -> SmtpMailer:
    return SmtpMailer(server.host, server.port, "none", user, secret)


def test_smtp_hands_over_the_message_as_it_is(smtp_server):
    assert mailer(smtp_server).send(RAW, "a@example.org", ["b@example.org"]) == []
    [got] = smtp_server.messages
    assert (got.mail_from, got.rcpt_tos, got.data) == ("a@example.org", ["b@example.org"], RAW)


def test_smtp_refusals_are_definite(smtp_server):
    smtp_server.refuse = "554 5.7.1 rejected"
    with pytest.raises(NotSent, match=r"554 5\.7\.1 rejected"):
        mailer(smtp_server).send(RAW, "a@example.org", ["b@example.org"])
    with pytest.raises(NotSent, match="no connection to the SMTP server"):
        SmtpMailer("127.0.0.1", free_port(), "none", None, None).send(RAW, "a@x.org", ["b@x.org"])


def test_smtp_logs_in(smtp_server_with_login):
    server = smtp_server_with_login
    with pytest.raises(NotSent, match="refused the login"):
        mailer(server, SMTP_USER, "wrong").send(RAW, "a@example.org", ["b@example.org"])
    with pytest.raises(NotSent):  # the server wants a login first
        mailer(server).send(RAW, "a@example.org", ["b@example.org"])
    mailer(server, SMTP_USER, SMTP_PASSWORD).send(RAW, "a@example.org", ["b@example.org"])
    assert server.logins == [SMTP_USER] and len(server.messages) == 1
    assert SMTP_PASSWORD not in repr(mailer(server, SMTP_USER, SMTP_PASSWORD))
