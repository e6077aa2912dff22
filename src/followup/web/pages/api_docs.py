"""The API's documentation: Swagger UI, served from the package's own static folder (vendored
from npm's swagger-ui-dist by `make vendor`) under the same Content-Security-Policy as every
page, so it loads with no CDN and no network. static/api-docs.js starts it: no inline script.
"Try it out" works for changes too: the script asks `GET /api/csrf` for the CSRF token and
sends it in the `X-CSRF-Token` header."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from followup.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return page(request, "api_docs.html", {"title": "API"})
