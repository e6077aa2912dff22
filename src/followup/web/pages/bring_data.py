"""Bringing your data: a JSON export of followup (`followup export --json`, or Download all
your data here, from the app on your own computer) restored into your account, which must
have no data yet. A form that uploads the file (GET shows it, POST restores it and goes to
Today); a file that is not an export, or an account that has data, is refused with the
reason (422, 409) and nothing kept. In server mode the rows get new ids: the database is
every account's. `/export` downloads the same document of the data one has."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from followup.domain.errors import InvalidInput
from followup.services import backup
from followup.web.render import Wired, attachment, back, page

router = APIRouter(include_in_schema=False)

PATH = "/import"
MAX_EXPORT_BYTES = 64 * 1024 * 1024  # an export with its attachments (base64) fits
LIMIT = MAX_EXPORT_BYTES + 1024 * 1024  # the request: the file and its form


@router.get(PATH, response_class=HTMLResponse)
def bring_form(request: Request, app: Wired) -> HTMLResponse:
    context = {"title": "Bring your data", "most_mb": MAX_EXPORT_BYTES // (1024 * 1024)}
    return page(request, "bring_data.html", context)


@router.post(PATH)
async def bring(request: Request, app: Wired) -> RedirectResponse:
    import anyio.to_thread

    form = await request.form()
    upload = form.get("export")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("choose the file of your export (followup export --json FILE)")
    content = await upload.read(MAX_EXPORT_BYTES + 1)
    if len(content) > MAX_EXPORT_BYTES:
        raise InvalidInput(f"{upload.filename!r} is larger than an export can be here")
    what = f"{upload.filename!r} is not a followup export"
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{what}: it is not UTF-8 text") from None

    def restore() -> None:
        document = backup.parse_export(text, what, repr(upload.filename))
        backup.import_data(app.store, document, renumber=bool(app.settings["server"]))

    await anyio.to_thread.run_sync(restore)
    return back("/", did="imported")


@router.get("/export")
def download(app: Wired) -> Response:
    """All the signed-in person's data as `followup export --json` writes it, to download."""
    import json

    user = getattr(app.store, "user", "") or app.settings["user"]
    document = backup.export_data(app.store, user, app.now())
    body = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    name = f"followup-export-{app.now().date().isoformat()}.json"
    headers = {**attachment(name), "Cache-Control": "private, no-store"}
    return Response(body.encode("utf-8"), media_type="application/json", headers=headers)
