"""Use cases: undo an action a while after it (the pages' "Undo", `followup undo`).

`kept(repo, application_id, what, now)` wraps an action inside its transaction: the state of
the application and of the user's other applications at its company (which the action may
replan) is taken just before and just after, and kept with a token for `domain.undo.WINDOW`.
`undo` puts the state before back in one transaction, if nothing has changed it since.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from followup.domain.errors import Conflict, NotFound
from followup.domain.undo import WINDOW, Undo
from followup.ports import Repository, Store


@contextmanager
def kept(repo: Repository, application_id: int, what: str, now: datetime) -> Iterator[None]:
    """Keep what the block does to the application (and those at its company) to be undone:
    `what` says it in words, the company's name is put after it."""
    company = repo.companies([application_id]).get(application_id)
    if company is None:
        raise NotFound(f"no application with id {application_id}")
    others = repo.applications_at(company, besides=application_id)
    ids = (application_id, *(a.id for a in others if a.id is not None))
    what = f"{what} ({company})"
    before = repo.snapshot(ids)
    yield
    after = repo.snapshot(ids)
    if after == before:
        return  # nothing changed: nothing to undo
    undo = Undo(secrets.token_urlsafe(16), what, application_id, ids, now, before, after)
    repo.keep_undo(undo, forget_before=now - WINDOW)


def offer(store: Store, now: datetime) -> Undo | None:
    """The last action that can still be undone, if any (the pages offer it)."""
    with store.reading() as repo:
        return repo.latest_undo(now - WINDOW)


def undo(store: Store, token: str | None, now: datetime) -> Undo:
    """Undo the action of `token` (None: the last one): its applications back exactly as they
    were before it (their steps a revision on). Refused once `WINDOW` has passed, or when
    something else has changed them since (undo that first)."""
    minutes = int(WINDOW.total_seconds() // 60)
    with store.transaction() as repo:
        found = repo.get_undo(token) if token else repo.latest_undo(now - WINDOW)
        if found is None:
            raise NotFound(f"nothing to undo: no action in the last {minutes} minutes")
        if not found.open_at(now):
            raise Conflict(
                f"too late to undo “{found.what}”: it is more than {minutes} minutes old"
            )
        if repo.snapshot(found.application_ids) != found.after:
            raise Conflict(
                f"cannot undo “{found.what}”: the application has changed since "
                "(undo what changed it first, or change it back by hand)"
            )
        repo.restore(found.before)
        repo.forget_undo(found.token)
        return found
