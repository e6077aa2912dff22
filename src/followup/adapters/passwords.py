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


def _keyring(service: str, user: str) -> str | None:
    try:
        import keyring  # optional: `pip install keyring`

        found = keyring.get_password(service, user)
    except Exception:  # not installed, or no usable backend: nothing is stored there
        return None
    return str(found) if found else None
