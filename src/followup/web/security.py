"""Security for every request and response.

Hosts (against DNS rebinding): a request is answered only when its `Host` names this server:
127.0.0.1, localhost or [::1] (with the serving port, or without a port), the address
`followup serve --host` was started on, or a name the operator allowed (`--allow-host NAME`,
the `allowed_hosts` setting). Any other Host gets 400 before any route runs, static files
included: a web page whose domain now resolves to 127.0.0.1 cannot read or change anything.

Size: a request body over MAX_BODY bytes is refused with 413 before it is read (the upload of
what was promised may be larger: the `attachment_max_mb` setting and a megabyte of form).

Headers: a Content-Security-Policy without inline script or style, X-Frame-Options,
Referrer-Policy and X-Content-Type-Options on every response (static files and errors too).

CSRF, double-submit: the first response sets a random token in the `followup_csrf` cookie
(HttpOnly, SameSite=Strict). Every POST, PUT, PATCH or DELETE must echo it, in the form field
`csrf_token` (the pages put it in every form) or in the `X-CSRF-Token` header (JSON clients:
`GET /api/csrf` returns it and sets the cookie). Otherwise: 403 and nothing changes. A request
whose `Origin` (or, without one, `Referer`) is not one of the allowed hosts above (with the
serving port) is refused the same way. An `/api` request with an API token
(`Authorization: Bearer`, server mode) and no cookie at all needs no CSRF token: a browser
neither adds that header to another site's request nor can it sign in without a cookie.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi import Request
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from followup.domain.errors import ConfigError, FollowupError
from followup.domain.values import LONG
from followup.web import signed_in

log = logging.getLogger("followup.web")

COOKIE = "followup_csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = frozenset({"", "0.0.0.0", "::", "[::]"})  # every address: no name of its own
MAX_BODY = 8 * 1024 * 1024  # bytes: a 5 MB card upload and its form fit, nothing much larger

# A host as a Host header or an allowed-host entry gives it: a DNS name or IPv4 address, or
# an IPv6 address in brackets, then perhaps :port. Lower case, ASCII, nothing else.
_HOST = re.compile(
    r"(?P<name>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?"
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _split(host: str) -> tuple[str, int | None] | None:
    """`name:port` as (name, port), the port None when absent; None when it is no host."""
    found = _HOST.fullmatch(host.lower()) if host.isascii() else None
    if not found:
        return None
    port = int(found["port"]) if found["port"] else None
    if port is not None and not 0 < port < 65536:
        return None
    return found["name"], port


def is_host(host: str) -> bool:
    """Whether `host` is a host name or address as a Host header gives it."""
    return _split(host) is not None


def bracketed(address: str) -> str:
    """An IPv6 address as a URL or Host header writes it: `[::1]`."""
    ipv6 = address.count(":") > 1 and not address.startswith("[")
    return f"[{address}]" if ipv6 else address


def parse_hosts(
    text: str | Iterable[str],
    where: str = "allowed hosts",
    error: type[FollowupError] = ConfigError,
) -> tuple[str, ...]:
    """Host names as an operator gives them (`a.example, b.example:8443`; commas or spaces
    between), each checked: a name or address, perhaps with a port, nothing else."""
    items = text.replace(",", " ").split() if isinstance(text, str) else list(text)
    hosts = []
    for item in items:
        host = bracketed(item.strip())
        if _split(host) is None:
            raise error(
                f"{where}: {item!r} is not a host name (a name or address, perhaps with "
                ":port, as in followup.example.com or 192.168.1.5:8765; no scheme, path or *)"
            )
        hosts.append(host.lower())
    return tuple(hosts)


class Hosts:
    """The names this server answers to: the loopback ones (on the serving port, or without
    a port) and the named ones (without a port: on any port; with one: on that one)."""

    def __init__(self, named: Iterable[str] = ()) -> None:
        extra = tuple(dict.fromkeys(h for h in parse_hosts(list(named)) if h not in LOOPBACK))
        self.names = LOOPBACK + extra
        self.named = frozenset(split for h in extra if (split := _split(h)) is not None)

    def _allows(self, name: str, port: int | None, serving: int | None) -> bool:
        if name in LOOPBACK and (port is None or serving is None or port == serving):
            return True
        return (name, None) in self.named or (name, port) in self.named

    def allows_host(self, host: str, serving: int | None) -> bool:
        """Whether a Host header names this server."""
        split = _split(host)
        return split is not None and self._allows(*split, serving)

    def allows_origin(self, url: str, serving: int | None) -> bool:
        """Whether an Origin or Referer is a page of this server (its port included)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        if parts.scheme not in _DEFAULT_PORTS or "@" in parts.netloc or not parts.hostname:
            return False
        split = _split(bracketed(parts.hostname))
        if split is None or split[1] is not None:
            return False
        return self._allows(split[0], port or _DEFAULT_PORTS[parts.scheme], serving)

    def describe(self) -> str:
        return ", ".join(self.names)


def _serving_port(scope: Scope) -> int | None:
    server = scope.get("server")
    return int(server[1]) if server and server[1] is not None else None


class BodyTooLarge(HTTPException):
    """A request body over MAX_BODY bytes, or a path's own limit (answered with 413)."""

    def __init__(self, most: int = MAX_BODY) -> None:
        super().__init__(413, f"the request is over {most // 2**20} MB: send less")


def capped(text: str) -> str:
    """A form's text field, refused (422, before any route's work) when it is over LONG
    characters; a textarea's CRLF line ends count as one, as the route makes them LF."""
    if len(text) - text.count("\r\n") > LONG:
        raise PydanticCustomError("too_long", f"is over {LONG:,} characters: shorten it")
    return text


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
    """Whether the request comes from a page of this server, by its Origin (else its Referer;
    with neither, as from a script outside any browser, the token alone decides)."""
    hosts: Hosts = request.app.state.hosts
    serving = _serving_port(request.scope)
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value is not None:
            return hosts.allows_origin(value, serving)
    return True


async def require_token(request: Request) -> None:
    """A dependency of every route: refuse an unsafe request without the right token."""
    if request.method in SAFE_METHODS:
        return
    if (
        "cookie" not in request.headers
        and signed_in.bearer_token(request) is not None
        and signed_in.server_mode(request)
    ):
        return  # a script's API token (server mode): nothing a browser sends on its own
    expected = request.cookies.get(COOKIE)
    given = request.headers.get(HEADER)
    if given is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(FIELD)
        given = value if isinstance(value, str) else None
    if not _same_origin(request):
        raise CsrfRejected("the request comes from a page of another site; nothing was changed")
    if not (expected and given):
        raise CsrfRejected("the form or request has no valid CSRF token; reload the page")
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise CsrfRejected("the form or request has no valid CSRF token; reload the page")


def _loggable(scope: Scope) -> str:
    """The request's path as it may be logged: a calendar feed's secret token left out."""
    path = str(scope.get("path", ""))
    return "/calendar/(token).ics" if path.startswith("/calendar/") else path


class AllowedHosts:
    """ASGI middleware: a request whose Host does not name this server (see `Hosts`) is
    answered 400 with one readable line, before any route, static file or schema."""

    def __init__(self, app: ASGIApp, hosts: Hosts) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"]
        if len(given) == 1 and self.hosts.allows_host(given[0], _serving_port(scope)):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        shown = ", ".join(repr(h[:100]) for h in given) or "none"
        log.warning("refused a request for Host %s on %s", shown, _loggable(scope))
        body = (
            "This followup server does not answer to that Host name. "
            f"It answers to {self.hosts.describe()} "
            "(`followup serve --allow-host NAME` adds a name).\n"
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: a request body over MAX_BODY bytes is refused with 413, by its
    Content-Length before it is read, else (chunked) as soon as it grows past the limit."""

    def __init__(self, app: ASGIApp, larger: Iterable[tuple[str, int]] = ()) -> None:
        self.app = app
        # (path pattern, bytes): an upload's route that takes more than MAX_BODY
        self.larger = [(re.compile(pattern), most) for pattern, most in larger]

    def _most(self, path: str) -> int:
        return next((most for p, most in self.larger if p.fullmatch(path)), MAX_BODY)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        most = self._most(str(scope.get("path", "")))
        lengths = [v for k, v in scope.get("headers", []) if k == b"content-length"]
        if any(not v.isdigit() or int(v) > most for v in lengths):
            too_large = BodyTooLarge(most)
            body = f"{too_large.detail}\n".encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": too_large.status_code,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > most:
                raise BodyTooLarge(most)  # an HTTPException: the app answers 413
            return message

        await self.app(scope, counted, send)


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
