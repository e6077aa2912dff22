"""Which topics concern whom (domain/topics.py): a topic naming someone is theirs, written to
them; one naming nobody is everyone's."""

from __future__ import annotations

from followup.domain.topics import concerning, names, to_them

PEOPLE = ["Sam Patel", "Dr James Walsh"]
TOPICS = [
    "Sam's team rota",
    "the dbt migration James leads",
    "the incident review Dr Walsh described",
    "their move to dbt",
]


def test_a_name_is_matched_whole_in_any_case_by_full_first_or_last_name() -> None:
    assert names("sam's team rota", "Sam Patel")
    assert names("a chat with PATEL", "Sam Patel")
    assert names("what Sam Patel said", "Sam Patel")
    assert names("the plan Dr Walsh drew", "Dr James Walsh")
    assert not names("Samuel's idea", "Sam Patel")  # word-bounded
    assert not names("their move to dbt", "Sam Patel")
    assert not names("anything", "")


def test_a_topic_is_written_to_the_person_it_names_where_grammar_allows() -> None:
    assert to_them("Sam's team rota", "Sam Patel") == "your team rota"
    assert to_them("lunch with Dr Walsh", "Dr James Walsh") == "lunch with you"
    assert to_them("the rota Sam described", "Sam Patel") == "the rota you described"
    assert to_them("the migration James leads", "Dr James Walsh") == "the migration James leads"


def test_each_person_gets_their_own_topics_first_then_the_shared_ones() -> None:
    sam = concerning(TOPICS, "Sam Patel", PEOPLE)
    james = concerning(TOPICS, "Dr James Walsh", PEOPLE)
    assert sam == ["your team rota", "their move to dbt"]
    assert james == [
        "the dbt migration James leads",
        "the incident review you described",
        "their move to dbt",
    ]
    assert concerning(TOPICS, "Priya Shah", PEOPLE) == ["their move to dbt"]  # named nowhere
    assert concerning([], "Sam Patel", PEOPLE) == []
