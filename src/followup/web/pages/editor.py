"""The draft editor: live checks, keeping an edit, approving (sent once, or handed over as
mailto: and .eml on the "Send it yourself" page), the message and letter files (downloads).
Each form posts and redirects to a page (POST-redirect-GET: reloading or going back never asks
for a form's address); only the live check answers with a part of the page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup import services
from followup.bootstrap import App
from followup.domain.errors import Conflict, InvalidInput
from followup.services import drafts, sending
from followup.web.render import Text, Wired, attachment, back, marked, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)


def _typed(text: str) -> str:
    """A textarea's text with the browser's CRLF line ends made LF, as the drafts are."""
    return text.replace("\r\n", "\n")


def _editor(
    request: Request, app: App, reviewed: drafts.Reviewed, problem: str = "", status: int = 200
) -> HTMLResponse:
    context = {
        "r": reviewed,
        "pieces": marked(reviewed.draft.text, reviewed.findings),
        "can_send": app.mailer is not None,
        "outbox": sending.for_step(app.store, reviewed.step.id or 0),
        "problem": problem,
        "title": f"Draft of step {reviewed.step.id}",
    }
    context["attachment_max_mb"] = app.settings["attachment_max_mb"]  # the promised form's
    return page(request, "draft.html", context, status)


editor_page = _editor  # the draft page, for the forms of other modules (pages/promised.py)


@router.get("/steps/{step_id}/draft", response_class=HTMLResponse)
def draft_page(request: Request, step_id: Id, app: Wired) -> HTMLResponse:
    reviewed = drafts.review(app.store, step_id, app.now(), app.proofreader, app.templates)
    return _editor(request, app, reviewed)


@router.post("/steps/{step_id}/draft")
def keep_draft(step_id: Id, app: Wired, text: Text) -> RedirectResponse:
    drafts.keep_edit(app.store, step_id, _typed(text), app.now(), app.proofreader, app.templates)
    return back(f"/steps/{step_id}/draft", did="kept")


@router.post("/steps/{step_id}/draft/check", response_class=HTMLResponse)
def check_draft(request: Request, step_id: Id, app: Wired, text: Text) -> HTMLResponse:
    """The editor's live checks: the typed text checked as the step's draft, kept nowhere."""
    reviewed = drafts.review(
        app.store, step_id, app.now(), app.proofreader, app.templates, _typed(text)
    )
    context = {"r": reviewed, "pieces": marked(reviewed.draft.text, reviewed.findings)}
    return page(request, "_checks.html", context)


@router.post("/steps/{step_id}/approve", response_model=None)
def approve(
    request: Request, step_id: Id, app: Wired, text: Text
) -> HTMLResponse | RedirectResponse:
    """Approve the text in the editor: kept with the step, then sent (with SMTP) or handed
    over as a mailto: link and an .eml file (without). Findings that are errors refuse it."""
    now = app.now()
    reviewed = drafts.review(app.store, step_id, now, app.proofreader, app.templates)
    text = _typed(text)
    if text != reviewed.draft.text:
        reviewed = drafts.keep_edit(app.store, step_id, text, now, app.proofreader, app.templates)
    approval = sending.Approval(step_id, reviewed.draft.text)
    try:
        outcome = sending.send(
            app.store,
            approval,
            app.playbook,
            now,
            app.proofreader,
            app.templates,
            app.mailer,
            app.sent_folder,
        )
    except (Conflict, InvalidInput) as refused:
        return _editor(request, app, reviewed, str(refused), refused.http_status)
    if outcome.exported:
        return back(f"/steps/{step_id}/send-yourself")
    # The editor shows how far the message got.
    return back(f"/steps/{step_id}/draft", did="sent" if outcome.sent else "approved")


def _export(app: App, step_id: Id) -> sending.Composed:
    approval = sending.Approval(step_id)
    return sending.export(app.store, approval, app.now(), app.proofreader, app.templates)


@router.get("/steps/{step_id}/send-yourself", response_class=HTMLResponse)
def send_yourself(request: Request, step_id: Id, app: Wired) -> HTMLResponse:
    """Without SMTP, what Approve leads to: the message as a mailto: link and an .eml file
    (nothing is recorded until the user marks the step done)."""
    composed = _export(app, step_id)
    context = {"composed": composed, "step": composed.reviewed.step, "title": "Send it yourself"}
    return page(request, "exported.html", context)


def _file_name(company: str, what: str, step_id: int, suffix: str) -> str:
    """`Acme Analytics - thank-you (step 3).eml`: whose and what, in the user's words."""
    return f"{company} - {what} (step {step_id}).{suffix}"


@router.get("/steps/{step_id}/message.eml")
def message_file(step_id: Id, app: Wired) -> Response:
    """The step's approved-by-download message, for the user's own mail program."""
    composed = _export(app, step_id)
    step, company = composed.reviewed.step, composed.reviewed.application.company
    return Response(
        composed.data,  # ASCII, or UTF-8 headers for an international address
        media_type="message/rfc822",
        headers=attachment(_file_name(company, step.kind, step_id, "eml")),
    )


@router.get("/steps/{step_id}/letter.pdf")
def letter_file(step_id: Id, app: Wired, on: str = "") -> Response:
    """The step's draft printed as a letter (refused while the checks find errors), dated `on`
    (YYYY-MM-DD) if given, else today."""
    from followup.adapters.letters import pdf
    from followup.input import parse

    day = parse.day(on, "the date on the letter") if on.strip() else None
    document = drafts.letter(
        app.store, step_id, app.now(), app.proofreader, app.templates, pdf, day
    )
    step = services.steps.step(app.store, step_id)
    company = services.applications.application(app.store, step.application_id or 0).company
    return Response(
        document,
        media_type="application/pdf",
        headers=attachment(_file_name(company, "letter", step_id, "pdf")),
    )
