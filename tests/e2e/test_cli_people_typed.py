"""`followup add` with people typed the ways people type them (issue #14, item 6): every form,
through every person flag, is stored as the contact it describes; a part that is neither an
email nor a phone is refused, named, and nothing is stored."""

from __future__ import annotations

import pytest

from tests.e2e.cli_cases import PROFILE

ADD = ["add", "--company", "Acme", "--role", "Data Analyst", "--at", "2026-12-18 13:00",
       "--tz", "Europe/London", "--country", "GB-ENG"]  # fmt: skip
# Each flag with a person in another form -> (name, title, email, phone, relation) stored.
TYPED = [
    ("--interviewer", "Mary-Jane Watson - CTO",
     ("Mary-Jane Watson", "CTO", None, None, "interviewer")),
    ("--interviewer", "Priya Shah <priya@acme.example>",
     ("Priya Shah", None, "priya@acme.example", None, "interviewer")),
    ("--hr", "Siobhán O'Brien (Head of People)",
     ("Siobhán O'Brien", "Head of People", None, None, "hr")),
    ("--recruiter", 'Ana Ruiz, "Head of Data, EMEA", ana@acme.example',
     ("Ana Ruiz", "Head of Data, EMEA", "ana@acme.example", None, "recruiter")),
    ("--agency", "Tom Ellis (Consultant) <tom@agency.example>",
     ("Tom Ellis", "Consultant", "tom@agency.example", None, "recruiter")),
    ("--reference", "José Álvarez – Director de Datos <jose@beta.example>, +34 912 345 678",
     ("José Álvarez", "Director de Datos", "jose@beta.example", "+34 912 345 678", "reference")),
    ("--referral", "山田 太郎", ("山田 太郎", None, None, None, "referral")),
    ("--helper", "Olu Ade, Data Lead, olu@beta.example, +44 20 7946 0001",
     ("Olu Ade", "Data Lead", "olu@beta.example", "+44 20 7946 0001", "helper")),
]  # fmt: skip


def test_every_form_through_every_person_flag_is_stored_as_typed(cli):
    cli(*PROFILE)
    flags = [part for flag, typed, _ in TYPED for part in (flag, typed)]
    added = cli(*ADD, *flags, "--json").json
    shown = cli("show", str(added["application"]["id"]), "--json").json
    stored = sorted(
        (c["name"], c["title"], c["email"], c["phone"], c["relation"]) for c in shown["contacts"]
    )
    assert stored == sorted(parts for _, _, parts in TYPED)
    assert shown["source"] == "agency"  # --agency, typed as `Name (Title) <email>`
    thanks = {
        r["name"]: r["title"]
        for s in added["steps"]
        if s["kind"] == "thank-you"
        for r in s["recipients"]
    }
    assert thanks["Mary-Jane Watson"] == "CTO" and "Priya Shah" in thanks


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Priya Shah, Head of Data, not-an-email",
            "'not-an-email' is neither an email address nor a phone number",
        ),
        (
            "Ana Ruiz, Head of Data, EMEA, ana@acme.example",
            'put the title in quotes: Ana Ruiz, "Head of Data, EMEA", ana@acme.example',
        ),
        ("Priya Shah <not-an-email>", "'<not-an-email>' is not an email address"),
    ],
)
def test_a_part_that_is_no_email_or_phone_is_refused_and_nothing_stored(cli, typed, message):
    cli(*PROFILE)
    result = cli(*ADD, "--hr", "Sam Lee (HR)", "--interviewer", typed, ok=False)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"error: --interviewer {typed!r}: ") and message in result.err
    assert result.err.count("\n") == 1
    assert cli("list", "--json").json == [] and cli("contacts", "list", "--json").json == []
