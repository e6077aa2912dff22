"""Use cases: each takes the ports it needs, runs in one transaction, and returns domain
objects. One module per area, in the domain's words (docs/architecture.md lists them).

The four core areas are imported here, so `services.applications.decide(...)` reads as
what it does; the others (drafts, sending, replies, ...) are imported where they are used.
"""

from followup.services import agenda, applications, people, steps

__all__ = ["agenda", "applications", "people", "steps"]
