"""Mail passwords from the environment or the keyring, never stored."""

from __future__ import annotations

import pytest

from followup.adapters import passwords
from followup.domain.errors import ConfigError


def test_passwords_come_from_the_environment_or_the_keyring(monkeypatch):
    assert passwords.password("smtp", "given", "host", "alex") == "given"
    assert passwords.password("smtp", None, "host", None) is None
    monkeypatch.setattr(passwords, "_keyring", lambda service, user: None)
    with pytest.raises(ConfigError, match=r"FOLLOWUP_IMAP_PASSWORD.*keyring set followup-imap"):
        passwords.password("imap", None, "host", "alex")
    monkeypatch.setattr(passwords, "_keyring", lambda service, user: f"{service}/{user}")
    assert passwords.password("imap", None, "host", "alex") == "followup-imap/alex"
