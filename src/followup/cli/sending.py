"""Commands that send: send, and the outbox (list, deliver, resolve)."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup import views
from followup.cli.context import current
from followup.cli.drafts import print_review, review_record
from followup.cli.output import Json, console, emit
from followup.domain.errors import InvalidInput, NotSent
from followup.domain.model import choice

if TYPE_CHECKING:
    from rich.console import Console

    from followup.bootstrap import App
    from followup.domain.messages import Attachment
    from followup.domain.outbox import OutboxEntry
    from followup.services.sending import Composed

StepId = Annotated[int, typer.Argument(help="The step's id (see `followup today` or `plan`).")]
OutboxId = Annotated[int, typer.Argument(help="The message's id (see `followup outbox list`).")]

outbox_app = typer.Typer(help="Messages approved for sending, and how far each got.")

_STATES = {
    "approved": "waiting to be sent",
    "sending": "being sent",
    "sent": "sent",
    "uncertain": "may have been sent",
    "cancelled": "cancelled",
}


def _attachments(paths: list[Path], limit_mb: int) -> list["Attachment"]:
    from followup.cli.promise import read_attachment

    return [read_attachment(path, limit_mb) for path in paths]


def _line(e: "OutboxEntry") -> str:
    from rich.markup import escape

    heads = e.headers
    state = _STATES[e.state.value]
    colour = {"sent": "green", "uncertain": "yellow", "approved": "blue"}.get(e.state.value, "")
    when = e.sent_at or e.smtp_started_at or e.approved_at
    text = (
        f"#{e.id} [bold {colour}]{state}[/] · step {e.step_id or '–'} · "
        f"to {escape(', '.join(heads['to']))} · {escape(heads['subject'])} · {when:%d %b %H:%M}"
    )
    if e.error:
        text += f"\n   [dim]{escape(e.error)}[/]"
    if e.may_have_been_sent:
        text += (
            f"\n   Check your Sent folder, then: followup outbox resolve {e.id} sent|resend|cancel"
        )
    return text


def _print_entries(out: "Console", entries: list["OutboxEntry"], empty: str) -> None:
    for e in entries:
        out.print(_line(e), highlight=False)
    if not entries:
        out.print(empty)


def _flush(app: "App") -> list["OutboxEntry"]:
    """Settle messages in doubt and deliver those approved earlier (crashed, refused)."""
    from followup.services import sending

    return sending.flush(app.store, app.mailer, app.sent_folder, app.now())


def _can_ask(yes: bool) -> None:
    if not yes and not sys.stdin.isatty():
        raise InvalidInput("no terminal to ask 'Send?' on: pass --yes to send without asking")


def send(
    step_id: StepId,
    yes: Annotated[bool, typer.Option("--yes", help="Send without asking (for scripts).")] = False,
    attach: Annotated[
        list[Path] | None,
        typer.Option("--attach", help="A file to attach (repeatable), e.g. what you promised."),
    ] = None,
    json_: Json = False,
) -> None:
    """Show a step's email and its findings, ask, and send it (once), or write it to a file."""
    from followup.services import drafts, sending

    _can_ask(yes)
    app = current()
    now = app.now()
    earlier = _flush(app)
    data: dict[str, Any] = {
        "step_id": step_id,
        "earlier": [views.outbox_record(e) for e in earlier],
    }
    waiting = sending.for_step(app.store, step_id)
    if waiting is not None:
        data.update(sent=waiting.state.value == "sent", outbox=views.outbox_record(waiting))
        emit(data, json_, lambda out: out.print(f"Already in the outbox: {_line(waiting)}"))
        return
    files = _attachments(attach or [], app.settings["attachment_max_mb"])
    reviewed = drafts.review(
        app.store, step_id, now, app.proofreader, app.templates, attached=files
    )
    data["draft"] = review_record(reviewed)
    if not json_:
        out = console()
        print_review(out, reviewed)
        for item in files:
            out.print(f"attached: {item.filename} ({item.mime_type}, {len(item.content)} bytes)")
    sending.check_sendable(reviewed)
    if not yes and not typer.confirm("Send?", default=False):
        emit({**data, "sent": False}, json_, lambda out: out.print("Nothing was sent."))
        return
    approval = sending.Approval(step_id, reviewed.draft.text, tuple(files))
    outcome = sending.send(
        app.store,
        approval,
        app.playbook,
        now,
        app.proofreader,
        app.templates,
        app.mailer,
        app.sent_folder,
    )
    if outcome.entry is None:
        _export(app, data, step_id, outcome.composed, json_)
        return
    mine = outcome.entry
    data.update(sent=outcome.sent, outbox=views.outbox_record(mine))
    emit(data, json_, lambda out: out.print(_line(mine), highlight=False))
    if outcome.waiting:
        raise NotSent(
            f"step {step_id} is approved and waits in the outbox (#{mine.id}): {mine.error}; "
            "`followup outbox deliver` tries again"
        )


def _export(
    app: "App", data: dict[str, Any], step_id: int, composed: "Composed", as_json: bool
) -> None:
    """No SMTP server: the message as an .eml file and a mailto: link; the step stays open."""
    folder = app.settings.data_dir / "outbox"
    path = folder / (composed.message_id.strip("<>") + ".eml")
    from followup.adapters.files import private_folder, write_whole

    try:
        private_folder(folder)  # the owner's only, as the .eml files in it
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from None
    write_whole(path, composed.data)
    data.update(sent=False, file=str(path), mailto=composed.mailto, message_id=composed.message_id)
    data["attachments"] = [a.filename for a in composed.attachments]

    def human(out: "Console") -> None:
        out.print(f"No SMTP server is set (FOLLOWUP_SMTP_HOST): the message is in {path}")
        out.print("Open it in your mail program, or this link (attachments only in the file):")
        out.print(composed.mailto, highlight=False, soft_wrap=True)
        if composed.by_hand:
            out.print(composed.by_hand, highlight=False, soft_wrap=True)
        out.print(f"When it went: followup done {step_id}")

    emit(data, as_json, human)


@outbox_app.command("list")
def list_(json_: Json = False) -> None:
    """Every message in the outbox with its state; those that may have been sent first."""
    from followup.services import sending

    app = current()
    sending.recover(app.store, app.sent_folder, app.now())
    found = sending.entries(app.store)
    found.sort(key=lambda e: (not e.may_have_been_sent, -(e.id or 0)))
    emit(
        [views.outbox_record(e) for e in found],
        json_,
        lambda out: _print_entries(out, found, "The outbox is empty."),
    )


@outbox_app.command()
def deliver(json_: Json = False) -> None:
    """Send what is approved and waiting; settle what may have been sent."""
    app = current()
    if app.mailer is None:
        raise InvalidInput("no SMTP server is set: FOLLOWUP_SMTP_HOST (see `followup config`)")
    touched = _flush(app)
    emit(
        [views.outbox_record(e) for e in touched],
        json_,
        lambda out: _print_entries(out, touched, "Nothing was waiting."),
    )


@outbox_app.command()
def resolve(
    outbox_id: OutboxId,
    answer: Annotated[
        str,
        typer.Argument(
            help="sent (it went), resend (send it again, same Message-ID) or cancel "
            "(withdraw it; its step is open again)."
        ),
    ],
    json_: Json = False,
) -> None:
    """Say what became of a message that may have been sent (or withdraw one waiting)."""
    from followup.domain.outbox import Answer
    from followup.services import sending

    app = current()
    chosen = choice(Answer, answer, "answer")
    entry = sending.resolve(app.store, outbox_id, chosen, app.playbook, app.now())
    if chosen is Answer.RESEND and app.mailer is not None:
        delivered = {e.id: e for e in _flush(app)}
        entry = delivered.get(entry.id, entry)
    emit(
        views.outbox_record(entry),
        json_,
        lambda out: out.print(_line(entry), highlight=False),
    )


def register(cli: typer.Typer) -> None:
    cli.command()(send)
    cli.add_typer(outbox_app, name="outbox")
