"""Commands about steps: today, due, done, skip, snooze; and resume, after a reply."""

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from followup import views
from followup.cli.agenda import print_agenda
from followup.cli.context import current
from followup.cli.entry import print_agenda_json
from followup.cli.output import Json, emit_lines
from followup.cli.screen import clean
from followup.domain.errors import InvalidInput
from followup.domain.model import Step
from followup.input import parse

if TYPE_CHECKING:
    from followup.cli.screen import Screen
    from followup.domain.planner import CallBack

StepId = Annotated[int, typer.Argument(help="The step's id (see `followup today` or `plan`).")]


def _print_agenda(within: str | None, as_json: bool) -> None:
    """The agenda up to `now + within` (a span, e.g. 7d; None: the end of the user's day): as
    JSON or as lines, as `followup` answers it without Typer (`cli/entry.py`)."""
    if as_json:
        print_agenda_json(within)
    else:
        print_agenda(within)


def today(json_: Json = False) -> None:
    """What is overdue, and what is due or may start before the end of today."""
    _print_agenda(None, json_)


def due(
    within: Annotated[str, typer.Option(help="How far ahead to look: 7d, 2w, 36h.")] = "7d",
    json_: Json = False,
) -> None:
    """What is overdue, and what may start within the given time."""
    _print_agenda(within, json_)


def _print_step(step: Step, as_json: bool, verb: str) -> None:
    def human(screen: "Screen") -> None:
        from followup.cli.applications import steps_table

        screen.line(f"Step {step.id} ({clean(step.kind)}) {clean(verb)}.")
        steps_table(screen, [step])

    emit_lines(views.step_record(step), as_json, human)


def _call_back(outcome: str | None, on: str | None, at: str | None) -> "CallBack | None":
    """The moment agreed on a call, from --on and --at (only with --outcome call-back)."""
    from followup.domain.planner import CallBack

    if outcome != "call-back":
        if on is not None or at is not None:
            raise InvalidInput("--on and --at go with --outcome call-back only")
        return None
    if on is None:
        raise InvalidInput("--outcome call-back needs --on DATE: the day agreed to call back")
    return CallBack(parse.day(on, "--on"), parse.clock(at, "--at") if at is not None else None)


def _done_early(step: Step, now: datetime, yes: bool) -> bool:
    """Whether to go on with a step whose window has not opened: yes with --yes, else asked on a
    terminal; without one, refused with the way to say yes."""
    from followup.domain.planner import in_zone, opens_later

    early = opens_later(step, now)
    if yes or early is None:
        return True
    if not sys.stdin.isatty():
        raise InvalidInput(
            f"{early}: no terminal to ask whether it was done early; pass --yes to record it "
            "done now"
        )
    question = f"{early[0].upper()}{early[1:]}. Record it done now, {in_zone(now, step.timezone)}?"
    return typer.confirm(question, default=False, err=True)


def done(
    step_id: StepId,
    outcome: Annotated[
        str | None,
        typer.Option(
            help="reached, voicemail, no-answer or call-back for calls; sent for the rest "
            "(the default)."
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="With --outcome call-back: the day agreed, YYYY-MM-DD."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="With --on: the time agreed, HH:MM in the recipient's time zone."
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", help="Done before its window opens: record it without asking."),
    ] = False,
    json_: Json = False,
) -> None:
    """Mark a step done. A call with no answer becomes an email due the next working day; a
    call that ends "call back on DATE" moves to that moment."""
    from followup import services
    from followup.domain.planner import in_zone

    call_back = _call_back(outcome, on, at)
    app = current()
    now = app.now()
    asked = services.steps.step(app.store, step_id)
    if not _done_early(asked, now, yes):
        _print_step(asked, json_, f"is unchanged: still {asked.status.value}")
        return
    action = services.steps.Complete(outcome, call_back)
    step = services.steps.act(app.store, step_id, action, app.playbook, now)
    if step.outcome == "call-back" and step.status.value == "snoozed":
        verb = f"moves to the call-back agreed: {in_zone(step.earliest, step.timezone)}"
    elif step.status.value == "done":
        verb = f"is done ({in_zone(now, step.timezone)})"
    else:
        verb = "becomes an email: nobody answered"
    _print_step(step, json_, verb)


def skip(step_id: StepId, json_: Json = False) -> None:
    """Skip a step: it will not be planned again."""
    from followup import services

    app = current()
    step = services.steps.act(app.store, step_id, services.steps.Skip(), app.playbook, app.now())
    _print_step(step, json_, "skipped")


def snooze(
    step_id: StepId,
    until: Annotated[str, typer.Option(help="The date to move it to, YYYY-MM-DD.")],
    json_: Json = False,
) -> None:
    """Move a step to a later date (the first working day on or after it)."""
    from followup import services

    app = current()
    day = parse.day(until, "--until")
    step = services.steps.act(
        app.store, step_id, services.steps.Snooze(day), app.playbook, app.now()
    )
    _print_step(step, json_, f"snoozed until {step.earliest:%a %d %b}")


def resume(
    app_id: Annotated[int, typer.Argument(help="The application's id.")], json_: Json = False
) -> None:
    """Go on after a reply without answering it: the next nudge is planned, spaced from now."""
    from followup.cli.applications import steps_table
    from followup.domain.playbook import NUDGES
    from followup.services import replies

    app = current()
    resumed = replies.resume(app.store, app_id, app.playbook, app.now())
    steps = sorted(resumed.steps, key=lambda s: (s.earliest, s.due, s.id or 0))
    data = {
        "application": views.application_record(resumed),
        "steps": [views.step_record(s) for s in steps],
    }
    nudges = [s for s in steps if s.kind in NUDGES and s.status.value == "planned"]

    def human(screen: "Screen") -> None:
        screen.line(f"Nudges of application #{app_id} resumed: the next is spaced from now.")
        steps_table(screen, nudges)

    emit_lines(data, json_, human)


def register(cli: typer.Typer) -> None:
    for command in (today, due, done, skip, snooze, resume):
        cli.command()(command)
