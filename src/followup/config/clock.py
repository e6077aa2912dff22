"""The clock: the real one, or the moment `FOLLOWUP_NOW` names."""

from __future__ import annotations

from datetime import UTC, datetime

from followup.domain.errors import ConfigError
from followup.domain.values import FIRST_YEAR, LAST_YEAR


def parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(
            f"FOLLOWUP_NOW {text!r} is not an ISO 8601 moment like 2026-12-18T16:00:00+00:00"
        ) from None
    if moment.tzinfo is None:
        raise ConfigError(f"FOLLOWUP_NOW {text!r} needs an offset, like +00:00")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ConfigError(
            f"FOLLOWUP_NOW {text!r} is out of range (years {FIRST_YEAR} to {LAST_YEAR})"
        )
    return moment


def now(fixed: datetime | None) -> datetime:
    """The fixed moment when one is set, else the real time."""
    return fixed or datetime.now(UTC)
