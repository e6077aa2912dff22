"""Business-card capture: read a card, and (only when asked) keep it as a contact of an
application. Reading saves nothing; `save_card` is the one place a card becomes a contact."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from followup import services
from followup.domain.cards import Field, OcrLine, extract
from followup.domain.errors import InvalidInput
from followup.domain.model import Contact, Relation
from followup.domain.playbook import Playbook
from followup.ports import Store

Reader = Callable[[Path], Sequence[OcrLine]]


def read_card(store: Store, read: Reader, path: Path) -> dict[str, Field]:
    """The fields found on the card; phone numbers without a +prefix are taken to be in the
    profile's country."""
    profile = services.profile(store)
    region = profile.region.country if profile and profile.region else None
    return extract(read(path), region)


def card_contact(fields: dict[str, Field], relation: Relation) -> Contact:
    """The contact a card describes; website and confidences go into its notes."""
    if "name" not in fields:
        raise InvalidInput("no name found on the card: add the contact with `followup add`")
    notes = f"website: {fields['website'].value}" if "website" in fields else None

    def value(name: str) -> str | None:
        return fields[name].value if name in fields else None

    return Contact(
        name=fields["name"].value,
        relation=relation,
        title=value("title"),
        organisation=value("organisation"),
        email=value("email"),
        phone=value("phone"),
        address=value("address"),
        notes=notes,
    )


def save_card(
    store: Store, application_id: int, contact: Contact, playbook: Playbook, now: datetime
) -> Contact:
    """Attach the contact to the application and replan it (a new person may add steps)."""
    with store.transaction() as repo:
        repo.get_application(application_id)
        [saved] = repo.add_contacts(application_id, [contact])
        services.replan(repo, application_id, playbook, now)
        return saved
