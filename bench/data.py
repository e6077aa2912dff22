"""Data for the benchmarks: random but realistic applications, and databases full of them.

Deterministic for a given seed. Used by every script in bench/; not by the tests.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from followup.domain.model import (
    DECISION_STAGE,
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    Promise,
    Relation,
    Source,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.values import Region, zone

PLACES = [
    ("GB-ENG", "Europe/London", "+44 20 7946 0{:03d}"),
    ("US-NY", "America/New_York", "+1 212 555 0{:03d}"),
    ("DE-BY", "Europe/Berlin", "+49 89 1234 5{:03d}"),
    ("FR", "Europe/Paris", "+33 1 42 68 5{:03d}"),
    ("IL", "Asia/Jerusalem", "+972 3 555 5{:03d}"),
    ("JP", "Asia/Tokyo", "+81 3 5555 5{:03d}"),
    ("AU-NSW", "Australia/Sydney", "+61 2 5550 1{:03d}"),
    ("CA-ON", "America/Toronto", "+1 416 555 0{:03d}"),
]
FIRST = ["Priya", "Jürgen", "Chloé", "Noa", "Marcus", "Lucía", "Aiko", "Sam", "Olu", "Dana"]
LAST = ["Shah", "Müller", "Tremblay", "Levi", "O'Neill", "Fernández", "Sato", "Okafor", "Ade"]
ROLES = ["Data Analyst", "Backend Developer", "Product Designer", "Risk Analyst", "BI Developer"]
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _person(rng: random.Random, relation: Relation, place: tuple[str, str, str], i: int) -> Contact:
    region, zone_name, phone = place
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return Contact(
        name=f"{first} {last}",
        relation=relation,
        title=rng.choice(["Head of Data", "Engineering Manager", "Talent Partner", "VP Product"]),
        email=f"{first.lower()}.{i}@company{i}.example".replace("ü", "u").replace("é", "e"),
        phone=phone.format(rng.randrange(1000)),
        region=Region.parse(region),
        timezone=zone_name,
    )


def application(rng: random.Random, i: int, now: datetime = NOW) -> Application:
    """One application with an interview in the last six weeks and three contacts."""
    place = rng.choice(PLACES)
    region, zone_name, _ = place

    day = (now - timedelta(days=rng.randrange(1, 42))).date()
    start = datetime.combine(day, time(rng.randrange(8, 19), rng.choice((0, 30))), zone(zone_name))
    interview = Interview(
        start=start,
        end=start + timedelta(minutes=rng.choice((30, 45, 60, 90))),
        timezone=zone_name,
        region=Region.parse(region),
        decision_by=(day + timedelta(days=21)) if rng.random() < 0.2 else None,
        id=i,
    )
    people = (
        replace(_person(rng, Relation.INTERVIEWER, place, i), id=i * 10 + 1),
        replace(_person(rng, Relation.HR, place, i), id=i * 10 + 2),
        replace(_person(rng, Relation.REFERENCE, place, i), id=i * 10 + 3),
    )
    return Application(
        company=f"Company {i}",
        role=rng.choice(ROLES),
        source=Source.DIRECT,
        interviews=(interview,),
        contacts=people,
        promises=(Promise(what="portfolio link", to=people[0].name, id=i),)
        if rng.random() < 0.3
        else (),
        created_at=start,
        id=i,
    )


def events(rng: random.Random, app: Application, now: datetime = NOW) -> Application:
    """Touches and decisions after the interview, before `now`: a reply now and then, and a
    decision for most applications whose interview is over three weeks old (employers
    usually take two or three)."""
    end = app.interviews[-1].end
    touches: list[Touch] = []
    decisions: list[Decision] = []
    if rng.random() < 0.3 and end + timedelta(days=3) < now:
        at = end + timedelta(days=rng.uniform(1, (now - end).days or 1))
        direction = rng.choice((Direction.IN, Direction.OUT))
        touches.append(Touch(channel=Channel.EMAIL, direction=direction, at=min(at, now)))
    if end + timedelta(days=21) < now and rng.random() < 0.7:
        kind = rng.choice((DecisionKind.REJECTED, DecisionKind.OFFER))
        decisions.append(Decision(kind=kind, at=end + timedelta(days=rng.uniform(10, 21))))
    return replace(app, touches=tuple(touches), decisions=tuple(decisions))


def keep_up(rng: random.Random, steps: tuple[Step, ...], now: datetime) -> tuple[Step, ...]:
    """A user who keeps up: nearly every step whose due has passed was done in its window
    (3 % are left overdue), and half of those open now are done already."""

    def done(step: Step) -> Step:
        moment = step.earliest + (step.due - step.earliest) * rng.random()
        return replace(step, status=StepStatus.DONE, outcome="sent", done_at=min(moment, now))

    return tuple(
        done(s)
        if s.status is StepStatus.PLANNED
        and s.earliest < now
        and rng.random() < (0.97 if s.due < now else 0.5)
        else s
        for s in steps
    )


def canonical(count: int, seed: int = 1, now: datetime = NOW) -> list[Application]:
    """The canonical data set: `count` applications (`application`) with their touches and
    decisions (`events`), the same for a given count and seed. The peers' comparison renders
    it into each tool's own files (bench/peers.md); `write_csv` gives it as followup's CSV."""
    rng = random.Random(seed)
    return [events(rng, application(rng, i, now), now) for i in range(1, count + 1)]


def csv_row(app: Application) -> dict[str, str]:
    """The application as a row of followup's CSV columns (`followup export --csv`): its
    stage (after its decision), its interview and its interviewer."""
    interview, interviewer = app.interviews[-1], app.contacts[0]
    stage = DECISION_STAGE[app.decisions[-1].kind] if app.decisions else Stage.INTERVIEWING
    return {
        "company": app.company,
        "role": app.role,
        "stage": stage.value,
        "source": app.source.value,
        "interview_at": interview.start.strftime("%Y-%m-%d %H:%M"),
        "duration_minutes": str((interview.end - interview.start) // timedelta(minutes=1)),
        "timezone": interview.timezone,
        "country": str(interview.region) if interview.region else "",
        "format": interview.format.value,
        "interviewer": interviewer.name,
        "interviewer_title": interviewer.title or "",
        "interviewer_email": interviewer.email or "",
        "interviewer_phone": interviewer.phone or "",
        "notes": "",
    }


def write_csv(path: Path, count: int, seed: int = 1) -> Path:
    """The canonical data set's `count` applications as followup's CSV file at `path`."""
    from followup.adapters import spreadsheet

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        spreadsheet.write(out, map(csv_row, canonical(count, seed)))
    return path


def build_database(path: Path, count: int, seed: int = 1, now: datetime = NOW) -> str:
    """A SQLite database at `path` with `count` planned applications for the user `local`."""
    from followup import services
    from followup.adapters.sql.store import open_store
    from followup.bootstrap import default_playbook

    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    url = f"sqlite:///{path}"
    rng = random.Random(seed)
    playbook = default_playbook()
    store = open_store(url, "local")
    with store.bulk() as repo:  # rows kept and written together (Store.bulk)
        for i in range(1, count + 1):
            app = events(rng, application(rng, i, now), now)
            stage = DECISION_STAGE[app.decisions[-1].kind] if app.decisions else Stage.INTERVIEWING
            bare = replace(
                app,
                id=None,
                stage=stage,
                interviews=tuple(replace(x, id=None) for x in app.interviews),
                contacts=tuple(replace(c, id=None) for c in app.contacts),
                promises=tuple(replace(p, id=None) for p in app.promises),
            )
            current = repo.add_application(bare)  # with its touches and decisions
            assert current.id is not None
            for _ in range(3):  # do what is due, then replan, as the services would
                planned = services.applications.replan(repo, current.id, playbook, now, current)
                done = repo.save_steps(current.id, keep_up(rng, planned.steps, now))
                current = replace(planned, steps=tuple(done))
            services.applications.replan(repo, current.id, playbook, now, current)
    store.close()  # the last connection out folds the WAL into the file
    return url


def cached_database(folder: Path, count: int, seed: int = 1) -> Path:
    """The SQLite file of `build_database(count, seed)` in `folder`, built once and kept: it
    is built again when missing or older than this module (the generator changed). Built
    under a temporary name and renamed, so an interrupted build is never reused."""
    path = folder / f"cached-{count}-seed{seed}.db"
    if path.exists() and path.stat().st_mtime >= Path(__file__).stat().st_mtime:
        return path
    building = folder / f"building-{count}-seed{seed}.db"
    build_database(building, count, seed)  # closed: no -wal file is left beside it
    building.replace(path)
    return path
