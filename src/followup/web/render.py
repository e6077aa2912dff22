"""Rendering a page from `templates/`, with what every page needs (the CSRF token)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import AfterValidator

from followup.bootstrap import App
from followup.domain.drafts import Finding, Severity
from followup.domain.errors import NotFound
from followup.web import security, signed_in

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
T = TypeVar("T")


# What the page a form redirects to says the form did (`?did=done`, POST-redirect-GET), shown
# as a toast. A fixed list: the address never puts words of its own in the page.
DID = {
    "done": "Marked done.",
    "skipped": "Skipped.",
    "snoozed": "Snoozed.",
    "decided": "Decision recorded.",
    "resumed": "Resumed: the plan goes on.",
    "logged": "Recorded.",
    "moved": "Moved.",
    "kept": "Your edit is kept.",
    "sent": "Sent.",
    "approved": "Approved: the outbox below shows how far it got.",
    "attached": "Attached: the draft now gives what you promised.",
    "detached": "Removed: attach the file or give its link before sending.",
    "undone": "Undone: the plan is back as it was.",
    "profile": "Your profile is saved.",
    "deleted": "Deleted.",
    "asked": "Asked: the job seeker sees your request on their Coaches page.",
    "shared": "Shared: this coach now sees your plan, applications and insights.",
    "declined": "Declined.",
    "revoked": "Revoked: this coach sees nothing of yours any more.",
    "drafts_shared": "Your drafts' text is shared with this coach.",
    "drafts_private": "Your drafts' text is no longer shared with this coach.",
    "answered": "Marked answered.",
    "noted": "Note kept.",
    "nudged": "Nudge sent, in the app and by email.",
    "nudged_in_app": "Nudge sent in the app; the email could not be sent.",
    "stepped_back": "You no longer see this job seeker.",
    # server mode's accounts (pages/sign_in.py, pages/account.py)
    "signed-out": "Signed out.",
    "signup-mailed": "Check your mail: unless that address has an account already, a link "
    "to set your password is on its way.",
    "reset-mailed": "If that email has an account, a link to set a new password is on its "
    "way: it works once, for an hour.",
    "password-set": "Your new password is set: sign in with it.",
    "welcome": "Welcome: your account is ready.",
    "password-changed": "Your password is changed; your other sessions are signed out.",
    "session-ended": "That session is signed out.",
    "token-made": "Your new token is below: copy it now, it is shown only this once.",
    "token-revoked": "The token is revoked: it no longer works.",
    "invited": "Invitation sent.",
    "disabled": "The account is disabled: it signs in no more, its sessions and tokens ended.",
    "imported": "Your data is here: everything in the export.",
}


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The page; after a form's redirect with `?did=`, with what the form did as a toast.
    A page answering a POST (a form shown again: its problems, another row) asks HTMX not to
    put the POST's address in the history (`HX-Push-Url: false`): the address stays the
    page's own, so reloading it or coming back to it never asks for a POST address with GET."""
    toast = DID.get(request.query_params.get("did", "")) if request.method == "GET" else None
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        name,
        {"toast": toast, **context, "csrf": security.token(request)},
        status_code=status,
    )
    if request.method == "POST":
        response.headers["HX-Push-Url"] = "false"
    return response


async def wired(request: Request) -> App:
    """The services' App this web app was created with (a route dependency; async, so it is
    not sent to a worker thread as a plain function would be). In server mode: the signed-in
    account's App, its data theirs alone (`signed_in`); SignInNeeded without one."""
    app: App = request.app.state.app
    if app.settings["server"]:
        app = signed_in.app_for(request, await signed_in.required(request))
    request.state.wired = app
    return app


def wired_already(request: Request) -> App | None:
    """The App this request's route was given (`wired`), for what a page shows besides the
    route's own answer (the undo offer); None when the route had none. In local mode the
    process's App; in server mode only the signed-in account's, never the process's."""
    found: App | None = request.state._state.get("wired")
    if found is None and not request.app.state.app.settings["server"]:
        found = request.app.state.app
    return found


def local_only(app: App, what: str) -> None:
    """Refuse in server mode (404, "not available") what writes the server's own files (its
    config directory's playbook): they would change every account's."""
    if app.settings["server"]:
        raise NotFound(f"{what} is not available in server mode")


Wired = Annotated[App, Depends(wired)]  # a route's App
Text = Annotated[str, Form(), AfterValidator(security.capped)]  # a form's text field
Next = Annotated[str, Form(alias="next")]  # where a form goes back to


def back(target: str, fallback: str = "/", did: str = "") -> RedirectResponse:
    """303 to a path on this site (never elsewhere: `//host` and `https:` are refused), with
    `?did=` naming what the form did (a key of DID) for the page to say so."""
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    to = urlsplit(target if local else fallback)
    if to.scheme or to.netloc or not to.path.startswith("/"):  # "/\t/host" reads as "//host"
        to = urlsplit(fallback)
    kept = [(k, v) for k, v in parse_qsl(to.query, keep_blank_values=True) if k != "did"]
    query = urlencode([*kept, *([("did", did)] if did else [])])
    path = to.path + (f"?{query}" if query else "") + (f"#{to.fragment}" if to.fragment else "")
    return RedirectResponse(path, status_code=303)


def attachment(name: str) -> dict[str, str]:
    """The header that makes a browser save the answer as a file named `name` (RFC 6266):
    `filename` an ASCII stand-in, and the name itself in `filename*` (RFC 8187) when it is
    not plain ASCII."""
    letters = unicodedata.normalize("NFKD", name)  # ü: u and a mark, the mark left out
    bare = "".join(c for c in letters if not unicodedata.combining(c))
    plain = re.sub(r"[^A-Za-z0-9._ ()-]+", "-", bare).strip(" -") or "download"
    value = f'attachment; filename="{plain}"'
    if plain != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return {"Content-Disposition": value}


def marked(text: str, findings: Sequence[Finding]) -> list[tuple[str, Finding | None]]:
    """The text cut into pieces, each with the finding that covers it (or None), for the
    editor to highlight. Where findings overlap, the more severe one (then the earlier) wins
    and the other is left out of the highlight (it is still listed)."""
    chosen: list[Finding] = []
    for f in sorted(findings, key=lambda f: (_RANK[f.severity], f.start)):
        inside = 0 <= f.start < f.end <= len(text)
        if inside and all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    pieces: list[tuple[str, Finding | None]] = []
    at = 0
    for f in sorted(chosen, key=lambda f: f.start):
        if f.start > at:
            pieces.append((text[at : f.start], None))
        pieces.append((text[f.start : f.end], f))
        at = f.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


KEPT = 2048  # values kept by `kept` (a few per account) before all are dropped


def kept(request: Request, app: App, name: str, compute: Callable[[datetime], T]) -> T:
    """What `compute(now)` gives, kept in this web app until the user's data changes (a write
    in any process moves `Store.revision`), the playbook changes or the minute turns: twenty
    people looking at Today compute it once. (What depends on the time, such as a step
    falling due, shows within the minute.)"""
    now = app.now()
    key = (app.store.revision(), id(app.playbook), now.replace(second=0, microsecond=0))
    found: dict[tuple[str, str], tuple[Any, Any]] = request.app.state.kept
    whose = (getattr(app.store, "user", ""), name)  # server mode: each account's own
    if whose in found and found[whose][0] == key:
        value: T = found[whose][1]
        return value
    if len(found) > KEPT:
        found.clear()
    value = compute(now)
    found[whose] = (key, value)
    return value
