"""The rules' pages ("Why?" on a step): each rule of the user's playbook in plain words, its
numbers as sentences, its channels in order and the guidance it rests on by title."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from followup.domain.errors import NotFound
from followup.domain.playbook import GUIDANCE, NUDGES, Playbook
from followup.domain.wording import RULE_NAMES, channels_said, numbers_said
from followup.web.render import Wired, page

router = APIRouter(include_in_schema=False)


def _rule(playbook: Playbook, kind: str) -> dict[str, Any]:
    rule = playbook.rule(kind)
    return {
        "kind": kind,
        "name": RULE_NAMES.get(kind, kind),
        "rationale": rule.rationale,
        "numbers": numbers_said(rule),
        "channels": channels_said(rule.channels),
        "guidance": [GUIDANCE.get(s, f"article {s}") for s in rule.sources],
        "enabled": rule.enabled,
        "nudge": kind in NUDGES,
    }


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request, app: Wired) -> HTMLResponse:
    every = [_rule(app.playbook, kind) for kind in app.playbook.rules]
    return page(request, "rules.html", {"rules": every, "title": "The rules"})


@router.get("/rules/{kind}", response_class=HTMLResponse)
def rule_page(request: Request, app: Wired, kind: str) -> HTMLResponse:
    if kind not in app.playbook.rules:
        raise NotFound(f"there is no rule {kind!r}: see the rules at /rules")
    rule = _rule(app.playbook, kind)
    context = {
        "rule": rule,
        "hours": app.playbook.hours,
        "gap": app.playbook.gap,
        "title": rule["name"],
    }
    return page(request, "rule.html", context)
