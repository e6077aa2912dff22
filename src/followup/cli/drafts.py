"""Commands about drafts: draft, check, letter."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup import views
from followup.cli.context import current
from followup.cli.output import Json, emit, safe
from followup.domain.drafts import Finding
from followup.domain.errors import InvalidInput
from followup.domain.model import Channel, choice

if TYPE_CHECKING:
    from rich.console import Console

    from followup.services.drafts import Reviewed

StepId = Annotated[int, typer.Argument(help="The step's id (see `followup today` or `plan`).")]


def finding_record(f: Finding, text: str) -> dict[str, Any]:
    return {
        "check": f.check,
        "severity": f.severity.value,
        "message": f.message,
        "start": f.start,
        "end": f.end,
        "text": text[f.start : f.end],
        "suggestion": f.suggestion,
    }


def print_findings(out: "Console", findings: list[Finding], text: str) -> None:
    if not findings:
        out.print("[green]No findings: the checks pass.[/]")
        return
    colours = {"error": "red", "warning": "yellow", "info": "blue"}
    for f in findings:
        line = text.count("\n", 0, f.start) + 1
        column = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        # repr before escaping: escaping first, repr would double the escaping backslash
        fix = f" → {safe(repr(f.suggestion))}" if f.suggestion else ""
        out.print(
            f"[{colours[f.severity.value]}]{f.severity.value}[/] {line}:{column} "
            f"[bold]{safe(repr(text[f.start : f.end][:60]))}[/] {safe(f.message)}{fix} "
            f"({safe(f.check)})"
        )


def _mailboxes(people: tuple[tuple[str, str | None], ...]) -> list[dict[str, str | None]]:
    return [{"name": name, "email": address} for name, address in people]


def _shown(people: tuple[tuple[str, str | None], ...], email: bool) -> str:
    """`Name <address>` each; an email draft says who has no address."""
    missing = " (no email address)" if email else ""
    return ", ".join(f"{n} <{a}>" if a else f"{n}{missing}" for n, a in people)


def review_record(reviewed: "Reviewed") -> dict[str, Any]:
    draft, text = reviewed.draft, reviewed.draft.text
    whom = reviewed.addressees
    return {
        "step_id": reviewed.step.id,
        "kind": draft.kind,
        "channel": draft.channel.value,
        "to": [r.name for r in draft.to],
        "cc": [r.name for r in draft.cc],
        "addressees": {"to": _mailboxes(whom.to), "cc": _mailboxes(whom.cc)},
        "subject": draft.subject,
        "body": draft.body,
        "text": text,
        "edited": reviewed.edited,
        "findings": [finding_record(f, text) for f in reviewed.findings],
        "errors": len(reviewed.errors),
        "attached": views.promised_record(reviewed.kept) if reviewed.kept else None,
    }


def print_review(out: "Console", reviewed: "Reviewed") -> None:
    draft, text = reviewed.draft, reviewed.draft.text
    heading = f"Step {reviewed.step.id}: {draft.kind} by {draft.channel.value}"
    out.print(f"[bold]{safe(heading)}[/]")
    whom, email = reviewed.addressees, draft.channel is Channel.EMAIL
    out.print(f"To: {safe(_shown(whom.to, email) or 'you')}", highlight=False)
    out.print(f"Cc: {safe(_shown(whom.cc, email) or 'nobody')}", highlight=False)
    out.rule()
    out.print(text, markup=False, highlight=False)
    out.rule()
    if reviewed.kept:  # what a send-promised step sends (followup promise attach)
        out.print(f"Attached: {safe(reviewed.kept.shown)}")
    print_findings(out, reviewed.findings, text)


def _print_review(reviewed: "Reviewed", as_json: bool) -> None:
    emit(review_record(reviewed), as_json, lambda out: print_review(out, reviewed))


def edit_in_editor(text: str) -> str:
    """`text` as changed by the user's $VISUAL or $EDITOR."""
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise InvalidInput("set $EDITOR (or $VISUAL) to the editor to open drafts with")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as tmp:
        tmp.write(text)
    path = Path(tmp.name)
    try:
        done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if done.returncode != 0:
            raise InvalidInput(f"the editor exited with {done.returncode}; nothing was kept")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


def draft(
    step_id: StepId,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open it in $EDITOR; keep and re-check what you save.")
    ] = False,
    json_: Json = False,
) -> None:
    """Show a step's draft and what the checks find in it."""
    from followup.services import drafts

    app = current()
    now, tools = app.now(), app.proofreader
    reviewed = drafts.review(app.store, step_id, now, tools, app.templates)
    if edit:
        changed = edit_in_editor(reviewed.draft.text)
        if changed != reviewed.draft.text:
            reviewed = drafts.keep_edit(app.store, step_id, changed, now, tools, app.templates)
    _print_review(reviewed, json_)


def check(
    file: Annotated[str, typer.Argument(help="A text file to check, or - for standard input.")],
    app_id: Annotated[int, typer.Option("--app", help="The application whose context to use.")],
    kind: Annotated[
        str, typer.Option(help="The step kind the text is for (e.g. thank-you), or empty.")
    ] = "",
    channel: Annotated[str, typer.Option(help="email, letter, phone, ...")] = "email",
    json_: Json = False,
) -> None:
    """Check any text in an application's context: spelling, names, tone, length, ..."""
    from followup.services import drafts

    if file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read {file}: {exc}") from None
    app = current()
    found = drafts.check_text(
        app.store, app_id, text, kind, choice(Channel, channel, "channel"), app.now(),
        app.proofreader, app.templates,
    )  # fmt: skip
    emit(
        {"text": text, "findings": [finding_record(f, text) for f in found]},
        json_,
        lambda out: print_findings(out, found, text),
    )


def letter(
    step_id: StepId,
    output: Annotated[Path, typer.Option("-o", "--output", help="The PDF file to write.")],
    on: Annotated[
        str | None,
        typer.Option("--date", help="The date on the letter, YYYY-MM-DD (default: today)."),
    ] = None,
    json_: Json = False,
) -> None:
    """Print a step's draft as a letter (PDF), addressed for a windowed envelope."""
    from followup.adapters.files import write_whole
    from followup.adapters.letters import pdf
    from followup.input import parse
    from followup.services import drafts

    day = parse.day(on, "--date") if on is not None else None
    app = current()
    document = drafts.letter(
        app.store, step_id, app.now(), app.proofreader, app.templates, pdf, day
    )
    write_whole(output, document)  # the owner's only, whole or not at all
    emit(
        {"step_id": step_id, "file": str(output), "bytes": len(document)},
        json_,
        lambda out: out.print(f"Wrote the letter for step {step_id} to {safe(output)}."),
    )


def register(cli: typer.Typer) -> None:
    for command in (draft, check, letter):
        cli.command()(command)
