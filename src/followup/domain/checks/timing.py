"""The timing check: a thank-you checked before its earliest time (ERROR)."""

from __future__ import annotations

from followup.domain.drafts import CheckContext, Finding, Severity


def timing(text: str, context: CheckContext) -> list[Finding]:
    """A thank-you is not sent or printed before its earliest time (003)."""
    if context.kind != "thank-you" or context.earliest is None or context.now is None:
        return []
    if context.now >= context.earliest:
        return []
    message = f"too early: a thank-you goes not before {context.earliest:%Y-%m-%d %H:%M %Z}"
    return [Finding("timing", Severity.ERROR, message.rstrip(), 0, len(text))]
