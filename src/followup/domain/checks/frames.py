"""The frame around a message's prose: the greeting line ("Dear Dr Müller,") and the sign-off
from its closing line ("Kind regards,") to the end (the signature, a letter's cc line). The
repeats check reads only what lies between; the salutations check reads the greeting.

Both are found in time proportional to the text: each pattern starts only at a line's start
and reads at most one line of bounded length.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from followup.domain.checks.text import body_start
from followup.domain.model import Channel

WRITTEN = frozenset({Channel.EMAIL, Channel.LETTER})  # the messages with a greeting and a sign-off

# A greeting line: the greeting word, a name (or "team", "all", ...) and a comma, colon or "!"
# at most; nothing else on the line. Its name is at most `_NAME` characters long.
_NAME = 80
_GREETING = re.compile(
    r"^[ \t]*+(?:Dear|Hi|Hello|Hey|Good[ \t]+(?:morning|afternoon|evening))[ \t]++"
    rf"(?P<name>[^\W\d_][^\n,!:;]{{0,{_NAME}}}?)[ \t]*+[,!:]?[ \t]*+$",
    re.IGNORECASE | re.MULTILINE,
)
_CLOSINGS = (
    "kind regards|best regards|warm regards|warmest regards|kindest regards|regards"
    "|best wishes|with best wishes|with kind regards|all the best|all best|best"
    "|yours sincerely|sincerely|sincerely yours|yours faithfully|yours truly|respectfully"
    "|many thanks|thanks again|thanks|thank you|with thanks|with many thanks|cheers"
)
_CLOSING = re.compile(
    rf"^[ \t]*+(?:{_CLOSINGS})[ \t]*+[,.!]?[ \t]*+$", re.IGNORECASE | re.MULTILINE
)


class Greeting(NamedTuple):
    start: int  # the greeting line's span
    end: int
    name_start: int  # the name's span: text[name_start:name_end] is "Dr Müller"
    name_end: int


def greeting(text: str) -> Greeting | None:
    """The first greeting line after the subject line, if any."""
    m = _GREETING.search(text, body_start(text))
    return Greeting(m.start(), m.end(), *m.span("name")) if m else None


def prose(text: str) -> tuple[int, int]:
    """Where the message's own words are: after the subject line and the greeting (and what a
    letter puts before it: addresses, the date), before the last closing line."""
    found = greeting(text)
    start = found.end if found else body_start(text)
    end = len(text)
    for m in _CLOSING.finditer(text, start):
        end = m.start()
    return start, end
