"""Every draft check takes time in proportion to the text (issue #11, item 3).

An address pattern that retried a long run from each of its letters took 3 s for 16 KB and hours
for 1 MB, holding the GIL: the web server froze. Here 1 MB of text that is hard on such patterns
goes through every check, as `followup check` and the draft editor run them (the application's
context, the real dictionary and style linter), in under a second.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from followup.adapters import spelling
from followup.domain import checks
from followup.domain.checks.spelling import MAX_SUGGESTIONS
from followup.domain.checks.spelling import spelling as check_spelling
from followup.domain.checks.tokens import MAX_RUN, MAX_WORD
from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Application, Channel, Contact, Profile, Relation
from followup.services import drafts

MB = 2**20
PRIYA = Contact("Priya Shah", Relation.INTERVIEWER, title="Head of Sales", organisation="Acme")
JUERGEN = Contact("Jürgen Müller", Relation.HR, title="HR Business Partner")
APPLICATION = Application("Acme Analytics", "Senior Data Engineer", contacts=(PRIYA, JUERGEN))
PROFILE = Profile(
    "Alex Morgan",
    email="alex@example.org",
    skills=("Python", "SQL", "data pipelines"),
    signature="Alex Morgan",
)
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
PROSE = (
    "Dear Ms Sha, thank you for the intervew about the role at [Company Name]. "
    "I really need this job!! Priya Shah, Head of Marketing, said so. Write to x@acme.com.\n"
)


def context() -> CheckContext:
    return drafts.context(
        PROFILE, APPLICATION, "thank-you", Channel.EMAIL, NOW, spelling, NOW - timedelta(hours=1)
    )


def filled(unit: str, size: int = MB) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# Runs without a word that a pattern retried from each character of: a long word, "a@a@",
# "a.a.", "a-a-", "{{{{", "{%{%" and "{#{#" with nothing to close them, "[a[a", "<a<a", "${${",
# stacked marks, an e-mail address without a domain, quotes and line ends before a word.
RUNS = (
    "a", "a@", "a.", "a-", "{{", "{%", "{#", "[a", "<a", "${", "%(", "!", "?!", "a'", "XXXXa",
    "((\"'", "\r\n\r", "İı", "first.last+tag-",
)  # fmt: skip
# Words that a check looked back from, each time, to the start of the line or of the text (or
# read the rest of the text after): a name again and again, a greeting before it, a title after
# it, a phrase far from a full stop, an address that does not end.
WORDS = (
    "Shah, ", "Sha ", "Priya Shah\n", "your role as ", "by tomorrow ", "Dear ,,, ", "Hi\t",
    "www.", "http://a/", "x.com.",
)  # fmt: skip
MIXED = "".join(
    [PROSE + filled(w, 4_000) for w in WORDS] + [PROSE + filled(r, 46_000) for r in RUNS]
)
MIXED += filled("a.", MB - len(MIXED))
TEXTS = {
    "1 MB of a": filled("a"),
    "a@ repeated": filled("a@"),
    "a. repeated": filled("a."),
    "{{ repeated": filled("{{"),
    "! repeated": filled("!"),
    "an e-mail address of 1 MB": filled("first.last+tag-", MB - 17) + "@mail.example.com",
    "an e-mail-like token of 1 MB, no domain": filled("first.last+tag-", MB - 8) + "@example",
    "a mix of the above, and prose": MIXED,
}


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Fail after `seconds` (on the clock) instead of running for hours: the regular expression
    engine checks for signals."""

    def late(signum: int, frame: object) -> None:
        raise AssertionError(f"the checks took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, late)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def timed_check(text: str) -> tuple[list[Finding], float]:
    """The findings for `text`, and the processor time the checks took: on a busy machine the
    time on the clock is longer, but other programs' work is not the checks' work."""
    with at_most(60):
        start = time.process_time()
        findings = checks.check(text, context())
        return findings, time.process_time() - start


@pytest.fixture(scope="module", autouse=True)
def loaded() -> None:
    """The dictionary and the style linter load once per process (a second or so)."""
    checks.check("Warm up: I would argue that I recieve it.", context())


@pytest.mark.parametrize("name", TEXTS)
def test_a_megabyte_is_checked_in_under_a_second(name: str) -> None:
    text = TEXTS[name]
    findings, seconds = timed_check(text)
    assert seconds < 1, f"{name}: {seconds:.2f} s"
    assert all(0 <= f.start <= f.end <= len(text) for f in findings)
    assert [f.check for f in findings if f.check == "length"] == ["length"]  # over 220 words


def test_what_the_checks_find_in_the_mix_is_still_found() -> None:
    findings, _ = timed_check(MIXED)
    found = {(f.check, MIXED[f.start : f.end]) for f in findings if f.start < len(PROSE)}
    assert found >= {
        ("names", "Sha"),
        ("spelling", "intervew"),
        ("placeholders", "[Company Name]"),
        ("tone", "I really need this job"),
        ("tone", "!!"),
        ("names", "Head of Marketing"),
    }
    assert ("spelling", "acme") not in found  # inside an address
    assert checks.blocks(findings)


def test_a_placeholder_after_a_line_of_unclosed_braces_is_found() -> None:
    text = filled("{{", MB) + "\nThank you, {{ name }}. {% if x %}\n" + filled("{%", MB)
    findings, seconds = timed_check(text)
    assert seconds < 1, f"{seconds:.2f} s"
    assert [text[f.start : f.end] for f in findings if f.check == "placeholders"] == [
        "{{ name }}",
        "{% if x %}",
    ]


def test_a_run_of_letters_longer_than_a_word_is_no_word() -> None:
    word = "zorblat" * 6  # 42 letters: not a word, not looked up
    near = "zorblatzor"  # 10 letters: a word the dictionary does not know
    findings = check_spelling(f"Thanks for {word} and {near}.", context())
    assert [f.message.split("'")[1] for f in findings] == [near]
    assert len(word) > MAX_WORD >= len(near)


def test_a_long_run_without_white_space_is_no_prose() -> None:
    for size, read in ((MAX_RUN, True), (MAX_RUN + 1, False)):
        run = filled("zorblatzor/", size)  # a path, say
        findings = check_spelling(f"See {run} today.", context())
        assert bool(findings) is read, size
        assert all(f.message.startswith("'zorblatzor'") for f in findings)


def test_suggestions_are_looked_for_ten_words_at_most() -> None:
    asked: list[str] = []

    def suggest(word: str) -> str | None:
        asked.append(word)
        return "right"

    words = [f"zorbl{chr(ord('a') + i)}" for i in range(12)]
    text = " ".join(words * 2) + "."
    ctx = CheckContext(
        kind="",
        channel=Channel.EMAIL,
        company="Acme",
        role="Engineer",
        skills=(),
        contacts=(),
        unknown_words=lambda ws: set(ws),
        suggest=suggest,
    )
    findings = check_spelling(text, ctx)
    assert len(findings) == 24 and {f.severity for f in findings} == {Severity.WARNING}
    assert asked == words[:MAX_SUGGESTIONS]  # each once, in the order of the text
    assert [f.suggestion for f in findings[:12]] == ["right"] * 10 + [None, None]
    assert [f.suggestion for f in findings[12:]] == ["right"] * 10 + [None, None]


def test_long_words_get_suggestions_one_edit_away_only() -> None:
    assert spelling.suggest("definately") == "definitely"  # one edit, ten letters
    assert spelling.suggest("acomodation") is None  # two edits: too long to look for
    assert spelling.suggest("recieve") == "receive"
    assert spelling.suggest("x" * 41) is None


def test_the_style_linter_reads_the_first_twenty_thousand_characters() -> None:
    late = "I would argue that it went well."
    assert spelling.style(late) != []
    text = "It went well. " * 1500 + late
    assert len(text) > spelling.STYLE_LIMIT
    assert spelling.style(text) == []
    assert spelling.style(late + " It went well." * 1500)[0][:2] == (0, 18)
