"""Coaching in the database (domain/coaching.py, domain/caseload.py): the consent links, the
access log, coaches' notes, nudges, and the caseload's numbers.

The caseload is counted for all of a coach's job seekers at once: a handful of statements
grouped by job seeker (over the indexes on user_id), never one set of queries per job seeker,
so a caseload of a thousand reads as fast as one of ten.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from followup.adapters.sql.database import Connection
from followup.adapters.sql.dialects import insert
from followup.adapters.sql.store import SqlStore
from followup.domain import caseload
from followup.domain.coaching import Access, AskedBy, Coaching, Note, Nudge, State
from followup.domain.model import ACTIVE_STAGES, OPEN_STATUSES, DecisionKind, Direction, Stage

_LINK = """SELECT c.id, c.coach_id, c.seeker_id, c.asked_by, c.state, c.share_drafts,
c.created_at, c.accepted_at, c.ended_at, k.email AS coach_email, s.email AS seeker_email
FROM coaching c JOIN users k ON k.id = c.coach_id JOIN users s ON s.id = c.seeker_id"""

# The job seekers a coach sees now: active links, accounts enabled (`:coach`).
_MINE = """SELECT c.seeker_id FROM coaching c JOIN users u ON u.id = c.seeker_id
WHERE c.coach_id = :coach AND c.state = 'active' AND u.disabled_at IS NULL"""
_COHORT = " AND u.cohort = :cohort"


def _quoted(values: Any) -> str:
    """Constant enum values as SQL literals (the code's own words, never input)."""
    return ", ".join(f"'{v.value}'" for v in sorted(values))


_SEEKERS = """SELECT u.id, u.email, u.cohort, u.created_at, p.timezone
FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id IN ({mine})"""
_APPLICATIONS = f"""SELECT a.user_id, count(*) AS applications,
 sum(CASE WHEN a.stage IN ({_quoted(ACTIVE_STAGES)}) THEN 1 ELSE 0 END) AS active,
 sum(CASE WHEN EXISTS (SELECT 1 FROM interviews i WHERE i.application_id = a.id)
     THEN 1 ELSE 0 END) AS interviewed,
 sum(CASE WHEN a.stage IN ({_quoted({Stage.OFFER, Stage.HIRED})}) OR EXISTS (
     SELECT 1 FROM decisions d WHERE d.application_id = a.id
     AND d.kind IN ({_quoted({DecisionKind.OFFER, DecisionKind.HIRED})}))
     THEN 1 ELSE 0 END) AS offers
FROM applications a WHERE a.user_id IN ({{mine}}) GROUP BY a.user_id"""
_OVERDUE = f"""SELECT user_id, count(*) AS overdue FROM steps
WHERE user_id IN ({{mine}}) AND status IN ({_quoted(OPEN_STATUSES)}) AND due < :now
GROUP BY user_id"""
# The last thing the job seeker did: a touch they made, a step done, an application added, a
# decision recorded (each the latest by the index on its user_id).
_LAST = f"""SELECT user_id, max("at") AS "at" FROM (
 SELECT user_id, max("at") AS "at" FROM touches WHERE user_id IN ({{mine}})
  AND direction = '{Direction.OUT.value}' AND "at" <= :now GROUP BY user_id
 UNION ALL
 SELECT user_id, max(done_at) FROM steps WHERE user_id IN ({{mine}}) AND status = 'done'
  AND done_at <= :now GROUP BY user_id
 UNION ALL
 SELECT user_id, max(created_at) FROM applications WHERE user_id IN ({{mine}})
  AND created_at <= :now GROUP BY user_id
 UNION ALL
 SELECT user_id, max("at") FROM decisions WHERE user_id IN ({{mine}}) AND "at" <= :now
  GROUP BY user_id
) AS latest GROUP BY user_id"""
_INTERVIEWS = """SELECT user_id, "start" FROM interviews
WHERE user_id IN ({mine}) AND "start" >= :first AND "start" < :last"""


def link(row: dict[str, Any]) -> Coaching:
    return Coaching(
        id=row["id"],
        coach_id=row["coach_id"],
        seeker_id=row["seeker_id"],
        asked_by=AskedBy(row["asked_by"]),
        state=State(row["state"]),
        share_drafts=bool(row["share_drafts"]),
        created_at=row["created_at"],
        accepted_at=row["accepted_at"],
        ended_at=row["ended_at"],
        coach_email=row["coach_email"] or "",
        seeker_email=row["seeker_email"] or "",
    )


class SqlCoaching:
    """Coaching on the database `store` is on, one transaction at a time."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store

    @contextmanager
    def transaction(self) -> Iterator[CoachingRows]:
        with self._store.transaction() as repo:
            yield CoachingRows(repo.connection)

    @contextmanager
    def reading(self) -> Iterator[CoachingRows]:
        with self._store.reading() as repo:
            yield CoachingRows(repo.connection)


class CoachingRows:
    """The statements over coaching, access_log, coach_notes and nudges, on one connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def hold(self, seeker_id: int) -> None:
        """Hold the job seeker's account row until the transaction ends (PostgreSQL: a row
        lock; SQLite holds the whole database already): two coaches' nudges, or two requests
        for the same pair, at once take turns, so the cap and the one open link hold."""
        self.connection.execute(
            "UPDATE users SET revision = revision WHERE id = :id", {"id": seeker_id}
        )

    # -- links -------------------------------------------------------------------------------

    def open_link(self, coach_id: int, seeker_id: int) -> Coaching | None:
        """The pair's link still in force (asked or active), if any."""
        query = (
            f"{_LINK} WHERE c.coach_id = :k AND c.seeker_id = :s AND c.state IN ('asked', 'active')"
        )
        found = self.connection.rows(query + " ORDER BY c.id DESC", {"k": coach_id, "s": seeker_id})
        return link(found[0]) if found else None

    def link(self, link_id: int) -> Coaching | None:
        found = self.connection.rows(f"{_LINK} WHERE c.id = :id", {"id": link_id})
        return link(found[0]) if found else None

    def links_of_seeker(self, seeker_id: int) -> list[Coaching]:
        """A job seeker's links in force, the newest first."""
        query = (
            f"{_LINK} WHERE c.seeker_id = :s AND c.state IN ('asked', 'active') ORDER BY c.id DESC"
        )
        return [link(r) for r in self.connection.rows(query, {"s": seeker_id})]

    def links_of_coach(self, coach_id: int) -> list[Coaching]:
        """A coach's links in force, the newest first."""
        query = (
            f"{_LINK} WHERE c.coach_id = :k AND c.state IN ('asked', 'active') ORDER BY c.id DESC"
        )
        return [link(r) for r in self.connection.rows(query, {"k": coach_id})]

    def save(self, made: Coaching) -> None:
        values = {
            "coach_id": made.coach_id,
            "seeker_id": made.seeker_id,
            "asked_by": made.asked_by.value,
            "state": made.state.value,
            "share_drafts": made.share_drafts,
            "created_at": made.created_at,
            "accepted_at": made.accepted_at,
            "ended_at": made.ended_at,
        }
        if made.id is None:
            self.connection.execute(insert("coaching", tuple(values)), values)
            return
        query = (
            "UPDATE coaching SET state = :state, share_drafts = :share_drafts, "
            "accepted_at = :accepted_at, ended_at = :ended_at WHERE id = :id"
        )
        self.connection.execute(query, {**values, "id": made.id})

    # -- the access log ----------------------------------------------------------------------

    def log(self, seeker_id: int, coach_id: int, now: datetime, what: str) -> None:
        values = {"seeker_id": seeker_id, "coach_id": coach_id, "at": now, "what": what[:400]}
        self.connection.execute(insert("access_log", tuple(values)), values)

    def log_caseload(
        self,
        coach_id: int,
        now: datetime,
        what: str,
        cohort: str | None = None,
        since: datetime | None = None,
    ) -> None:
        """A row for each job seeker of the coach's caseload (of `cohort`), in one statement;
        with `since`: only for those without the same row since then."""
        query = (
            'INSERT INTO access_log (seeker_id, coach_id, "at", what) '
            f"SELECT c.seeker_id, c.coach_id, :now, CAST(:what AS VARCHAR(400)) FROM ({_MINE}"
            f"{_COHORT if cohort else ''}) AS m JOIN coaching c ON c.seeker_id = m.seeker_id "
            "AND c.coach_id = :coach AND c.state = 'active'"
        )
        if since is not None:
            query += (
                " WHERE NOT EXISTS (SELECT 1 FROM access_log l WHERE l.seeker_id = c.seeker_id "
                "AND l.coach_id = c.coach_id AND l.what = CAST(:what AS VARCHAR(400)) "
                'AND l."at" > :since)'
            )
        params = {"coach": coach_id, "now": now, "what": what, "cohort": cohort, "since": since}
        self.connection.execute(query, params)

    def access(self, seeker_id: int, limit: int = 200) -> list[Access]:
        """Who saw what of the job seeker's, and when: the newest first."""
        query = (
            'SELECT u.email, l."at", l.what FROM access_log l JOIN users u ON u.id = l.coach_id '
            f'WHERE l.seeker_id = :s ORDER BY l."at" DESC, l.id DESC LIMIT {int(limit)}'
        )
        rows = self.connection.rows(query, {"s": seeker_id})
        return [Access(r["email"] or "", r["at"], r["what"]) for r in rows]

    # -- notes -------------------------------------------------------------------------------

    def add_note(self, note: Note) -> None:
        values = {
            "seeker_id": note.seeker_id,
            "author_id": note.author_id,
            "body": note.body,
            "shared": note.shared,
            "created_at": note.created_at,
        }
        self.connection.execute(insert("coach_notes", tuple(values)), values)

    def notes(self, seeker_id: int, shared_only: bool) -> list[Note]:
        """The notes on a job seeker, the newest first (the shared ones alone, when asked)."""
        query = (
            "SELECT n.id, n.seeker_id, n.author_id, n.body, n.shared, n.created_at, u.email "
            "FROM coach_notes n JOIN users u ON u.id = n.author_id WHERE n.seeker_id = :s"
        )
        if shared_only:
            query += " AND n.shared = :yes"
        rows = self.connection.rows(
            query + " ORDER BY n.created_at DESC, n.id DESC", {"s": seeker_id, "yes": True}
        )
        return [
            Note(
                r["seeker_id"],
                r["author_id"],
                r["body"],
                bool(r["shared"]),
                r["created_at"],
                r["id"],
                r["email"] or "",
            )
            for r in rows
        ]

    # -- nudges ------------------------------------------------------------------------------

    def add_nudge(self, nudge: Nudge) -> int:
        values = {
            "seeker_id": nudge.seeker_id,
            "coach_id": nudge.coach_id,
            "body": nudge.body,
            "created_at": nudge.created_at,
        }
        self.connection.execute(insert("nudges", tuple(values)), values)
        query = "SELECT max(id) FROM nudges WHERE seeker_id = :s AND coach_id = :k"
        return int(self.connection.scalar(query, {"s": nudge.seeker_id, "k": nudge.coach_id}))

    def emailed(self, nudge_id: int, now: datetime) -> None:
        self.connection.execute(
            "UPDATE nudges SET emailed_at = :now WHERE id = :id", {"now": now, "id": nudge_id}
        )

    def nudges(self, seeker_id: int, limit: int = 50) -> list[Nudge]:
        """A job seeker's nudges, the newest first."""
        query = (
            "SELECT n.id, n.seeker_id, n.coach_id, n.body, n.created_at, n.emailed_at, "
            "n.read_at, n.answered_at, u.email FROM nudges n JOIN users u ON u.id = n.coach_id "
            f"WHERE n.seeker_id = :s ORDER BY n.created_at DESC, n.id DESC LIMIT {int(limit)}"
        )
        return [
            Nudge(
                r["seeker_id"],
                r["coach_id"],
                r["body"],
                r["created_at"],
                r["emailed_at"],
                r["read_at"],
                r["answered_at"],
                r["id"],
                r["email"] or "",
            )
            for r in self.connection.rows(query, {"s": seeker_id})
        ]

    def mark_nudge(self, seeker_id: int, nudge_id: int, column: str, now: datetime) -> bool:
        """Set the nudge's read_at or answered_at (once); whether the job seeker has it."""
        assert column in ("read_at", "answered_at")
        found = self.connection.scalar(
            "SELECT 1 FROM nudges WHERE id = :id AND seeker_id = :s",
            {"id": nudge_id, "s": seeker_id},
        )
        if not found:
            return False
        query = f"UPDATE nudges SET {column} = :now WHERE id = :id AND {column} IS NULL"
        self.connection.execute(query, {"now": now, "id": nudge_id})
        if column == "answered_at":  # answering reads it too
            self.connection.execute(
                "UPDATE nudges SET read_at = :now WHERE id = :id AND read_at IS NULL",
                {"now": now, "id": nudge_id},
            )
        return True

    # -- the caseload ------------------------------------------------------------------------

    def counts(
        self, coach_id: int, now: datetime, cohort: str | None = None
    ) -> list[caseload.Counts]:
        """The caseload's numbers of each job seeker the coach sees (of `cohort`): five
        statements whatever their number."""
        mine = _MINE + (_COHORT if cohort else "")
        first, last = caseload.month_window(now)
        params = {"coach": coach_id, "cohort": cohort, "now": now, "first": first, "last": last}
        run = self.connection.rows
        per: dict[int, dict[str, Any]] = defaultdict(dict)
        for statement in (_APPLICATIONS, _OVERDUE, _LAST):
            for r in run(statement.format(mine=mine), params):
                per[r.pop("user_id")].update(r)
        starts: dict[int, list[datetime]] = defaultdict(list)
        for r in run(_INTERVIEWS.format(mine=mine), params):
            starts[r["user_id"]].append(r["start"])
        found = []
        for s in run(_SEEKERS.format(mine=mine), params):
            n = per.get(s["id"], {})
            found.append(
                caseload.Counts(
                    seeker_id=s["id"],
                    email=s["email"] or "",
                    cohort=s["cohort"],
                    timezone=s["timezone"] or "UTC",
                    since=s["created_at"],
                    applications=int(n.get("applications") or 0),
                    active=int(n.get("active") or 0),
                    interviewed=int(n.get("interviewed") or 0),
                    offers=int(n.get("offers") or 0),
                    overdue=int(n.get("overdue") or 0),
                    last_activity=n.get("at"),
                    interview_starts=tuple(starts.get(s["id"], ())),
                )
            )
        return found

    def cohorts(self, coach_id: int) -> list[str]:
        """The groups of the job seekers the coach sees."""
        query = (
            f"SELECT DISTINCT u.cohort FROM users u WHERE u.id IN ({_MINE}) "
            "AND u.cohort IS NOT NULL"
        )
        return sorted(self.connection.scalars(query, {"coach": coach_id}), key=str.casefold)
