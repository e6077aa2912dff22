"""Who is asking, in server mode: the account a request's session cookie belongs to.

Local mode has no accounts: every route works on the one user's data, as before. In server
mode (the `server` setting) a route's App (`render.Wired`) is the signed-in account's own
(`App.for_user`): every query is scoped to that account's data, so another person's ids are
simply not found (404). A request without a live session gets `SignInNeeded`: a page
redirects to the sign-in page, the API answers 401.

The JSON API (`/api/...`) also takes a personal API token (`Authorization: Bearer <token>`,
services/accounts.py); one scoped `read` may only GET (403 otherwise), and a wrong or revoked
one answers 401.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from fastapi import Request

from followup.domain.accounts import SESSION_COOKIE, Account, Scope, token_hash
from followup.domain.errors import Forbidden

if TYPE_CHECKING:
    from followup.bootstrap import App

KEPT_APPS = 512  # the signed-in accounts' Apps kept between requests (each is small)


class SignInNeeded(Exception):
    """The request needs a signed-in account and has none."""


def server_mode(request: Request) -> bool:
    app: App = request.app.state.app
    return bool(app.settings["server"])


async def account(request: Request) -> Account | None:
    """The signed-in account (server mode), looked up once a request; None without one."""
    if "account" in request.state._state:
        found: Account | None = request.state.account
        return found
    found = None
    token = request.cookies.get(SESSION_COOKIE)
    bearer = bearer_token(request)
    if server_mode(request) and bearer is not None:
        import anyio.to_thread

        given = await anyio.to_thread.run_sync(_token_account, request, bearer)
        if given is not None and given[1] is Scope.READ and request.method not in SAFE:
            raise Forbidden("this token may only read")
        found = given[0] if given else None
    elif server_mode(request) and token and len(token) <= 128:
        import anyio.to_thread

        found = await anyio.to_thread.run_sync(_session_account, request, token)
    request.state.account = found
    return found


SAFE = frozenset({"GET", "HEAD"})


def known(request: Request) -> tuple[bool, Account | None]:
    """(server mode?, the signed-in account as far as this request has looked it up) for the
    page's navigation: a page that works signed out (sign-in, reset) has not looked."""
    found: Account | None = request.state._state.get("account")
    return server_mode(request), found


def bearer_token(request: Request) -> str | None:
    """The API token an `/api` request carries (`Authorization: Bearer <token>`), if any."""
    if not request.url.path.startswith("/api"):
        return None
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _token_account(request: Request, token: str) -> tuple[Account, Scope] | None:
    from followup.services import accounts

    app: App = request.app.state.app
    return accounts.token_account(app, token, app.now())


def _session_account(request: Request, token: str) -> Account | None:
    app: App = request.app.state.app
    lasts = timedelta(days=app.settings["session_days"])
    with app.accounts.transaction() as rows:
        return rows.session_account(token_hash(token), app.now(), lasts)


async def required(request: Request) -> Account:
    """The signed-in account, or SignInNeeded."""
    found = await account(request)
    if found is None:
        raise SignInNeeded
    return found


def app_for(request: Request, who: Account) -> App:
    """`who`'s App: this process's, scoped to their data (kept for the next request)."""
    app: App = request.app.state.app
    kept: dict[str, App] = request.app.state.apps
    found = kept.get(who.name)
    if found is None:
        if len(kept) >= KEPT_APPS:
            kept.clear()
        found = kept[who.name] = app.for_user(who.name)
    return found
