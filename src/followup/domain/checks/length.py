"""The length check: the words of a body outside the bounds for its kind and channel
(WARNING)."""

from __future__ import annotations

import re

from followup.domain.checks.text import body_start
from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Channel

# Words in the body, (kind, channel) -> (fewest, most); (kind, None) for any other channel.
# Kinds and channels not here (pipeline-review, free text) have no bounds.
WORDS: dict[tuple[str, Channel | None], tuple[int, int]] = {
    ("thank-you", Channel.EMAIL): (60, 220),  # short but sincere (003)
    ("thank-you", Channel.LETTER): (80, 300),
    # a call script with its voicemail script: each under a minute to say
    ("check-in-call", Channel.PHONE): (20, 260),
    ("check-in-call", Channel.VOICEMAIL): (15, 80),  # a short message: about 30 seconds
    ("check-in-call", Channel.EMAIL): (40, 160),
    ("keep-in-touch", Channel.LETTER): (100, 350),  # the reverse cover letter (001)
    ("keep-in-touch", Channel.EMAIL): (40, 160),
    ("keep-in-touch", Channel.PHONE): (15, 260),
    ("keep-in-touch", Channel.VOICEMAIL): (15, 80),
    ("send-promised", None): (20, 200),
    ("reference-heads-up", None): (25, 180),
    ("referral-outreach", None): (50, 220),
    ("agency-update", None): (25, 180),
    ("feedback-request", None): (40, 180),
    ("stay-in-touch", None): (40, 180),
    ("thank-references", None): (30, 180),
    ("status-check", None): (40, 160),  # a short, polite question
}


_COUNTED = re.compile(r"[^\W_]++(?:['’.-][^\W_]++)*+")  # a word, as the length check counts


def length(text: str, context: CheckContext) -> list[Finding]:
    """Short and sincere: the body's words within the bounds for its kind and channel."""
    bounds = WORDS.get((context.kind, context.channel)) or WORDS.get((context.kind, None))
    if bounds is None:
        return []
    start = body_start(text)
    words = len(_COUNTED.findall(text, start))
    fewest, most = bounds
    if fewest <= words <= most:
        return []
    what = f"a {context.kind} by {context.channel.value}"
    message = f"{words} words: {what} reads best at {fewest}–{most}"
    return [Finding("length", Severity.WARNING, message, start, len(text))]
