"""Rendering a page from `templates/`, with what every page needs (the CSRF token)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from followup.bootstrap import App
from followup.web import security


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, {**context, "csrf": security.token(request)}, status_code=status
    )
    return response


def wired(request: Request) -> App:
    """The services' App this web app was created with (a route dependency)."""
    app: App = request.app.state.app
    return app
