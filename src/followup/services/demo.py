"""Demo data: a realistic handful of applications at different stages, in different countries.

Dates are relative to `now`, so the demo always has something due.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    InterviewFormat,
    Profile,
    Promise,
    Relation,
    Source,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.playbook import Playbook
from followup.domain.promised import Promised
from followup.domain.values import Region, zone
from followup.ports import Store
from followup.services.applications import replan

PROFILE = Profile(
    name="Alex Morgan",
    email="alex.morgan@example.org",
    phone="+44 7911 123456",
    address="12 Willow Lane\nLondon\nN1 7AB\nUnited Kingdom",
    skills=("SQL", "stakeholder reporting", "Python"),
    region=Region("GB", "ENG"),
    timezone="Europe/London",
    signature="Alex Morgan",
    tone="warm",
)


def _weekday_before(now: datetime, days: int) -> date:
    day = (now - timedelta(days=days)).date()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _interview(
    now: datetime, days_ago: int, at: time, tz: str, region: str, **extra: object
) -> Interview:
    start = datetime.combine(_weekday_before(now, days_ago), at, tzinfo=zone(tz))
    return Interview(
        start=start,
        end=start + timedelta(minutes=60),
        timezone=tz,
        region=Region.parse(region),
        **extra,  # type: ignore[arg-type]
    )


def _person(
    name: str,
    relation: Relation,
    org: str | None,
    region: str,
    title: str,
    email: str,
    phone: str | None = None,
    timezone: str | None = None,
) -> Contact:
    return Contact(
        name=name,
        relation=relation,
        organisation=org,
        region=Region.parse(region),
        title=title,
        email=email,
        phone=phone,
        timezone=timezone,
    )


def applications(now: datetime) -> list[tuple[Application, list[Touch], list[Decision]]]:
    """The demo applications, each with the touches and decisions it already has."""
    acme = Application(
        company="Acme Analytics",
        role="Data Analyst",
        notes="Discussed the churn dashboard and their move to dbt.",
        interviews=(_interview(now, 1, time(13), "Europe/London", "GB-ENG"),),
        contacts=(
            _person(
                "Priya Shah",
                Relation.INTERVIEWER,
                "Acme Analytics",
                "GB-ENG",
                title="Head of Data",
                email="priya.shah@acme.example",
                phone="+44 20 7946 0000",
            ),
            _person(
                "Tom Ellis",
                Relation.HR,
                "Acme Analytics",
                "GB-ENG",
                title="Talent Partner",
                email="tom.ellis@acme.example",
            ),
            _person(
                "Dana Whitfield",
                Relation.REFERENCE,
                None,
                "GB-ENG",
                title="Analytics Lead",
                email="dana@whitfield.example",
            ),
        ),
        promises=(Promise(what="a link to my churn-model write-up", to="Priya Shah"),),
    )
    nordlicht = Application(
        company="Nordlicht Software GmbH",
        role="Backend Developer",
        interviews=(
            _interview(
                now,
                8,
                time(10),
                "Europe/Berlin",
                "DE-BE",
                format=InterviewFormat.VIDEO,
                decision_by=(now + timedelta(days=10)).date(),
            ),
        ),
        contacts=(
            _person(
                "Jürgen Müller",
                Relation.INTERVIEWER,
                "Nordlicht Software GmbH",
                "DE-BE",
                title="Engineering Manager",
                email="j.mueller@nordlicht.example",
                timezone="Europe/Berlin",
            ),
        ),
    )
    maple = Application(
        company="Maple Health",
        role="Product Analyst",
        source=Source.AGENCY,
        interviews=(
            _interview(
                now, 3, time(14, 30), "America/Toronto", "CA-ON", format=InterviewFormat.VIDEO
            ),
        ),
        contacts=(
            _person(
                "Chloé Tremblay",
                Relation.INTERVIEWER,
                "Maple Health",
                "CA-ON",
                title="Director of Product",
                email="chloe.tremblay@maple.example",
                timezone="America/Toronto",
            ),
            _person(
                "Sam Okafor",
                Relation.RECRUITER,
                None,
                "GB-ENG",
                title="Senior Consultant",
                email="sam@northstar-recruit.example",
            ),
        ),
    )
    kinneret = Application(
        company="Kinneret Labs",
        role="BI Developer",
        interviews=(
            _interview(now, 15, time(11), "Asia/Jerusalem", "IL", format=InterviewFormat.PHONE),
        ),
        contacts=(
            _person(
                "Noa Levi",
                Relation.INTERVIEWER,
                "Kinneret Labs",
                "IL",
                title="VP Data",
                email="noa.levi@kinneret.example",
                timezone="Asia/Jerusalem",
            ),
        ),
    )
    solymar = Application(
        company="Sol y Mar Viajes",
        role="UX Researcher",
        interviews=(_interview(now, 30, time(16), "Europe/Madrid", "ES-MD"),),
        contacts=(
            _person(
                "Lucía Fernández",
                Relation.INTERVIEWER,
                "Sol y Mar Viajes",
                "ES-MD",
                title="Research Lead",
                email="lucia@solymar.example",
                timezone="Europe/Madrid",
            ),
        ),
    )
    harbour = Application(
        company="Harbour Bank",
        role="Risk Analyst",
        interviews=(_interview(now, 12, time(9, 30), "America/New_York", "US-NY"),),
        contacts=(
            _person(
                "Marcus O'Neill",
                Relation.INTERVIEWER,
                "Harbour Bank",
                "US-NY",
                title="Head of Model Risk",
                email="m.oneill@harbour.example",
                timezone="America/New_York",
            ),
        ),
    )
    reply = Touch(
        channel=Channel.EMAIL,
        direction=Direction.IN,
        at=now - timedelta(days=2),
        note="Thanks Alex, we will be in touch next week.",
    )
    return [
        (acme, [], []),
        (nordlicht, [], []),
        (maple, [], []),
        (kinneret, [reply], []),
        (solymar, [], [Decision(DecisionKind.REJECTED, now - timedelta(days=20))]),
        (harbour, [], [Decision(DecisionKind.OFFER, now - timedelta(days=1))]),
    ]


def _kept_up(steps: tuple[Step, ...], now: datetime) -> list[Step]:
    """The demo user has done every step that fell due more than two days ago."""
    return [
        replace(s, status=StepStatus.DONE, outcome="sent", done_at=s.earliest)
        if s.status is StepStatus.PLANNED and s.due < now - timedelta(days=2)
        else s
        for s in steps
    ]


DECIDED = {DecisionKind.REJECTED: Stage.REJECTED, DecisionKind.OFFER: Stage.OFFER}


# What the demo's promises are kept with (`followup promise attach STEP --link URL`).
LINKS = {"a link to my churn-model write-up": "https://alexmorgan.example/writing/churn-model"}


def seed(store: Store, playbook: Playbook, now: datetime) -> int:
    """Store the demo profile and applications if this user has none; return how many."""
    with store.bulk() as repo:
        if repo.list_applications():
            return 0
        if repo.get_profile() is None:
            repo.save_profile(PROFILE)
        rows = applications(now)
        for application, touches, decisions in rows:
            stage = DECIDED[decisions[-1].kind] if decisions else Stage.INTERVIEWING
            stored = repo.add_application(replace(application, stage=stage, created_at=now))
            assert stored.id is not None
            for touch in touches:
                repo.add_touch(stored.id, touch)
            for decision in decisions:
                repo.add_decision(stored.id, decision)
            planned = replan(repo, stored.id, playbook, now)
            repo.save_steps(stored.id, _kept_up(planned.steps, now))
            replan(repo, stored.id, playbook, now)
    with store.transaction() as repo:  # the promise kept with its link (once the rows are in)
        for summary in repo.list_applications():
            for promise in repo.get_application(summary.id).promises:
                if promise.id is not None and promise.what in LINKS:
                    repo.keep_promised(Promised(promise.id, link=LINKS[promise.what]), None, now)
    return len(rows)
