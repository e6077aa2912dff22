"""The job seeker's Coaches page (server mode): the coaches they share with (share drafts or
not, revoke), coaches' requests to accept or decline, sharing with a coach by email, the notes
shared with them, the nudges (mark read, answered) and the access log: who saw what, when."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from followup.bootstrap import App
from followup.services import coaching
from followup.web.pages.caseload import Who
from followup.web.render import Text, back, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)


def _process(request: Request) -> App:
    app: App = request.app.state.app
    return app


@router.get("/coaches", response_class=HTMLResponse)
def coaches_page(request: Request, who: Who) -> HTMLResponse:
    found = coaching.sharing(_process(request), who)
    return page(request, "coaches.html", {"found": found, "title": "Coaches"})


@router.post("/coaches")
def share(request: Request, who: Who, email: Text) -> RedirectResponse:
    coaching.share(_process(request), who, email)
    return back("/coaches", did="shared")


@router.post("/coaches/{link_id}/accept")
def accept(request: Request, link_id: Id, who: Who) -> RedirectResponse:
    coaching.answer(_process(request), who, link_id, accepted=True)
    return back("/coaches", did="shared")


@router.post("/coaches/{link_id}/decline")
def decline(request: Request, link_id: Id, who: Who) -> RedirectResponse:
    coaching.answer(_process(request), who, link_id, accepted=False)
    return back("/coaches", did="declined")


@router.post("/coaches/{link_id}/revoke")
def revoke(request: Request, link_id: Id, who: Who) -> RedirectResponse:
    coaching.revoke(_process(request), who, link_id)
    return back("/coaches", did="revoked")


@router.post("/coaches/{link_id}/drafts")
def drafts(
    request: Request, link_id: Id, who: Who, shared: Annotated[bool, Form()] = False
) -> RedirectResponse:
    coaching.share_drafts(_process(request), who, link_id, shared)
    return back("/coaches", did="drafts_shared" if shared else "drafts_private")


@router.post("/nudges/{nudge_id}/read")
def read(request: Request, nudge_id: Id, who: Who) -> RedirectResponse:
    coaching.mark_nudge(_process(request), who, nudge_id, answered=False)
    return back("/coaches", did="logged")


@router.post("/nudges/{nudge_id}/answered")
def answered(request: Request, nudge_id: Id, who: Who) -> RedirectResponse:
    coaching.mark_nudge(_process(request), who, nudge_id, answered=True)
    return back("/coaches", did="answered")
