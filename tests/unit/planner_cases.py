"""What the planner's example-based tests start from: the default playbook, a user in England,
the Acme application with its Tuesday interview and its contacts, and the events the services
apply (a step done, a touch, a decision), each followed by a replan as the services do it."""

from __future__ import annotations

import importlib.resources
from dataclasses import replace
from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from followup.domain import planner, playbook
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    Relation,
    Stage,
    Step,
    Touch,
)
from followup.domain.values import Region

PLAYBOOK = playbook.parse(
    importlib.resources.files("followup").joinpath("playbook.toml").read_text()
)
GB = Region("GB", "ENG")
HOME = planner.Home(GB, "Europe/London")
_ids = count(1000)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def interview(start: str, end: str, tz: str, region: Region | None) -> Interview:
    zone = ZoneInfo(tz)
    return Interview(
        start=at(start).replace(tzinfo=zone),
        end=at(end).replace(tzinfo=zone),
        timezone=tz,
        region=region,
        id=1,
    )


JANE = Contact(
    "Jane Smith",
    Relation.INTERVIEWER,
    title="Head of Data",
    email="jane@acme.example",
    phone="+44 20 7946 0958",
    address="Acme Ltd\n1 Poultry\nLondon EC2R 8EJ",
    id=11,
)
# No email, a postal address: a letter.
RAJ = Contact("Raj Patel", Relation.INTERVIEWER, address="1 Poultry\nLondon EC2R 8EJ", id=12)
HANNAH = Contact("Hannah Green", Relation.HR, email="hr@acme.example", id=13)
# Tuesday 10 March 2026, 10:00-11:00 in London (GMT until 29 March, BST after).
TUESDAY = interview("2026-03-10T10:00", "2026-03-10T11:00", "Europe/London", GB)


def acme(*contacts: Contact, **changes: object) -> Application:
    app = Application(
        company="Acme",
        role="Data Engineer",
        stage=Stage.INTERVIEWING,
        interviews=(TUESDAY,),
        contacts=contacts or (JANE, HANNAH),
        id=1,
    )
    return replace(app, **changes)


def replan(app: Application, now: str = "2026-03-10T12:00:00+00:00") -> Application:
    """`app` with its plan stored (new steps get ids, as the repository gives them)."""
    steps = planner.plan(app, PLAYBOOK, at(now), HOME)
    return replace(app, steps=tuple(s if s.id else replace(s, id=next(_ids)) for s in steps))


def the(app: Application, key: str) -> Step:
    (step,) = [s for s in app.steps if s.key == key]
    return step


def window(step: Step) -> tuple[str, str]:
    return step.earliest.isoformat(), step.due.isoformat()


def keys(app: Application, kind: str) -> list[str]:
    return [s.key for s in app.steps if s.kind == kind]


def nudges(app: Application) -> list[Step]:
    return [s for s in app.steps if s.kind in playbook.NUDGES]


def changed(app: Application, step: Step) -> Application:
    """`app` with one stored step replaced by its new version (same id)."""
    return replace(app, steps=tuple(step if s.id == step.id else s for s in app.steps))


def done(app: Application, key: str, when: str, outcome: str | None = None) -> Application:
    step = planner.complete(app, the(app, key), outcome, at(when), PLAYBOOK, HOME)
    return replan(changed(app, step), when)


def touched(app: Application, direction: Direction, when: str) -> Application:
    touch = Touch(Channel.EMAIL, direction, at(when), id=next(_ids))
    return replan(replace(app, touches=(*app.touches, touch)), when)


def decided(app: Application, kind: DecisionKind, when: str) -> Application:
    stage = {DecisionKind.REJECTED: Stage.REJECTED, DecisionKind.OFFER: Stage.OFFER}[kind]
    decision = Decision(kind, at(when))
    return replan(replace(app, decisions=(*app.decisions, decision), stage=stage), when)
