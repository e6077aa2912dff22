"""The mentions check: the kinds that renew interest in the job name the role and at least one
key skill (WARNING)."""

from __future__ import annotations

import re

from followup.domain.checks.text import body_start, caseless
from followup.domain.drafts import CheckContext, Finding, Severity

# The kinds that renew interest in the job: they name the role and a key skill (000, 001).
MENTIONS = frozenset({"thank-you", "keep-in-touch", "check-in-call", "status-check"})
_LEVELS = r"(?:senior|junior|lead|principal|staff|sr\.?|jr\.?|graduate|trainee|associate)\s+"


def _mentioned(phrase: str, text: str, folded: str) -> bool:
    """Whether `text` names `phrase`, in any case and spacing; `folded` is `caseless(text)`: a text
    without each (ASCII) word of the phrase in it is not searched."""
    if any(w.isascii() and w.casefold() not in folded for w in phrase.split()):
        return False
    words = r"\s+".join(map(re.escape, phrase.split()))
    return bool(words) and re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


def mentions(text: str, context: CheckContext) -> list[Finding]:
    """The role and at least one key skill, in the kinds that renew interest (`MENTIONS`)."""
    if context.kind not in MENTIONS:
        return []
    span = (body_start(text), len(text))
    folded = caseless(text)
    findings = []
    role = context.role.strip()
    unlevelled = re.sub(rf"^(?:{_LEVELS})+", "", role, flags=re.IGNORECASE)
    if role and not (_mentioned(role, text, folded) or _mentioned(unlevelled, text, folded)):
        message = f"the role is not mentioned: renew your interest in the {role} position"
        findings.append(Finding("mentions", Severity.WARNING, message, *span))
    skills = [s for s in context.skills if s.strip()]
    if skills and not any(_mentioned(s, text, folded) for s in skills):
        message = f"no key skill is mentioned: tie one or two to the role ({', '.join(skills[:3])})"
        findings.append(Finding("mentions", Severity.WARNING, message, *span))
    return findings
