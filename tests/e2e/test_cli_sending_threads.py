"""A follow-up in an existing conversation, end to end: the employer's rejection arrives by
IMAP (Dovecot) answering followup's thank-you, the user confirms it, and the feedback request
goes to a standards-strict SMTP server (aiosmtpd) as an answer mail clients thread: the whole
References chain and the thread's subject with one `Re:`."""

from __future__ import annotations

from tests.e2e.cli_cases import record

SENT = "2026-12-18T16:30:00+00:00"
READ = "2026-12-22T10:00:00+00:00"
REJECTION = "<CAKx=9vP+rejection-1@mail.acme.example>"
# Outlook's Message-IDs are long: the email package would have written this one encoded.
EARLIER = "<DB9PR10MB5545C1A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5@DB9PR10MB5545.EURPRD10.PROD.OUTLOOK.COM>"


def rejection(answering: str, subject: str) -> bytes:
    """Sam of HR answers the thank-you (Sam was copied), as Outlook writes it: `RE: ` on the
    subject, References holding an earlier mail of theirs and the thank-you, folded between
    the Message-IDs (written by hand: the email package would encode the long one)."""
    return (
        "From: Sam Lee <sam@acme.example>\r\n"
        "To: Alex Morgan <alex@example.org>\r\n"
        f"Subject: RE: {subject}\r\n"
        "Date: Tue, 22 Dec 2026 09:00:00 +0000\r\n"
        f"Message-ID: {REJECTION}\r\n"
        f"In-Reply-To: {answering}\r\n"
        f"References: {EARLIER}\r\n {answering}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="us-ascii"\r\n'
        "\r\n"
        "Dear Alex,\r\n\r\nThank you for your note. Unfortunately we have decided not to\r\n"
        "proceed with your application.\r\n\r\nKind regards,\r\nSam\r\n"
    ).encode("ascii")


def test_the_feedback_request_answers_the_rejection_in_its_thread(cli, smtp_server_strict,
                                                                  dovecot):  # fmt: skip
    env = {**smtp_server_strict.env(), **dovecot.env()}
    steps = record(cli)
    thanks = cli("send", steps["thank-you"], "--yes", "--json", now=SENT, **env).json
    ours, subject = thanks["outbox"]["message_id"], thanks["draft"]["subject"]
    assert not subject.startswith("Re:")  # nothing came in yet: a conversation of its own

    dovecot.deliver(rejection(ours, subject))
    cli("worker", "--once", now=READ, **env)
    app_id = str(cli("list", "--json").json[0]["id"])
    [reply] = cli("today", "--json", now=READ).json["replies"]
    assert reply["flag"] == "rejection" and reply["subject"] == f"RE: {subject}"
    plan = cli("decide", app_id, "rejected", "--json", now=READ).json
    feedback = next(str(s["id"]) for s in plan["steps"] if s["kind"] == "feedback-request")

    draft = cli("draft", feedback, "--json", now=READ).json
    assert draft["subject"] == f"Re: {subject}"  # one Re:, as the user sees it before sending
    assert draft["to"] == ["Priya Shah"]  # the interviewer; the rejection came from HR
    sent = cli("send", feedback, "--yes", "--json", now=READ, **env).json
    assert sent["sent"] is True and sent["draft"]["subject"] == draft["subject"]
    assert smtp_server_strict.refused == []
    *_, got = smtp_server_strict.messages
    message = got.checked()
    assert message["Subject"] == f"Re: {subject}"
    assert message["In-Reply-To"] == REJECTION
    assert message["References"].split() == [EARLIER, ours, REJECTION]  # the whole chain
    assert f"In-Reply-To: {REJECTION}\r\n".encode() in got.data  # as written, not encoded
    assert EARLIER.encode() in got.data
