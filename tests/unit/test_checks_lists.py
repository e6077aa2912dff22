"""The lists check: a bare list in a letter or an email; call scripts may be lists."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.checks.lists import lists
from followup.domain.model import Channel
from tests.unit.check_cases import CLEAN, CONTEXT, LETTER, REVERSE_COVER_LETTER, WARNING


def test_a_bare_list_in_a_letter_is_one_finding_over_its_items():
    [finding] = lists(REVERSE_COVER_LETTER, LETTER)
    assert finding.check == "lists" and finding.severity is WARNING
    assert REVERSE_COVER_LETTER[finding.start : finding.end] == (
        "- Python, which we talked about at the interview\n"
        "- data modelling, which we talked about at the interview\n"
        "- stakeholder communication"
    )
    assert "3 points in a letter" in finding.message


def test_every_marker_makes_a_list_and_blank_lines_between_items_do_not_end_it():
    for items in (
        "* Python\n* SQL",
        "• Python\n\n• SQL\n",
        "1. Python\n2. SQL",
        "1) Python\n  2) SQL",
        "– Python\n– SQL",
    ):
        text = f"Subject: My strengths\n\nDear Priya,\n\nIn short:\n{items}\n\nBest,\nAlex\n"
        [finding] = lists(text, CONTEXT)
        assert "in an email" in finding.message, items


def test_one_item_a_dash_in_prose_and_a_signature_line_are_no_list():
    text = (
        "Dear Priya,\n\nOne more thing:\n- the case study is attached.\n\nThe role - and the "
        "team - suit me well.\n2026 was a good year.\n\n--\nAlex Morgan\n"
    )
    assert lists(text, CONTEXT) == []
    assert lists(CLEAN, CONTEXT) == []


def test_two_lists_apart_are_two_findings():
    text = "Dear Priya,\n\n- a\u00a0point\n- another\n\nSome prose between.\n\n- one\n- two\n"
    assert len(lists(text, CONTEXT)) == 2


def test_call_scripts_and_other_channels_may_be_lists():
    for channel in (Channel.PHONE, Channel.VOICEMAIL, Channel.IN_PERSON, Channel.OTHER):
        assert lists(REVERSE_COVER_LETTER, replace(CONTEXT, channel=channel)) == []
