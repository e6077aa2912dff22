"""Use cases: the user's steps as a calendar feed (`followup calendar export`, and served at a
secret link for calendars to subscribe to: `followup calendar feed`, the Settings page)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime

from followup.domain.errors import NotFound
from followup.ports import Store


def calendar_feed(store: Store, now: datetime, draft: Callable[[int], str] | None = None) -> bytes:
    """The iCalendar document of the current user's open steps, and of those closed (done,
    skipped, cancelled) within `ics.CLOSED_KEPT` before `now`, as cancelled events. The same
    data gives the same bytes. `draft(step_id)` says where a step's draft is (default: the
    `followup draft` command)."""
    from followup.adapters import ics

    with store.reading() as repo:
        steps = repo.calendar_steps(now - ics.CLOSED_KEPT)
        ids = {r.step.application_id for r in steps if r.step.application_id is not None}
        companies = repo.companies(ids)
    return ics.calendar(steps, companies, draft or ics.draft_command)


# -- the feed's secret link ----------------------------------------------------------------
# The link is `/calendar/<token>.ics`; the database keeps only the token's SHA-256 hash, so the
# link is shown once, when it is made, and cannot be read back from the data or an export.

FEED_PATH = "/calendar/{token}.ics"
_LONGEST = 128  # characters; a longer token is not one we made


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def feed_hash(token: str) -> str | None:
    """What the database keeps of a feed token (its SHA-256), to look it up by; None for a
    token too long to be one we made."""
    return _hash(token) if len(token) <= _LONGEST else None


def new_feed_token(store: Store, now: datetime) -> str:
    """A new secret token for the feed (256 random bits); any earlier one stops working."""
    token = secrets.token_urlsafe(32)
    with store.transaction() as repo:
        repo.save_feed_token(_hash(token), now)
    return token


def revoke_feed_token(store: Store) -> bool:
    """Stop the feed's link working; False when there was none."""
    with store.transaction() as repo:
        return repo.delete_feed_token()


def feed_token_since(store: Store) -> datetime | None:
    """When the current feed link was made; None when there is none."""
    with store.transaction() as repo:
        return repo.feed_token_since()


def is_current_token(store: Store, token: str) -> bool:
    """Whether `token` is the feed's current one, compared through its hash (an index
    lookup), never as text."""
    with store.transaction() as repo:
        return len(token) <= _LONGEST and repo.feed_token_since(_hash(token)) is not None


NO_FEED = "no calendar feed at this address: the link was replaced or revoked"


def feed_for_token(store: Store, token: str, now: datetime) -> bytes:
    """The calendar feed, if `token` is the current user's current one; NotFound otherwise."""
    if not is_current_token(store, token):
        raise NotFound(NO_FEED)
    return calendar_feed(store, now)
