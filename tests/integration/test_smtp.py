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


# -- a standards-strict server ------------------------------------------------------------------

HEAD = b"From: a@example.org\r\nTo: b@example.org\r\nDate: Mon, 21 Dec 2026 08:00:00 +0000\r\n"


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (HEAD + b"Subject: Hi\n\nHello\n", b"bare LF"),  # what the digest sent before #13
        (HEAD + b"Subject: Hi\r\n\r\nHello\rthere\r\n", b"bare CR"),
        (HEAD + b"Subject: Hi\r\n\r\n" + b"a" * 999 + b"\r\n", b"Line too long"),
        (HEAD + b"Subject: Hi\r\n\r\nGr\xc3\xbc\xc3\x9fe\r\n", b"8-bit data"),
        (RAW, b"no Date header"),
    ],
)
def test_the_strict_server_refuses_what_strict_servers_refuse(smtp_server_strict, raw, said):
    """Handed over as they are (smtplib mends nothing in bytes), these are refused; a message
    with none of it is taken, a line of 998 octets included."""
    import smtplib

    server = smtp_server_strict
    with (
        smtplib.SMTP(server.host, server.port, timeout=10) as client,
        pytest.raises(smtplib.SMTPDataError) as refused,
    ):
        client.sendmail("a@example.org", ["b@example.org"], raw)
    assert said in refused.value.smtp_error and smtp_server_strict.messages == []
    fine = HEAD + b"Subject: Hi\r\n\r\n" + b"a" * 998 + b"\r\n"
    assert mailer(smtp_server_strict).send(fine, "a@example.org", ["b@example.org"]) == []
    assert len(smtp_server_strict.messages) == 1


@pytest.mark.parametrize(
    "raw", [b"Subject: Hi\n\nHello\n", b"Subject: Hi\r\n\r\nx\ry\r\n", b"a" * 999 + b"\r\n"]
)
def test_a_message_a_strict_server_would_refuse_is_not_handed_over(smtp_server, raw):
    with pytest.raises(NotSent, match="mail servers would refuse it"):
        mailer(smtp_server).send(raw, "a@example.org", ["b@example.org"])
    assert smtp_server.mail_froms == []  # not a byte of it left: definitely not sent
