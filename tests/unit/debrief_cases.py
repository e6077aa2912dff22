"""What the debrief tests start from: a user in England, and Acme's interview recorded ahead of
time (Thursday 10 December 2026) for Monday 14 December 2026, 10:00-11:00 in London (GMT, so
UTC), with Priya Shah known by name only; the answers of a whole debrief, typed."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from followup import services
from followup.bootstrap import default_playbook
from followup.domain.model import Application, Contact, Interview, Profile
from followup.domain.values import Region
from followup.input import debrief_form
from followup.input.interview_form import Person
from tests.unit.fakes import FakeStore

PLAYBOOK = default_playbook()
GB = Region("GB", "ENG")
LONDON = ZoneInfo("Europe/London")
RECORDED = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # Thursday
AFTER = datetime(2026, 12, 14, 11, 30, tzinfo=UTC)  # Monday, half an hour after it ended
ME = Profile(name="Alex Morgan", region=GB, timezone="Europe/London", skills=("SQL",))
MONDAY = Interview(
    start=datetime(2026, 12, 14, 10, 0, tzinfo=LONDON),
    end=datetime(2026, 12, 14, 11, 0, tzinfo=LONDON),
    timezone="Europe/London",
    region=GB,
)
WHOLE = debrief_form.Typed(
    people=(
        Person("interviewer", "Priya Shah", "Head of Data", "priya@acme.example", label="P1"),
        Person("interviewer", "Tom Reed", "Engineering Manager", "tom@acme.example", label="P2"),
    ),
    decision_by="2027-01-08",
    promises=("portfolio link -> Tom Reed",),
    referrals=("Dana Cole, CTO, dana@nordlys.example",),
    topics=("dbt migration", "stakeholder reporting"),
)


def recorded(store: FakeStore) -> Application:
    """The profile, and Acme recorded on Thursday with Priya Shah (no title, no email)."""
    me = {"name": ME.name, "region": GB, "timezone": ME.timezone, "skills": ME.skills}
    services.people.update_profile(store, me)
    app = Application(
        company="Acme",
        role="Data Analyst",
        interviews=(MONDAY,),
        contacts=(Contact("Priya Shah", organisation="Acme", region=GB),),
    )
    return services.applications.record_interview(store, app, PLAYBOOK, RECORDED)
