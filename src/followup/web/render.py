"""Rendering a page from `templates/`, with what every page needs (the CSRF token)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from followup.bootstrap import App
from followup.domain.drafts import Finding, Severity
from followup.web import security

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, {**context, "csrf": security.token(request)}, status_code=status
    )
    return response


async def wired(request: Request) -> App:
    """The services' App this web app was created with (a route dependency; async, so it is
    not sent to a worker thread as a plain function would be)."""
    app: App = request.app.state.app
    return app


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
