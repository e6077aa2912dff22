"""The floor under `followup due --json`: the standard library alone (sqlite3, json, datetime,
zoneinfo) printing the same bytes from the same SQLite database, the same queries, nothing
else — no settings, no schema check, no domain, no playbook. `bench/agenda_pairs.py` times
`followup due --json` against it (issue 17: at most 1.3 times as long at 100 applications).

Run: `FOLLOWUP_DATABASE_URL=sqlite:///bench/data/cached-100-seed100.db FOLLOWUP_NOW=...
FOLLOWUP_USER=local python bench/agenda_floor.py [--within 7d]`. It knows only what the bench's
data holds: it refuses a user who would be shown the weekly pipeline review (fewer than three
active applications: planning it needs the working-day calendar) and spans other than hours,
days and weeks. `agenda_pairs.py` checks its bytes against followup's before timing it.
"""

import json
import os
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

STEPS = """
SELECT id, application_id, kind, channel, status, recipients, earliest, due, timezone,
       rationale, sources, outcome, needs
FROM steps WHERE user_id = ? AND status IN ('planned', 'snoozed') AND earliest < ?
ORDER BY due, id
"""
REPLIES = """
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
ORDER BY t."at" DESC, t.id DESC
"""
ACTIVE = "SELECT count(*) FROM applications WHERE user_id = ? AND stage IN (?, ?, ?)"
FLAGS = {"looks-like-offer": "offer", "looks-like-rejection": "rejection"}
DECISIONS = {"offer": "offer", "rejection": "rejected"}
UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def main() -> None:
    within = sys.argv[sys.argv.index("--within") + 1] if "--within" in sys.argv else "7d"
    now = datetime.fromisoformat(os.environ["FOLLOWUP_NOW"]).astimezone(UTC)
    before = now + timedelta(**{UNITS[within[-1]]: int(within[:-1])})
    url = os.environ["FOLLOWUP_DATABASE_URL"].removeprefix("sqlite:///")
    db = sqlite3.connect(f"file:{url}?mode=ro", uri=True)
    [(owner,)] = db.execute("SELECT id FROM users WHERE name = ?", (os.environ["FOLLOWUP_USER"],))
    zones: dict[str, ZoneInfo] = {}

    def moment(text: str, zone_name: str) -> str:
        zone = zones.get(zone_name) or zones.setdefault(zone_name, ZoneInfo(zone_name))
        return datetime.fromisoformat(text + "+00:00").astimezone(zone).isoformat()

    [(active,)] = db.execute(ACTIVE, (owner, "applied", "interviewing", "offer"))
    if active < 3:
        raise SystemExit("the floor does not plan the pipeline review: use the bench's data")
    split = now.replace(tzinfo=None).isoformat(" ", "microseconds")
    bound = before.replace(tzinfo=None).isoformat(" ", "microseconds")
    overdue, due = [], []
    for row in db.execute(STEPS, (owner, bound)):
        ident, app, kind, channel, status, people, earliest, due_at, zone_name = row[:9]
        record = {
            "id": ident,
            "application_id": app,
            "kind": kind,
            "channel": channel,
            "status": status,
            "recipients": [
                {
                    "name": p["name"],
                    "title": p.get("title"),
                    "email": p.get("email"),
                    "relation": p["relation"],
                    "contact_id": p.get("contact_id"),
                }
                for p in json.loads(people)
            ],
            "earliest": moment(earliest, zone_name),
            "due": moment(due_at, zone_name),
            "timezone": zone_name,
            "rationale": row[9],
            "sources": json.loads(row[10]),
            "outcome": row[11],
            "needs": row[12],
        }
        (overdue if due_at < split else due).append(record)
    found = db.execute("SELECT timezone FROM profiles WHERE user_id = ?", (owner,)).fetchone()
    home = ZoneInfo(found[0] if found else "UTC")
    replies = []
    for r in db.execute(REPLIES, (owner,)):
        ident, channel, direction, at_text, outcome, note, message, contact = r[:8]
        app, company, role, name, email, stage, decided = r[8:]
        at = datetime.fromisoformat(at_text + "+00:00")
        if at > now:
            continue
        lines = (note or "").splitlines()
        said = (
            lines[1].removeprefix("From: ") if len(lines) > 1 and lines[1][:6] == "From: " else None
        )
        sender = name or said or email
        flag = FLAGS.get(outcome or "")
        active = not decided and stage in ("applied", "interviewing", "offer")
        day = at.astimezone(home)
        replies.append(
            {
                "id": ident,
                "channel": channel,
                "direction": direction,
                "at": at.isoformat(),
                "outcome": outcome,
                "note": note,
                "message_id": message,
                "contact_id": contact,
                "application_id": app,
                "company": company,
                "role": role,
                "from": sender,
                "email": email,
                "subject": (note or "").split("\n", 1)[0],
                "flag": flag,
                "confirm": f"followup decide {app} {DECISIONS[flag]}" if flag else None,
                "paused": f"paused: {sender or company} replied on {day:%a} {day.day} {day:%b}"
                if active
                else None,
                "resume": f"followup resume {app}" if active else None,
            }
        )
    data = {"overdue": overdue, "due": due, "replies": replies}
    sys.stdout.write(json.dumps(data, ensure_ascii=False))
    sys.stdout.write("\n")


main()
