"""Today in the web shows the first few of each part (`services.agenda.agenda(..., limit)`): the
most overdue, the soonest due, the newest replies, and whether each part has more. Read with
LIMIT in SQL; it must be exactly the start of the full agenda."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from followup import services
from followup.adapters.sql.store import SqlStore
from tests.integration.agenda_cases import NOW, PLAYBOOK, seed


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 5, 50])
def test_a_limited_agenda_is_the_start_of_the_full_one(store: SqlStore, limit: int) -> None:
    seed(store)
    for within in (timedelta(hours=1), timedelta(days=7), timedelta(days=60)):
        full = services.agenda.agenda(store, PLAYBOOK, NOW, within)
        some = services.agenda.agenda(store, PLAYBOOK, NOW, within, limit)
        assert full.more == {"overdue": False, "due": False, "replies": False}
        for part, shown, whole in (
            ("overdue", some.overdue, full.overdue),
            ("due", some.due, full.due),
            ("replies", some.replies, full.replies),
        ):
            assert shown == whole[:limit], part
            assert some.more[part] == (len(whole) > limit), part
    # The seed has enough of each for the small limits to cut something.
    wide = services.agenda.agenda(store, PLAYBOOK, NOW, timedelta(days=60))
    assert len(wide.overdue) > 2 and len(wide.due) > 2 and len(wide.replies) >= 2
    assert any(s.kind == "pipeline-review" for s in (*wide.overdue, *wide.due))


def test_companies_names_only_the_users_own_applications(
    store_for: Callable[[str], SqlStore], store: SqlStore
) -> None:
    seed(store)
    other = store_for("someone-else")
    seed(other)
    mine = {s.id: s.company for s in services.applications.applications(store)}
    theirs = {s.id for s in services.applications.applications(other)}
    assert theirs and not theirs & set(mine)
    assert services.applications.companies(store, set(mine) | theirs) == mine
    assert services.applications.companies(store, set()) == {}
