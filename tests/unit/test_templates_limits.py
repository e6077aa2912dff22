"""A user's template runs with limits (issue #11, item 4): it cannot hang a draft, nor the web
app's threads, nor fill the memory. Loops in loops, a big string, a macro calling itself: each
ends at once with one clear error that names the template and how to put it right.
"""

from __future__ import annotations

import signal
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from followup.adapters import templates
from followup.domain.errors import InvalidInput
from tests.unit.draft_cases import NOW, ZOE, thank_you

NAME = "thank-you.email.formal"
FIX = f"; fix or reset it: followup templates reset {NAME}"


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Fail after `seconds` instead of running for hours (or for ever)."""

    def late(signum: int, frame: object) -> None:
        raise AssertionError(f"the render took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, late)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def refused(folder: Path, body: str) -> str:
    """The error a draft from a template with `body` gets (it must get one)."""
    (folder / f"{NAME}.txt.j2").write_text(f"Subject: Thanks\n\n{body}\n")
    with at_most(20), pytest.raises(InvalidInput) as error:
        templates.render(ZOE, *thank_you(), NOW, [folder])
    return str(error.value)


TOO_LONG = "took longer than 2 s to render"
TOO_MUCH_WORK = "does too much work (over 1,000,000 steps)"
TOO_BIG = "makes a value of over 100,000 characters"
WRITES_TOO_MUCH = "writes too much (over 1,000,000 characters)"
ENDLESS = "calls itself without end"
RANGE = "asks for a range of over 10,000 numbers"
FORMAT = '{% set f = "{:>" ~ n ~ "}" %}{{ f.format(1) }}'


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", RANGE),
        ("{% for i in range(10**6) %}{% for j in range(10**6) %}{% endfor %}{% endfor %}", RANGE),
        ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", None),
        (
            "{% set xs = range(10000)|list %}{% for i in xs %}{% for j in xs %}{% for k in xs %}"
            "{% endfor %}{% endfor %}{% endfor %}",
            None,
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", ENDLESS),
        ("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}", ENDLESS),
        ("{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}", ENDLESS),
        ("{% include 'thank-you.email.formal.txt.j2' %}", None),
        (
            "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
            "{{ f(60) }}",
            None,
        ),
        ('{{ "a" * 10**9 }}', TOO_BIG),
        ('{{ "a" * 1000000000 }}', TOO_BIG),
        ("{{ 10 ** 100000000 }}", TOO_BIG),
        ('{% set s = "a" * 100000 %}{{ [s] * 100000 }}', TOO_BIG),
        ('{% set s = "a" * 60000 %}{{ s ~ s }}', TOO_BIG),
        ('{% set s = "a" * 60000 %}{{ s + s }}', TOO_BIG),
        (
            '{% set ns = namespace(s="ab") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
            "{% endfor %}",
            TOO_BIG,
        ),
        ('{{ "a"|center(1000000000) }}', TOO_BIG),
        ('{{ "a".ljust(1000000000) }}', TOO_BIG),
        ('{{ "%0999999999d" % 1 }}', TOO_BIG),
        ('{{ "{:>999999999}".format(1) }}', TOO_BIG),
        ("{% set n = 10**9 %}" + FORMAT, TOO_BIG),
        ('{{ ("a" * 100000)|replace("a", "aaaaaaaaaa") }}', TOO_BIG),
        ('{{ ("x" * 50000)|list|join("y" * 1000) }}', TOO_BIG),
        ('{{ ("a\\n" * 50000)|indent("    ") }}', TOO_BIG),
        ("{{ [1, 2, 3]|slice(1000000)|list }}", TOO_BIG),
        ('{{ ("\\t" * 1000).expandtabs(1000) }}', TOO_BIG),
        (
            '{% set a = "aaaaaaaaaa" %}'
            + "".join(
                f"{{% set {b} %}}{('{{' + a + '}}') * 10}{{% endset %}}"
                for a, b in zip("abcdef", "bcdefg", strict=True)
            )
            + "{{ g|length }}",
            WRITES_TOO_MUCH,
        ),
        (
            "{% set x %}{% for i in range(10000) %}" + "y" * 2000 + "{% endfor %}{% endset %}",
            WRITES_TOO_MUCH,
        ),
        (  # worked out once when compiled, written 10,000 times
            '{% set x %}{% for i in range(10000) %}{{ "a"|center(99999) }}{% endfor %}{% endset %}',
            WRITES_TOO_MUCH,
        ),
    ],
)
def test_a_template_that_would_hang_or_fill_the_memory_is_stopped_with_a_clear_error(
    tmp_path: Path, body: str, why: str | None
) -> None:
    tracemalloc.start()
    try:
        message = refused(tmp_path, body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message.startswith(f"template {NAME} ") and message.endswith(FIX)
    assert why in message if why else (TOO_LONG in message or TOO_MUCH_WORK in message)
    assert peak < 50_000_000  # bytes: no gigabyte string, no million lists


def test_the_error_says_which_line_of_which_template(tmp_path: Path) -> None:
    (tmp_path / "_signature.txt.j2").write_text("{{ profile.name }}\n\n{{ 'x' * 10**6 }}\n")
    (tmp_path / f"{NAME}.txt.j2").write_text(
        "Subject: Thanks\n\nThank you.\n{% include '_signature.txt.j2' %}\n"
    )
    with pytest.raises(InvalidInput) as error:
        templates.render(ZOE, *thank_you(), NOW, [tmp_path])
    assert str(error.value) == (
        f"template _signature {TOO_BIG} (line 3); fix or reset it: "
        "followup templates reset _signature"
    )


def test_a_text_over_a_hundred_thousand_characters_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, "{% for i in range(2000) %}{{ 'x' * 99 }}\n{% endfor %}")
    assert message == f"template {NAME} writes a text of over 100,000 characters{FIX}"
    (tmp_path / f"{NAME}.txt.j2").write_text(
        "Subject: Thanks\n\n{% for i in range(900) %}{{ 'x' * 99 }}\n{% endfor %}"
    )
    assert len(templates.render(ZOE, *thank_you(), NOW, [tmp_path]).body) == 90_000


def test_a_range_of_ten_thousand_numbers_is_the_most(tmp_path: Path) -> None:
    (tmp_path / f"{NAME}.txt.j2").write_text(
        "Subject: Thanks\n\n{{ range(10000)|sum }} {{ range(5, 10005)|length }}\n"
    )
    assert templates.render(ZOE, *thank_you(), NOW, [tmp_path]).body == "49995000 10000\n"
    assert RANGE in refused(tmp_path, "{{ range(10001)|length }}")
    assert RANGE in refused(tmp_path, "{{ range(10**30)|length }}")


def test_a_template_longer_than_a_hundred_thousand_characters_is_not_read(
    tmp_path: Path,
) -> None:
    message = refused(tmp_path, "x" * 100_000)
    assert message == f"template {NAME} is longer than 100,000 characters{FIX}"


def test_summing_lists_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, '{{ ("ab" * 50000)|batch(1)|sum(start=[]) }}')
    assert "is not allowed to do that: the sum filter adds numbers only" in message


def test_template_names_resolve_one_way_with_or_without_the_ending(tmp_path: Path) -> None:
    kept = templates.keep_template(NAME, "Subject: Mine\n\nMy own words.\n", [tmp_path])
    assert kept == tmp_path / f"{NAME}.txt.j2" == templates.template_source(NAME, [tmp_path])[1]
    assert templates.template_file(NAME) == templates.template_file(f"{NAME}.txt.j2") == kept.name
    assert templates.render(ZOE, *thank_you(), NOW, [tmp_path]).body == "My own words.\n"
