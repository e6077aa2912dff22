"""`followup insights`: the web app's Insights as a few short tables, or as JSON (the record of
`GET /api/insights`, `views.insights_record`). The database counts them
(`services.applications.insights`)."""

from typing import TYPE_CHECKING

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit_lines

if TYPE_CHECKING:
    from followup.cli.screen import Screen
    from followup.views import InsightsRecord, RateRecord


def _rates(by: str, rates: "list[RateRecord]") -> list[tuple[str, str, int, int, str]]:
    return [
        (by, r["label"], r["sent"], r["answered"], f"{round(r['share'] * 100)}%") for r in rates
    ]


def _tables(screen: "Screen", record: "InsightsRecord") -> None:
    funnel, replies = record["funnel"], record["replies"]
    screen.table(
        ["stage", "applications"],
        [(c["stage"], c["applications"]) for c in funnel["reached"]],
        title="Applications that reached each stage",
    )
    ended = ", ".join(f"{c['stage']} {c['applications']}" for c in funnel["ended"])
    screen.line(f"Ended: {ended}.")
    screen.line()
    rates = _rates("kind", replies["by_kind"]) + _rates("channel", replies["by_channel"])
    window = f"replies within {replies['window_days']} days; {replies['waiting']} steps waiting"
    if rates:
        screen.table(
            ["by", "step kind or channel", "sent", "answered", "rate"],
            rates,
            title=f"Reply rate ({window})",
        )
    else:
        screen.line(f"No steps done yet ({window}).")
    screen.line()
    if not record["decisions"]:
        screen.line("No decisions yet.")
        return
    screen.table(
        ["decision", "decisions", "median days", "by week after the first interview"],
        [
            (
                t["kind"],
                len(t["decisions"]),
                f"{t['median_days']:g}",
                " ".join(map(str, t["weeks"])),
            )
            for t in record["decisions"]
        ],
        title="Time to decision",
    )


def insights(json_: Json = False) -> None:
    """The funnel, the reply rates and the time to decision (the web app's Insights)."""
    from followup import services, views

    app = current()
    record = views.insights_record(services.applications.insights(app.store, app.now()))
    emit_lines(record, json_, lambda screen: _tables(screen, record))


def register(cli: typer.Typer) -> None:
    cli.command()(insights)
