"""The agenda and the steps as people read them: `today`, `due`, a plan's steps (`plan`, `add`,
`decide`, `show`, `done`...), written from the same records `--json` prints (`views`) as lines
of a `screen.Screen`.

`followup today` and `followup due [--within SPAN]` are answered from `cli/entry.py` without
Typer, as their `--json` form is; both spellings end in `print_agenda`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from followup.cli.screen import BOLD, BOLD_RED, BOLD_YELLOW, DIM, ITALIC, Screen, clean

if TYPE_CHECKING:
    from followup.views import AgendaRecord, ReplyRecord, StepRecord


OPEN = ("planned", "snoozed")  # the statuses of a step still to do (model.OPEN_STATUSES)


def step_lines(screen: Screen, steps: Iterable[StepRecord]) -> None:
    """Each step as a short block: what, to whom, through which channel, when, why, sources."""
    bold, italic, dim = screen.style(BOLD), screen.style(ITALIC), screen.style(DIM)
    needs = screen.style(BOLD_YELLOW)
    # Moments as shown (`Wed 04 Nov 2026 09:00`) by their ISO text in the step's zone: a long
    # agenda repeats a few hundred.
    shown: dict[str, str] = {}
    lines = screen.lines
    count = len(lines)
    for s in steps:
        to = ", ".join(
            clean(f"{r['name']} ({r['title']})" if r["title"] else r["name"])
            for r in s["recipients"]
        )
        earliest, due = s["earliest"], s["due"]
        if (start := shown.get(earliest)) is None:
            start = shown[earliest] = f"{datetime.fromisoformat(earliest):%a %d %b %Y %H:%M}"
        if (end := shown.get(due)) is None:
            end = shown[due] = f"{datetime.fromisoformat(due):%a %d %b %Y %H:%M}"
        head = f"#{s['id']} {clean(s['kind'])}" if s["id"] else f"– {clean(s['kind'])}"
        where = f" · application #{s['application_id']}" if s["application_id"] else ""
        outcome = s["outcome"]
        status = clean(s["status"]) + (f" ({clean(outcome)})" if outcome else "")
        sources = ", ".join(map(clean, s["sources"])) if s["sources"] else "beyond the guidance"
        lines.append(
            f"{bold(head)} · {clean(s['channel'])} → {to or 'you'}{where} · {italic(status)}"
        )
        lines.append(f"   from {start}, due {end} ({clean(s['timezone'])})")
        if s["needs"] and s["status"] in OPEN:
            lines.append(needs(f"   needs: {clean(s['needs'])}"))
        lines.append(dim(f"   why: {clean(s['rationale'])}"))
        lines.append(dim(f"   sources: {sources}"))
    if len(lines) == count:
        lines.append("No steps planned.")


def reply_lines(screen: Screen, replies: list[ReplyRecord]) -> None:
    """The replies not acted on yet: company, sender, subject, and a flag to confirm."""
    bold, warn = screen.style(BOLD), screen.style(BOLD_YELLOW)
    line = screen.line
    line(bold("Replies"))
    for r in replies:
        sender = f"{r['from']} <{r['email']}>" if r["email"] else r["from"]
        received = datetime.fromisoformat(r["at"]).astimezone(UTC)
        line(
            f"{bold(clean(r['company']))} · application #{r['application_id']}"
            f"{' · ' + clean(sender) if sender else ''} · {received:%a %d %b %H:%M} UTC"
        )
        line(f"   {clean(r['subject'] or '(no subject)')}")
        if r["confirm"]:
            article = "an" if r["flag"] == "offer" else "a"
            line(
                "   "
                + warn(
                    f"looks like {article} {clean(r['flag'])}: confirm with `{clean(r['confirm'])}`"
                )
            )
        if r["paused"]:
            app_id = r["application_id"]
            line(
                f"   {bold(clean(r['paused']))}: answer it (a touch out: "
                f"`followup log {app_id} --channel email --direction out`), "
                f"or go on without answering: `{clean(r['resume'] or '')}`"
            )


def agenda_lines(screen: Screen, agenda: AgendaRecord, empty: str) -> None:
    """The replies, then what is overdue, then what is due (or `empty` when nothing is)."""
    if agenda["replies"]:
        reply_lines(screen, agenda["replies"])
    if agenda["overdue"]:
        screen.line(screen.style(BOLD_RED)("Overdue"))
        step_lines(screen, agenda["overdue"])
    if agenda["due"]:
        screen.line(screen.style(BOLD)("Due"))
        step_lines(screen, agenda["due"])
    if not agenda["overdue"] and not agenda["due"]:
        screen.line(clean(empty))


def print_agenda(within: str | None) -> None:
    """The agenda up to `now + within` (None: the end of the user's day) for a person: the same
    records as `--json` (`services.agenda.agenda_record`), as lines."""
    from followup import services
    from followup.cli.context import current
    from followup.input import parse

    app = current()
    now = app.now()
    span = services.agenda.rest_of_day(app.store, now) if within is None else parse.span(within)
    agenda = services.agenda.agenda_record(app.store, app.playbook, now, span)
    screen = Screen.here()
    empty = "Nothing due today." if within is None else f"Nothing due within {within}."
    agenda_lines(screen, agenda, empty)
    screen.write()
