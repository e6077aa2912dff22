"""Undo: the last action that can still be undone is offered on every page for a while (the
toast in base.html, through `offer`), and undone by a form that posts here and goes back."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import RedirectResponse
from jinja2 import pass_context

from followup.domain.undo import Undo
from followup.services import undo
from followup.web.render import Next, Wired, back, wired_already

router = APIRouter(include_in_schema=False)

Token = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@router.post("/undo/{token}")
def undo_action(token: Token, app: Wired, next_: Next = "/") -> RedirectResponse:
    undo.undo(app.store, token, app.now())
    return back(next_, did="undone")


@pass_context
def offer(context: Any) -> Undo | None:
    """The action a page offers to undo (a template global: only whole pages ask)."""
    request = context.get("request")
    if request is None or request.method != "GET":
        return None
    app = wired_already(request)  # server mode: the signed-in account's, else none
    return undo.offer(app.store, app.now()) if app is not None else None
