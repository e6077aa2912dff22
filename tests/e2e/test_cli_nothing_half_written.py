"""Bad input leaves the database byte-for-byte as it was."""

from __future__ import annotations

import pytest

from tests.e2e.cli_cases import PROFILE

GOOD = ["add", "--company", "Acme", "--role", "Analyst", "--tz", "Europe/London"]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--at", "2026-12-18 25:00"], "--at '2026-12-18 25:00' is not a date and time"),
        (["--at", "18/12/2026"], "is not a date and time like 2026-12-18 13:00"),
        (["--at", "2026-12-18 13:00", "--tz", "Europe/Lndon"], "unknown time zone 'Europe/Lndon'"),
        (["--at", "2026-12-18 13:00", "--interviewer", "Priya, , x@y.example"], "empty item"),
        (["--at", "2026-12-18 13:00", "--interviewer", "Priya, Head, 12"], "phone number '12'"),
        (["--at", "2026-12-18 13:00", "--interviewer", "Priya, priya@"], "does not parse"),
        (["--at", "2026-12-18 13:00", "--country", "GB-XX"], "unknown subdivision 'XX'"),
        (["--at", "2026-12-18 13:00", "--promise", "my portfolio"], "--promise"),
        (["--at", "2026-12-18 13:00", "--duration", "0m"], "--duration"),
        (["--at", "2026-12-18 13:00", "--set", "check-in-call.earliest=-1"], "less than 0"),
        (["--at", "2026-12-18 13:00", "--set", "thank-u.due=3"], "unknown rule 'thank-u'"),
    ],
)
def test_bad_add_exits_non_zero_and_changes_nothing(cli, flags, message):
    cli(*PROFILE)
    cli(*GOOD, "--at", "2026-12-17 10:00", "--interviewer", "Ana Ruiz, CTO, ana@acme.example")
    before = {path.name: path.read_bytes() for path in cli.sqlite_files}
    assert "followup.db" in before
    result = cli(*GOOD, *flags, ok=False)
    assert result.code == 2
    assert result.err.startswith("error: ") and result.err.count("\n") == 1
    assert message in result.err
    after = {path.name: path.read_bytes() for path in cli.sqlite_files}
    assert after == before
    assert len(cli("list", "--json").json) == 1
