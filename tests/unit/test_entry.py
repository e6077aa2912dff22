"""cli/entry.py: the byte search that spares most JSON the escaping pattern never misses a
character the pattern would escape."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from followup.cli.entry import _JSON_ESCAPED, _may_hold_escaped


@given(st.text(st.characters(max_codepoint=0x3000, exclude_categories=[])))
@example("Müller & Søn · 東京")
@example("\x7f")
@example("a\x85b")
@example("«\u2028»")
@example("\u2029")
@example("\ud800")
@example("é\udfff")
def test_text_the_pattern_would_change_is_never_passed_over(text: str) -> None:
    if re.search(_JSON_ESCAPED, text):
        assert _may_hold_escaped(text)


def test_text_with_none_of_them_is_passed_over() -> None:
    assert not _may_hold_escaped('{"company": "Müller & Søn", "city": "東京"}')
    assert not _may_hold_escaped('{"ascii": true}')
