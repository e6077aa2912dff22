"""Deleting an application or a contact: a page that says what goes with it (GET), and the
form on it that deletes (POST) and goes on to the list it was in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from followup.services import deleting
from followup.web.render import Wired, back, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)


@router.get("/applications/{application_id}/delete", response_class=HTMLResponse)
def confirm_application(request: Request, application_id: Id, app: Wired) -> HTMLResponse:
    found, parts = deleting.application_parts(app.store, application_id)
    context = {
        "title": f"Delete {found.company} — {found.role}?",
        "action": f"/applications/{application_id}/delete",
        "cancel": f"/applications/{application_id}",
        "parts": parts,
    }
    return page(request, "delete.html", context)


@router.post("/applications/{application_id}/delete")
def delete_application(application_id: Id, app: Wired) -> RedirectResponse:
    deleting.delete_application(app.store, application_id, app.playbook, app.now())
    return back("/pipeline", did="deleted")


@router.get("/contacts/{contact_id}/delete", response_class=HTMLResponse)
def confirm_contact(request: Request, contact_id: Id, app: Wired) -> HTMLResponse:
    contact, parts = deleting.contact_parts(app.store, contact_id)
    context = {
        "title": f"Delete {contact.name}?",
        "action": f"/contacts/{contact_id}/delete",
        "cancel": f"/contacts/{contact_id}",
        "parts": parts,
    }
    return page(request, "delete.html", context)


@router.post("/contacts/{contact_id}/delete")
def delete_contact(contact_id: Id, app: Wired) -> RedirectResponse:
    deleting.delete_contact(app.store, contact_id, app.playbook, app.now())
    return back("/contacts", did="deleted")
