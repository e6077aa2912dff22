"""What the pages and the API show as "today" and "due": the agenda, as the CLI builds it."""

from __future__ import annotations

from datetime import timedelta

from followup import services
from followup.bootstrap import App
from followup.cli import parse
from followup.domain.errors import InvalidInput
from followup.domain.values import zone


def until_midnight(app: App) -> timedelta:
    """From now to the end of the user's day (in the profile's time zone)."""
    now = app.now()
    profile = services.profile(app.store)
    local = now.astimezone(zone(profile.timezone) if profile else now.tzinfo)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return midnight - local


def today(app: App) -> services.Agenda:
    return services.agenda(app.store, app.playbook, app.now(), until_midnight(app))


def within(app: App, text: str) -> services.Agenda:
    """The agenda for a span like 36h, 7d or 2w."""
    try:
        return services.agenda(app.store, app.playbook, app.now(), parse.span(text))
    except OverflowError:
        raise InvalidInput(f"within {text!r} reaches past the calendar's end") from None
