"""Use cases: each takes the ports it needs, runs in one transaction, and returns domain
objects. One module per area, in the domain's words (docs/architecture.md lists them).

The four core areas are reachable from here, so `services.applications.decide(...)` reads as
what it does; each is imported when first used (`due --json` needs only `agenda`, and
importing all four costs every command milliseconds). The others (drafts, sending, replies,
...) are imported where they are used.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.services import agenda, applications, people, steps

__all__ = ["agenda", "applications", "people", "steps"]


def __getattr__(name: str) -> object:
    """`services.agenda` and the other core areas, imported on first use."""
    if name in __all__:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
