"""Mail passwords encrypted at rest (server mode): Fernet (AES-128-CBC with HMAC-SHA256, from
`cryptography`) under a key made from the `secret_key` setting with HKDF-SHA256.

The key is derived, never stored: HKDF-SHA256 over the setting's UTF-8 bytes (no salt, the
`info` below), 32 bytes, URL-safe base64 as Fernet takes it. Changing `secret_key` makes every
stored password unreadable (each user then types theirs again); a token made under another key,
or altered, is refused with one clear error, never decrypted into nonsense.
"""

from __future__ import annotations

import base64
import functools
from typing import TYPE_CHECKING

from followup.domain.errors import ConfigError

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

MIN_KEY_LENGTH = 32
_INFO = b"followup mail secrets v1"


@functools.lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if len(secret_key or "") < MIN_KEY_LENGTH:
        raise ConfigError(
            f"secret_key must be at least {MIN_KEY_LENGTH} characters (FOLLOWUP_SECRET_KEY): "
            "mail passwords are encrypted with a key made from it"
        )
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret_key: str | None, password: str) -> str:
    """`password` encrypted (a Fernet token, ASCII text), for storing."""
    return _fernet(secret_key or "").encrypt(password.encode("utf-8")).decode("ascii")


def unseal(secret_key: str | None, token: str) -> str:
    """The password a token made by `seal` holds; ConfigError when the key is not the one it
    was made with (secret_key changed) or the token was altered."""
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(secret_key or "").decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError):
        raise ConfigError(
            "a stored mail password cannot be decrypted: secret_key is not the one it was "
            "saved with (type the password again on the Settings page)"
        ) from None
