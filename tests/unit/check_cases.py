"""What the unit tests of the draft checks check texts against: a context (an application, its
contacts, the user's words), a dictionary that knows every word but a few, and a realistic
clean thank-you, and the keep-in-touch letter of issue #15 (a bare list repeating a clause)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Channel, Contact, Relation

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# A dictionary that knows every word but these (lower case), and their corrections.
MISSPELT = {"recieve": "receive", "intervew": "interview", "oportunity": "opportunity"}
MISSPELT |= dict.fromkeys(("sha", "pryia", "jurgen", "kubernetes", "zorblat", "priya"))


def unknown_words(words: Sequence[str]) -> set[str]:
    CALLS.append(list(words))
    return {w for w in words if w in MISSPELT}


CALLS: list[list[str]] = []

PRIYA = Contact("Priya Shah", Relation.INTERVIEWER, title="Head of Sales", organisation="Acme")
JUERGEN = Contact("Jürgen Müller", Relation.HR, title="HR Business Partner")
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
CONTEXT = CheckContext(
    kind="thank-you",
    channel=Channel.EMAIL,
    company="Acme Analytics",
    role="Senior Data Engineer",
    skills=("Python", "SQL", "data pipelines"),
    contacts=(PRIYA,),
    known_words=frozenset({"Alex", "Morgan"}),
    earliest=datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
    now=NOW,
    unknown_words=unknown_words,
    suggest=MISSPELT.get,
)

CLEAN = """Subject: Thank you for Tuesday's interview

Dear Ms Shah,

Thank you for taking the time to meet me on Tuesday to discuss the Senior Data Engineer role \
at Acme Analytics. I enjoyed hearing about your plans to move the reporting pipeline to the \
cloud, and our conversation made me even more interested in joining your team.

My experience building data pipelines in Python and SQL, and leading a small team through a \
similar migration, fits well with what you described. I am confident I could help the team \
deliver it smoothly.

As promised, I have attached the case study we talked about. Please let me know if there is \
anything else you need from me. I look forward to hearing from you.

Kind regards,
Alex Morgan
alex.morgan@example.com
"""


def spans(findings: list[Finding], text: str) -> list[str]:
    return [text[f.start : f.end] for f in findings]


LETTER = replace(CONTEXT, kind="keep-in-touch", channel=Channel.LETTER)

# The keep-in-touch letter of issue #15, as its template rendered it.
REVERSE_COVER_LETTER = """Zoë Ó Súilleabháin
12 Rose Lane
Leeds LS1 4AB

Wednesday 25 March 2026

Dr Jürgen Müller
Head of Data Platforms

Dear Dr Müller,

Since we met on Tuesday 10 March 2026, I have kept thinking about the Data Engineer role.

- Python, which we talked about at the interview
- data modelling, which we talked about at the interview
- stakeholder communication

I would enjoy being part of the team at Nørrebro Analytics.

With best wishes,

Zoë Ó Súilleabháin
"""
