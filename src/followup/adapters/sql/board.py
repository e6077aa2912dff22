"""The Pipeline board read by the database (`ports.ReadViews.board`): each application's last
contact and next open step as domain/board.py finds them over whole applications, from two
statements instead of every application loaded (a test checks both agree)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from followup.adapters.sql import rows
from followup.adapters.sql.database import Connection, placeholders
from followup.domain.board import Card
from followup.domain.model import AUTO_REPLY, OPEN_STATUSES, ApplicationSummary, Channel, StepStatus

# The latest interview started, decision, touch (an automatic reply aside) or step done that
# reached someone, by now, per application (board.last_contact).
_LAST_CONTACTS = """
SELECT application_id, max("at") AS "at" FROM (
    SELECT application_id, start AS "at" FROM interviews
    WHERE user_id = :owner AND start <= :now
    UNION ALL
    SELECT application_id, "at" FROM touches
    WHERE user_id = :owner AND "at" <= :now AND (outcome IS NULL OR outcome <> :auto)
    UNION ALL
    SELECT application_id, "at" FROM decisions WHERE user_id = :owner AND "at" <= :now
    UNION ALL
    SELECT application_id, done_at AS "at" FROM steps
    WHERE user_id = :owner AND status = :done AND channel <> :other AND done_at <= :now
) AS contacts
GROUP BY application_id
"""

# The open step due first, per application (board.next_step).
_NEXT_STEPS = """
SELECT * FROM (
    SELECT s.*, row_number() OVER (PARTITION BY application_id ORDER BY due, id) AS place
    FROM steps AS s
    WHERE user_id = :owner AND status IN {statuses}
) AS open_steps
WHERE place = 1
"""


def cards(
    connection: Connection,
    owner: int | None,
    summaries: Sequence[ApplicationSummary],
    now: datetime,
) -> list[Card]:
    """A card for each of the applications summed up, in their order."""
    if owner is None:
        return []
    params = {
        "owner": owner,
        "now": now,
        "auto": AUTO_REPLY,
        "done": StepStatus.DONE,
        "other": Channel.OTHER,
    }
    contacts = {r["application_id"]: r["at"] for r in connection.rows(_LAST_CONTACTS, params)}
    statuses, listed = placeholders("status", sorted(OPEN_STATUSES))
    found = connection.rows(_NEXT_STEPS.format(statuses=statuses), {"owner": owner, **listed})
    steps = {r["application_id"]: rows.step(r) for r in found}
    return [Card(s, contacts.get(s.id), steps.get(s.id)) for s in summaries]
