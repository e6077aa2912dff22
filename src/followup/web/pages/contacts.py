"""The Contacts pages: every contact; one contact's edit form, which can read a business card
(an uploaded photo or scan, through the OCR of `followup card`) to fill itself. Reading a card
saves nothing: the form shows what was found, and saving is the user's own step."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from followup import services
from followup.bootstrap import App
from followup.domain.cards import Field
from followup.domain.errors import InvalidInput, MissingExtra
from followup.domain.model import Contact, Relation, choice
from followup.domain.values import check_email, check_phone, zone
from followup.input import parse
from followup.input.interview_form import Checker, Problems
from followup.services import cards
from followup.web.render import Wired, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)

MAX_CARD_BYTES = 5 * 1024 * 1024
# The form's fields, as `followup contacts edit` can change them (country is the region).
TEXT = ("name", "title", "organisation", "email", "phone", "address", "timezone", "notes")
FIELDS = (*TEXT, "country", "relation")


async def _form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(_form)]  # a form's fields, however many rows it has


def text(data: FormData, name: str) -> str:
    """A text field of the form; empty when missing (or a file)."""
    value = data.get(name)
    return value if isinstance(value, str) else ""


def _values(contact: Contact) -> dict[str, str]:
    given = {name: getattr(contact, name) or "" for name in TEXT}
    return {**given, "country": str(contact.region or ""), "relation": contact.relation.value}


def _changes(values: dict[str, str]) -> dict[str, Any]:
    """What the form sets, checked field by field (an empty optional field clears it)."""
    check = Checker()
    changes: dict[str, Any] = {name: values[name].strip() or None for name in TEXT}
    check.require("name", values["name"], "the name")
    changes["region"] = check("country", parse.region, values["country"].strip() or None)
    changes["relation"] = check("relation", choice, Relation, values["relation"], "relation")
    if changes["email"]:
        check("email", check_email, changes["email"])
    if changes["phone"] and "country" not in check.found:
        check("phone", check_phone, changes["phone"], changes["region"])
    if changes["timezone"]:
        check("timezone", zone, changes["timezone"])
    if check.found:
        raise Problems(check.found)
    return changes


def _show(
    request: Request,
    app: App,
    contact: Contact,
    values: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
    found: dict[str, Field] | None = None,
    status: int = 200,
) -> HTMLResponse:
    linked = [
        a for a in services.applications.applications(app.store) if a.id == contact.application_id
    ]
    context = {
        "title": contact.name,
        "c": contact,
        "application": linked[0] if linked else None,
        "v": values or _values(contact),
        "relations": [(r.value, r.value) for r in Relation],
        "errors": problems or {},
        "known": set(FIELDS) | {"card"},
        "focus": next(iter(problems or {}), ""),
        "found": found or {},
        "saved": request.query_params.get("saved") == "1",
        "max_mb": MAX_CARD_BYTES // (1024 * 1024),
    }
    return page(request, "contact.html", context, status)


@router.get("/contacts", response_class=HTMLResponse)
def contacts_page(request: Request, app: Wired) -> HTMLResponse:
    applications = {a.id: a for a in services.applications.applications(app.store)}
    people = [
        (c, applications.get(c.application_id or 0)) for c in services.people.contacts(app.store)
    ]
    return page(request, "contacts.html", {"title": "Contacts", "people": people})


@router.get("/contacts/{contact_id}", response_class=HTMLResponse)
def contact_page(request: Request, contact_id: Id, app: Wired) -> HTMLResponse:
    return _show(request, app, services.people.contact(app.store, contact_id))


@router.post("/contacts/{contact_id}", response_class=HTMLResponse)
def edit_contact(request: Request, contact_id: Id, app: Wired, data: Form) -> Response:
    contact = services.people.contact(app.store, contact_id)
    values = {name: text(data, name) for name in FIELDS}
    try:
        services.people.edit_contact(
            app.store, contact_id, _changes(values), app.playbook, app.now()
        )
    except Problems as problems:
        return _show(request, app, contact, values, problems.found, status=422)
    except InvalidInput as exc:
        return _show(request, app, contact, values, {"form": str(exc)}, status=422)
    return RedirectResponse(f"/contacts/{contact_id}?saved=1", status_code=303)


def read_upload(app: App, upload: object) -> dict[str, Field]:
    """The fields on an uploaded card image, read as `followup card` reads one (the Add
    interview form uses it too). The image is written to a temporary file for the OCR and
    deleted after."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("choose a photo or scan of the card first")
    image = upload.file.read(MAX_CARD_BYTES + 1)
    if len(image) > MAX_CARD_BYTES:
        raise InvalidInput(f"the image is over {MAX_CARD_BYTES // 2**20} MB: send a smaller one")
    from followup.adapters.ocr import read_lines

    with tempfile.TemporaryDirectory(prefix="followup-card-") as folder:
        path = Path(folder) / "card"
        path.write_bytes(image)
        if cards.too_many_pixels(path):
            raise InvalidInput(f"{upload.filename!r} has too many pixels: send a smaller image")
        try:
            found = cards.read_card(app.store, read_lines, path)
        except InvalidInput:
            raise InvalidInput(
                f"{upload.filename!r} is not an image this can read: send a photo or scan "
                "(PNG, JPEG, ...)"
            ) from None
    if not found:
        raise InvalidInput("nothing readable found on the card: try a sharper, straighter photo")
    return found


def _filled(values: dict[str, str], found: dict[str, Field]) -> dict[str, str]:
    """The form's values with what the card says in place (its website added to the notes)."""
    filled = {**values, **{k: f.value for k, f in found.items() if k in values}}
    website = found.get("website")
    if website and website.value not in filled["notes"]:
        filled["notes"] = "\n".join(filter(None, [filled["notes"], f"website: {website.value}"]))
    return filled


@router.post("/contacts/{contact_id}/card", response_class=HTMLResponse)
def read_card(request: Request, contact_id: Id, app: Wired, data: Form) -> Response:
    contact = services.people.contact(app.store, contact_id)
    values = {name: text(data, name) for name in FIELDS} if "name" in data else None
    values = values or _values(contact)
    try:
        found = read_upload(app, data.get("card"))
    except MissingExtra as exc:
        return _show(request, app, contact, values, {"form": str(exc)}, status=exc.http_status)
    except InvalidInput as exc:
        return _show(request, app, contact, values, {"card": str(exc)}, status=422)
    return _show(request, app, contact, _filled(values, found), found=found)
