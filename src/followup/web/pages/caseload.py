"""The coach's pages (server mode): the caseload (/caseload: a row per job seeker, flagged,
sortable by any column with links, filtered by cohort, as CSV), asking a job seeker for access,
and a job seeker's page (/caseload/{id}: their Today, pipeline and insights read-only, notes,
a nudge). Without an active link to the job seeker every route answers 404
(services/coaching.py); each view is written to the job seeker's access log. The JSON API
mirrors the pages: GET /api/caseload and /api/caseload/{seeker_id}."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup import services, views
from followup.bootstrap import App
from followup.domain import board
from followup.domain.accounts import Account
from followup.domain.caseload import SORTS
from followup.domain.errors import NotFound
from followup.domain.model import ACTIVE_STAGES
from followup.services import coaching, inbox
from followup.web import schemas, signed_in
from followup.web.api import ERRORS
from followup.web.render import Text, back, page
from followup.web.schemas import Id

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


async def server_account(request: Request) -> Account:
    """The signed-in account; NotFound outside server mode (these pages are its alone)."""
    if not signed_in.server_mode(request):
        raise NotFound("coaching is part of server mode")
    return await signed_in.required(request)


Who = Annotated[Account, Depends(server_account)]


Sort = Annotated[str, Query(max_length=20, pattern=r"^-?[a-z]+$")]
Cohort = Annotated[str | None, Query(max_length=100)]

# The caseload's columns: (sort key, heading).
COLUMNS = (
    ("seeker", "Job seeker"),
    ("cohort", "Group"),
    ("flag", "Flag"),
    ("active", "Active applications"),
    ("interviews", "Interviews this month"),
    ("overdue", "Overdue steps"),
    ("quiet", "Days since activity"),
    ("ratio", "Applied : interviewed : offers"),
)
assert {key for key, _ in COLUMNS} == set(SORTS)


def _process(request: Request) -> App:
    app: App = request.app.state.app
    return app


def _links(found: coaching.Caseload) -> dict[str, str]:
    """Each column's sort link: ascending, or descending when it is the sort now."""
    from urllib.parse import urlencode

    links = {}
    for key, _ in COLUMNS:
        sort = f"-{key}" if found.sort == key else key
        query = {"sort": sort, **({"cohort": found.cohort} if found.cohort else {})}
        links[key] = "/caseload?" + urlencode(query)
    return links


@pages.get("/caseload", response_class=HTMLResponse)
def caseload_page(
    request: Request, who: Who, sort: Sort = "flag", cohort: Cohort = None
) -> HTMLResponse:
    app = _process(request)
    found = coaching.caseload(app, who, sort, cohort or None)
    context = {
        "found": found,
        "columns": COLUMNS,
        "links": _links(found),
        "waiting": coaching.requests(app, who),
        "title": "Caseload",
    }
    return page(request, "caseload.html", context)


CSV_COLUMNS = tuple(views.CaseloadRowRecord.__annotations__)


def caseload_csv(found: coaching.Caseload) -> str:
    """The caseload as CSV, every text cell safe in a spreadsheet (a formula is shown as text,
    as adapters/spreadsheet.py writes applications)."""
    from followup.adapters.spreadsheet import neutralised

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in found.rows:
        record = views.caseload_row_record(row)
        writer.writerow(
            [
                neutralised(v) if isinstance(v, str) else "" if v is None else v
                for v in record.values()
            ]
        )
    return out.getvalue()


@pages.get("/caseload.csv")
def caseload_file(
    request: Request, who: Who, sort: Sort = "flag", cohort: Cohort = None
) -> Response:
    found = coaching.caseload(_process(request), who, sort, cohort or None, what="Caseload CSV")
    return Response(
        caseload_csv(found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="caseload.csv"'},
    )


@pages.post("/caseload/requests")
def ask(request: Request, who: Who, email: Text) -> RedirectResponse:
    coaching.ask(_process(request), who, email)
    return back("/caseload", did="asked")


def _view(app: App, seen: coaching.Seen, page: bool) -> dict[str, Any]:
    """What the coach's view of a job seeker shows, read through the job seeker's App: the
    page's pipeline as the board's columns, the API's as the list of applications."""
    mine, now = seen.app, app.now()
    today = inbox.inbox(mine.store, mine.playbook, now, None)
    drafts = []
    if seen.link.drafts_seen:
        steps = [*today.agenda.overdue, *today.agenda.due]
        drafts = [(s, s.draft) for s in steps if s.draft]
    shown = {
        "seen": seen,
        "today": today,
        "insights": services.applications.insights(mine.store, now),
        "drafts": drafts,
        "now": now,
    }
    if page:
        cards = services.applications.board(mine.store, now)
        return {**shown, "columns": board.columns(cards), "active": ACTIVE_STAGES}
    return {**shown, "applications": services.applications.applications(mine.store)}


@pages.get("/caseload/{seeker_id}", response_class=HTMLResponse)
def seeker_page(request: Request, seeker_id: Id, who: Who) -> HTMLResponse:
    app = _process(request)
    seen = coaching.seeker_view(app, who, seeker_id, "Today, Pipeline and Insights")
    context = {
        **_view(app, seen, page=True),
        "notes": coaching.notes(app, who, seeker_id),
        "nudges": coaching.nudges(app, who, seeker_id),
        "title": seen.seeker.email,
    }
    return page(request, "caseload_seeker.html", context)


@pages.get("/caseload/{seeker_id}/applications/{application_id}", response_class=HTMLResponse)
def seeker_application(
    request: Request, seeker_id: Id, application_id: Id, who: Who
) -> HTMLResponse:
    app = _process(request)
    seen = coaching.seeker_view(app, who, seeker_id, f"Application {application_id}")
    found = services.applications.application(seen.app.store, application_id)
    context = {
        "seen": seen,
        "a": found,
        "drafts": seen.link.drafts_seen,
        "title": f"{found.company} — {found.role}",
    }
    return page(request, "caseload_application.html", context)


@pages.post("/caseload/{seeker_id}/notes")
def add_note(
    request: Request,
    seeker_id: Id,
    who: Who,
    body: Text,
    shared: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    coaching.add_note(_process(request), who, seeker_id, body, shared)
    return back(f"/caseload/{seeker_id}", did="noted")


@pages.post("/caseload/{seeker_id}/nudges")
def nudge(request: Request, seeker_id: Id, who: Who, body: Text) -> RedirectResponse:
    done = coaching.nudge(_process(request), who, seeker_id, body)
    return back(f"/caseload/{seeker_id}", did="nudged" if done.emailed else "nudged_in_app")


@pages.post("/caseload/{seeker_id}/end")
def step_back(request: Request, seeker_id: Id, who: Who) -> RedirectResponse:
    coaching.step_back(_process(request), who, seeker_id)
    return back("/caseload", did="stepped_back")


@api.get("/caseload", response_model=schemas.CaseloadOut)
def caseload_api(request: Request, who: Who, sort: Sort = "flag", cohort: Cohort = None) -> Any:
    """A coach's caseload: a row per job seeker who shares with them (server mode)."""
    found = coaching.caseload(_process(request), who, sort, cohort or None)
    return views.caseload_record(found.rows, found.sort, found.cohort, found.cohorts)


@api.get("/caseload/{seeker_id}", response_model=schemas.SeekerViewOut)
def seeker_api(request: Request, seeker_id: Id, who: Who) -> Any:
    """A job seeker as their coach sees them: Today, the applications, the insights (draft
    text only when shared), the notes and nudges (server mode; 404 without consent)."""
    app = _process(request)
    seen = coaching.seeker_view(app, who, seeker_id, "Today, Pipeline and Insights")
    shown = _view(app, seen, page=False)
    agenda = shown["today"].agenda
    return views.seeker_view_record(
        seen.seeker,
        seen.link.drafts_seen,
        (agenda.overdue, agenda.due),
        shown["applications"],
        shown["insights"],
        shown["drafts"],
        coaching.notes(app, who, seeker_id),
        coaching.nudges(app, who, seeker_id),
    )


router = APIRouter()
router.include_router(pages)
router.include_router(api)
