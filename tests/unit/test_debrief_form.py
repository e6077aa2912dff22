"""input/debrief_form: a debrief as typed -> a Debrief, every mistake found under its field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from followup.domain.model import Application, Relation
from followup.domain.values import Region
from followup.input import debrief_form
from followup.input.interview_form import Person, Problems
from tests.unit.debrief_cases import ME, MONDAY, WHOLE

APP = Application("Acme", "Data Analyst", interviews=(replace(MONDAY, region=Region("IE")),))


def read(typed: debrief_form.Typed) -> debrief_form.Debrief:
    return debrief_form.debrief(typed, APP, APP.interviews[0], ME)


def test_a_whole_debrief_is_read_with_each_person_where_they_belong() -> None:
    made = read(WHOLE)
    priya, tom = made.people
    assert (priya.name, priya.title, priya.email) == (
        "Priya Shah",
        "Head of Data",
        "priya@acme.example",
    )
    # The employer's people: the company, the interview's country (Ireland here).
    assert (tom.relation, tom.organisation, tom.region) == (
        Relation.INTERVIEWER,
        "Acme",
        Region("IE"),
    )
    [dana] = made.referrals
    # Nobody's but their own: no organisation guessed, the profile's country (England).
    assert (dana.relation, dana.organisation, dana.region) == (Relation.REFERRAL, None, ME.region)
    assert (dana.title, dana.email) == ("CTO", "dana@nordlys.example")
    assert made.decision_by == date(2027, 1, 8) and made.contact_on is None
    assert [(p.what, p.to) for p in made.promises] == [("portfolio link", "Tom Reed")]
    assert made.topics == ("dbt migration", "stakeholder reporting")


def test_a_referrals_phone_without_a_prefix_is_read_in_the_profiles_country() -> None:
    [dana] = read(debrief_form.Typed(referrals=("Dana Cole, 020 7946 0000",))).referrals
    assert dana.phone == "020 7946 0000" and dana.region == ME.region


def test_blank_rows_are_ignored_and_a_row_without_a_name_is_named() -> None:
    blank = Person("interviewer", key="people-1", label="Person 2")
    nameless = Person("interviewer", title="CTO", key="people-0", label="Person 1")
    assert read(debrief_form.Typed(people=(blank,), topics=("x",))).people == ()
    with pytest.raises(Problems) as problems:
        read(debrief_form.Typed(people=(nameless, blank)))
    assert problems.value.found == {"people-0.name": "Person 1: the name must not be empty"}


def test_every_mistake_is_found_under_its_field() -> None:
    typed = debrief_form.Typed(
        people=(Person("interviewer", "Tom Reed", email="tom@", key="people-0", label="Person 1"),),
        decision_by="2026-12-13",
        contact_on="next week",
        promises=("my portfolio",),
        referrals=("dana@nordlys.example",),
        topics=("   ",),
        labels={"decision_by": "Decision by", "contact_on": "Contact on"},
    )
    with pytest.raises(Problems) as problems:
        read(typed)
    found = problems.value.found
    assert list(found) == [
        "people-0",
        "decision_by",
        "contact_on",
        "promises",
        "referrals",
        "topics",
    ]
    assert found["people-0"].startswith("Person 1: email address 'tom@' does not parse")
    assert found["decision_by"] == "Decision by 2026-12-13 is before the interview (2026-12-14)"
    assert found["contact_on"] == "Contact on 'next week' is not a date like 2026-12-18"
    assert (
        found["promises"] == "--promise 'my portfolio' is not like \"portfolio link -> Priya Shah\""
    )
    assert (
        found["referrals"] == "--referral 'dana@nordlys.example' must start with the person's name"
    )
    assert found["topics"] == "--topic: a topic must not be empty"
    assert str(problems.value) == found["people-0"]  # the command line says the first


def test_the_interviews_own_day_is_a_fine_decision_date() -> None:
    assert read(debrief_form.Typed(decision_by="2026-12-14")).decision_by == date(2026, 12, 14)
