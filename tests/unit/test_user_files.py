"""The TOML the Settings page writes reads back as the data it was made from."""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from followup.config.user_files import dumps

CHARACTERS = st.characters(blacklist_categories=["Cs"])  # text, as TOML and forms give it
KEYS = st.text(CHARACTERS, min_size=1, max_size=12)
PLAIN = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.text(CHARACTERS, max_size=30),
    st.lists(st.text(CHARACTERS, max_size=8), max_size=3),
)
TABLES: st.SearchStrategy[dict[str, Any]] = st.recursive(
    st.dictionaries(KEYS, PLAIN, max_size=4),
    lambda inner: st.dictionaries(KEYS, st.one_of(PLAIN, inner), max_size=4),
    max_leaves=12,
)


@given(TABLES)
def test_what_is_written_reads_back_the_same(data: dict[str, Any]) -> None:
    assert tomllib.loads(dumps(data)) == data


def test_the_playbook_layout() -> None:
    data = {"nudges": {"gap": 10}, "rules": {"check-in-call": {"earliest": 7, "enabled": False}}}
    assert dumps(data) == (
        "[nudges]\ngap = 10\n\n[rules.check-in-call]\nearliest = 7\nenabled = false\n"
    )
    assert dumps({}) == ""
