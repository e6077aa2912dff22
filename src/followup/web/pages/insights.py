"""The Insights page: the funnel, the reply rates and the time to decision, each as an SVG
chart followed by a table of its numbers (domain/insights.py defines them)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from followup import services, views
from followup.bootstrap import App
from followup.domain.insights import DecisionTimes, Insights, Rate
from followup.web import schemas
from followup.web.api import ERRORS
from followup.web.charts import Bar, bar_chart
from followup.web.render import Wired, kept, page

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


def percent(rate: Rate) -> str:
    """ "75% (3 of 4)" """
    return f"{round(rate.share * 100)}% ({rate.answered} of {rate.sent})"


def week(n: int) -> str:
    """The label of week `n` (from 0) of a histogram: "Week 1 (days 0–6)"."""
    return f"Week {n + 1} (days {7 * n}–{7 * n + 6})"


def _rates(name: str, title: str, rates: tuple[Rate, ...]) -> Markup:
    return bar_chart(name, title, [Bar(r.label, r.share, percent(r)) for r in rates], scale=1.0)


def _decided(times: DecisionTimes) -> Markup:
    kind = times.kind.value
    bars = [Bar(week(n), count, str(count)) for n, count in enumerate(times.weeks)]
    return bar_chart(
        f"decided-{kind}", f"Decisions '{kind}' by weeks after the first interview", bars
    )


def decided_rows(times: DecisionTimes) -> Markup:
    """The table rows of each decision of a kind, each application's company a link: written
    here in one pass (there are thousands at 10,000 applications, and a template loop takes
    three times as long), every text escaped."""
    rows = []
    for w in times.decisions:
        company = escape(w.company)
        if w.application_id:
            company = Markup(f'<a href="/applications/{int(w.application_id)}">{company}</a>')
        rows.append(f"<tr><td>{company}</td><td>{escape(w.role)}</td><td>{int(w.days)}</td></tr>")
    return Markup("\n".join(rows))


def charts(found: Insights) -> dict[str, Any]:
    """The page's charts by name (the decisions' by their kind)."""
    funnel, rates = found.funnel, found.replies
    return {
        "funnel": bar_chart(
            "funnel",
            "Applications that reached each stage",
            [Bar(c.stage.value, c.applications, str(c.applications)) for c in funnel.reached],
        ),
        "ended": bar_chart(
            "ended",
            "How applications ended",
            [Bar(c.stage.value, c.applications, str(c.applications)) for c in funnel.ended],
            scale=max(funnel.total, 1),
        ),
        "by_kind": _rates("by-kind", "Reply rate by step kind", rates.by_kind),
        "by_channel": _rates("by-channel", "Reply rate by channel", rates.by_channel),
        "decided": {t.kind: _decided(t) for t in found.decisions},
    }


def _insights(request: Request, app: App) -> Insights:
    """The insights, kept until the data changes (`render.kept`): the database counts them
    (a few tens of milliseconds at 10,000 applications), and twenty visitors need them once."""
    return kept(
        request, app, "insights", lambda now: services.applications.insights(app.store, now)
    )


@pages.get("/insights", response_class=HTMLResponse)
def insights_page(request: Request, app: Wired) -> HTMLResponse:
    found = _insights(request, app)
    from followup.services.activity import this_month

    first, today = this_month(app.store, app.now())
    context = {
        "i": found,
        "charts": charts(found),
        "week": week,
        "decided_rows": decided_rows,
        "title": "Insights",
        "activity": {"from": first, "to": today},
    }
    return page(request, "insights.html", context)


@pages.get("/insights/activity")
def activity_file(
    app: Wired,
    first: Annotated[str, Query(alias="from", max_length=40)],
    last: Annotated[str, Query(alias="to", max_length=40)],
    kind: Annotated[str, Query(alias="format", pattern="^(pdf|csv|md)$")] = "pdf",
) -> Response:
    """The record of the search from `from` to `to` (days in the user's time zone, both
    included) as a download: `followup report activity`'s file."""
    from followup.adapters import activity_report
    from followup.input import parse
    from followup.services.activity import activity

    found = activity(app.store, parse.day(first, "from"), parse.day(last, "to"))
    return Response(
        activity_report.render(found, kind),
        media_type=activity_report.MEDIA_TYPES[kind],
        headers={
            "Content-Disposition": (
                f'attachment; filename="{activity_report.file_name(found, kind)}"'
            )
        },
    )


@api.get("/insights", response_model=schemas.InsightsOut)
def insights_api(request: Request, app: Wired) -> schemas.InsightsOut:
    """The funnel, the reply rates and the time to decision (the Insights page's numbers)."""
    return schemas.InsightsOut.model_validate(views.insights_record(_insights(request, app)))


router = APIRouter()
router.include_router(pages)
router.include_router(api)
