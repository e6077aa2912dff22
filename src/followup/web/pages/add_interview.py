"""The Add interview page: the form of `followup add`, read by the same interview_form.application.

One form, three actions, each a submit button and so working without JavaScript: "Add
another ..." (`more`) and "Fill from card text" (`fill`) show the form again with everything
typed kept; the default action saves and shows the plan. Nothing is saved until then."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from followup import services
from followup.bootstrap import App
from followup.domain.cards import Field
from followup.domain.errors import Duplicate, InvalidInput, MissingExtra
from followup.domain.model import Application, InterviewFormat, Source
from followup.input import interview_form
from followup.services import cards, inbox
from followup.web.pages.contacts import MAX_CARD_BYTES, Form, read_upload, text
from followup.web.render import Wired, page

router = APIRouter(include_in_schema=False)

ROLE_NAMES = {
    "interviewer": "Interviewer",
    "hr": "HR contact",
    "recruiter": "Recruiter",
    "agency": "Agency recruiter",
    "reference": "Reference",
    "referral": "Referral",
    "helper": "Helper",
}
PERSON_FIELDS = ("name", "title", "email", "phone", "card")  # and an image of the card
FIELDS = (
    "company", "role", "start", "duration", "tz", "country", "format", "round", "source",
    "notes", "topics", "decision_by", "contact_on", "next_round", "promises", "settings",
)  # fmt: skip
LABELS = {
    "at": "Start",
    "duration": "Duration",
    "decision_by": "Decision by",
    "contact_on": "Contact on",
    "next_round": "Next round",
    "promises": "Promise",
    "topics": "Topic",
}
MAX_PEOPLE = 30
_ROW = re.compile(r"^people-(\d{1,3})-role$")


@dataclass
class Row:
    """One person's row of the form, as typed (and perhaps filled from their card)."""

    role: str
    values: dict[str, str]
    found: dict[str, Field]

    @property
    def person(self) -> interview_form.Person:
        v = self.values
        return interview_form.Person(self.role, v["name"], v["title"], v["email"], v["phone"])


def _rows(data: FormData) -> list[Row]:
    numbers = sorted({int(m[1]) for key in data if (m := _ROW.match(key))})[:MAX_PEOPLE]
    rows = []
    for n in numbers:
        role = text(data, f"people-{n}-role")
        values = {f: text(data, f"people-{n}-{f}") for f in PERSON_FIELDS}
        rows.append(Row(role if role in interview_form.ROLES else "interviewer", values, {}))
    return rows


def _labelled(rows: list[Row]) -> list[tuple[int, Row, str]]:
    """Each row with its position and its legend: Interviewer 1, Interviewer 2, HR contact 1."""
    counts: dict[str, int] = {}
    out = []
    for i, row in enumerate(rows):
        counts[row.role] = counts.get(row.role, 0) + 1
        out.append((i, row, f"{ROLE_NAMES[row.role]} {counts[row.role]}"))
    return out


def _typed(values: dict[str, str], rows: list[Row]) -> interview_form.Typed:
    people = tuple(
        replace(row.person, key=f"people-{i}", label=label) for i, row, label in _labelled(rows)
    )
    return interview_form.Typed(
        company=values["company"],
        role=values["role"],
        at=values["start"],
        duration=values["duration"],
        tz=values["tz"],
        country=values["country"],
        format=values["format"],
        round=values["round"],
        source=values["source"],
        notes=values["notes"],
        decision_by=values["decision_by"],
        contact_on=values["contact_on"],
        next_round=values["next_round"],
        people=people,
        promises=tuple(line for line in values["promises"].splitlines() if line.strip()),
        settings=tuple(line for line in values["settings"].splitlines() if line.strip()),
        topics=tuple(line for line in values["topics"].splitlines() if line.strip()),
        labels=LABELS,
    )


def _field_id(key: str) -> str:
    """The id of the input a problem is about (`people-0.email` -> `people-0-email`)."""
    if key == "at":
        return "start"
    if re.fullmatch(r"people-\d+", key):
        return f"{key}-name"
    return key.replace(".", "-")


def _show(
    request: Request,
    values: dict[str, str],
    rows: list[Row],
    problems: dict[str, str] | None = None,
    focus: str = "",
    status: int = 200,
    duplicate: Application | None = None,
) -> HTMLResponse:
    errors = {_field_id(k): v for k, v in (problems or {}).items()}
    row_fields = (*PERSON_FIELDS, "image")
    known = {*FIELDS, *(f"people-{i}-{f}" for i in range(len(rows)) for f in row_fields)}
    context: dict[str, Any] = {
        "title": "Add interview",
        "v": values,
        "rows": _labelled(rows),
        "errors": errors,
        "known": known,
        "focus": next((k for k in errors if k in known), focus),
        "format_options": [(f.value, f.value) for f in InterviewFormat],
        "source_options": [("", "direct, or agency with an agency recruiter")]
        + [(s.value, s.value) for s in Source],
        "roles": ROLE_NAMES,
        "max_mb": MAX_CARD_BYTES // 2**20,
        "duplicate": duplicate,  # an open application with this company and role
    }
    return page(request, "add_interview.html", context, status)


@router.get("/interviews/new", response_class=HTMLResponse)
def new_interview(request: Request, app: Wired) -> HTMLResponse:
    me = services.people.profile(app.store)
    values = dict.fromkeys(FIELDS, "")
    values.update(duration="60m", format="in-person", round="1")
    if me:
        values.update(tz=me.timezone, country=str(me.region) if me.region else "")
    blank = Row("interviewer", dict.fromkeys(PERSON_FIELDS, ""), {})
    return _show(request, values, [blank])


def _from_text(app: App, data: FormData, n: int) -> dict[str, Field]:
    """What the row's pasted card text says, read as `followup card` reads a card."""
    pasted = text(data, f"people-{n}-card")
    if not pasted.strip():
        raise InvalidInput("paste the text of the card first, one line of the card per line")
    found = cards.read_card(app.store, lambda _: interview_form.pasted_card(pasted), Path("pasted"))
    if not found:
        raise InvalidInput("nothing in the card text looks like a name, email or phone")
    return found


def _from_image(app: App, data: FormData, n: int) -> dict[str, Field]:
    return read_upload(app, data.get(f"people-{n}-image"))


READERS = {"fill": ("card", _from_text), "read": ("image", _from_image)}


def _fill(values: dict[str, str], row: Row, found: dict[str, Field]) -> None:
    """The row filled with what the card says (and the company, when none was typed)."""
    row.found = found
    row.values.update({k: f.value for k, f in found.items() if k in PERSON_FIELDS})
    if "organisation" in found and not values["company"].strip():
        values["company"] = found["organisation"].value


def people_pressed(
    app: App, data: FormData, values: dict[str, str], rows: list[Row]
) -> tuple[dict[str, str], int, str] | None:
    """What a press of the people rows' own buttons asks ("Add another person", "Read the
    card" and its kin), done on `rows` (and `values`' company, from a card): the form to show
    again as (problems, status, focus). None: the form was sent to be saved. The Add a round
    form has the same rows (add_round.py)."""
    more = text(data, "more")
    if more:
        role = text(data, "more_role") if more == "other" else more
        if role in interview_form.ROLES and len(rows) < MAX_PEOPLE:
            rows.append(Row(role, dict.fromkeys(PERSON_FIELDS, ""), {}))
        return {}, 200, f"people-{len(rows) - 1}-name"
    for action, (field, reader) in READERS.items():
        which = text(data, action)
        if which.isdigit() and int(which) < len(rows):
            n = int(which)
            try:
                found = reader(app, data, n)
            except (InvalidInput, MissingExtra) as exc:
                return {f"people-{n}.{field}": str(exc)}, exc.http_status, ""
            _fill(values, rows[n], found)
            return {}, 200, f"people-{n}-name"
    return None


@router.post("/interviews", response_class=HTMLResponse)
def add_interview(request: Request, app: Wired, data: Form) -> Response:
    values = {name: text(data, name) for name in FIELDS}
    rows = _rows(data)
    pressed = people_pressed(app, data, values, rows)
    if pressed is not None:
        problems, status, focus = pressed
        return _show(request, values, rows, problems, focus=focus, status=status)
    first = inbox.none_yet(app.store)  # the first run: Today shows the plan it made
    try:
        application = interview_form.application(
            _typed(values, rows), services.people.profile(app.store), app.playbook
        )
        as_new = text(data, "as_new") == "1"
        stored = services.applications.record_interview(
            app.store, application, app.playbook, app.now(), as_new=as_new
        )
    except Duplicate as exc:
        already = services.applications.application(app.store, exc.application_id)
        return _show(request, values, rows, status=exc.http_status, duplicate=already)
    except interview_form.Problems as problems:
        return _show(request, values, rows, problems.found, status=422)
    except InvalidInput as exc:
        return _show(request, values, rows, {"form": str(exc)}, status=422)
    made = f"/?plan={stored.id}" if first else f"/applications/{stored.id}"
    return RedirectResponse(made, status_code=303)
