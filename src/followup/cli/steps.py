"""Commands about steps: today, due, done, skip, snooze."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from followup import views
from followup.cli.context import current
from followup.cli.entry import print_agenda_json
from followup.cli.output import Json, console, emit, safe
from followup.domain.model import Step
from followup.input import parse

if TYPE_CHECKING:
    from rich.console import Console

StepId = Annotated[int, typer.Argument(help="The step's id (see `followup today` or `plan`).")]


def _replies_block(out: "Console", shown: list[views.ReplyRecord]) -> None:
    """The replies not acted on yet: company, sender, subject, and a flag to confirm."""
    out.print("[bold]Replies[/]")
    for r in shown:
        sender = f"{r['from']} <{r['email']}>" if r["email"] else r["from"]
        received = datetime.fromisoformat(r["at"]).astimezone(UTC)
        out.print(
            f"[bold]{safe(r['company'])}[/] · application #{r['application_id']}"
            f"{' · ' + safe(sender) if sender else ''} · {received:%a %d %b %H:%M} UTC"
        )
        out.print(f"   {safe(r['subject'] or '(no subject)')}")
        if r["confirm"]:
            article = "an" if r["flag"] == "offer" else "a"
            out.print(
                f"   [bold yellow]looks like {article} {safe(r['flag'])}: "
                f"confirm with `{safe(r['confirm'])}`[/]"
            )


def _print_agenda(within: str | None, as_json: bool, empty: str) -> None:
    """The agenda up to `now + within` (a span, e.g. 7d; None: the end of the user's day): as
    JSON (`entry.print_agenda_json`, which `followup` answers without Typer), or as tables."""
    from followup import services

    if as_json:
        print_agenda_json(within)
        return
    app = current()
    now = app.now()
    span = services.agenda.rest_of_day(app.store, now) if within is None else parse.span(within)
    from followup.cli.applications import steps_table

    agenda = services.agenda.agenda(app.store, app.playbook, now, span)

    def human(out: "Console") -> None:
        if agenda.replies:
            _replies_block(out, [views.reply_record(r) for r in agenda.replies])
        if agenda.overdue:
            out.print("[bold red]Overdue[/]")
            steps_table(out, agenda.overdue)
        if agenda.due:
            out.print("[bold]Due[/]")
            steps_table(out, agenda.due)
        if not agenda.overdue and not agenda.due:
            out.print(safe(empty))

    human(console())


def today(json_: Json = False) -> None:
    """What is overdue, and what is due or may start before the end of today."""
    _print_agenda(None, json_, "Nothing due today.")


def due(
    within: Annotated[str, typer.Option(help="How far ahead to look: 7d, 2w, 36h.")] = "7d",
    json_: Json = False,
) -> None:
    """What is overdue, and what may start within the given time."""
    _print_agenda(within, json_, f"Nothing due within {within}.")


def _print_step(step: Step, as_json: bool, verb: str) -> None:
    def human(out: "Console") -> None:
        from followup.cli.applications import steps_table

        out.print(f"Step {step.id} ({safe(step.kind)}) {verb}.")
        steps_table(out, [step])

    emit(views.step_record(step), as_json, human)


def done(
    step_id: StepId,
    outcome: Annotated[
        str | None,
        typer.Option(
            help="reached, voicemail or no-answer for calls; sent for the rest (the default)."
        ),
    ] = None,
    json_: Json = False,
) -> None:
    """Mark a step done. A call with no answer becomes an email due the next working day."""
    from followup import services

    app = current()
    step = services.steps.act(
        app.store, step_id, services.steps.Complete(outcome), app.playbook, app.now()
    )
    verb = "is done" if step.status.value == "done" else "becomes an email: nobody answered"
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


def register(cli: typer.Typer) -> None:
    for command in (today, due, done, skip, snooze):
        cli.command()(command)
