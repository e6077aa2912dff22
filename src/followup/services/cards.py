"""Business-card capture: read a card, and (only when asked) keep it as a contact of an
application. Reading saves nothing; `save_card` is the one place a card becomes a contact."""

from __future__ import annotations

import warnings
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
# More than a card's photo needs (8,000 x 6,000 is a 48-megapixel camera's): a small file can
# decompress into gigabytes of pixels, so an image is measured from its header first.
MAX_PIXELS = 50_000_000


def too_many_pixels(path: Path) -> bool:
    """Whether the image at `path` has more than MAX_PIXELS pixels, read from its header without
    decoding it; anything else (no such file, not an image, no Pillow) is for the OCR to say."""
    try:
        from PIL import Image
    except ImportError:
        return False  # reading it says how to install the OCR extra
    try:
        with warnings.catch_warnings():  # Pillow's own warning, past 89 megapixels
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return True
    except Exception:  # not an image: reading it says so
        return False
    return width * height > MAX_PIXELS


def read_card(store: Store, read: Reader, path: Path) -> dict[str, Field]:
    """The fields found on the card; phone numbers without a +prefix are taken to be in the
    profile's country. An image with more than MAX_PIXELS pixels is refused before it is
    decoded."""
    if too_many_pixels(path):
        raise InvalidInput(
            f"{path.name} has too many pixels (over {MAX_PIXELS // 1_000_000} megapixels): "
            "send a smaller image"
        )
    profile = services.people.profile(store)
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
        services.applications.replan(repo, application_id, playbook, now)
        return saved
