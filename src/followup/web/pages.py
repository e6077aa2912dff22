"""The pages: Today, Pipeline, Application, Draft editor; and the forms that act on steps
and applications. Each form posts and redirects (works without JavaScript); HTMX only boosts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup import reviews, sending, services
from followup.bootstrap import App
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.model import (
    ACTIVE_STAGES,
    Channel,
    DecisionKind,
    Direction,
    Stage,
    Touch,
    choice,
)
from followup.domain.planner import OUTCOMES
from followup.web.render import Text, Wired, kept, marked, page
from followup.web.schemas import Id

router = APIRouter(include_in_schema=False)
Next = Annotated[str, Form(alias="next")]


def _back(target: str, fallback: str = "/") -> RedirectResponse:
    """303 to a path on this site (never elsewhere: `//host` and `https:` are refused)."""
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return RedirectResponse(target if local else fallback, status_code=303)


TODAY_SHOWS = 10  # steps (and replies) per part of Today, the most urgent first; ?all=1: all


def _today(request: Request, app: App, limit: int | None) -> dict[str, Any]:
    """Today's agenda and the companies of its steps (kept: `render.kept`)."""

    def compute(now: datetime) -> dict[str, Any]:
        agenda = services.today(app.store, app.playbook, now, limit)
        ids = {s.application_id for s in (*agenda.overdue, *agenda.due) if s.application_id}
        return {"agenda": agenda, "companies": services.companies(app.store, ids)}

    return kept(request, app, f"today:{limit}", compute)


@router.get("/", response_class=HTMLResponse)
def today_page(
    request: Request, app: Wired, all_: Annotated[bool, Query(alias="all")] = False
) -> HTMLResponse:
    context = {
        **_today(request, app, None if all_ else TODAY_SHOWS),
        "outcomes": OUTCOMES,
        "title": "Today",
    }
    return page(request, "today.html", context)


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_page(request: Request, app: Wired) -> HTMLResponse:
    now = app.now()
    by_stage = defaultdict(list)
    for summary in services.applications(app.store):
        since = summary.last_interview or summary.created_at
        by_stage[summary.stage].append((summary, (now - since).days))
    stages = [(stage, by_stage[stage]) for stage in Stage if by_stage[stage]]
    context = {"stages": stages, "all_stages": list(Stage), "title": "Pipeline"}
    return page(request, "pipeline.html", context)


@router.post("/applications/{application_id}/stage")
def move(
    application_id: Id, app: Wired, stage: Annotated[str, Form()], next_: Next = "/pipeline"
) -> RedirectResponse:
    to = choice(Stage, stage, "stage")
    services.move(app.store, application_id, to, app.playbook, app.now())
    return _back(next_)


@router.get("/applications/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, application_id: Id, app: Wired) -> HTMLResponse:
    found = services.application(app.store, application_id)
    context = {
        "a": found,
        "steps": sorted(found.steps, key=lambda s: s.earliest),
        "decisions": [k.value for k in DecisionKind],
        "active": found.stage in ACTIVE_STAGES,
        "outcomes": OUTCOMES,
        "channels": [c.value for c in Channel],
        "title": f"{found.company} — {found.role}",
    }
    return page(request, "application.html", context)


@router.post("/applications/{application_id}/decide")
def decide(
    application_id: Id,
    app: Wired,
    kind: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> RedirectResponse:
    decision = choice(DecisionKind, kind, "decision")
    services.decide(app.store, application_id, decision, app.playbook, app.now(), note or None)
    return _back(f"/applications/{application_id}")


@router.post("/applications/{application_id}/touches")
def log_touch(
    application_id: Id,
    app: Wired,
    channel: Annotated[str, Form()],
    direction: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Log a touch that happened now (a reply pauses the nudges), as `followup log` does."""
    now = app.now()
    touch = Touch(
        channel=choice(Channel, channel, "channel"),
        direction=choice(Direction, direction, "direction"),
        at=now,
        note=note.strip() or None,
    )
    services.log_touch(app.store, application_id, touch, app.playbook, now)
    return _back(f"/applications/{application_id}")


@router.post("/steps/{step_id}/done")
def done(
    step_id: Id, app: Wired, outcome: Annotated[str, Form()] = "", next_: Next = "/"
) -> RedirectResponse:
    services.complete_step(app.store, step_id, outcome or None, app.playbook, app.now())
    return _back(next_)


@router.post("/steps/{step_id}/skip")
def skip(step_id: Id, app: Wired, next_: Next = "/") -> RedirectResponse:
    services.skip_step(app.store, step_id, app.playbook, app.now())
    return _back(next_)


@router.post("/steps/{step_id}/snooze")
def snooze(
    step_id: Id, app: Wired, until: Annotated[date, Form()], next_: Next = "/"
) -> RedirectResponse:
    services.snooze_step(app.store, step_id, until, app.playbook, app.now())
    return _back(next_)


def _typed(text: str) -> str:
    """A textarea's text with the browser's CRLF line ends made LF, as the drafts are."""
    return text.replace("\r\n", "\n")


def _editor(
    request: Request, app: App, reviewed: reviews.Reviewed, problem: str = "", status: int = 200
) -> HTMLResponse:
    context = {
        "r": reviewed,
        "pieces": marked(reviewed.draft.text, reviewed.findings),
        "can_send": app.mailer is not None,
        "outbox": sending.for_step(app.store, reviewed.step.id or 0),
        "problem": problem,
        "title": f"Draft of step {reviewed.step.id}",
    }
    return page(request, "draft.html", context, status)


@router.get("/steps/{step_id}/draft", response_class=HTMLResponse)
def draft_page(request: Request, step_id: Id, app: Wired) -> HTMLResponse:
    reviewed = reviews.review(app.store, step_id, app.now(), app.proofreader, app.templates)
    return _editor(request, app, reviewed)


@router.post("/steps/{step_id}/draft")
def keep_draft(step_id: Id, app: Wired, text: Text) -> RedirectResponse:
    reviews.keep_edit(app.store, step_id, _typed(text), app.now(), app.proofreader, app.templates)
    return _back(f"/steps/{step_id}/draft")


@router.post("/steps/{step_id}/draft/check", response_class=HTMLResponse)
def check_draft(request: Request, step_id: Id, app: Wired, text: Text) -> HTMLResponse:
    """The editor's live checks: the typed text checked as the step's draft, kept nowhere."""
    reviewed = reviews.review(
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
    reviewed = reviews.review(app.store, step_id, now, app.proofreader, app.templates)
    text = _typed(text)
    if text != reviewed.draft.text:
        reviewed = reviews.keep_edit(app.store, step_id, text, now, app.proofreader, app.templates)
    approval = sending.Approval(step_id, reviewed.draft.text)
    try:
        if app.mailer is None:
            composed = sending.export(app.store, approval, now, app.proofreader, app.templates)
            context = {"composed": composed, "step": reviewed.step, "title": "Send it yourself"}
            return page(request, "exported.html", context)
        sending.approve(app.store, approval, app.playbook, now, app.proofreader, app.templates)
    except (Conflict, InvalidInput) as refused:
        return _editor(request, app, reviewed, str(refused), refused.http_status)
    sending.deliver(app.store, app.mailer, app.sent_folder, now)
    return _back(f"/steps/{step_id}/draft")


@router.get("/steps/{step_id}/message.eml")
def message_file(step_id: Id, app: Wired) -> Response:
    """The step's approved-by-download message, for the user's own mail program."""
    approval = sending.Approval(step_id)
    composed = sending.export(app.store, approval, app.now(), app.proofreader, app.templates)
    name = f"step-{step_id}.eml"
    return Response(
        composed.data,  # ASCII, or UTF-8 headers for an international address
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/steps/{step_id}/letter.pdf")
def letter_file(step_id: Id, app: Wired) -> Response:
    """The step's draft printed as a letter (refused while the checks find errors)."""
    from followup.adapters.letters import pdf

    document = reviews.letter(app.store, step_id, app.now(), app.proofreader, app.templates, pdf)
    return Response(
        document,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="letter-step-{step_id}.pdf"'},
    )
