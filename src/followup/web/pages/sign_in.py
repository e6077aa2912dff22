"""Server mode's pages for people not signed in: sign in (`/sign-in`), sign out, ask for a
password reset (`/reset`) and set a new password with the mailed link (`/reset/<token>`),
accept an invitation (`/invitation/<token>`), and sign up (`/sign-up`, only when the
`signup_open` setting allows it). None of them depends on `Wired`: they work on the process's
App and its accounts (services/accounts.py).

The session cookie (`followup_session`) is HttpOnly, SameSite=Lax, Secure when the request
is over HTTPS or `public_url` is an https:// address, and lasts `session_days`; every sign-in
gets a new one (the session of the cookie it replaces ended).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup.bootstrap import App
from followup.domain.accounts import SESSION_COOKIE
from followup.domain.errors import FollowupError, InvalidInput, NotFound
from followup.services import accounts
from followup.web.render import Next, Text, back, page

router = APIRouter(include_in_schema=False)

Token = Annotated[str, Path(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
# Kept by no cache. A page whose address holds a secret (a reset or invitation link) keeps
# the app's `Referrer-Policy: same-origin`: no other site is told the address; `no-referrer`
# would make its form's POST carry `Origin: null`, which the CSRF check refuses.
NO_STORE = {"Cache-Control": "private, no-store"}
SECRET_PAGE = NO_STORE


def process_app(request: Request) -> App:
    """The process's App (not a signed-in account's): the accounts live on its database."""
    app: App = request.app.state.app
    return app


def base_url(request: Request) -> str:
    """Where links in mail lead: `public_url`, else the address this request came to."""
    public: str | None = process_app(request).settings["public_url"]
    return public or str(request.base_url)


def client(request: Request) -> tuple[str | None, str | None]:
    """The request's address and user agent (kept with a session, counted by the throttle)."""
    return (request.client.host if request.client else None), request.headers.get("user-agent")


def with_session(request: Request, response: Response, signed: accounts.SignedIn) -> Response:
    """The response, setting the new session's cookie."""
    app = process_app(request)
    secure = request.url.scheme == "https" or (app.settings["public_url"] or "").startswith(
        "https:"
    )
    response.set_cookie(
        SESSION_COOKIE,
        signed.token,
        max_age=app.settings["session_days"] * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    response.headers.update(NO_STORE)
    return response


def refused(exc: FollowupError) -> dict[str, str]:
    """The headers of a form shown again after `exc`: when it was throttled, Retry-After."""
    retry = getattr(exc, "retry_after", None)
    return {**NO_STORE, **({"Retry-After": str(retry)} if retry is not None else {})}


def _form(
    request: Request,
    template: str,
    title: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    response = page(request, template, {"title": title, **context}, status)
    response.headers.update(headers or NO_STORE)
    return response


# -- signing in and out ---------------------------------------------------------------------


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(
    request: Request, next_: Annotated[str, Query(alias="next", max_length=2000)] = "/"
) -> HTMLResponse:
    signup = bool(process_app(request).settings["signup_open"])
    return _form(request, "sign_in.html", "Sign in", next=next_, email="", signup=signup)


@router.post("/sign-in", response_model=None)
def sign_in(request: Request, email: Text = "", password: Text = "", next_: Next = "/") -> Response:
    app = process_app(request)
    address, agent = client(request)
    previous = request.cookies.get(SESSION_COOKIE)
    try:
        signed = accounts.sign_in(
            app, email, password, address, agent, app.now(), previous=previous
        )
    except FollowupError as exc:
        return _form(
            request, "sign_in.html", "Sign in", exc.http_status, refused(exc),
            next=next_, email=email[:320], error=str(exc), signup=False,
        )  # fmt: skip
    return with_session(request, back(next_, "/"), signed)


@router.post("/sign-out")
def sign_out(request: Request) -> RedirectResponse:
    app = process_app(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token and len(token) <= 128:
        accounts.sign_out(app, token, app.now())
    response = back("/sign-in", did="signed-out")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


# -- sign-up --------------------------------------------------------------------------------


def _signup_open(request: Request) -> None:
    if not process_app(request).settings["signup_open"]:
        raise NotFound("sign-up is by invitation only: ask your careers service for one")


@router.get("/sign-up", response_class=HTMLResponse)
def sign_up_page(request: Request) -> HTMLResponse:
    _signup_open(request)
    return _form(request, "sign_up.html", "Sign up", email="")


@router.post("/sign-up", response_model=None)
def sign_up(request: Request, background: BackgroundTasks, email: Text = "") -> Response:
    _signup_open(request)
    app = process_app(request)
    try:
        accounts.sign_up(
            app, email, base_url(request), app.now(), client(request)[0], background.add_task
        )
    except FollowupError as exc:
        return _form(
            request, "sign_up.html", "Sign up", exc.http_status, refused(exc),
            email=email[:320], error=str(exc),
        )  # fmt: skip
    return back("/sign-up", did="signup-mailed")


# -- password resets ------------------------------------------------------------------------


@router.get("/reset", response_class=HTMLResponse)
def reset_page(request: Request) -> HTMLResponse:
    return _form(request, "reset.html", "Forgot your password?", email="")


@router.post("/reset", response_model=None)
def request_reset(request: Request, background: BackgroundTasks, email: Text = "") -> Response:
    app = process_app(request)
    try:
        accounts.request_reset(
            app, email, base_url(request), app.now(), client(request)[0], background.add_task
        )
    except FollowupError as exc:
        return _form(
            request, "reset.html", "Forgot your password?", exc.http_status, refused(exc),
            email=email[:320], error=str(exc),
        )  # fmt: skip
    return back("/reset", did="reset-mailed")


@router.get("/reset/{token}", response_class=HTMLResponse)
def new_password_page(request: Request, token: Token) -> HTMLResponse:
    accounts.reset_account(process_app(request), token)
    return _form(request, "new_password.html", "Set a new password", headers=SECRET_PAGE)


@router.post("/reset/{token}", response_model=None)
def new_password(request: Request, token: Token, password: Text = "") -> Response:
    app = process_app(request)
    try:
        accounts.complete_reset(app, token, password, app.now())
    except InvalidInput as exc:  # a link used or expired: the error page (Gone)
        return _form(
            request, "new_password.html", "Set a new password", exc.http_status,
            SECRET_PAGE, error=str(exc),
        )  # fmt: skip
    return back("/sign-in", did="password-set")


# -- invitations ----------------------------------------------------------------------------


@router.get("/invitation/{token}", response_class=HTMLResponse)
def invitation_page(request: Request, token: Token) -> HTMLResponse:
    app = process_app(request)
    found = accounts.invitation(app, token, app.now())
    return _form(
        request, "invitation.html", "Your invitation", headers=SECRET_PAGE, invitation=found
    )


@router.post("/invitation/{token}", response_model=None)
def accept(request: Request, token: Token, password: Text = "") -> Response:
    app = process_app(request)
    address, agent = client(request)
    found = accounts.invitation(app, token, app.now())  # NotFound, Gone: the error page
    try:
        signed = accounts.accept(app, token, password, address, agent, app.now())
    except InvalidInput as exc:  # the password; a link used or expired: the error page
        return _form(
            request, "invitation.html", "Your invitation", exc.http_status, SECRET_PAGE,
            invitation=found, error=str(exc),
        )  # fmt: skip
    return with_session(request, back("/", did="welcome"), signed)
