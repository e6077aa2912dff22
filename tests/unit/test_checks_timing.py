"""The timing check: a thank-you is not sent before its earliest time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from followup.domain.checks.timing import timing
from tests.unit.check_cases import CLEAN, CONTEXT, ERROR


def test_a_thank_you_before_its_earliest_is_an_error():
    early = replace(CONTEXT, now=datetime(2026, 3, 10, 13, 59, tzinfo=UTC))
    [finding] = timing(CLEAN, early)
    assert finding.severity is ERROR and "2026-03-10 14:00" in finding.message
    assert timing(CLEAN, CONTEXT) == []
    assert timing(CLEAN, replace(early, kind="check-in-call")) == []
