"""The promised check: a send-promised email goes with the file or link promised."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.checks import check
from followup.domain.checks.promised import promised
from followup.domain.model import Channel
from followup.domain.promised import Promised
from tests.unit.check_cases import CONTEXT, ERROR, WARNING

WHAT = "the case study"
TEXT = f"""Subject: As promised: {WHAT}

Dear Ms Shah,

As promised at my interview, I am sending you the following: {WHAT}.

Kind regards,
Alex Morgan
"""
SEND_PROMISED = replace(CONTEXT, kind="send-promised", promised=WHAT)
LINK = "https://example.org/alex/case-study"
FILE = Promised(7, "case-study.pdf", "application/pdf", 1234)


def test_a_send_promised_email_with_nothing_attached_is_an_error_naming_the_promise():
    [finding] = promised(TEXT, SEND_PROMISED)
    assert finding.severity is ERROR and finding.check == "promised"
    assert finding.message.startswith(f"you promised {WHAT}: attach it or add its link")
    assert TEXT[finding.start : finding.end] == WHAT  # in the body, not the subject
    assert finding.start > TEXT.index("\n")
    # It blocks: `check` runs it with the others.
    assert finding in check(TEXT, SEND_PROMISED)


def test_a_link_must_be_in_the_text_and_a_file_should_be_named():
    linked = replace(SEND_PROMISED, kept=Promised(7, link=LINK))
    [missing] = promised(TEXT, linked)
    assert missing.severity is ERROR and LINK in missing.message
    assert promised(TEXT.replace(f"{WHAT}.", f"{WHAT}: {LINK}"), linked) == []
    attached = replace(SEND_PROMISED, kept=FILE)
    [unnamed] = promised(TEXT, attached)
    assert unnamed.severity is WARNING and "case-study.pdf" in unnamed.message
    named = TEXT.replace(f"{WHAT}.", f"{WHAT} (attached: case-study.pdf).")
    assert promised(named, attached) == []


def test_other_kinds_channels_and_free_text_are_not_its_business():
    assert promised(TEXT, replace(SEND_PROMISED, kind="thank-you")) == []
    assert promised(TEXT, replace(SEND_PROMISED, channel=Channel.LETTER)) == []
    assert promised(TEXT, replace(SEND_PROMISED, promised=None)) == []  # `followup check`
