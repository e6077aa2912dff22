"""The caseload's numbers as the database counts them (adapters/sql/coaching.py), on SQLite and
PostgreSQL, against the same numbers counted over the job seekers' whole applications; only
the job seekers who share with the coach, whatever the others do."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from followup import services
from followup.bootstrap import App
from followup.domain import caseload
from followup.domain.accounts import Account, Role
from followup.domain.model import (
    ACTIVE_STAGES,
    OPEN_STATUSES,
    DecisionKind,
    Direction,
    Stage,
    StepStatus,
)
from followup.services import coaching, demo
from tests.server import account, server_app

OFFERED = {Stage.OFFER, Stage.HIRED}


def _expected(app: App, who: Account, now: datetime) -> caseload.Counts:
    """The numbers counted over whole applications, as the domain has them."""
    mine = app.for_user(who.name)
    found = [
        services.applications.application(mine.store, s.id)
        for s in services.applications.applications(mine.store)
        if s.id is not None
    ]
    moments = [
        *(t.at for a in found for t in a.touches if t.direction is Direction.OUT and t.at <= now),
        *(s.done_at for a in found for s in a.steps if s.status is StepStatus.DONE and s.done_at),
        *(a.created_at for a in found if a.created_at and a.created_at <= now),
        *(d.at for a in found for d in a.decisions if d.at <= now),
    ]
    with mine.store.reading() as repo:
        profile = repo.get_profile()
    return caseload.Counts(
        seeker_id=who.id,
        email=who.email,
        cohort=who.cohort,
        timezone=profile.timezone if profile else "UTC",
        since=now,  # not compared
        applications=len(found),
        active=sum(a.stage in ACTIVE_STAGES for a in found),
        interviewed=sum(bool(a.interviews) for a in found),
        offers=sum(
            a.stage in OFFERED
            or any(d.kind in (DecisionKind.OFFER, DecisionKind.HIRED) for d in a.decisions)
            for a in found
        ),
        overdue=sum(s.status in OPEN_STATUSES and s.due < now for a in found for s in a.steps),
        last_activity=max((m for m in moments if m <= now), default=None),
        interview_starts=tuple(
            sorted(
                i.start
                for a in found
                for i in a.interviews
                if now - timedelta(days=32) <= i.start < now + timedelta(days=32)
            )
        ),
    )


def _comparable(c: caseload.Counts) -> tuple[object, ...]:
    return (
        c.seeker_id,
        c.email,
        c.cohort,
        c.timezone,
        c.applications,
        c.active,
        c.interviewed,
        c.offers,
        c.overdue,
        c.last_activity,
        tuple(sorted(c.interview_starts)),
    )


def test_the_database_counts_what_the_domain_counts(tmp_path: Path, database_url: str) -> None:
    app = server_app(tmp_path, database_url=database_url)
    coach = account(app, "coach@example.org", Role.COACH)
    other_coach = account(app, "other@example.org", Role.COACH)
    now = app.now()
    with app.accounts.transaction() as rows:
        ann = rows.create("ann@example.org", Role.SEEKER, now, cohort="Spring")
        bob = rows.create("bob@example.org", Role.SEEKER, now, cohort="Autumn")
        cy = rows.create("cy@example.org", Role.SEEKER, now)
        dee = rows.create("dee@example.org", Role.SEEKER, now)
    for who, seeded_at in ((ann, now), (bob, now - timedelta(days=40)), (dee, now)):
        mine = app.for_user(who.name)
        demo.seed(mine.store, mine.playbook, seeded_at)
    for who in (ann, bob, cy):
        coaching.share(app, who, coach.email)
    coaching.share(app, dee, other_coach.email)  # not the coach's
    ended = coaching.share(app, cy, other_coach.email)
    assert ended.id is not None
    coaching.revoke(app, cy, ended.id)

    with app.coaching.reading() as rows:
        counted = rows.counts(coach.id, now)
        spring = rows.counts(coach.id, now, "Spring")
        groups = rows.cohorts(coach.id)
    expected = {who.id: _expected(app, who, now) for who in (ann, bob, cy)}
    assert sorted(_comparable(c) for c in counted) == sorted(
        _comparable(e) for e in expected.values()
    )
    assert [c.email for c in spring] == ["ann@example.org"]
    assert groups == ["Autumn", "Spring"]
    assert expected[ann.id].applications > 0 and expected[ann.id].overdue > 0  # not all zeros
    assert expected[ann.id].interview_starts  # the demo's interviews are this month


def test_the_caseload_view_is_logged_once_an_hour(tmp_path: Path, database_url: str) -> None:
    app = server_app(tmp_path, database_url=database_url)
    coach = account(app, "coach@example.org", Role.COACH)
    ann = account(app, "ann@example.org")
    coaching.share(app, ann, coach.email)
    coaching.caseload(app, coach)
    coaching.caseload(app, coach)
    coaching.caseload(app, coach, what="Caseload CSV")
    coaching.caseload(app, coach, what="Caseload CSV")
    assert [a.what for a in coaching.sharing(app, ann).access] == [
        "Caseload CSV",
        "Caseload CSV",
        "Caseload",
    ]
