"""Server mode's pages for the signed-in: `/account` (your sessions, each with Sign out; your
password; your personal API tokens, a new one shown once) and `/people` (admins only, 404 for
anyone else: invite a coach or a job seeker by email; every account, and the invitations not
yet accepted).

A new API token is shown on the page its form redirects to, once: a cookie of that page's own
carries it there for a few minutes (only its hash is kept), never the address.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.domain.accounts import SESSION_COOKIE, Account, Role, Scope
from followup.domain.errors import Conflict, FollowupError, InvalidInput, NotFound
from followup.services import accounts
from followup.web import signed_in
from followup.web.pages.sign_in import NO_STORE, base_url, process_app
from followup.web.render import Text, back, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)

Who = Annotated[Account, Depends(signed_in.required)]
NEW_TOKEN = "followup_new_token"  # the cookie that carries a new API token to the page, once
ROLES = {Role.SEEKER: "job seeker", Role.COACH: "coach", Role.ADMIN: "admin"}


def _new_token(request: Request, who: Account) -> str | None:
    """The API token just made, if the cookie carries one of `who`'s that works."""
    token = request.cookies.get(NEW_TOKEN, "")
    if not token:
        return None
    app = process_app(request)
    found = accounts.token_account(app, token, app.now())
    return token if found and found[0].id == who.id else None


def _account_page(request: Request, who: Account, status: int = 200, **given: Any) -> HTMLResponse:
    app = process_app(request)
    now = app.now()
    context = {
        "title": "Account",
        "who": who,
        "role": ROLES[who.role],
        "sessions": accounts.sessions(app, who, request.cookies.get(SESSION_COOKIE), now),
        "tokens": accounts.tokens(app, who),
        "new_token": _new_token(request, who) if request.method == "GET" else None,
        "errors": {},
        **given,
    }
    response = page(request, "account.html", context, status)
    response.headers.update(NO_STORE)
    if NEW_TOKEN in request.cookies:
        response.delete_cookie(NEW_TOKEN, path="/account", httponly=True, samesite="strict")
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, who: Who) -> HTMLResponse:
    return _account_page(request, who)


@router.post("/account/password", response_model=None)
def change_password(
    request: Request, who: Who, current: Text = "", password: Text = ""
) -> Response:
    app = process_app(request)
    keep = request.cookies.get(SESSION_COOKIE)
    try:
        accounts.change_password(app, who, current, password, keep, app.now())
    except FollowupError as exc:
        errors = {"password": str(exc)}
        return _account_page(request, who, exc.http_status, errors=errors)
    return back("/account", did="password-changed")


@router.post("/account/sessions/{session_id}/end")
def end_session(request: Request, session_id: Id, who: Who) -> RedirectResponse:
    app = process_app(request)
    accounts.end_session(app, who, session_id, app.now())
    return back("/account", did="session-ended")


@router.post("/account/tokens", response_model=None)
def create_token(request: Request, who: Who, name: Text = "", scope: Text = "read") -> Response:
    app = process_app(request)
    try:
        if scope not in {s.value for s in Scope}:
            raise InvalidInput("a token's scope is read or write")
        token = accounts.create_token(app, who, name, Scope(scope), app.now())
    except InvalidInput as exc:
        return _account_page(request, who, exc.http_status, errors={"tokens": str(exc)})
    response = back("/account#tokens", did="token-made")
    response.headers.update(NO_STORE)
    response.set_cookie(
        NEW_TOKEN, token, max_age=300, path="/account", httponly=True, samesite="strict"
    )
    return response


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: Id, who: Who) -> RedirectResponse:
    app = process_app(request)
    accounts.revoke_token(app, who, token_id, app.now())
    return back("/account#tokens", did="token-revoked")


# -- the admin's: people --------------------------------------------------------------------


def _admin(who: Account) -> None:
    if who.role is not Role.ADMIN:
        raise NotFound("no such page")


def _people_page(request: Request, who: Account, status: int = 200, **given: Any) -> HTMLResponse:
    _admin(who)
    app = process_app(request)
    context = {
        "title": "People",
        "members": accounts.members(app, who),
        "invitations": accounts.open_invitations(app, who, app.now()),
        "roles": ROLES,
        "me": who,
        "invite": {"email": "", "role": "seeker", "cohort": ""},
        "error": None,
        **given,
    }
    response = page(request, "people.html", context, status)
    response.headers.update(NO_STORE)
    return response


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request, who: Who) -> HTMLResponse:
    return _people_page(request, who)


@router.post("/people/invite", response_model=None)
def invite(
    request: Request, who: Who, email: Text = "", role: Text = "seeker", cohort: Text = ""
) -> Response:
    _admin(who)
    app = process_app(request)
    try:
        if role not in (Role.COACH.value, Role.SEEKER.value):
            raise InvalidInput("invite a coach or a job seeker")
        accounts.invite(app, who, email, Role(role), cohort, base_url(request), app.now())
    except FollowupError as exc:
        given = {"email": email[:320], "role": role[:16], "cohort": cohort[:100]}
        return _people_page(request, who, exc.http_status, invite=given, error=str(exc))
    return back("/people", did="invited")


@router.post("/people/{account_id}/disable", response_model=None)
def disable(request: Request, account_id: Id, who: Who) -> Response:
    """An admin disables an account: it signs in no more, its sessions and tokens end."""
    _admin(who)
    app = process_app(request)
    try:
        accounts.disable_member(app, who, account_id, app.now())
    except Conflict as exc:
        return _people_page(request, who, exc.http_status, error=str(exc))
    return back("/people", did="disabled")
