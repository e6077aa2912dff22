"""Property tests of each person's own calendar and of reachable channels (SPEC invariants;
issue 14, items 3 and 4), over the examples of the planner's property tests (planner_examples:
interviewers, HR, recruiters of the company or of an agency, helpers, references and referrals,
each with or without an email, a phone, a postal address, a zone and a country of their own).

The expectations are worked out here from the contact, not by asking the planner's `where`.
"""

from __future__ import annotations

from hypothesis import given, settings

from followup.domain.model import (
    OPEN_STATUSES,
    Application,
    Channel,
    Contact,
    Relation,
    Step,
    StepStatus,
)
from followup.domain.playbook import NUDGES
from followup.domain.values import zone
from followup.domain.workdays import calendar
from tests.unit.planner_examples import PLAYBOOK, Example, examples, simulate

NOT_THE_EMPLOYERS = (Relation.REFERENCE, Relation.REFERRAL, Relation.HELPER)
DETAIL = {Channel.EMAIL: "email", Channel.PHONE: "phone", Channel.LETTER: "postal address"}


def recipient(app: Application, step: Step) -> Contact | None:
    first = step.recipients[0].contact_id if step.recipients else None
    return next((c for c in app.contacts if c.id == first), None)


def employers(contact: Contact, app: Application) -> bool:
    """Interviewers and HR; a recruiter whose organisation is the company (case and spaces
    aside: "Acme", " ACME "), not an agency's ("Hays")."""
    if contact.relation is Relation.RECRUITER:
        mine = "".join((contact.organisation or "").split()).casefold()
        return mine == "".join(app.company.split()).casefold()
    return contact.relation not in NOT_THE_EMPLOYERS


def reaches(channel: Channel, contact: Contact | None) -> bool:
    known = {
        Channel.EMAIL: contact.email if contact else None,
        Channel.PHONE: contact.phone if contact else None,
        Channel.LETTER: contact.address if contact else None,
    }
    return channel not in known or known[channel] is not None


@given(examples())
@settings()
def test_every_step_of_a_person_not_the_employers_is_on_that_persons_calendar(
    example: Example,
) -> None:
    """Their own country and zone where known, else the user's; never the interview's."""
    hours = PLAYBOOK.with_settings(example.app.settings).hours
    for state in simulate(example).states:
        for step in state.app.steps:
            contact = recipient(state.app, step)
            if contact is None or employers(contact, state.app):
                continue
            tz = contact.timezone or example.home.timezone
            cal = calendar(contact.region or example.home.region)
            assert step.timezone == tz, (step, contact)
            for moment in (step.earliest, step.due):
                assert cal.is_working_day(moment.astimezone(zone(tz)).date()), (step, contact)
            local = step.due.astimezone(zone(tz)).time()
            assert hours.start < local <= hours.end, step


@given(examples())
@settings()
def test_no_step_is_on_a_channel_its_recipient_cannot_be_reached_by_without_saying_so(
    example: Example,
) -> None:
    """An open step's channel reaches its recipient (an email address, a phone number, a postal
    address known), or the step says what to add and the command that adds it. A step the
    planner placed takes the first of its rule's channels that reaches them (keep-in-touch:
    the first after the last nudge's), so it says so only when none does."""
    for state in simulate(example).states:
        rules = PLAYBOOK.with_settings(state.app.settings)
        history = sorted(
            (s for s in state.app.steps if s.kind in NUDGES and s.done_at is not None),
            key=lambda s: s.done_at or s.due,
        )
        for step in state.app.steps:
            if step.status not in OPEN_STATUSES:
                continue
            contact = recipient(state.app, step)
            if reaches(step.channel, contact):
                assert step.needs is None, step
            elif contact is None:
                assert step.needs is not None and "followup contacts import" in step.needs
            else:
                wanted = f"add {contact.name}'s {DETAIL[step.channel]}: "
                command = f"followup contacts edit {contact.id} --"
                assert step.needs is not None and step.needs.startswith(wanted), step
                assert command in step.needs, step
            if step.status is StepStatus.SNOOZED or step.outcome == "no-answer":
                continue  # kept where the user (or an unanswered call) put it
            order = list(rules.rule(step.kind).channels)
            if step.kind == "keep-in-touch" and history and history[-1].channel in order:
                start = order.index(history[-1].channel) + 1
                order = order[start:] + order[:start]
            reachable = [c for c in order if reaches(c, contact)]
            assert step.channel is (reachable[0] if reachable else order[0]), (step, contact)
