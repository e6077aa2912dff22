"""Use cases: delete an application, or a contact, with everything of theirs, in one
transaction (`followup delete`, `followup contacts delete`, the pages' "Delete").

What goes, said before it goes (`application_parts`, `contact_parts`): an application takes its
interviews, people, promises, touches, decisions, steps and outbox messages with it; a contact
takes who met them where, and the steps planned to them; touches with them stay, without them.
The user's other applications at the same company are replanned after (their nudges took
turns with the one deleted).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from followup.domain.errors import Conflict
from followup.domain.model import (
    OPEN_STATUSES,
    Application,
    Contact,
    Relation,
    Source,
    Step,
)
from followup.domain.outbox import OutboxEntry, OutboxState
from followup.domain.playbook import Playbook
from followup.ports import Repository, Store
from followup.services.applications import replan

_PLURALS = {"person": "people", "interview met at": "interviews met at", "touch": "touches"}


@dataclass(frozen=True, slots=True)
class Parts:
    """What deleting a record takes with it, and what stays without it: how many of each kind
    of thing (named in the singular)."""

    counts: tuple[tuple[str, int], ...]
    kept: tuple[tuple[str, int], ...] = ()

    @staticmethod
    def words(counts: tuple[tuple[str, int], ...]) -> list[str]:
        """E.g. ["1 interview", "2 people"]."""
        return [f"{n} {what if n == 1 else _PLURALS.get(what, what + 's')}" for what, n in counts]

    def record(self) -> dict[str, dict[str, int]]:
        return {"deleted": dict(self.counts), "kept": dict(self.kept)}


def application_parts(store: Store, application_id: int) -> tuple[Application, Parts]:
    """The application, and what deleting it would take with it."""
    with store.reading() as repo:
        found = repo.get_application(application_id)
        messages = _messages(repo, application_id)
    return found, Parts(
        (
            ("interview", len(found.interviews)),
            ("person", len(found.contacts)),
            ("promise", len(found.promises)),
            ("touch", len(found.touches)),
            ("decision", len(found.decisions)),
            ("step", len(found.steps)),
            ("message", len(messages)),
        )
    )


def contact_parts(store: Store, contact_id: int) -> tuple[Contact, Parts]:
    """The contact, and what deleting them would take with them (and leave)."""
    with store.reading() as repo:
        contact = repo.get_contact(contact_id)
        if contact.application_id is None:
            return contact, Parts((("interview met at", 0), ("planned step", 0)))
        found = repo.get_application(contact.application_id)
    met = sum(contact_id in i.met for i in found.interviews)
    planned = sum(_to(s, contact_id) and s.status in OPEN_STATUSES for s in found.steps)
    touches = sum(t.contact_id == contact_id for t in found.touches)
    return contact, Parts(
        (("interview met at", met), ("planned step", planned)), (("touch", touches),)
    )


def delete_application(
    store: Store, application_id: int, playbook: Playbook, now: datetime
) -> Application:
    """Delete the application and everything of it; return it as it was. Refused while one of
    its messages is being sent (it may be on its way: wait for it)."""
    with store.transaction() as repo:
        found = repo.get_application(application_id)
        if any(m.state is OutboxState.SENDING for m in _messages(repo, application_id)):
            raise Conflict(
                f"a message of application {application_id} is being sent right now: "
                "try again in a few minutes"
            )
        repo.delete_application(application_id)
        others = repo.applications_at(found.company)
        if others and others[0].id is not None:
            replan(repo, others[0].id, playbook, now)  # and the rest at the company
        return found


def delete_contact(store: Store, contact_id: int, playbook: Playbook, now: datetime) -> Contact:
    """Delete the contact; their application is replanned without them (its steps done for
    them keep their name, not the link). Refused for an agency's only recruiter."""
    with store.transaction() as repo:
        contact = repo.get_contact(contact_id)
        application_id = contact.application_id
        if application_id is None:
            repo.delete_contact(contact_id)
            return contact
        current = repo.get_application(application_id)
        rest = [c for c in current.contacts if c.id != contact_id]
        if current.source is Source.AGENCY and not any(
            c.relation is Relation.RECRUITER for c in rest
        ):
            raise Conflict(
                f"{contact.name} is the recruiter application {application_id} came through: "
                "edit them instead, or delete the application"
            )
        repo.delete_contact(contact_id)
        steps = tuple(_unlinked(s, contact_id) for s in current.steps)
        interviews = tuple(
            dataclasses.replace(i, met=tuple(m for m in i.met if m != contact_id))
            for i in current.interviews
        )
        without = dataclasses.replace(
            current,
            contacts=tuple(rest),
            interviews=interviews,
            steps=steps,
            touches=tuple(
                dataclasses.replace(t, contact_id=None) if t.contact_id == contact_id else t
                for t in current.touches
            ),
        )
        replan(repo, application_id, playbook, now, without)
        return contact


def _messages(repo: Repository, application_id: int) -> list[OutboxEntry]:
    return [m for m in repo.list_outbox() if m.application_id == application_id]


def _to(step: Step, contact_id: int) -> bool:
    return any(r.contact_id == contact_id for r in step.recipients)


def _unlinked(step: Step, contact_id: int) -> Step:
    """The step with the contact's name but not their id among its recipients."""
    if not _to(step, contact_id):
        return step
    recipients = tuple(
        dataclasses.replace(r, contact_id=None) if r.contact_id == contact_id else r
        for r in step.recipients
    )
    return dataclasses.replace(step, recipients=recipients)
