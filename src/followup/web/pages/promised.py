"""The draft page's form for what a send-promised step sends: a file (uploaded, sent with
the email) or a link (put in its text), and removing it. Multipart, CSRF-checked as every
form; each posts and redirects (works without JavaScript). A file over the size limit is
refused with 413, a bad link with 400, each on the draft page with the reason."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile

from followup.domain.errors import InvalidInput
from followup.domain.promised import MB, TooLarge
from followup.services import drafts, promised
from followup.web.pages.contacts import Form, text
from followup.web.pages.editor import editor_page
from followup.web.render import Wired, back
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)
PATH = r"/steps/\d+/promised"  # the upload's path: its body may pass security.MAX_BODY


def upload_limit(limit_mb: int) -> int:
    """The largest request body the upload takes: the file at the limit, and 1 MB of form."""
    return (limit_mb + 1) * MB


def _attach(app: Wired, step_id: int, data: Form) -> None:
    link, upload = text(data, "link").strip(), data.get("file")
    chosen = isinstance(upload, UploadFile) and bool(upload.filename)
    if link and chosen:
        raise InvalidInput("choose a file or give a link, not both")
    if link:
        promised.attach_link(app.store, step_id, link, app.now())
        return
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("choose the file you promised, or give a link to it")
    limit, kind = app.settings["attachment_max_mb"], upload.content_type or ""
    vague = "/" not in kind or kind == "application/octet-stream"
    given = "" if vague else kind  # else guessed from the file's name
    item = promised.attachment(upload.filename, upload.file, limit, given)
    promised.attach_file(app.store, step_id, item, app.now())


@router.post("/steps/{step_id}/promised", response_model=None)
def attach(
    request: Request, step_id: Id, app: Wired, data: Form
) -> HTMLResponse | RedirectResponse:
    """Attach the file or link (in place of any before), then back to the draft."""
    try:
        _attach(app, step_id, data)
    except (TooLarge, InvalidInput) as refused:
        status = 413 if isinstance(refused, TooLarge) else 400
        reviewed = drafts.review(app.store, step_id, app.now(), app.proofreader, app.templates)
        return editor_page(request, app, reviewed, str(refused), status)
    return back(f"/steps/{step_id}/draft", did="attached")


@router.post("/steps/{step_id}/promised/remove")
def detach(step_id: Id, app: Wired) -> RedirectResponse:
    promised.detach(app.store, step_id)
    return back(f"/steps/{step_id}/draft", did="detached")
