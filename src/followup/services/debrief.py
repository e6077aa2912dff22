"""Use case: record an interview's debrief (the people met, what happens next, promises,
referrals, topics) and replan the application, in one transaction."""

from __future__ import annotations

from datetime import datetime

from followup.domain import debrief as debriefs
from followup.domain.debrief import Debrief
from followup.domain.model import Application
from followup.domain.playbook import Playbook
from followup.ports import Store
from followup.services.applications import replan


def debrief(
    store: Store, application_id: int, answers: Debrief, playbook: Playbook, now: datetime
) -> Application:
    """Record `answers` on the application's latest interview that has begun, and replan: a
    thank-you for each new person met, a send-promised step for each promise, a
    referral-outreach step for each referral, the check-in moved by a decision or contact date."""
    with store.transaction() as repo:
        current = repo.get_application(application_id)
        changes = debriefs.changes(current, answers, now)
        for contact in changes.updated:
            repo.update_contact(contact)
        repo.add_contacts(application_id, changes.added)
        repo.add_promises(application_id, changes.promises)
        repo.update_interview(application_id, changes.interview)
        return replan(repo, application_id, playbook, now)
