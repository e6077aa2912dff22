"""The service's own mail (server mode): through the server's SMTP settings, from `mail_from`,
as a strict server and reader take it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.domain.errors import ConfigError, InvalidInput, NotSent
from followup.services import notices
from tests.mailservers import SmtpServer
from tests.server import server_app

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


def test_a_notice_goes_from_mail_from_to_the_person(
    tmp_path: Path, smtp_server_strict: SmtpServer
) -> None:
    mail_from = "Careers Service <followup@careers.example.org>"
    app = server_app(tmp_path, **smtp_server_strict.env(), FOLLOWUP_MAIL_FROM=mail_from)
    notices.send(app, "ann@example.org", "You are invited", "Hello,\n\nCome in.", NOW, "Ann Lee")
    [got] = smtp_server_strict.messages
    message = got.checked()
    assert got.mail_from == "followup@careers.example.org"
    assert got.rcpt_tos == ["ann@example.org"]
    assert message["From"].addresses[0].display_name == "Careers Service"
    assert message["To"].addresses[0].addr_spec == "ann@example.org"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content().startswith("Hello,")


def test_no_smtp_server_or_no_sender_is_one_clear_error(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    with pytest.raises(NotSent, match="set FOLLOWUP_SMTP_HOST"):
        notices.send(server_app(tmp_path), "ann@example.org", "Hi", "Hi", NOW)
    with pytest.raises(ConfigError, match="FOLLOWUP_MAIL_FROM"):
        notices.send(server_app(tmp_path, **smtp_server.env()), "ann@example.org", "Hi", "Hi", NOW)
    assert smtp_server.messages == []


def test_a_header_newline_in_a_subject_is_refused(tmp_path: Path, smtp_server: SmtpServer) -> None:
    app = server_app(tmp_path, **smtp_server.env(), FOLLOWUP_MAIL_FROM="f@careers.example.org")
    with pytest.raises(InvalidInput, match=r"[Ss]ubject"):
        notices.send(app, "ann@example.org", "Hi\r\nBcc: eve@example.org", "x", NOW)
    assert smtp_server.messages == []
