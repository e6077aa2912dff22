"""Realistic steps to draft: an application's life driven through the planner with the default
playbook (interview recorded ahead of time, interview, check-in call with no answer,
keep-in-touch rotation, rejection, offer), so that drafts are rendered for the recipients the
planner really picks; every message template with a step of its kind and channel."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

from followup.adapters.templates import template_names
from followup.bootstrap import default_playbook
from followup.domain import planner
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Interview,
    Profile,
    Promise,
    Relation,
    Source,
    Stage,
    Step,
)
from followup.domain.values import Region

PLAYBOOK = default_playbook()
GB = Region("GB", "ENG")
HOME = planner.Home(GB, "Europe/London")
LONDON = ZoneInfo("Europe/London")
_ids = count(500)

ZOE = Profile(
    name="Zoë Ó Súilleabháin",
    email="zoe@example.org",
    phone="+44 20 7946 0123",
    address="12 Rose Lane\nLeeds LS1 4AB",
    skills=("Python", "data modelling", "stakeholder communication"),
    region=GB,
    timezone="Europe/London",
)
MUELLER = Contact(
    "Dr Jürgen Müller",
    Relation.INTERVIEWER,
    title="Head of Data Platforms",
    email="j.mueller@acme.example",
    phone="+44 20 7946 0958",
    address="Nørrebro Analytics\n1 King Street\nLondon EC2V 8AU",  # a letter in the rotation
    notes="Asked a lot about data modelling.",
    id=1,
)
DE_LA_CRUZ = Contact(  # no email: her thank-you goes by post, her call's follow-up too
    "María José de la Cruz",
    Relation.INTERVIEWER,
    title="Senior Engineer",
    phone="+44 20 7946 0444",
    address="1 King Street\nLondon EC2V 8AU",
    id=2,
)
SHAH = Contact("Priya Shah", Relation.HR, title="Talent Partner", email="p.shah@acme.example", id=3)
ONEILL = Contact("Jean-Luc O'Neill", Relation.HELPER, email="jl@example.net", id=4)
AGENT = Contact(
    "Siobhán Ní Bhriain", Relation.RECRUITER, title="Consultant", organisation="Hays",
    email="siobhan@hays.example", id=5,
)  # fmt: skip
AGENT_BY_PHONE = Contact(
    "Łukasz Żółkiewski", Relation.RECRUITER, organisation="Reed", phone="+44 20 7946 0111", id=6
)
REFERENCE = Contact(
    "Ngozi Okonjo-Iweala", Relation.REFERENCE, title="Former Manager", email="n.okonjo@example.com",
    id=7,
)  # fmt: skip
REFERENCE_BY_PHONE = Contact("Søren Ågård", Relation.REFERENCE, phone="+44 20 7946 0222", id=8)
REFERRAL = Contact(
    "李明", Relation.REFERRAL, title="CTO", organisation="Nordlys", email="li@nordlys.example", id=9
)
REFERRAL_BY_PHONE = Contact("Chloé Dubois", Relation.REFERRAL, phone="+44 20 7946 0333", id=10)
REFERRAL_BY_POST = Contact("Ana Lúcia Gonçalves", Relation.REFERRAL, address="3 Mill Road", id=11)
EVERYONE = (
    MUELLER, DE_LA_CRUZ, SHAH, ONEILL, AGENT, AGENT_BY_PHONE, REFERENCE, REFERENCE_BY_PHONE,
    REFERRAL, REFERRAL_BY_PHONE, REFERRAL_BY_POST,
)  # fmt: skip
INTERVIEW = Interview(  # Tuesday 10 March 2026
    start=datetime(2026, 3, 10, 10, 0, tzinfo=LONDON),
    end=datetime(2026, 3, 10, 11, 0, tzinfo=LONDON),
    timezone="Europe/London",
    region=GB,
    notes="Talked through their Python pipelines and the move to dbt.",
    id=1,
)
NOW = datetime(2026, 3, 10, 13, 5, tzinfo=LONDON)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def application(*contacts: Contact, **changes: object) -> Application:
    contacts = contacts or EVERYONE
    agency = any(c.relation is Relation.RECRUITER for c in contacts)
    app = Application(
        company="Nørrebro Analytics",
        role="Data Engineer",
        source=Source.AGENCY if agency else Source.DIRECT,
        stage=Stage.INTERVIEWING,
        interviews=(INTERVIEW,),
        contacts=contacts,
        promises=(
            Promise("a link to my portfolio", "Dr Jürgen Müller", id=21),
            Promise("my AWS certificate", "María José de la Cruz", id=22),
        ),
        id=1,
    )
    return replan(replace(app, **changes), NOW)


def replan(app: Application, now: datetime) -> Application:
    steps = planner.plan(app, PLAYBOOK, now, HOME)
    return replace(app, steps=tuple(s if s.id else replace(s, id=next(_ids)) for s in steps))


def done(app: Application, kind: str, when: datetime, outcome: str | None = None) -> Application:
    (step,) = [s for s in app.steps if s.kind == kind and s.status == "planned"]
    step = planner.complete(app, step, outcome, when, PLAYBOOK, HOME)
    return replan(
        replace(app, steps=tuple(step if s.id == step.id else s for s in app.steps)), when
    )


def decided(app: Application, kind: DecisionKind, stage: Stage, when: datetime) -> Application:
    return replan(replace(app, decisions=(Decision(kind, when),), stage=stage), when)


def life() -> list[tuple[Application, Step]]:
    """Every step the planner makes over an application's life, with its application."""
    after_interview = application()
    ahead = application(created_at=at("2026-03-06T16:00"))  # the Friday before: its checklist
    no_answer = done(after_interview, "check-in-call", at("2026-03-17T10:00"), "no-answer")
    lead_by_post = application(DE_LA_CRUZ, SHAH)
    by_post = done(lead_by_post, "check-in-call", at("2026-03-17T10:00"), "no-answer")
    rotation = [done(no_answer, "check-in-call", at("2026-03-18T10:00"))]
    for day in ("2026-03-26", "2026-04-03"):  # keep-in-touch: phone, then email, then letter
        rotation.append(done(rotation[-1], "keep-in-touch", at(f"{day}T10:00")))
    rejected = decided(rotation[-1], DecisionKind.REJECTED, Stage.REJECTED, at("2026-04-14T09:00"))
    rejected_by_post = decided(lead_by_post, DecisionKind.REJECTED, Stage.REJECTED, NOW)
    applied = replan(  # applied for on Monday 2 March, no interview yet: a status check
        Application(
            company="Nørrebro Analytics",
            role="Data Engineer",
            contacts=(SHAH,),
            applied_at=date(2026, 3, 2),
            created_at=at("2026-03-02T18:00"),
            id=2,
        ),
        NOW,
    )
    offer = decided(after_interview, DecisionKind.OFFER, Stage.OFFER, at("2026-03-20T15:00"))
    hired = decided(after_interview, DecisionKind.HIRED, Stage.HIRED, at("2026-03-20T15:00"))
    apps = [
        ahead,
        after_interview,
        no_answer,
        by_post,
        *rotation,
        rejected,
        rejected_by_post,
        offer,
        hired,
        applied,
    ]
    return [(app, step) for app in apps for step in app.steps if step.status == "planned"]


LIFE = life()
PLANNED = {(s.kind, s.channel.value) for _, s in LIFE}


def template_case(name: str) -> tuple[Application, Step]:
    """A planned step for the template's kind, moved to its channel."""
    kind, channel, _tone, *_ = name.split(".")
    app, step = next((a, s) for a, s in LIFE if s.kind == kind)
    return app, replace(step, channel=Channel(channel))


MESSAGE_TEMPLATES = [n for n in template_names() if not n.startswith("_")]


def thank_you() -> tuple[Application, Step]:
    return next((a, s) for a, s in LIFE if s.key == "thank-you:i1:c1")
