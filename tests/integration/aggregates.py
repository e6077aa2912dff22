"""Domain objects for the storage tests: every field filled, names beyond ASCII."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

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
    Recipient,
    Relation,
    Source,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.values import Region

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

PROFILE = Profile(
    name="Siân Ó Briain",
    email="sian@example.ie",
    phone="+44 20 7946 0018",
    address="2 Straße der Pariser Kommune\nBerlin",
    skills=("Rust", "PostgreSQL", "façade design"),
    region=Region.parse("GB-ENG"),
    timezone="Europe/London",
    signature="Siân",
    tone="warm",
)


def interview(day: int = 14, hour: int = 13, timezone: str = "Europe/London") -> Interview:
    zone = ZoneInfo(timezone)
    return Interview(
        start=datetime(2025, 1, day, hour, 0, tzinfo=zone),
        end=datetime(2025, 1, day, hour + 1, 0, tzinfo=zone),
        timezone=timezone,
        region=Region.parse("GB-ENG"),
        format=InterviewFormat.VIDEO,
        round=2,
        notes="Panel of two; asked about on-call.",
        decision_by=date(2025, 1, 24),
        next_round=date(2025, 1, 28),
        contact_on=date(2025, 1, 21),
    )


def step(
    kind: str = "thank-you",
    *,
    day: int = 15,
    hour: int = 9,
    due_day: int | None = None,
    timezone: str = "America/New_York",
    **changes: Any,
) -> Step:
    zone = ZoneInfo(timezone)
    made = Step(
        kind=kind,
        channel=Channel.EMAIL,
        earliest=datetime(2025, 1, day, hour, 0, tzinfo=zone),
        due=datetime(2025, 1, due_day or day + 2, 17, 0, tzinfo=zone),
        recipients=(
            Recipient(
                name="Zoë Brontë",
                relation=Relation.INTERVIEWER,
                title="Head of Platform",
                email="zoe.bronte@example.co.uk",
                contact_id=7,
            ),
            Recipient(name="渡辺 健", relation=Relation.RECRUITER),
        ),
        status=StepStatus.PLANNED,
        rationale="Thank each interviewer within two working days.",
        sources=("000", "003"),
        draft="Dear Zoë,\n\nThank you for your time today…",
        outcome=None,
        timezone=timezone,
        key=f"{kind}:zoe",
    )
    return dataclasses.replace(made, **changes)


def application(company: str = "Müller & Søn GmbH", **changes: Any) -> Application:
    made = Application(
        company=company,
        role="Ingénieure logicielle",
        source=Source.AGENCY,
        stage=Stage.INTERVIEWING,
        notes="Second floor; ask for Zoë at reception.",
        created_at=datetime(2025, 1, 13, 9, 30, tzinfo=UTC),
        applied_at=date(2025, 1, 6),
        interviews=(interview(),),
        contacts=(
            Contact(
                name="Zoë Brontë",
                relation=Relation.INTERVIEWER,
                title="Head of Platform",
                organisation=company,
                email="zoe.bronte@example.co.uk",
                phone="+44 20 7946 0958",
                address="1 Rue de l'Église\nLondon",
                timezone="Europe/London",
                region=Region.parse("GB-ENG"),
                notes="Mentioned Rust twice.",
            ),
            Contact(
                name="渡辺 健",
                relation=Relation.RECRUITER,
                organisation="Agentur Øst",
                email="ken@example.com",
            ),
        ),
        promises=(
            Promise(what="the benchmark repository link", to="Zoë Brontë"),
            Promise(what="the AWS certificate", to="渡辺 健", done=True),
        ),
        touches=(
            Touch(
                channel=Channel.EMAIL,
                direction=Direction.IN,
                at=datetime(2025, 1, 13, 8, 0, tzinfo=LONDON),
                outcome="invited",
                note="Invitation to the second round",
                message_id="<abc@example.com>",
                references=("<root@example.com>", "<thanks@example.org>"),
            ),
        ),
        steps=(step(),),
        decisions=(
            Decision(
                kind=DecisionKind.OFFER, at=datetime(2025, 1, 30, 12, 0, tzinfo=UTC), note="¡Sí!"
            ),
        ),
        settings={"nudges": "2", "working_hours": "09:00-17:00"},
    )
    return dataclasses.replace(made, **changes)


def without_ids(a: Application) -> Application:
    """The aggregate with every id (and link to its application) blanked, to compare contents."""
    return dataclasses.replace(
        a,
        id=None,
        interviews=tuple(dataclasses.replace(i, id=None) for i in a.interviews),
        contacts=tuple(dataclasses.replace(c, id=None, application_id=None) for c in a.contacts),
        promises=tuple(dataclasses.replace(p, id=None) for p in a.promises),
        touches=tuple(dataclasses.replace(t, id=None) for t in a.touches),
        steps=tuple(dataclasses.replace(s, id=None, application_id=None) for s in a.steps),
    )
