"""The rules of accounts (domain/accounts.py): the sign-in throttle's wait, passwords worth
hashing, the keys failures are counted under, emails compared folded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup.domain.accounts import (
    ACCOUNT_THROTTLE,
    ADDRESS_THROTTLE,
    Throttle,
    check_password,
    email_key,
    failure_keys,
    token_hash,
    wait_words,
)
from followup.domain.errors import InvalidInput

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def test_the_throttle_lets_through_until_the_limit() -> None:
    assert ACCOUNT_THROTTLE.retry_after([], NOW) is None
    assert ACCOUNT_THROTTLE.retry_after([ago(m) for m in range(4)], NOW) is None
    assert ACCOUNT_THROTTLE.retry_after([ago(m) for m in range(5)], NOW) == timedelta(minutes=11)


def test_the_wait_is_until_the_oldest_counted_failure_leaves_the_window() -> None:
    failures = [ago(14), ago(10), ago(3), ago(2), ago(1), ago(0.5)]  # six: the five last count
    assert ACCOUNT_THROTTLE.retry_after(failures, NOW) == timedelta(minutes=5)
    old = [ago(15), ago(20), ago(60)]  # out of the window: not counted
    assert ACCOUNT_THROTTLE.retry_after(old + [ago(1)] * 4, NOW) is None
    future = [NOW + timedelta(minutes=1)] * 5  # a clock gone back counts nothing ahead
    assert ACCOUNT_THROTTLE.retry_after(future, NOW) is None


def test_the_address_throttle_allows_more() -> None:
    assert ADDRESS_THROTTLE.retry_after([ago(1)] * 19, NOW) is None
    assert ADDRESS_THROTTLE.retry_after([ago(1)] * 20, NOW) == timedelta(minutes=14)
    assert Throttle(2, timedelta(seconds=30)).retry_after([NOW, NOW], NOW) == timedelta(seconds=30)


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short", "at least 10"),
        (" " * 12, "at least 10"),
        ("x" * 1025, "at most 1024"),
        ("ten chars\x00!", "NUL"),
    ],
)
def test_passwords_not_worth_hashing_are_refused(password: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        check_password(password)


def test_a_long_passphrase_of_any_characters_is_fine() -> None:
    for password in ("correct horse", "x" * 1024, "пароль-длинный", "😀😀😀😀😀😀😀😀😀😀"):
        assert check_password(password) == password


def test_failures_are_keyed_by_the_folded_email_and_the_address() -> None:
    assert failure_keys(" Ann@Example.ORG ", "10.0.0.1") == (
        "account:ann@example.org",
        "address:10.0.0.1",
    )
    assert failure_keys("not an email", None) == ("account:not an email", "address:unknown")
    assert failure_keys("a\x00b\r\n@c", None)[0] == "account:ab@c"  # printable only
    assert len(failure_keys("x" * 5000, "y" * 500)[1]) <= len("address:") + 64


def test_email_keys_refuse_what_could_become_a_header() -> None:
    assert email_key("Ann@Example.org") == email_key("ann@example.org")
    assert email_key(" ann@example.org\r\n") == "ann@example.org"  # the ends trimmed
    for hostile in ("ann@example.org\r\nBcc: eve@example.org", "ann@exa\nmple.org", "a b@c.d"):
        with pytest.raises(InvalidInput):
            email_key(hostile)


def test_tokens_are_kept_as_their_sha256() -> None:
    assert token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 second"), (30, "30 seconds"), (60, "1 minute"), (61, "2 minutes"), (900, "15 minutes")],
)
def test_waits_in_words(seconds: int, words: str) -> None:
    assert wait_words(seconds) == words
