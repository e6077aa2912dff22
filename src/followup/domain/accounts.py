"""Server mode's people: accounts with a role, and the rules their secrets and sign-ins follow.

An account is a `users` row with an email and a role. A job seeker's data is theirs; a coach
sees it only while the job seeker allows it (`Coaching`); an admin invites people and runs the
service. Secrets handed out (a session's cookie, an API token, an invitation or a reset link)
are random tokens the database keeps only as their SHA-256 hash (`token_hash`), so a copy of
the database opens nothing. Making a token needs randomness and is the adapters' job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from followup.domain.errors import InvalidInput
from followup.domain.values import check_email

PASSWORD_MIN = 10  # characters: long passphrases over composition rules (NIST SP 800-63B)
PASSWORD_MAX = 1024  # nothing longer is hashed (argon2 takes any length; this caps the work)
SESSION_COOKIE = "followup_session"
RESET_LASTS = timedelta(hours=1)  # a password reset link works this long, once
INVITATION_LASTS = timedelta(days=7)  # an invitation's link works this long, once
REFUSED = "that email and password do not match an account"  # whichever was wrong


class Role(StrEnum):
    ADMIN = "admin"
    COACH = "coach"
    SEEKER = "seeker"


class Scope(StrEnum):
    """What a personal API token may do: read (GET and HEAD only) or write (anything)."""

    READ = "read"
    WRITE = "write"


@dataclass(frozen=True, slots=True)
class Account:
    """A person signed in to the server: `name` names their data (the `users` row's name,
    which never changes), `email` is where they are written to and how they sign in."""

    id: int
    name: str
    email: str
    role: Role
    cohort: str | None = None

    @property
    def staff(self) -> bool:
        """Admins and coaches: the service's people, who keep no job search of their own."""
        return self.role is not Role.SEEKER


def email_key(address: str) -> str:
    """The form two emails are compared in (`Ann@Example.org` is `ann@example.org`): checked,
    then case-folded whole (mail servers treat the local part's case alike in practice)."""
    return check_email(address.strip()).casefold()


def check_password(password: str) -> str:
    """A password worth hashing: PASSWORD_MIN to PASSWORD_MAX characters, not all spaces."""
    if len(password) < PASSWORD_MIN or not password.strip():
        raise InvalidInput(f"a password needs at least {PASSWORD_MIN} characters")
    if len(password) > PASSWORD_MAX:
        raise InvalidInput(f"a password can have at most {PASSWORD_MAX} characters")
    if "\x00" in password:
        raise InvalidInput("a password cannot hold a NUL character")
    return password


def token_hash(token: str) -> str:
    """What the database keeps of a secret token: its SHA-256, 64 hex digits."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Throttle:
    """At most `limit` failed sign-ins in `window`, counted per account and per address."""

    limit: int
    window: timedelta

    def retry_after(self, failures: Sequence[datetime], now: datetime) -> timedelta | None:
        """How long until another attempt is let through; None when one may be made now."""
        recent = sorted(f for f in failures if now - self.window < f <= now)
        if len(recent) < self.limit:
            return None
        # The oldest failure that keeps the count at the limit leaves the window first.
        return recent[-self.limit] + self.window - now


ACCOUNT_THROTTLE = Throttle(limit=5, window=timedelta(minutes=15))
ADDRESS_THROTTLE = Throttle(limit=20, window=timedelta(minutes=15))


def failure_keys(email: str, address: str | None) -> tuple[str, str]:
    """The keys a failed sign-in is counted under: the account's (`account:<email key>`, an
    address that is no email folded as typed) and the address's (`address:<ip>`)."""
    try:
        key = email_key(email)
    except InvalidInput:  # kept printable: PostgreSQL's text takes no NUL
        key = "".join(c for c in email.strip().casefold() if c.isprintable())[:320]
    return f"account:{key}", f"address:{(address or 'unknown')[:64]}"


def wait_words(seconds: int) -> str:
    """How long to wait, in words: `14 minutes`, `1 minute`, `30 seconds`."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
