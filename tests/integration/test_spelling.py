"""The real dictionary (pyspellchecker) and style linter (proselint) behind the draft checks."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from followup.adapters import spelling
from followup.domain import checks
from followup.domain.checks.spelling import spelling as check_spelling
from followup.domain.checks.tone import tone
from followup.domain.drafts import CheckContext, Severity
from followup.domain.model import Channel, Contact

CONTEXT = CheckContext(
    kind="thank-you",
    channel=Channel.EMAIL,
    company="Acme Analytics",
    role="Senior Data Engineer",
    skills=("Python", "SQL"),
    contacts=(Contact("Priya Shah", title="Head of Sales"),),
    unknown_words=spelling.unknown_words,
    suggest=spelling.suggest,
    style=spelling.style,
)

PARAGRAPH = """Dear Ms Shah,

Thank you for taking the time to meet me yesterday. I enjoyed learning about the team's
plans for the reporting platform, and I'm even more interested in the Senior Data Engineer
role now. My experience with Python and SQL, and with leading a small migration project,
would let me contribute from the first week. I've attached the case study I mentioned; please
let me know if you'd like anything else. I realise your organisation is busy this month, so
there's no rush: I look forward to hearing from you when the time is right.

Kind regards,
Alex
"""


def test_normal_english_has_no_spelling_finding():
    assert check_spelling(PARAGRAPH, CONTEXT) == []


def test_a_misspelling_is_flagged_with_the_dictionary_correction():
    text = "I look forward to recieve your reply."
    [finding] = check_spelling(text, CONTEXT)
    assert text[finding.start : finding.end] == "recieve"
    assert finding.suggestion == "receive"
    assert finding.severity is Severity.WARNING


def test_british_spellings_and_job_words_are_known():
    words = ["organisation", "colour", "travelled", "programme", "analysed", "onboarding", "résumé"]
    assert spelling.unknown_words(words) == set()
    assert spelling.unknown_words(["recieve", "Intervew"]) == {"recieve", "intervew"}
    assert spelling.suggest("receive") is None


def test_a_proselint_hit_gives_a_span():
    text = "Dear Priya,\n\nI would argue that the project was very unique."
    found = {text[s:e]: message for s, e, message in spelling.style(text)}
    assert found.keys() >= {"I would argue that", "very unique"}
    assert "Hedging" in found["I would argue that"]


def test_proselint_advice_reaches_the_tone_check_as_info():
    text = "At the end of the day, I am keen to join."
    findings = tone(text, CONTEXT)
    assert [(text[f.start : f.end], f.severity) for f in findings] == [
        ("At the end of the day", Severity.INFO)
    ]


def test_proselint_checks_are_registered_once():
    text = "I would argue that it went well."
    first = spelling.style(text)
    spelling._linter.cache_clear()
    assert spelling.style(text) == first == [(0, 18, "Hedging. Just say it.")]


def test_the_tone_rules_own_exclamations_and_placeholders_own_todo():
    assert spelling.style("TODO: thanks!!! Really!!") == []


def test_nothing_is_downloaded_or_written(tmp_path: Path):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir(), work.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": "", "XDG_CONFIG_HOME": ""}
    code = (
        "from followup.adapters import spelling as s;"
        "assert s.unknown_words(['recieve']) == {'recieve'};"
        "assert s.suggest('recieve') == 'receive';"
        "assert s.style('I would argue that it is very unique.')"
    )
    subprocess.run([sys.executable, "-c", code], cwd=work, env=env, check=True, timeout=60)
    assert list(home.iterdir()) == [] and list(work.iterdir()) == []


def test_a_real_clean_thank_you_has_no_errors():
    context = replace(CONTEXT, known_words=frozenset({"Alex"}))
    findings = checks.check(PARAGRAPH, context)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
