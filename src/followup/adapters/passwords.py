"""Where mail passwords come from: the environment, else the system keyring. Never stored."""

from __future__ import annotations

from followup.domain.errors import ConfigError


def password(kind: str, given: str | None, host: str, user: str | None) -> str | None:
    """The password for `kind` ("smtp" or "imap"): the one given (from the environment), else
    the system keyring's for `user` under the service `followup-<kind>`; None without a user."""
    if given or not user:
        return given
    found = _keyring(f"followup-{kind}", user)
    if not found:
        name = f"FOLLOWUP_{kind.upper()}_PASSWORD"
        raise ConfigError(
            f"no {kind.upper()} password for {user} at {host}: set {name} "
            f"or store it with `keyring set followup-{kind} {user}`"
        )
    return found


def keep(kind: str, user: str, secret: str) -> None:
    """Keep the password for `kind` ("smtp" or "imap") in the system keyring under the
    service `followup-<kind>` for `user`, where `password` finds it. ConfigError, saying what
    to do instead, when there is no keyring to keep it in."""
    instead = f"set FOLLOWUP_{kind.upper()}_PASSWORD in the environment followup runs in"
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise ConfigError(
            f"there is no system keyring here to keep the password: {instead}"
        ) from None
    try:
        keyring.set_password(f"followup-{kind}", user, secret)
    except KeyringError as exc:  # NoKeyringError: no backend on this machine
        reason = str(exc).split(".")[0]
        raise ConfigError(
            f"the system keyring did not keep the password ({reason}): {instead}"
        ) from None


def _keyring(service: str, user: str) -> str | None:
    try:
        import keyring  # optional: `pip install keyring`

        found = keyring.get_password(service, user)
    except Exception:  # not installed, or no usable backend: nothing is stored there
        return None
    return str(found) if found else None
