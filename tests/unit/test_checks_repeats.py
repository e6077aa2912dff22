"""The repeats check: the same clause twice or more in one message, as a template filling a
list writes it; the greeting, the sign-off and call scripts left out."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.checks.repeats import repeats
from followup.domain.model import Channel
from tests.unit.check_cases import CLEAN, CONTEXT, LETTER, REVERSE_COVER_LETTER, WARNING


def said(text: str) -> list[str]:
    return [text[f.start : f.end] for f in repeats(text, LETTER)]


def test_the_clause_a_template_repeats_on_every_line_is_found_where_it_is_said_again():
    [finding] = repeats(REVERSE_COVER_LETTER, LETTER)
    assert finding.check == "repeats" and finding.severity is WARNING
    assert REVERSE_COVER_LETTER[finding.start : finding.end] == (
        "which we talked about at the interview"
    )
    assert "line 14" in finding.message  # where it was said first
    assert finding.start > REVERSE_COVER_LETTER.index("data modelling")


def test_each_further_time_is_a_finding_compared_without_case_or_accents():
    text = (
        "Dear Priya,\n\nI look forward to hearing from you. I LOOK FORWARD TO HEARING from you"
        " again. I look forward to héaring from you soon.\n\nBest wishes,\nAlex\n"
    )
    # a lone letter ("I", "a") is no word to the checks (tokens.py)
    assert said(text) == ["LOOK FORWARD TO HEARING from you", "look forward to héaring from you"]


def test_clauses_of_function_words_and_one_other_are_how_people_write():
    text = (
        "Dear Priya,\n\nThank you for the interview on Tuesday. Thank you for the tour of the "
        "office, too. It was good to be there and it was good to meet the team.\n\nBest,\nAlex\n"
    )
    assert said(text) == []


def test_the_names_on_record_said_again_are_how_people_write():
    text = (
        "Dear Priya,\n\nThank you for talking to me about the Senior Data Engineer role at Acme "
        "Analytics. I enjoyed meeting Priya Shah, Head of Sales, and I am keen on the Senior Data "
        "Engineer role at Acme Analytics, now more than before. Priya Shah, Head of Sales, said "
        "so.\n\nKind regards,\nAlex\n"
    )
    assert said(text) == []
    again = text.replace("now more than before", "which we talked about at the interview")
    again = again.replace("said so.", "said so, which we talked about at the interview.")
    assert said(again) == ["which we talked about at the interview"]


def test_three_words_are_not_yet_a_clause_and_a_clause_ends_at_a_full_stop():
    text = "Dear Priya,\n\nData team grows. Data team grows. Data work. Team grows.\n"
    assert said(text) == []
    four = "We met about the role. It was a data team meeting. We met about the plans.\n"
    assert said(four) == []  # "We met about the" has one word that is not a function word


def test_the_greeting_and_the_sign_off_are_the_frame_not_the_message():
    text = (
        "Subject: Thank you for meeting me on Tuesday\n\nDear Dr Priya Shah,\n\n"
        "Thank you for meeting me on Tuesday to talk about the role.\n\n"
        "Kind regards,\nAlex Morgan\nSenior Data Engineer, Python and SQL\n"
        "Alex Morgan\nSenior Data Engineer, Python and SQL\n"
    )
    assert said(text) == []  # the subject said again in the body, and a signature twice


def test_a_clause_said_over_and_over_in_a_row_is_one_finding():
    text = "Dear Priya,\n\n" + "great data pipelines and great teams, " * 6 + "truly.\n"
    [finding] = repeats(text, LETTER)
    assert text[finding.start : finding.end].startswith("great data pipelines")
    assert text[finding.end : finding.end + 7] == ", truly"


def test_call_scripts_say_again_on_purpose_and_clean_prose_passes():
    script = "- Hi Priya, it's Alex Morgan about the data role.\n\n" * 2
    assert repeats(script, replace(CONTEXT, channel=Channel.PHONE)) == []
    assert repeats(script, replace(CONTEXT, channel=Channel.VOICEMAIL)) == []
    assert repeats(script, CONTEXT) != []
    assert repeats(CLEAN, CONTEXT) == []
