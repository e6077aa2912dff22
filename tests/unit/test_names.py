"""How a person is named and greeted (domain/names.py)."""

from __future__ import annotations

import pytest

from followup.domain.names import salutation


@pytest.mark.parametrize(
    ("name", "title", "formal", "warm"),
    [
        ("Priya Shah", "Talent Partner", "Dear Priya Shah,", "Dear Priya,"),
        ("Dr Jürgen Müller", None, "Dear Dr Müller,", "Dear Jürgen,"),
        ("Jürgen Müller", "Professor of Economics", "Dear Professor Müller,", "Dear Jürgen,"),
        ("María José de la Cruz", None, "Dear María José de la Cruz,", "Dear María,"),
        ("Jean-Luc O'Neill", "CTO", "Dear Jean-Luc O'Neill,", "Dear Jean-Luc,"),
        ("Mrs van der Berg", None, "Dear Mrs van der Berg,", None),
        ("Prof. Dr. Anna-Lena von Essen", None, "Dear Prof. Dr. von Essen,", "Dear Anna-Lena,"),
        ("Sir Elton John", None, "Dear Sir Elton,", "Dear Elton,"),
        ("Wei Zhang, PhD", None, "Dear Wei Zhang,", "Dear Wei,"),
        ('Robert "Bob" Smith Jr.', None, "Dear Robert Smith Jr.,", "Dear Bob,"),
        ("Director Jane Doe", None, "Dear Director Jane Doe,", "Dear Jane,"),
        ("李明", None, "Dear 李明,", None),
        ("  Zoë   Ó Súilleabháin ", None, "Dear Zoë Ó Súilleabháin,", "Dear Zoë,"),
        ("dr jürgen müller", None, "Dear Dr müller,", "Dear jürgen,"),
    ],
)
def test_salutation(name: str, title: str | None, formal: str, warm: str | None) -> None:
    """No Mr or Ms is guessed. Formal: an honorific typed (or an academic title) with the
    surname, else the full name; warm: the first name, the formal form only without one."""
    assert salutation(name, title, "formal") == formal
    assert salutation(name, title, "warm") == (warm or formal)
