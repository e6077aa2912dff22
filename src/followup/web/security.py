"""Security for every response and every state-changing request.

Headers: a Content-Security-Policy without inline script or style, X-Frame-Options,
Referrer-Policy and X-Content-Type-Options on every response (static files and errors too).

CSRF, double-submit: the first response sets a random token in the `followup_csrf` cookie
(HttpOnly, SameSite=Strict). Every POST, PUT, PATCH or DELETE must echo it, in the form field
`csrf_token` (the pages put it in every form) or in the `X-CSRF-Token` header (JSON clients:
`GET /api/csrf` returns it and sets the cookie). Otherwise: 403 and nothing changes. A request
whose `Origin` is another site is refused the same way.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from urllib.parse import urlsplit

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("followup.web")

COOKIE = "followup_csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token (answered with 403)."""


def token(request: Request) -> str:
    """The session's token: the cookie's, else a new one (set on the response by the
    middleware below)."""
    existing = request.cookies.get(COOKIE)
    if existing:
        return existing
    if not hasattr(request.state, "new_csrf"):
        request.state.new_csrf = secrets.token_urlsafe(32)
    return str(request.state.new_csrf)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def require_token(request: Request) -> None:
    """A dependency of every route: refuse an unsafe request without the right token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.cookies.get(COOKIE)
    given = request.headers.get(HEADER)
    if given is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(FIELD)
        given = value if isinstance(value, str) else None
    if not (expected and given and _same_origin(request)):
        raise CsrfRejected("the form or request has no valid CSRF token; reload the page")
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise CsrfRejected("the form or request has no valid CSRF token; reload the page")


def _loggable(scope: Scope) -> str:
    """The request's path as it may be logged: a calendar feed's secret token left out."""
    path = str(scope.get("path", ""))
    return "/calendar/(token).ics" if path.startswith("/calendar/") else path


class SecurityHeaders:
    """ASGI middleware: the security headers on every response (unexpected errors' 500s
    too), and the CSRF cookie on the first one of a session."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                given = {name.lower() for name, _ in headers}  # a route's own choice stays
                headers += [
                    (k.lower().encode(), v.encode())
                    for k, v in HEADERS.items()
                    if k.lower().encode() not in given
                ]
                new = state.get("new_csrf")
                if new:
                    cookie = f"{COOKIE}={new}; Path=/; HttpOnly; SameSite=Strict"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception:
            # An unexpected error: log it, and answer 500 with the headers here (Starlette's
            # own error page would be sent from outside this middleware, without them).
            log.exception("unexpected error on %s %s", scope.get("method"), _loggable(scope))
            if started:
                raise
            body = b"Something went wrong on the server: the error is in its log."
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                }
            )
            await send({"type": "http.response.body", "body": body})
