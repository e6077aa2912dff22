"""The lists check: a bare list in a letter or an email (WARNING). Two lines or more in a row
(blank lines between them allowed) that start with "-", "*", "•" or "–", or with a number and
"." or ")", are a list: a letter makes its points in short paragraphs that tie each one to the
role (001). Call scripts are lists on purpose: only letters and emails are checked."""

from __future__ import annotations

import re

from followup.domain.checks.frames import WRITTEN
from followup.domain.checks.text import body_start
from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Channel

ITEMS = 2  # the fewest items that make a list
# A list item: its marker, then a space and something said. An item starts only at a line's
# start, and reads to its line's end once.
_ITEM = re.compile(r"^[ \t]*+(?P<item>(?:[-*•–]|\d{1,2}[.)])[ \t]++\S[^\n]*+)", re.MULTILINE)
_BETWEEN = re.compile(r"[ \t]*+(?:\n[ \t]*+)++")  # a line end, and blank lines


def lists(text: str, context: CheckContext) -> list[Finding]:
    """Each run of `ITEMS` list items or more, in a letter or an email."""
    if context.channel not in WRITTEN:
        return []
    runs: list[list[re.Match[str]]] = []
    for m in _ITEM.finditer(text, body_start(text)):
        if runs and _BETWEEN.fullmatch(text, runs[-1][-1].end(), m.start()):
            runs[-1].append(m)
        else:
            runs.append([m])
    what = "a letter" if context.channel is Channel.LETTER else "an email"
    return [
        Finding(
            "lists",
            Severity.WARNING,
            f"a bare list of {len(items)} points in {what}: make each point a sentence that ties "
            "it to the role, in a short paragraph or two",
            items[0].start("item"),
            items[-1].end(),
        )
        for items in runs
        if len(items) >= ITEMS
    ]
