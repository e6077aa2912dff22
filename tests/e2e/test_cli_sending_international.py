"""`followup send` to international addresses, through a real SMTP server (aiosmtpd on
loopback) that offers SMTPUTF8 or does not: `uwe@bücher.example` goes as IDNA through any
server; `ölga@example.com` goes with SMTPUTF8, and a server without it is told nothing: the
message waits, approved, `send` exits non-zero, and nothing "may have been sent".
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_cases import ADD, PROFILE, outbox, status

NOT_SENT = 7  # NotSent's exit code


def thank_you(cli, interviewer: str, hr: str = "Sam Lee, HR Manager, sam@acme.example") -> str:
    cli(*PROFILE)
    plan = cli(*ADD, "--interviewer", interviewer, "--hr", hr).json
    return next(str(s["id"]) for s in plan["steps"] if s["kind"] == "thank-you")


def test_a_non_ascii_domain_goes_as_idna(cli, smtp_server):
    thanks = thank_you(cli, "Uwe Bauer, CTO, uwe@bücher.example")
    sent = cli("send", thanks, "--yes", "--json", **smtp_server.env()).json
    assert sent["sent"] is True and sent["outbox"]["state"] == "sent"
    [got] = smtp_server.messages
    assert got.rcpt_tos == ["uwe@xn--bcher-kva.example", "sam@acme.example"]
    assert "SMTPUTF8" not in got.mail_options and got.data.isascii()
    to = got.checked()["To"]
    assert [(a.display_name, a.addr_spec) for a in to.addresses] == [
        ("Uwe Bauer", "uwe@xn--bcher-kva.example")
    ]


def test_a_non_ascii_local_part_goes_with_smtputf8(cli, smtp_server_utf8):
    thanks = thank_you(cli, "Ölga Ünal, CTO, ölga@example.com")
    sent = cli("send", thanks, "--yes", "--json", **smtp_server_utf8.env()).json
    assert sent["sent"] is True and sent["outbox"]["to"] == ["ölga@example.com"]
    [got] = smtp_server_utf8.messages
    assert got.mail_from == "alex@example.org"
    assert got.rcpt_tos == ["ölga@example.com", "sam@acme.example"]
    assert "SMTPUTF8" in got.mail_options
    message = got.checked()
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Ölga Ünal", "ölga@example.com")
    ]
    assert message["Subject"] == sent["draft"]["subject"]
    assert message.get_content().replace("\r\n", "\n") == sent["draft"]["body"]


def test_without_smtputf8_it_waits_and_send_fails(cli, smtp_server, smtp_server_utf8):
    thanks = thank_you(cli, "Ölga Ünal, CTO, ölga@example.com")
    failed = cli("send", thanks, "--yes", ok=False, **smtp_server.env())
    assert failed.code == NOT_SENT, failed.err
    assert "does not accept international addresses (SMTPUTF8)" in failed.err
    assert "Traceback" not in failed.err
    assert smtp_server.mail_froms == [] and smtp_server.messages == []
    [waiting] = outbox(cli)
    assert waiting["state"] == "approved" and "SMTPUTF8" in waiting["error"]
    assert status(cli, thanks) == ("done", "sent")  # approved: the outbox owns it
    # Delivered once, through a server that can carry it; never twice.
    [delivered] = cli("outbox", "deliver", "--json", **smtp_server_utf8.env()).json
    assert delivered["state"] == "sent"
    assert cli("outbox", "deliver", "--json", **smtp_server_utf8.env()).json == []
    assert len(smtp_server_utf8.messages) == 1 and smtp_server.messages == []


def test_without_smtp_the_eml_file_holds_the_international_message(cli):
    thanks = thank_you(cli, "Ölga Ünal, CTO, ölga@example.com")
    result = cli("send", thanks, "--yes", "--json").json
    raw = Path(result["file"]).read_bytes()
    assert "To: Ölga Ünal <ölga@example.com>".encode() in raw
