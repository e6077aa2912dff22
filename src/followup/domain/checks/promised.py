"""The promised check: a send-promised email goes with what was promised (ERROR without it).

The thing itself is kept with the promise (domain/promised.py): a file, sent as an
attachment, or a link, which only the text carries. So an email with neither is an ERROR, and
so is one whose link is not in the text; an attached file the text does not name is a WARNING
(the reader should know what the attachment is).
"""

from __future__ import annotations

from followup.domain.checks.text import body_start
from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Channel


def promised(text: str, context: CheckContext) -> list[Finding]:
    """What was promised, attached or linked, and named in the text."""
    what = context.promised
    if context.kind != "send-promised" or context.channel is not Channel.EMAIL or not what:
        return []
    start = body_start(text)
    at = text.find(what, start)
    span = (at, at + len(what)) if at >= 0 else (start, len(text))
    kept = context.kept
    if kept is None:
        message = f"you promised {what}: attach it or add its link"
        return [Finding("promised", Severity.ERROR, message, *span)]
    if kept.link is not None and kept.link not in text:
        message = f"the link to {what} is not in the text: add {kept.link}"
        return [Finding("promised", Severity.ERROR, message, *span)]
    if kept.file_name is not None and kept.file_name not in text:
        message = f"the text does not name the attachment: mention {kept.file_name}"
        return [Finding("promised", Severity.WARNING, message, *span)]
    return []
