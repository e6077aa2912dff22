"""Server mode's mail passwords at rest (adapters/secrets.py): Fernet under a key made from
`secret_key`; what is stored never shows the password, and another key cannot open it."""

from __future__ import annotations

import pytest

from followup.adapters import secrets
from followup.domain.errors import ConfigError

KEY = "a server's secret key, 32 chars or more"
PASSWORD = "c0rrect horse; battery — ü"


def test_a_password_sealed_opens_again_with_the_same_key() -> None:
    token = secrets.seal(KEY, PASSWORD)
    assert secrets.unseal(KEY, token) == PASSWORD


def test_what_is_stored_never_shows_the_password() -> None:
    tokens = {secrets.seal(KEY, PASSWORD) for _ in range(3)}
    assert len(tokens) == 3  # a fresh IV each time: equal passwords do not look equal
    for token in tokens:
        assert token != PASSWORD and PASSWORD not in token and "horse" not in token
        assert token.isascii()


def test_another_key_is_refused_with_a_clear_error() -> None:
    token = secrets.seal(KEY, PASSWORD)
    with pytest.raises(ConfigError, match="secret_key is not the one it was saved with"):
        secrets.unseal(KEY + "!", token)


def test_an_altered_token_is_refused() -> None:
    token = secrets.seal(KEY, PASSWORD)
    altered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(ConfigError, match="cannot be decrypted"):
        secrets.unseal(KEY, altered)
    with pytest.raises(ConfigError, match="cannot be decrypted"):
        secrets.unseal(KEY, "not a token at all")


@pytest.mark.parametrize("key", [None, "", "short"])
def test_a_missing_or_short_key_is_refused(key: str | None) -> None:
    with pytest.raises(ConfigError, match="at least 32 characters"):
        secrets.seal(key, PASSWORD)
