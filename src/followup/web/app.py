"""The app factory: `create_app(app)` wires the services' App into a FastAPI application.

Routes call the services (as the CLI does); errors map to HTTP in one place, here:
a FollowupError answers with its `http_status` and one readable message, as JSON under
/api and as a page elsewhere.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from followup.bootstrap import App
from followup.domain.errors import FollowupError
from followup.domain.personalisation import addressees
from followup.domain.values import zone
from followup.domain.wording import need_said, step_said
from followup.web import api, render, security, signed_in
from followup.web.pages import (
    account,
    add_interview,
    add_round,
    api_docs,
    application,
    bring_data,
    caseload,
    coaches,
    contacts,
    debrief,
    deleting,
    editor,
    insights,
    pipeline,
    promised,
    rules,
    settings_page,
    sign_in,
    step_actions,
    today,
    undo,
)

HERE = Path(str(files("followup.web")))
# The web app manifest (static/manifest.webmanifest), as browsers expect it to be served.
mimetypes.add_type("application/manifest+json", ".webmanifest")


def _when(moment: datetime | None, tz: str | None = None) -> str:
    """A moment for people: `Fri 18 Dec 13:00` in the given zone (else its own)."""
    if moment is None:
        return ""
    return _in_zone(moment, tz) if tz else moment.strftime(_WHEN)


_WHEN = "%a %d %b %Y %H:%M"


@functools.lru_cache(maxsize=4096)
def _in_zone(moment: datetime, tz: str) -> str:
    """Memoised: a long Today page shows a few hundred moments thousands of times (a tenth
    of its rendering at 10,000 applications). Equal instants are one key, and in one zone
    one text; a moment in its own zone is not memoised, as its offset is not in the key."""
    return moment.astimezone(zone(tz)).strftime(_WHEN)


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=HERE / "templates")  # autoescapes .html templates
    t.env.autoescape = True
    t.env.filters["when"] = _when
    t.env.filters["addressees"] = addressees  # a step's (to, cc)
    t.env.filters["to_do"] = step_said  # what a step asks, in words
    t.env.filters["need_said"] = need_said  # what it needs, without the command
    t.env.globals["csrf_field"] = security.FIELD
    t.env.globals["undo_offer"] = undo.offer  # the last action, while it can be undone
    t.env.globals["signed_in_as"] = signed_in.known  # server mode: who, when known
    return t


def _error(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        response: Response = JSONResponse({"error": message}, status_code=status)
    elif _swapped_part(request):  # the editor's live check: the refusal in the checks' place
        context = {"target": request.headers["hx-target"], "message": message}
        response = render.page(request, "_refusal.html", context, status)
    else:
        context = {"title": f"Error {status}", "message": message}
        response = render.page(request, "error.html", context, status)
    response.headers.update(headers or {})
    return response


_ELEMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


def _swapped_part(request: Request) -> bool:
    """An HTMX request that swaps one part of a page (not a boosted link or form, which swaps
    the whole body): its answer must be that part."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-boosted") != "true"
        and bool(_ELEMENT_ID.match(headers.get("hx-target", "")))
    )


def _validation_message(exc: RequestValidationError) -> str:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    return f"{where or 'input'}: {first.get('msg', 'invalid')}"


# Threads that run the routes (anyio's default is 40). A request's work is mostly Python,
# which runs on one core at a time: forty requests sharing it all finish late, four at a time
# each finish sooner and the rest wait their turn (bench/web_load.py: p95 48-50 ms instead of
# 74-87 ms). Database waits leave the core to the others. More cores: `serve --workers N`.
THREADS = 4


@asynccontextmanager
async def _lifespan(web: FastAPI) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


def create_app(app: App, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The web app for `app`. It answers only to requests for 127.0.0.1, localhost and [::1]
    (on the port it is served on), the `allowed_hosts` setting's names and `allowed_hosts`:
    any other Host is refused with 400 (a page of another site whose domain was made to
    resolve to this machine gets nothing)."""
    setting = security.parse_hosts(app.settings["allowed_hosts"] or "", "setting allowed_hosts")
    hosts = security.Hosts([*setting, *allowed_hosts])
    web = FastAPI(
        lifespan=_lifespan,
        title="followup",
        summary="Follow up every job interview well.",
        version="0.1.0",
        dependencies=[Depends(security.require_token)],
        docs_url=None,  # pages/api_docs.py serves Swagger UI from the package
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    web.state.app = app
    web.state.hosts = hosts
    web.state.kept = {}  # what pages keep until the data changes (render.kept)
    web.state.apps = {}  # server mode: the signed-in accounts' Apps (signed_in.app_for)
    web.state.templates = templates()
    # The last added runs first: headers on every answer, then the Host, then the body's size.
    upload = promised.upload_limit(app.settings["attachment_max_mb"])
    larger = ((promised.PATH, upload), (bring_data.PATH, bring_data.LIMIT))
    web.add_middleware(security.BodyLimit, larger=larger)
    web.add_middleware(security.AllowedHosts, hosts=hosts)
    web.add_middleware(security.SecurityHeaders)
    web.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    web.include_router(api.router)
    pages = (today, pipeline, application, step_actions, editor, add_interview, contacts)
    more = (add_round, debrief, settings_page, insights, api_docs, promised, rules, undo, deleting)
    server = (caseload, coaches)  # server mode's coaching (404 in local mode)
    for module in (*pages, *more, *server, bring_data):
        web.include_router(module.router)
    if app.settings["server"]:  # accounts: server mode's alone
        web.include_router(sign_in.router)
        web.include_router(account.router)

    @web.exception_handler(FollowupError)
    async def followup_error(request: Request, exc: FollowupError) -> Response:
        retry = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry)} if retry is not None else None
        return _error(request, exc.http_status, str(exc), headers)

    @web.exception_handler(signed_in.SignInNeeded)
    async def sign_in_needed(request: Request, exc: signed_in.SignInNeeded) -> Response:
        if request.url.path.startswith("/api") or request.method != "GET":
            headers = {"WWW-Authenticate": 'Bearer realm="followup"'}
            return _error(request, 401, "sign in first", headers)
        there = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return render.back(f"/sign-in?{urlencode({'next': there})}")

    @web.exception_handler(security.CsrfRejected)
    async def csrf_rejected(request: Request, exc: security.CsrfRejected) -> Response:
        return _error(request, 403, str(exc))

    @web.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @web.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), exc.headers)

    return web


def from_environment() -> FastAPI:
    """The web app for the settings in the environment: what each process of
    `followup serve --workers N` runs (uvicorn's factory). Its allowed hosts come from
    `FOLLOWUP_ALLOWED_HOSTS`, which `serve` sets from `--allow-host` and `--host`."""
    from followup import bootstrap
    from followup.config import settings

    return create_app(bootstrap.build(settings.load()))
