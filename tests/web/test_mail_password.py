"""A mail password typed on the Settings page goes to the system keyring (a real backend: the
file keyring of keyrings.alt, as a headless machine has no desktop keyring), never to
followup's files or pages, and is found there when mail is sent. Without a keyring the page
says what to do instead and keeps nothing half-saved."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import keyring
import pytest
from fastapi.testclient import TestClient
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from keyrings.alt.file import PlaintextKeyring

from followup import bootstrap
from followup.adapters.passwords import password
from tests.web.conftest import csrf

SECRET = "c0rrect horse; battery"  # a test password
USER = "alex@example.org"


@pytest.fixture
def backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KeyringBackend]:
    """The file keyring, in this test's folder, as the system keyring."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "keyring"))
    before = keyring.get_keyring()
    made = PlaintextKeyring()
    keyring.set_keyring(made)
    try:
        yield made
    finally:
        keyring.set_keyring(before)


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    token = csrf(client, "/settings")
    return {"csrf_token": token, "smtp_host": "smtp.example.org", "smtp_port": "587",
            "smtp_security": "starttls", "smtp_user": USER, **fields}  # fmt: skip


def _alert(html: str) -> str:
    return unescape(re.findall(r'role="alert"[^>]*>([^<]*)<', html)[0])


def test_a_password_typed_is_kept_in_the_keyring_and_found_to_send(
    client: TestClient, app: bootstrap.App, backend: KeyringBackend
) -> None:
    page = client.get("/settings").text
    assert 'type="password"' in page and "keyring set" not in page  # an action, not a command
    saved = client.post("/settings/mail", data=_form(client, smtp_secret=SECRET),
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert backend.get_password("followup-smtp", USER) == SECRET
    assert password("smtp", None, "smtp.example.org", USER) == SECRET  # what sending reads
    after = client.get("/settings").text
    assert "Password (set)" in after and SECRET not in after
    config = Path(app.settings.config_dir, "config.toml").read_text()
    assert SECRET not in config and USER in config
    # Left empty, the password kept stays.
    client.post("/settings/mail", data=_form(client, smtp_secret=""))
    assert backend.get_password("followup-smtp", USER) == SECRET


def test_a_password_over_two_lines_is_refused_and_nothing_is_saved(
    client: TestClient, app: bootstrap.App, backend: KeyringBackend
) -> None:
    refused = client.post("/settings/mail", data=_form(client, smtp_secret="one\ntwo"))
    assert refused.status_code == 422 and "one line" in _alert(refused.text)
    assert backend.get_password("followup-smtp", USER) is None
    assert not Path(app.settings.config_dir, "config.toml").exists()


def test_without_a_keyring_the_page_says_what_to_do_instead(client: TestClient) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        refused = client.post("/settings/mail", data=_form(client, smtp_secret=SECRET))
    finally:
        keyring.set_keyring(before)
    assert refused.status_code == 422
    said = _alert(refused.text)
    assert "saved, but not the password" in said and "FOLLOWUP_SMTP_PASSWORD" in said
    assert SECRET not in refused.text


def test_a_password_needs_its_user(client: TestClient, backend: KeyringBackend) -> None:
    refused = client.post("/settings/mail", data=_form(client, smtp_user="", smtp_secret=SECRET))
    assert refused.status_code == 422 and "needs its user" in _alert(refused.text)
