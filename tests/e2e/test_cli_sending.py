"""Sending through the command line: approval, exactly once, crashes, and the .eml fallback.

A real SMTP server (aiosmtpd) receives the mail; a real IMAP server (Dovecot) holds the Sent
folder that confirms a send after a crash.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from tests.e2e.cli_cases import editor, outbox, record, status
from tests.mailservers import Received

LATER = "2026-12-18T16:40:00+00:00"  # ten minutes on: a send begun at 16:30 is stale by now
CRASHED = 86  # the exit code of sending.crash_point


def test_an_approved_thank_you_arrives_once_with_the_right_headers(cli, smtp_server):
    thanks = record(cli)["thank-you"]
    draft = cli("draft", thanks, "--json").json
    sent = cli("send", thanks, "--yes", "--json", **smtp_server.env()).json
    assert sent["sent"] is True and sent["draft"]["text"] == draft["text"]
    message_id = sent["outbox"]["message_id"]
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.org>", message_id)
    [got] = smtp_server.messages
    assert got.mail_from == "alex@example.org"
    assert got.rcpt_tos == ["priya@acme.example", "sam@acme.example"]
    message = got.checked()  # CRLF, line limits, the headers, no defects
    assert list(message.items()) == [
        ("From", "Alex Morgan <alex@example.org>"),
        ("To", "Priya Shah <priya@acme.example>"),
        ("Cc", "Sam Lee <sam@acme.example>"),
        ("Subject", draft["subject"]),
        ("Date", "Fri, 18 Dec 2026 16:30:00 +0000"),
        ("Message-ID", message_id),
        ("Content-Type", 'text/plain; charset="utf-8"'),
        ("Content-Transfer-Encoding", "quoted-printable"),
        ("MIME-Version", "1.0"),
    ]
    assert message.get_content().replace("\r\n", "\n") == draft["body"]
    assert status(cli, thanks) == ("done", "sent")
    # Never twice: sending again, or delivering, finds it sent.
    again = cli("send", thanks, "--yes", "--json", **smtp_server.env()).json
    assert again["sent"] is True and again["outbox"]["message_id"] == message_id
    assert cli("outbox", "deliver", "--json", **smtp_server.env()).json == []
    assert len(smtp_server.messages) == 1
    [listed] = outbox(cli)
    assert listed["state"] == "sent" and listed["confirmed_by"] == "server"
    assert listed["to"] == ["priya@acme.example"] and listed["cc"] == ["sam@acme.example"]


def test_promised_files_go_as_attachments(cli, smtp_server, tmp_path):
    promised = record(cli, "--promise", "portfolio link -> Priya Shah")["send-promised"]
    portfolio = tmp_path / "portfolio.pdf"
    portfolio.write_bytes(b"%PDF-1.4 portfolio\n")
    notes = tmp_path / "notes.txt"
    notes.write_text("SQL samples ✓\n")
    args = ["--attach", str(portfolio), "--attach", str(notes)]
    cli("send", promised, "--yes", *args, **smtp_server.env())
    [got] = smtp_server.messages
    parts = {p.get_filename(): p for p in got.message.iter_attachments()}
    assert parts["portfolio.pdf"].get_content_type() == "application/pdf"
    assert parts["portfolio.pdf"].get_content() == b"%PDF-1.4 portfolio\n"
    assert parts["notes.txt"].get_payload(decode=True) == "SQL samples ✓\n".encode()
    assert "portfolio link" in got.message.get_body(("plain",)).get_content()


PS = ("P.S. Merci encore, Renée et Zoë: the café-crème at Müller's was lovely. The notebook "
      "I mentioned: https://github.example/alex-morgan/acme-analytics-case-study/blob/main/"
      "notebooks/2026-12-18-stakeholder-reporting.ipynb?plain=1#L42")  # fmt: skip


def with_ps(cli, tmp_path, step: str) -> None:
    """The step's draft with PS before its sign-off (kept as the user's edit)."""
    script = f"""
        import re
        text = re.sub(r"\\n(Kind regards|Best wishes),", {PS!r} + r"\\n\\n\\1,", text)
    """
    cli("draft", step, "--edit", EDITOR=editor(cli, tmp_path, script))


def test_a_long_accented_email_with_a_file_reaches_a_strict_server(cli, smtp_server_strict,
                                                                   tmp_path):  # fmt: skip
    """Approved and sent: CRLF, no line over 998 octets, quoted-printable and base64 lines of
    at most 76 characters, the headers a receiver needs; the text arrives as it was shown."""
    thanks = record(cli)["thank-you"]
    with_ps(cli, tmp_path, thanks)
    draft = cli("draft", thanks, "--json").json
    assert PS in draft["body"] and not draft["errors"]
    cv = tmp_path / "Müller CV.pdf"
    cv.write_bytes(bytes(range(256)) * 64)
    sent = cli("send", thanks, "--yes", "--attach", str(cv), "--json",
               **smtp_server_strict.env()).json  # fmt: skip
    assert sent["sent"] is True and smtp_server_strict.refused == []
    [got] = smtp_server_strict.messages
    message = got.checked()
    body = message.get_body(("plain",))
    assert body["Content-Transfer-Encoding"] == "quoted-printable"
    assert body.get_content().replace("\r\n", "\n") == draft["body"]
    [attached] = message.iter_attachments()
    assert attached.get_filename() == "Müller CV.pdf"
    assert attached.get_content() == cv.read_bytes()


def test_the_eml_file_is_in_wire_form_too(cli, tmp_path):
    thanks = record(cli)["thank-you"]
    with_ps(cli, tmp_path, thanks)
    result = cli("send", thanks, "--yes", "--json").json
    data = Path(result["file"]).read_bytes()
    message = Received("alex@example.org", ["priya@acme.example"], data).checked()
    assert PS in message.get_content()


def test_error_findings_block_sending_and_nothing_is_written(cli, smtp_server, tmp_path):
    thanks = record(cli)["thank-you"]
    careless = editor(cli, tmp_path, 'text = text.replace("Priya Shah", "Priya Sha")')
    cli("draft", thanks, "--edit", EDITOR=careless)
    refused = cli("send", thanks, "--yes", ok=False, **smtp_server.env())
    assert refused.code == 4 and "error" in refused.err and "nothing was sent" in refused.err
    assert smtp_server.messages == [] and outbox(cli) == []
    assert status(cli, thanks) == ("planned", None)


def test_without_a_terminal_only_yes_sends(cli, smtp_server):
    thanks = record(cli)["thank-you"]
    refused = cli("send", thanks, ok=False, **smtp_server.env())
    assert refused.code == 2 and "--yes" in refused.err
    assert smtp_server.messages == [] and outbox(cli) == []


def test_a_letter_is_not_sent(cli, smtp_server):
    call = record(cli)["check-in-call"]
    refused = cli("send", call, "--yes", ok=False, **smtp_server.env())
    assert refused.code == 2 and "not an email" in refused.err


def test_without_smtp_an_eml_file_and_a_mailto_link(cli):
    thanks = record(cli)["thank-you"]
    result = cli("send", thanks, "--yes", "--json").json
    assert result["sent"] is False
    path = Path(result["file"])
    assert path.parent == cli.home / "data" / "followup" / "outbox"
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["Message-ID"] == result["message_id"] == f"<{path.stem}>"
    assert message["To"] == "Priya Shah <priya@acme.example>"
    assert message["Cc"] == "Sam Lee <sam@acme.example>"
    assert result["mailto"].startswith("mailto:priya@acme.example?cc=sam@acme.example&subject=")
    assert "%0D%0A" in result["mailto"]
    assert status(cli, thanks) == ("planned", None)  # until the user says it went
    cli("done", thanks)
    assert status(cli, thanks) == ("done", "sent")


def test_a_refused_message_waits_in_the_outbox(cli, smtp_server):
    thanks = record(cli)["thank-you"]
    smtp_server.refuse = "550 5.1.1 mailbox unavailable"
    failed = cli("send", thanks, "--yes", ok=False, **smtp_server.env())
    assert failed.code == 7 and "550" in failed.err and "outbox deliver" in failed.err
    [waiting] = outbox(cli)
    assert waiting["state"] == "approved" and "550" in waiting["error"]
    assert status(cli, thanks) == ("done", "sent")  # approved: the outbox owns it now
    smtp_server.refuse = None
    [delivered] = cli("outbox", "deliver", "--json", **smtp_server.env()).json
    assert delivered["state"] == "sent"
    assert len(smtp_server.messages) == 1


def test_a_login_is_used_and_the_password_never_stored(cli, smtp_server_with_login):
    thanks = record(cli)["thank-you"]
    env = smtp_server_with_login.env()
    wrong = cli("send", thanks, "--yes", ok=False, **{**env, "FOLLOWUP_SMTP_PASSWORD": "nope"})
    assert wrong.code == 7 and "login" in wrong.err
    cli("outbox", "deliver", **env)
    assert smtp_server_with_login.logins == ["alex@example.org"]
    assert len(smtp_server_with_login.messages) == 1
    for path in cli.sqlite_files:
        assert env["FOLLOWUP_SMTP_PASSWORD"].encode() not in path.read_bytes()


def test_no_password_no_approval(cli, smtp_server_with_login):
    thanks = record(cli)["thank-you"]
    env = {**smtp_server_with_login.env(), "FOLLOWUP_SMTP_PASSWORD": ""}
    missing = cli("send", thanks, "--yes", ok=False, **env)
    assert missing.code == 6 and "FOLLOWUP_SMTP_PASSWORD" in missing.err
    assert outbox(cli) == [] and status(cli, thanks) == ("planned", None)


# -- crashes -------------------------------------------------------------------------------


def test_crash_after_approval_delivers_exactly_one_message_after_restart(any_cli, smtp_server):
    cli, env = any_cli, smtp_server.env()
    thanks = record(cli)["thank-you"]
    crashed = cli("send", thanks, "--yes", ok=False, FOLLOWUP_TEST_CRASH="after-approval", **env)
    assert crashed.code == CRASHED
    assert smtp_server.messages == []
    [waiting] = outbox(cli)
    assert waiting["state"] == "approved" and waiting["smtp_started_at"] is None
    assert status(cli, thanks) == ("done", "sent")  # in the approval's transaction
    # Restart: the next command that sends delivers it, once.
    [delivered] = cli("outbox", "deliver", "--json", **env).json
    assert delivered["state"] == "sent" and delivered["message_id"] == waiting["message_id"]
    again = cli("send", thanks, "--yes", "--json", **env).json
    assert again["earlier"] == [] and again["sent"] is True
    [got] = smtp_server.messages
    assert got.message["Message-ID"] == waiting["message_id"]


def test_crash_after_approval_is_delivered_by_the_next_send(cli, smtp_server):
    steps = record(cli, "--promise", "portfolio link -> Priya Shah")
    env = smtp_server.env()
    thanks, promised = steps["thank-you"], steps["send-promised"]
    cli("promise", "attach", promised, "--link", "https://portfolio.example/alex")
    cli("send", thanks, "--yes", ok=False, FOLLOWUP_TEST_CRASH="after-approval", **env)
    result = cli("send", promised, "--yes", "--json", **env).json
    assert [e["step_id"] for e in result["earlier"]] == [int(thanks)]
    assert sorted(m.message["Subject"] for m in smtp_server.messages) == sorted(
        e["subject"] for e in outbox(cli)
    )
    assert len(smtp_server.messages) == 2


def crash_after_smtp(cli, smtp_server) -> tuple[str, dict]:
    """Send the thank-you and die once the server has it, before `sent` is committed."""
    thanks = record(cli)["thank-you"]
    env = smtp_server.env()
    crashed = cli("send", thanks, "--yes", ok=False, FOLLOWUP_TEST_CRASH="after-smtp", **env)
    assert crashed.code == CRASHED
    assert len(smtp_server.messages) == 1
    [entry] = outbox(cli)
    assert entry["state"] == "sending" and entry["smtp_started_at"] is not None
    return thanks, entry


def test_crash_after_smtp_without_imap_may_have_been_sent(any_cli, smtp_server):
    cli, env = any_cli, smtp_server.env()
    thanks, _ = crash_after_smtp(cli, smtp_server)
    # Restarted at once: it may still be on its way, so it is left alone.
    assert cli("outbox", "deliver", "--json", **env).json == []
    # Later: its process is gone; nothing says whether it went.
    [doubt] = outbox(cli, now=LATER)
    assert doubt["state"] == "uncertain" and doubt["may_have_been_sent"] is True
    assert "may have been sent" in cli("outbox", "list", now=LATER).out
    assert cli("send", thanks, "--yes", "--json", now=LATER, **env).json["sent"] is False
    assert cli("outbox", "deliver", "--json", now=LATER, **env).json == []
    assert len(smtp_server.messages) == 1  # never sent again blindly
    resolved = cli("outbox", "resolve", str(doubt["id"]), "sent", "--json", now=LATER).json
    assert resolved["state"] == "sent" and resolved["confirmed_by"] == "user"
    assert len(smtp_server.messages) == 1


def test_crash_after_smtp_resend_is_the_users_call(cli, smtp_server):
    crash_after_smtp(cli, smtp_server)
    [doubt] = outbox(cli, now=LATER)
    env = smtp_server.env()
    again = cli("outbox", "resolve", str(doubt["id"]), "resend", "--json", now=LATER, **env).json
    assert again["state"] == "sent"
    first, second = smtp_server.messages
    assert first.data == second.data  # the same message, the same Message-ID


def test_crash_after_smtp_confirmed_in_the_sent_folder(any_cli, smtp_server, dovecot):
    cli, env = any_cli, {**smtp_server.env(), **dovecot.env()}
    crash_after_smtp(cli, smtp_server)
    [got] = smtp_server.messages
    dovecot.deliver(got.data, "Sent")  # as the user's mail server or program keeps a copy
    [confirmed] = outbox(cli, now=LATER, **env)
    assert confirmed["state"] == "sent" and confirmed["confirmed_by"] == "sent-folder"
    assert confirmed["may_have_been_sent"] is False
    assert cli("outbox", "deliver", "--json", now=LATER, **env).json == []
    assert len(smtp_server.messages) == 1


def test_crash_after_smtp_not_in_the_sent_folder_is_uncertain(cli, smtp_server, dovecot):
    env = {**smtp_server.env(), **dovecot.env()}
    crash_after_smtp(cli, smtp_server)
    dovecot.deliver(b"Message-ID: <other@example.org>\r\nSubject: x\r\n\r\nx\r\n", "Sent")
    [doubt] = outbox(cli, now=LATER, **env)
    assert doubt["state"] == "uncertain"
    assert len(smtp_server.messages) == 1


def test_an_unreachable_sent_folder_leaves_it_uncertain(cli, smtp_server, dovecot):
    env = {**smtp_server.env(), **dovecot.env(), "FOLLOWUP_IMAP_SENT_FOLDER": "Nowhere"}
    crash_after_smtp(cli, smtp_server)
    [doubt] = outbox(cli, now=LATER, **env)
    assert doubt["state"] == "uncertain" and "Sent folder" in doubt["error"]


def test_cancel_reopens_the_step(cli, smtp_server):
    thanks = record(cli)["thank-you"]
    smtp_server.refuse = "550 no"
    cli("send", thanks, "--yes", ok=False, **smtp_server.env())
    [waiting] = outbox(cli)
    cancelled = cli("outbox", "resolve", str(waiting["id"]), "cancel", "--json").json
    assert cancelled["state"] == "cancelled"
    assert status(cli, thanks) == ("planned", None)
    smtp_server.refuse = None
    cli("outbox", "deliver", **smtp_server.env())
    assert smtp_server.messages == []


@pytest.mark.parametrize("answer", ["sent", "resend"])
def test_resolve_refuses_what_is_not_in_doubt(cli, smtp_server, answer):
    thanks = record(cli)["thank-you"]
    cli("send", thanks, "--yes", **smtp_server.env())
    [sent] = outbox(cli)
    refused = cli("outbox", "resolve", str(sent["id"]), answer, ok=False)
    assert refused.code == 4 and "is sent" in refused.err
