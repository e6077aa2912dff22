"""The IMAP adapter against a real server on loopback (Dovecot): the Sent folder, what arrived,
and HTML read as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from followup.adapters.imap import ImapMailbox, SentFolder, html_text
from followup.domain.errors import MailboxUnavailable
from tests.mailservers import free_port


def mailbox(dovecot) -> ImapMailbox:
    clock = lambda: datetime(2026, 12, 18, 12, tzinfo=UTC)  # noqa: E731
    return ImapMailbox(dovecot.host, dovecot.port, "none", dovecot.user, dovecot.password, clock)


def test_imap_finds_a_message_by_its_message_id(dovecot):
    dovecot.deliver(b"Message-ID: <one@example.org>\r\nSubject: a\r\n\r\nx\r\n", "Sent")
    sent = SentFolder(mailbox(dovecot), "Sent")
    assert sent.contains("<one@example.org>") and not sent.contains("<two@example.org>")
    assert not mailbox(dovecot).contains("INBOX", "<one@example.org>")


def test_imap_reads_what_arrived_after_a_uid(dovecot):
    dovecot.deliver(b"Message-ID: <old@acme.example>\r\nSubject: old\r\n\r\nold\r\n")
    dovecot.deliver(
        b"From: Priya Shah <Priya@Acme.Example>\r\n"
        b"Subject: =?utf-8?q?Re=3A_Danke_sch=C3=B6n?=\r\n"
        b"Date: Fri, 18 Dec 2026 09:05:00 -0500\r\n"
        b"Message-ID: <reply@acme.example>\r\n"
        b"In-Reply-To: <t0k3n@example.org>\r\n"
        b"References: <a@example.org>\r\n <t0k3n@example.org>\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Dear Alex,</p><p>Thanks &amp; talk soon<br>Priya</p><style>p{}</style>\r\n"
    )
    dovecot.deliver(b"From: x@y.example\r\nSubject: no id, no date\r\n\r\nplain\r\n")
    box = mailbox(dovecot)
    everything = box.fetch_since("INBOX", None)
    assert [m.uid for m in everything] == ["1", "2", "3"]
    reply, bare = box.fetch_since("INBOX", "1")
    assert reply.message_id == "<reply@acme.example>" and reply.sender == "priya@acme.example"
    assert reply.subject == "Re: Danke schön"
    assert reply.at == datetime(2026, 12, 18, 9, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert reply.in_reply_to == "<t0k3n@example.org>"
    assert reply.references == ("<a@example.org>", "<t0k3n@example.org>")
    assert reply.text == "Dear Alex,\n\nThanks & talk soon\nPriya\n"
    assert reply.headers["message-id"] == "<reply@acme.example>"
    assert bare.message_id == "<uid-3.INBOX@127.0.0.1>" and bare.text == "plain\n"
    assert bare.at == datetime(2026, 12, 18, 12, tzinfo=UTC)
    assert box.fetch_since("INBOX", "3") == []
    assert dovecot.count("INBOX") == 3


def test_imap_failures_are_one_error(dovecot):
    wrong = ImapMailbox(dovecot.host, dovecot.port, "none", dovecot.user, "wrong")
    with pytest.raises(MailboxUnavailable, match="IMAP alex at"):
        wrong.contains("Sent", "<x@y>")
    with pytest.raises(MailboxUnavailable, match="'Nowhere'"):
        mailbox(dovecot).contains("Nowhere", "<x@y>")
    gone = ImapMailbox("127.0.0.1", free_port(), "none", "alex", "pw")
    with pytest.raises(MailboxUnavailable):
        gone.fetch_since("INBOX", None)


def test_html_becomes_text():
    assert html_text("") == ""
    assert html_text("<div>a <b>b</b></div><script>x()</script><ul><li>c</li></ul>") == (
        "a b\n\nc\n"
    )
