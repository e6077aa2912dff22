"""`followup send` and header injection through encoded words (CVE-2024-6923; this machine's
Python, 3.11.7, has it): a role or a contact's name that is one encoded word hiding CRLFs is
refused before anything is approved or sent, and a real SMTP server (aiosmtpd on loopback)
receives nothing; a subject or name holding `=?` harmlessly arrives as typed, with only the
headers followup wrote.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_cases import ADD, PRIYA, PROFILE, SAM, outbox, status

EVIL = "=?utf-8?q?Eng=0D=0AReply-To:_attacker@evil.example=0D=0AX-Injected:_yes?="
HEADERS = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "Content-Type",
           "Content-Transfer-Encoding", "MIME-Version"]  # fmt: skip


def with_role(role: str) -> list[str]:
    return [role if arg == "Data Analyst" else arg for arg in ADD]


def thank_you(cli, role: str = "Data Analyst") -> str:
    cli(*PROFILE)
    plan = cli(*with_role(role), "--interviewer", PRIYA, "--hr", SAM).json
    return next(str(s["id"]) for s in plan["steps"] if s["kind"] == "thank-you")


def test_a_role_hiding_headers_is_refused_and_nothing_arrives(cli, smtp_server):
    thanks = thank_you(cli, EVIL)
    refused = cli("send", thanks, "--yes", ok=False, **smtp_server.env())
    assert refused.code == 2, refused.err
    [line] = refused.err.strip().splitlines()
    assert line.startswith("error: the Subject holds an encoded word that decodes to a line")
    assert "nothing was sent" in line
    assert smtp_server.mail_froms == [] and smtp_server.messages == []
    assert outbox(cli) == []  # nothing approved, so nothing "may have been sent"
    assert status(cli, thanks) == ("planned", None)


def test_a_vcard_name_hiding_headers_is_refused_and_nothing_arrives(cli, smtp_server, tmp_path):
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    card = tmp_path / "evil.vcf"
    card.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{EVIL}\r\nEMAIL:priya@acme.example\r\nEND:VCARD\r\n"
    )
    cli("contacts", "import", str(card), "--app", app_id, "--relation", "interviewer")
    steps = cli("plan", app_id, "--json").json["steps"]
    thanks = next(str(s["id"]) for s in steps if s["kind"] == "thank-you")
    refused = cli("send", thanks, "--yes", ok=False, **smtp_server.env())
    assert refused.code == 2, refused.err
    assert "error: the name of 'priya@acme.example' in To holds an encoded word" in refused.err
    assert smtp_server.mail_froms == [] and smtp_server.messages == []
    assert outbox(cli) == []
    # Without SMTP, no .eml file carries it either.
    exported = cli("send", thanks, "--yes", ok=False)
    assert exported.code == 2 and "in To holds an encoded word" in exported.err
    assert not list(Path(cli.home, "data", "followup").glob("outbox/*.eml"))


def test_a_role_holding_a_harmless_encoded_word_arrives_as_typed(cli, smtp_server):
    role = "=?utf-8?q?Caf=C3=A9?= Analyst"
    thanks = thank_you(cli, role)
    sent = cli("send", thanks, "--yes", "--json", **smtp_server.env()).json
    assert sent["sent"] is True
    [got] = smtp_server.messages
    message = got.checked()
    assert list(message.keys()) == HEADERS
    assert message["Subject"] == f"Thank you: {role} interview"  # not "Café Analyst"
    assert message["Subject"] == sent["draft"]["subject"]
