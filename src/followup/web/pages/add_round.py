"""The Add a round page: another interview of an application, as `followup add --app` records
it, with the Add interview form's parts (its people rows, its card reading, what happens next)
and read by the same interview_form.another_round. The same three kinds of submit button work
without JavaScript; saving redirects to the application's page (POST, redirect, GET)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup import services
from followup.bootstrap import App
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.model import Application, InterviewFormat
from followup.input import interview_form
from followup.web.pages import add_interview as parts  # the Add interview form's parts
from followup.web.pages.contacts import MAX_CARD_BYTES, Form, text
from followup.web.render import Wired, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)

FIELDS = (
    "start", "duration", "tz", "country", "format", "round", "notes", "topics", "decision_by",
    "contact_on", "next_round", "promises",
)  # fmt: skip


def _show(
    request: Request,
    application: Application,
    values: dict[str, str],
    rows: list[parts.Row],
    problems: dict[str, str] | None = None,
    focus: str = "",
    status: int = 200,
) -> HTMLResponse:
    errors = {parts._field_id(k): v for k, v in (problems or {}).items()}
    row_fields = (*parts.PERSON_FIELDS, "image")
    known = {*FIELDS, *(f"people-{i}-{f}" for i in range(len(rows)) for f in row_fields)}
    context: dict[str, Any] = {
        "title": f"Add a round: {application.company} — {application.role}",
        "a": application,
        "v": values,
        "rows": parts._labelled(rows),
        "errors": errors,
        "known": known,
        "focus": next((k for k in errors if k in known), focus),
        "format_options": [(f.value, f.value) for f in InterviewFormat],
        "roles": parts.ROLE_NAMES,
        "max_mb": MAX_CARD_BYTES // 2**20,
    }
    return page(request, "add_round.html", context, status)


def _defaults(app: App, application: Application) -> dict[str, str]:
    """A blank round: the latest interview's zone, country and format (else the profile's),
    the next round's number."""
    values = dict.fromkeys(FIELDS, "")
    latest = application.latest_interview
    me = services.people.profile(app.store)
    tz = latest.timezone if latest else (me.timezone if me else "")
    region = (latest.region if latest else None) or (me.region if me else None)
    number = max((i.round for i in application.interviews), default=0) + 1
    kind = latest.format.value if latest else InterviewFormat.IN_PERSON.value
    values.update(duration="60m", format=kind, round=str(number), tz=tz)
    values.update(country=str(region) if region else "")
    return values


@router.get("/applications/{application_id}/rounds/new", response_class=HTMLResponse)
def new_round(request: Request, application_id: Id, app: Wired) -> HTMLResponse:
    application = services.applications.application(app.store, application_id)
    blank = parts.Row("interviewer", dict.fromkeys(parts.PERSON_FIELDS, ""), {})
    return _show(request, application, _defaults(app, application), [blank])


@router.post("/applications/{application_id}/rounds", response_class=HTMLResponse)
def add_round(request: Request, application_id: Id, app: Wired, data: Form) -> Response:
    application = services.applications.application(app.store, application_id)
    values = {name: text(data, name) for name in FIELDS}
    rows = parts._rows(data)
    pressed = parts.people_pressed(app, data, {"company": application.company}, rows)
    if pressed is not None:
        problems, status, focus = pressed
        return _show(request, application, values, rows, problems, focus=focus, status=status)
    whole = {**values, "company": application.company, "role": application.role}
    typed = parts._typed(whole | {"source": "", "settings": ""}, rows)
    try:
        made = interview_form.another_round(
            typed, application, services.people.profile(app.store), app.playbook
        )
        services.applications.add_round(
            app.store, application_id, *made, playbook=app.playbook, now=app.now()
        )
    except interview_form.Problems as problems:
        return _show(request, application, values, rows, problems.found, status=422)
    except (InvalidInput, Conflict) as exc:
        problem = {"form": str(exc)}
        return _show(request, application, values, rows, problem, status=exc.http_status)
    return RedirectResponse(f"/applications/{application_id}", status_code=303)
