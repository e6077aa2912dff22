"""The Debrief page of an application: the questions of `followup debrief`, read by the same
debrief_form.debrief, saved by the same services.debrief.debrief.

One form, three actions, each a submit button and so working without JavaScript: "Add another
person" (`more`) and "Read the photo" (`read`, a card's photo filling its row) show the form
again with everything typed kept; the default action saves, replans and goes back to the
application (POST, then redirect, then GET)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup import services
from followup.domain.debrief import interview_of
from followup.domain.errors import InvalidInput, MissingExtra
from followup.domain.model import Application
from followup.input import debrief_form
from followup.input.interview_form import Person, Problems
from followup.services import debrief as debriefs
from followup.web.pages.contacts import MAX_CARD_BYTES, Form, read_upload, text
from followup.web.render import Wired, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)

PERSON_FIELDS = ("name", "title", "email", "phone")
FIELDS = ("decision_by", "contact_on", "promises", "referrals", "topics")
LABELS = {
    "decision_by": "Decision by",
    "contact_on": "Contact on",
    "promises": "Promise",
    "referrals": "Referral",
    "topics": "Topic",
}
ROWS, MAX_PEOPLE = 2, 30  # rows shown at first; at most
_ROW = re.compile(r"^people-(\d{1,3})-name$")


def _rows(data: Any) -> list[dict[str, str]]:
    numbers = sorted({int(m[1]) for key in data if (m := _ROW.match(key))})[:MAX_PEOPLE]
    return [{f: text(data, f"people-{n}-{f}") for f in PERSON_FIELDS} for n in numbers]


def _lines(value: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in value.splitlines() if line.strip())


def _typed(values: dict[str, str], rows: list[dict[str, str]]) -> debrief_form.Typed:
    people = tuple(
        Person("interviewer", r["name"], r["title"], r["email"], r["phone"], f"people-{i}",
               f"Person {i + 1}")
        for i, r in enumerate(rows)
    )  # fmt: skip
    return debrief_form.Typed(
        people=people,
        decision_by=values["decision_by"],
        contact_on=values["contact_on"],
        promises=_lines(values["promises"]),
        referrals=_lines(values["referrals"]),
        topics=_lines(values["topics"]),
        labels=LABELS,
    )


def _field_id(key: str) -> str:
    """The id of the input a problem is about (`people-0.name` and `people-0` -> its name)."""
    if re.fullmatch(r"people-\d+", key):
        return f"{key}-name"
    return key.replace(".", "-")


def _show(
    request: Request,
    application: Application,
    values: dict[str, str],
    rows: list[dict[str, str]],
    problems: dict[str, str] | None = None,
    focus: str = "",
    found: dict[int, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    errors = {_field_id(k): v for k, v in (problems or {}).items()}
    known = {*FIELDS, *(f"people-{i}-{f}" for i in range(len(rows)) for f in PERSON_FIELDS)}
    known |= {f"people-{i}-image" for i in range(len(rows))}
    context: dict[str, Any] = {
        "title": f"Debrief: {application.company} — {application.role}",
        "a": application,
        "v": values,
        "rows": list(enumerate(rows)),
        "found": found or {},
        "errors": errors,
        "known": known,
        "focus": next((k for k in errors if k in known), focus),
        "max_mb": MAX_CARD_BYTES // 2**20,
    }
    return page(request, "debrief.html", context, status)


def _blank() -> dict[str, str]:
    return dict.fromkeys(PERSON_FIELDS, "")


@router.get("/applications/{application_id}/debrief", response_class=HTMLResponse)
def debrief_page(request: Request, application_id: Id, app: Wired) -> HTMLResponse:
    application = services.applications.application(app.store, application_id)
    interview_of(application, app.now())  # not before the interview: a page that says so
    return _show(request, application, dict.fromkeys(FIELDS, ""), [_blank() for _ in range(ROWS)])


@router.post("/applications/{application_id}/debrief", response_class=HTMLResponse)
def save_debrief(request: Request, application_id: Id, app: Wired, data: Form) -> Response:
    now = app.now()
    application = services.applications.application(app.store, application_id)
    interview = interview_of(application, now)
    values, rows = {name: text(data, name) for name in FIELDS}, _rows(data)
    if text(data, "more") and len(rows) < MAX_PEOPLE:
        rows.append(_blank())
        return _show(request, application, values, rows, focus=f"people-{len(rows) - 1}-name")
    which = text(data, "read")
    if which.isdigit() and int(which) < len(rows):
        n = int(which)
        try:
            found = read_upload(app, data.get(f"people-{n}-image"))
        except (InvalidInput, MissingExtra) as exc:
            problem = {f"people-{n}.image": str(exc)}
            return _show(request, application, values, rows, problem, status=exc.http_status)
        rows[n].update({k: f.value for k, f in found.items() if k in PERSON_FIELDS})
        focus = f"people-{n}-name"
        return _show(request, application, values, rows, focus=focus, found={n: found})
    profile = services.people.profile(app.store)
    try:
        answers = debrief_form.debrief(_typed(values, rows), application, interview, profile)
        debriefs.debrief(app.store, application_id, answers, app.playbook, now)
    except Problems as problems:
        return _show(request, application, values, rows, problems.found, status=422)
    except InvalidInput as exc:
        return _show(request, application, values, rows, {"form": str(exc)}, status=422)
    return RedirectResponse(f"/applications/{application_id}", status_code=303)
