"""Each person's own calendar (issue 14, item 3), against hand-checked dates.

The employer's people (interviewers, HR, the company's own recruiter) are dated in their own
country and zone, else the interview's; everyone else (a reference, a referral, a helper, an
agency's recruiter) in their own, else the user's, never the interview's. `followup add`
gives only the employer's people the interview's country, so a London reference of a Tokyo
interview keeps the English bank holidays, not Golden Week.

Golden Week 2026 in Japan: Wed 29 April, then Sun 3 to Wed 6 May (6 May stands in for the
3rd, a Sunday). England: Mon 4 May is the early May bank holiday. Bavaria: Thu 4 June is
Corpus Christi (Fronleichnam), worked in England and Japan.
"""

from __future__ import annotations

from dataclasses import replace

from followup.domain import planner
from followup.domain.model import Contact, Profile, Relation, Source, Step
from followup.domain.values import Region
from followup.input import interview_form
from followup.input.interview_form import Person, Typed
from tests.unit.planner_cases import HOME, PLAYBOOK, acme, at, interview, window

JP = Region("JP")
# Friday 1 May 2026, 14:00-15:00 in Tokyo (JST, UTC+9): 06:00-07:00 in London (BST).
TOKYO = interview("2026-05-01T14:00", "2026-05-01T15:00", "Asia/Tokyo", JP)
KENJI = Contact("Kenji Sato", Relation.INTERVIEWER, email="kenji@acme.example", id=21)
ROB = Contact("Rob Stone", Relation.REFERENCE, email="rob@example.com", id=22)


def steps(*contacts: Contact, **changes: object) -> dict[str, Step]:
    app = acme(*contacts, interviews=(TOKYO,), **changes)
    return {s.key: s for s in planner.plan(app, PLAYBOOK, at("2026-05-01T07:00:00+00:00"), HOME)}


def test_a_london_reference_of_a_tokyo_interview_keeps_the_english_calendar() -> None:
    planned = steps(KENJI, ROB)
    heads_up = planned["reference-heads-up:i1:c22"]
    # 07:00 in London is before hours: 09:00 that Friday. Due working day 1 in England:
    # (Sat, Sun, Mon 4 May bank holiday) Tue 5 May.
    assert window(heads_up) == ("2026-05-01T09:00:00+01:00", "2026-05-05T17:00:00+01:00")
    assert heads_up.timezone == "Europe/London"
    # Kenji, the employer's, in Tokyo: 15:00 + 2 h is 17:00, the end of hours; Mon 4 to Wed 6
    # are Golden Week: Thursday 7 May. Due working day 2: Thu 7 (1), Fri 8 (2).
    assert window(planned["thank-you:i1:c21"]) == (
        "2026-05-07T09:00:00+09:00",
        "2026-05-08T17:00:00+09:00",
    )
    # His call: 7 (1), 8, 11, 12, 13 (5) ... 14, 15, 18 (8).
    assert window(planned["check-in-call:i1"]) == (
        "2026-05-13T09:00:00+09:00",
        "2026-05-18T17:00:00+09:00",
    )


def test_the_same_reference_stamped_with_the_interviews_country_would_wait_for_golden_week() -> (
    None
):
    # What `add` used to do: the interview's country on every contact. Working day 1 in Japan
    # after Fri 1 May is Thu 7 May: two days late for a heads-up.
    planned = steps(KENJI, replace(ROB, region=JP))
    assert window(planned["reference-heads-up:i1:c22"])[1] == "2026-05-07T17:00:00+01:00"


def test_a_referral_with_her_own_country_and_zone_follows_hers() -> None:
    # Wednesday 3 June 2026, 10:00-11:00 in Tokyo: 03:00-04:00 in Munich (CEST).
    june = interview("2026-06-03T10:00", "2026-06-03T11:00", "Asia/Tokyo", JP)
    fay = Contact(
        "Fay Wu",
        Relation.REFERRAL,
        email="fay@example.de",
        region=Region("DE", "BY"),
        timezone="Europe/Berlin",
        id=23,
    )
    app = acme(KENJI, fay, ROB, interviews=(june,))
    planned = {s.key: s for s in planner.plan(app, PLAYBOOK, at("2026-06-03T02:00Z"), HOME)}
    outreach = planned["referral-outreach:i1:c23"]
    # 04:00 in Munich: 09:00. Due working day 2 in Bavaria: (Thu 4 Corpus Christi) Fri 5 (1),
    # Mon 8 (2).
    assert window(outreach) == ("2026-06-03T09:00:00+02:00", "2026-06-08T17:00:00+02:00")
    assert outreach.timezone == "Europe/Berlin"
    # Rob, in London, works that Thursday: due Thu 4 June.
    assert window(planned["reference-heads-up:i1:c22"]) == (
        "2026-06-03T09:00:00+01:00",
        "2026-06-04T17:00:00+01:00",
    )


def test_the_companys_own_recruiter_is_the_employers_an_agencys_is_not() -> None:
    in_house = Contact(
        "Aiko Mori", Relation.RECRUITER, organisation=" ACME ", email="aiko@acme.example", id=24
    )
    agency = Contact(
        "Rita Cole", Relation.RECRUITER, organisation="Hays", email="rita@hays.example", id=25
    )
    planned = steps(KENJI, in_house, agency, source=Source.AGENCY)
    # Aiko works for Acme (the name, case and spaces aside): Tokyo, as Kenji.
    assert window(planned["thank-you:i1:c24"]) == window(planned["thank-you:i1:c21"])
    assert planned["thank-you:i1:c24"].timezone == "Asia/Tokyo"
    # Rita works for the agency: the user's calendar. 07:00 + 2 h = 09:00 in London that
    # Friday; due working day 2 in England: (Mon 4 May) Tue 5 (1), Wed 6 (2).
    assert window(planned["thank-you:i1:c25"]) == (
        "2026-05-01T09:00:00+01:00",
        "2026-05-06T17:00:00+01:00",
    )
    assert window(planned["agency-update:i1:c25"]) == (
        "2026-05-01T09:00:00+01:00",
        "2026-05-05T17:00:00+01:00",
    )
    # Only the agency's recruiter hears that the user will follow up directly.
    assert [k for k in planned if k.startswith("agency-update")] == ["agency-update:i1:c25"]


def test_add_gives_the_interviews_country_only_to_the_employers_people() -> None:
    me = Profile(name="Zoe Hart", region=Region("GB", "ENG"), timezone="Europe/London")
    typed = Typed(
        company="Acme",
        role="Data Engineer",
        at="2026-05-01 14:00",
        tz="Asia/Tokyo",
        country="JP",
        people=(
            Person("interviewer", "Kenji Sato", email="kenji@acme.example", phone="03-5555-5000"),
            Person("recruiter", "Aiko Mori", email="aiko@acme.example"),
            # A British number written the British way: read in the user's country.
            Person("reference", "Rob Stone", email="rob@example.com", phone="020 7946 0958"),
            Person("agency", "Rita Cole", email="rita@hays.example"),
            Person("referral", "Fay Wu", email="fay@example.de"),
            Person("helper", "Sam Lee", email="sam@example.com"),
        ),
    )
    app = interview_form.application(typed, me, PLAYBOOK)
    regions = {c.name: c.region for c in app.contacts}
    assert regions == {
        "Kenji Sato": JP,
        "Aiko Mori": JP,
        "Rob Stone": Region("GB", "ENG"),
        "Rita Cole": Region("GB", "ENG"),
        "Fay Wu": Region("GB", "ENG"),
        "Sam Lee": Region("GB", "ENG"),
    }
    assert all(c.timezone is None for c in app.contacts)  # the zone: where() decides
    stored = replace(
        app,
        id=1,
        interviews=(replace(app.interviews[0], id=1),),
        contacts=tuple(replace(c, id=30 + n) for n, c in enumerate(app.contacts)),
    )
    planned = {s.key: s for s in planner.plan(stored, PLAYBOOK, at("2026-05-01T07:00Z"), HOME)}
    assert window(planned["reference-heads-up:i1:c32"])[1] == "2026-05-05T17:00:00+01:00"
    assert planned["thank-you:i1:c31"].timezone == "Asia/Tokyo"  # Aiko: the employer's


def test_without_a_profile_country_the_others_have_none_of_their_own() -> None:
    me = Profile(name="Zoe Hart", timezone="Europe/London")
    typed = Typed(
        company="Acme",
        role="Data Engineer",
        at="2026-05-01 14:00",
        tz="Asia/Tokyo",
        country="JP",
        people=(
            Person("interviewer", "Kenji Sato", email="kenji@acme.example"),
            Person("reference", "Rob Stone", email="rob@example.com"),
        ),
    )
    app = interview_form.application(typed, me, PLAYBOOK)
    assert [(c.name, c.region) for c in app.contacts] == [("Kenji Sato", JP), ("Rob Stone", None)]


def test_another_round_gives_the_rounds_country_only_to_the_employers_people() -> None:
    # Round 1 in Tokyo; round 2 typed with no country takes round 1's (JP), one typed in
    # Munich takes Bavaria's: each time only for the employer's people.
    me = Profile(name="Zoe Hart", region=Region("GB", "ENG"), timezone="Europe/London")
    first = Typed(company="Acme", role="Data Engineer", at="2026-05-01 14:00", tz="Asia/Tokyo",
                  country="JP", people=(Person("interviewer", "Kenji Sato"),))  # fmt: skip
    current = interview_form.application(first, me, PLAYBOOK)
    people = (
        Person("interviewer", "Aiko Mori", email="aiko@acme.example"),
        Person("hr", "Yui Ito", email="yui@acme.example"),
        Person("reference", "Rob Stone", email="rob@example.com", phone="020 7946 0958"),
        Person("referral", "Fay Wu", email="fay@example.de"),
        Person("helper", "Sam Lee", email="sam@example.com"),
        Person("agency", "Rita Cole", email="rita@hays.example"),
    )
    again = Typed(company="", role="", at="2026-05-08 10:00", round="", people=people)
    made = interview_form.another_round(again, current, me, PLAYBOOK)
    assert (made.interview.region, made.interview.timezone, made.interview.round) == (
        JP, "Asia/Tokyo", 2
    )  # fmt: skip
    england = Region("GB", "ENG")
    assert {c.name: c.region for c in made.people} == {
        "Aiko Mori": JP, "Yui Ito": JP, "Rob Stone": england, "Fay Wu": england,
        "Sam Lee": england, "Rita Cole": england,
    }  # fmt: skip
    munich = replace(again, tz="Europe/Berlin", country="DE-BY")
    moved = interview_form.another_round(munich, current, me, PLAYBOOK)
    assert {c.name: c.region for c in moved.people} == {
        "Aiko Mori": Region("DE", "BY"), "Yui Ito": Region("DE", "BY"), "Rob Stone": england,
        "Fay Wu": england, "Sam Lee": england, "Rita Cole": england,
    }  # fmt: skip


def test_an_application_only_applied_for_gives_its_country_only_to_the_employers_people() -> None:
    # `add --applied` with no interview: --country is the company's; it was stamped on the
    # reference too (the bug), who keeps the user's England.
    me = Profile(name="Zoe Hart", region=Region("GB", "ENG"), timezone="Europe/London")
    typed = Typed(
        company="Acme",
        role="Data Engineer",
        at="",
        country="JP",
        applied="2026-04-20",
        people=(
            Person("hr", "Yui Ito", email="yui@acme.example"),
            Person("reference", "Rob Stone", email="rob@example.com"),
        ),
    )
    app = interview_form.application(typed, me, PLAYBOOK)
    assert [(c.name, c.region) for c in app.contacts] == [
        ("Yui Ito", JP),
        ("Rob Stone", Region("GB", "ENG")),
    ]
