"""One thank-you per interviewer, HR once (002: "send to HR and copy in the interviewer"; 004:
"thank-you notes to everyone who interviewed you"): HR is copied on the lead interviewer's
thank-you only (the first typed for the interview who has an email address), or gets a short
note of its own when no interviewer has an address."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.model import Application, Contact, Relation
from followup.domain.personalisation import addressees
from tests.unit.planner_cases import (
    GB,
    HANNAH,
    JANE,
    RAJ,
    TUESDAY,
    acme,
    done,
    interview,
    keys,
    replan,
    the,
)

BOB = Contact("Bob Stone", Relation.INTERVIEWER, email="bob@acme.example", id=14)
OMAR = Contact("Omar Diaz", Relation.HR, email="omar@acme.example", id=15)
NOBODY_HR = Contact("Nia Bell", Relation.HR, id=16)  # no address at all


def names(app: Application, key: str) -> tuple[list[str], list[str]]:
    """(to, cc) of a step, by name."""
    to, cc = addressees(the(app, key))
    return [r.name for r in to], [r.name for r in cc]


def copies(app: Application) -> int:
    """How many thank-yous HR (Hannah) is on, written to or copied."""
    return sum(
        any(r.name == HANNAH.name for r in s.recipients) for s in app.steps if s.kind == "thank-you"
    )


def test_hr_is_copied_on_the_lead_interviewers_thank_you_only() -> None:
    # Stored HR first and Bob before Jane, but Jane was typed first for the interview: the lead.
    met = replace(TUESDAY, met=(11, 14, 13))
    app = replan(acme(HANNAH, BOB, JANE, interviews=(met,)))
    assert keys(app, "thank-you") == ["thank-you:i1:c11", "thank-you:i1:c14"]
    assert names(app, "thank-you:i1:c11") == (["Jane Smith"], ["Hannah Green"])
    assert names(app, "thank-you:i1:c14") == (["Bob Stone"], [])
    assert copies(app) == 1


def test_the_lead_is_the_first_typed_who_has_an_email_address() -> None:
    # Raj, typed first, has only a postal address (a letter): HR goes on Jane's email.
    app = replan(acme(RAJ, JANE, HANNAH, interviews=(replace(TUESDAY, met=(12, 11, 13)),)))
    assert names(app, "thank-you:i1:c12") == (["Raj Patel"], [])
    assert names(app, "thank-you:i1:c11") == (["Jane Smith"], ["Hannah Green"])
    assert copies(app) == 1


def test_hr_gets_a_note_of_its_own_when_no_interviewer_can_be_emailed() -> None:
    app = replan(acme(RAJ, HANNAH, OMAR))
    assert keys(app, "thank-you") == ["thank-you:i1:c12", "thank-you:i1:c13"]
    assert names(app, "thank-you:i1:c12") == (["Raj Patel"], [])
    # Written to Hannah (the first HR person with an address), the rest of HR copied.
    assert names(app, "thank-you:i1:c13") == (["Hannah Green"], ["Omar Diaz"])
    assert copies(app) == 1


def test_nobody_with_an_address_hr_is_named_on_the_first_interviewers_letter() -> None:
    app = replan(acme(RAJ, NOBODY_HR))
    assert keys(app, "thank-you") == ["thank-you:i1:c12"]
    assert names(app, "thank-you:i1:c12") == (["Raj Patel"], ["Nia Bell"])


def test_every_hr_person_is_copied_once_on_the_lead_thank_you() -> None:
    app = replan(acme(JANE, BOB, HANNAH, OMAR))
    assert names(app, "thank-you:i1:c11") == (["Jane Smith"], ["Hannah Green", "Omar Diaz"])
    assert names(app, "thank-you:i1:c14") == (["Bob Stone"], [])


def test_the_copy_stays_with_the_lead_once_their_thank_you_is_sent() -> None:
    app = replan(acme(JANE, BOB, HANNAH))
    app = done(app, "thank-you:i1:c11", "2026-03-10T14:00:00+00:00")
    # Sent with HR copied; Bob's, still open, does not copy HR a second time.
    assert names(app, "thank-you:i1:c11") == (["Jane Smith"], ["Hannah Green"])
    assert names(app, "thank-you:i1:c14") == (["Bob Stone"], [])
    assert copies(app) == 1


def test_a_lead_met_again_takes_the_copy_to_the_later_round_never_twice() -> None:
    # Round 1 with Jane (the lead) and Bob; round 2 with Jane again: Jane is thanked after
    # round 2, HR copied there; Bob's round 1 note copies nobody.
    second = replace(
        interview("2026-03-17T14:00", "2026-03-17T15:00", "Europe/London", GB), round=2, id=2
    )
    rounds = (replace(TUESDAY, met=(11, 14, 13)), replace(second, met=(11,)))
    app = replan(acme(JANE, BOB, HANNAH, interviews=rounds), "2026-03-17T16:00:00+00:00")
    assert keys(app, "thank-you") == ["thank-you:i1:c14", "thank-you:i2:c11"]
    assert names(app, "thank-you:i1:c14") == (["Bob Stone"], [])
    assert names(app, "thank-you:i2:c11") == (["Jane Smith"], ["Hannah Green"])
    assert copies(app) == 1
