"""A message the tests build: the moment, the sender's profile, a long thank-you in French, and
its addressees (non-ASCII names, a comma in one)."""

from __future__ import annotations

from datetime import UTC, datetime

from followup.domain.drafts import Draft
from followup.domain.messages import Addressed
from followup.domain.model import Channel, Profile

NOW = datetime(2026, 7, 1, 9, 15, tzinfo=UTC)
ME = Profile(name="Zoë Ó Briain", email="zoe@example.ie", timezone="Europe/Dublin")
DRAFT = Draft(
    kind="thank-you",
    channel=Channel.EMAIL,
    subject="Merci — entretien",
    body="Bonjour Renée,\n\nMerci pour l'entretien. " + "Très long paragraphe. " * 40 + "\n",
)
TO = Addressed(to=(("Renée Müller, PhD", "renee@example.fr"),), cc=(("Sam", "sam@example.fr"),))
