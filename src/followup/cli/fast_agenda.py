"""`followup due [--within SPAN] --json` answered from the standard library alone (issue 17):
the settings from the environment, the database read as it stands, the playbook's kept copy,
each row written as its record by `agenda_records` — the same bytes as the full command, in
the time the standard library takes, without importing Typer or the domain.

It answers only what it can with certainty, and otherwise declines (`agenda` gives None) and
the full command answers, with its output or its error and exit code:
- `config.toml` in the config folder, a `FOLLOWUP_*` setting besides the database URL, the
  user and the clock, or a moment, span or user name the full command would check more
  closely;
- a database that is not an existing SQLite file at the newest schema revision (PostgreSQL,
  a new file, one to migrate), or a user who has never written anything;
- no kept copy of the playbook matching the files as they are, or this week's pipeline
  review to plan (fewer active applications than its `below`: that needs the working-day
  calendar of the domain);
- any error at all on the way.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup import agenda_records
from followup.config import folders, playbook_cache

TYPE_CHECKING = False  # not `typing`'s: importing it costs more than this whole path
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

# The settings the agenda reads; any other set in the environment is checked by the full path.
_READ = frozenset({"FOLLOWUP_DATABASE_URL", "FOLLOWUP_USER", "FOLLOWUP_NOW"})
# Moments well inside those the domain accepts (values.FIRST_YEAR..LAST_YEAR; a test keeps them
# so): nearer the edges, the full path says what it makes of them.
YEARS = (1971, 2099)
_UNITS = {"h": 1, "d": 24, "w": 24 * 7}
_MOST_HOURS = 24 * 7 * 9999  # input/parse.span: beyond this, dates overflow the calendar
_MIGRATIONS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "adapters", "sql", "migrations"
)
_ACTIVE = ("applied", "interviewing", "offer")  # domain.model.ACTIVE_STAGES

_STEPS = """
SELECT id, application_id, kind, channel, status, recipients, earliest, due, timezone,
       rationale, sources, outcome, needs
FROM steps WHERE user_id = ? AND status IN ('planned', 'snoozed') AND earliest < ?
ORDER BY due, id
"""
_REPLIES = """
SELECT t.id, t.channel, t.direction, t."at", t.outcome, t.note, t.message_id, t.contact_id,
       t.application_id, a.company, a.role, c.name AS contact_name, c.email AS contact_email,
       a.stage, EXISTS (SELECT 1 FROM decisions AS e WHERE e.application_id = a.id) AS decided
FROM touches AS t
JOIN applications AS a ON a.id = t.application_id
LEFT JOIN contacts AS c ON c.id = t.contact_id
WHERE t.user_id = ? AND t.direction = 'in' AND (t.outcome IS NULL OR t.outcome <> 'auto-reply')
AND NOT EXISTS (SELECT 1 FROM touches AS o WHERE o.application_id = t.application_id
                AND o.direction = 'out' AND o."at" > t."at")
AND NOT EXISTS (SELECT 1 FROM steps AS s WHERE s.application_id = t.application_id
                AND s.status IN ('done', 'skipped') AND s.done_at > t."at")
AND NOT EXISTS (SELECT 1 FROM decisions AS d WHERE d.application_id = t.application_id
                AND d."at" > t."at")
"""
_COUNT_ACTIVE = "SELECT count(*) FROM applications WHERE user_id = ? AND stage IN (?, ?, ?)"


class Declined(Exception):
    """What the fast path does not answer: the full command does."""


def agenda(within: str, environ: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """The record of `due --within WITHIN --json`, or None: the full command answers."""
    try:
        return _agenda(within, os.environ if environ is None else environ)
    except Exception:  # whatever it is, the full command says it properly
        return None


def _agenda(within: str, env: Mapping[str, str]) -> dict[str, Any]:
    hours = _hours(within)
    for name, value in env.items():
        if name.startswith("FOLLOWUP_") and value and name not in _READ:
            raise Declined(name)
    config, data = folders.config_dir(env), folders.data_dir(env)
    if os.path.exists(os.path.join(config, "config.toml")):
        raise Declined("config.toml")
    now = _now(env.get("FOLLOWUP_NOW") or "")
    user = env.get("FOLLOWUP_USER") or "local"
    if user != user.strip() or not user.isprintable():
        raise Declined("user")
    db = _open(env.get("FOLLOWUP_DATABASE_URL") or f"sqlite:///{data}/followup.db")
    try:
        return _read(db, user, now, now + timedelta(hours=hours), config, data)
    finally:
        db.close()


def _hours(within: str) -> int:
    """The hours of `within` when written as `input.parse.span` reads it plainly (7d, 36h, 2w)."""
    count, unit = within[:-1], within[-1:]
    if not (count.isascii() and count.isdigit() and len(count) <= 9 and unit in _UNITS):
        raise Declined(within)
    hours = int(count) * _UNITS[unit]
    if hours > _MOST_HOURS:
        raise Declined(within)
    return hours


def _now(text: str) -> datetime:
    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None or not YEARS[0] <= moment.year <= YEARS[1]:
        raise Declined(text)
    return moment


def _open(url: str) -> sqlite3.Connection:
    """The SQLite file `url` names, read only, when it exists and its schema is current."""
    path = url.removeprefix("sqlite:///")
    if path == url or not path or path.startswith("file:") or any(c in path for c in "?#%"):
        raise Declined(url)
    if not os.path.isfile(path):
        raise Declined("no database yet")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        [(revision,)] = db.execute("SELECT version_num FROM alembic_version").fetchall()
        if revision != _head():
            raise Declined(f"revision {revision}")
    except BaseException:
        db.close()
        raise
    return db


def _head() -> str:
    """The newest revision in migrations/versions (`migrate.HEAD_REVISION`: a test keeps them
    equal), read from the file names."""
    names = os.listdir(os.path.join(_MIGRATIONS, "versions"))
    return max(n[:4] for n in names if n[:4].isdigit() and n.endswith(".py"))


def _read(
    db: sqlite3.Connection, user: str, now: datetime, before: datetime, config: str, data: str
) -> dict[str, Any]:
    db.execute("BEGIN")  # one state of the database throughout
    found = db.execute("SELECT id FROM users WHERE name = ?", (user,)).fetchall()
    if not found:
        raise Declined("a user who never wrote")
    [(owner,)] = found
    [(active,)] = db.execute(_COUNT_ACTIVE, (owner, *_ACTIVE)).fetchall()
    _no_review(active, os.path.join(config, "playbook.toml"), data)
    zones: dict[str, ZoneInfo] = {}

    def zone(name: str) -> ZoneInfo:
        return zones.get(name) or zones.setdefault(name, ZoneInfo(name))

    shown = agenda_records.in_zone(zone)
    recipient, step = agenda_records.recipient_record, agenda_records.step_record
    loads, moment = json.loads, _moment
    bound = before.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    overdue: list[dict[str, Any]] = []
    due: list[dict[str, Any]] = []
    until_due = agenda_records.UNTIL_DUE
    for r in db.execute(_STEPS, (owner, bound)):
        due_at = moment(r[7])
        if due_at < now and r[2] in until_due:
            continue
        people = [
            recipient(p["name"], p.get("title"), p.get("email"), p["relation"], p.get("contact_id"))
            for p in loads(r[5])
        ]
        record = step(
            r[0], r[1], r[2], r[3], r[4], people, moment(r[6]), due_at, r[8], r[9],
            loads(r[10]), r[11], r[12], shown,
        )  # fmt: skip
        (overdue if due_at < now else due).append(record)
    home = db.execute("SELECT timezone FROM profiles WHERE user_id = ?", (owner,)).fetchall()
    home_zone = zone(home[0][0] if home else "UTC")
    replies = []
    for r in db.execute(_REPLIES, (owner,)):
        at = moment(r[3])
        if at <= now:
            replies.append((at, r[0] or 0, r))
    replies.sort(key=lambda found: (found[0], found[1]), reverse=True)
    touch, reply = agenda_records.touch_record, agenda_records.reply_record
    records = [
        reply(
            touch(r[0], r[1], r[2], at, r[4], r[5], r[6], r[7]),
            at,
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            not r[14] and r[13] in _ACTIVE,
            home_zone,
        )
        for at, _, r in replies
    ]
    return {"overdue": overdue, "due": due, "replies": records}


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")  # stored as UTC text (dialects.Sqlite)


def _no_review(active: int, user_file: str, data: str) -> None:
    """Decline unless the kept playbook is current and plans no pipeline review now."""
    kept = playbook_cache.kept(
        playbook_cache.cache_file(data, user_file), playbook_cache.key(user_file)
    )
    if kept is None:
        raise Declined("the playbook's copy is not current")
    rule = kept["rules"]["pipeline-review"]
    enabled, below = rule.get("enabled", True), rule["below"]
    if not isinstance(enabled, bool) or type(below) is not int:
        raise Declined("the playbook's copy")
    if enabled and active < below:
        raise Declined("the pipeline review")
