"""A person as people type one (issue #14, item 6): `Name <email>`, `Name (Title)`,
`Name - Title`, `Name, Title, email, phone`, a title with commas in quotes; what is none of
these is refused, named. Tables of hand-written inputs, then round trips as properties."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.errors import InvalidInput
from followup.domain.model import Relation
from followup.domain.values import Region
from followup.input import parse
from followup.input.parse import PersonParts

GB = Region("GB", "ENG")
PHONE = "+44 20 7946 0000"


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("Ana Ruiz", ("Ana Ruiz", None, None, None)),
        ("Ana Ruiz <ana@x.com>", ("Ana Ruiz", None, "ana@x.com", None)),
        ("Ana Ruiz (Head of Data)", ("Ana Ruiz", "Head of Data", None, None)),
        ("Ana Ruiz - Head of Data", ("Ana Ruiz", "Head of Data", None, None)),
        (f"Ana Ruiz, CDO, a@x.com, {PHONE}", ("Ana Ruiz", "CDO", "a@x.com", PHONE)),
        ('Ana Ruiz, "CDO, EMEA", a@x.com', ("Ana Ruiz", "CDO, EMEA", "a@x.com", None)),
        ("Ana Ruiz, “Head of Data, EMEA”", ("Ana Ruiz", "Head of Data, EMEA", None, None)),
        ('Ana Ruiz, "the ""data"" lead"', ("Ana Ruiz", 'the "data" lead', None, None)),
        # After the name, any order: the part with an @ is the email, the digits the phone.
        (f"Ana Ruiz, {PHONE}, ana@x.com, CTO", ("Ana Ruiz", "CTO", "ana@x.com", PHONE)),
        ("Ana Ruiz, ana@x.com", ("Ana Ruiz", None, "ana@x.com", None)),
        (f"Ana Ruiz, <ana@x.com>, {PHONE}", ("Ana Ruiz", None, "ana@x.com", PHONE)),
        # The short forms combine, and take more parts after a comma.
        (f"Ana Ruiz - CTO <ana@x.com>, {PHONE}", ("Ana Ruiz", "CTO", "ana@x.com", PHONE)),
        ("Ana Ruiz (CTO) <ana@x.com>", ("Ana Ruiz", "CTO", "ana@x.com", None)),
        ("Ana Ruiz <ana@x.com> - CTO", ("Ana Ruiz", "CTO", "ana@x.com", None)),
        ("Ana Ruiz <ana@x.com>, CTO", ("Ana Ruiz", "CTO", "ana@x.com", None)),
        ("Ana Ruiz (CDO, EMEA), a@x.com", ("Ana Ruiz", "CDO, EMEA", "a@x.com", None)),
        ('"Ruiz, Ana" <ana@x.com>', ("Ruiz, Ana", None, "ana@x.com", None)),
        # A hyphen is part of a name; only a dash with spaces around separates the title.
        ("Mary-Jane Watson - CTO", ("Mary-Jane Watson", "CTO", None, None)),
        ("Mary-Jane Watson", ("Mary-Jane Watson", None, None, None)),
        ("Mary-Jane Watson -CTO", ("Mary-Jane Watson -CTO", None, None, None)),
        ("Jean-Luc Picard-Durand – Directeur", ("Jean-Luc Picard-Durand", "Directeur", None, None)),
        ("Ana Ruiz — VP - Sales", ("Ana Ruiz", "VP - Sales", None, None)),
        ("Ana Ruiz (VP - Sales)", ("Ana Ruiz", "VP - Sales", None, None)),
        ("Ana Ruiz - VP (Sales)", ("Ana Ruiz", "VP (Sales)", None, None)),
        ("Ana (Annie) Ruiz - CTO", ("Ana (Annie) Ruiz", "CTO", None, None)),
        ('"Watson - CTO", Head', ("Watson - CTO", "Head", None, None)),
        ('Robert "Bob" Smith, CTO', ('Robert "Bob" Smith', "CTO", None, None)),
        ("Ana Ruiz, Engineer @ Acme", ("Ana Ruiz", "Engineer @ Acme", None, None)),
        # International names and titles, kept exactly as typed.
        ("José Álvarez – Director <j@x.es>", ("José Álvarez", "Director", "j@x.es", None)),
        ("Siobhán O'Brien (Head of People)", ("Siobhán O'Brien", "Head of People", None, None)),
        ("Zoë Ó Briain-Łukasiewicz - Líder", ("Zoë Ó Briain-Łukasiewicz", "Líder", None, None)),
        ("山田 太郎 (部長) <taro@例え.jp>", ("山田 太郎", "部長", "taro@例え.jp", None)),
        ("محمد العلي - مدير البيانات", ("محمد العلي", "مدير البيانات", None, None)),
        ("Nguyễn Văn An, Trưởng nhóm, an@x.vn", ("Nguyễn Văn An", "Trưởng nhóm", "an@x.vn", None)),
    ],
)  # fmt: skip
def test_each_way_of_typing_a_person(typed, parts):
    assert parse.person_parts(typed, "--interviewer") == parts


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        # A part in the email or phone position that is neither is named, not glued to the title.
        ("Priya Shah, CDO, not-an-email", "'not-an-email' is neither an email address nor a phone"),
        ("Priya Shah, CTO, priya at acme dot com", "'priya at acme dot com' is neither"),
        ("Priya Shah (CTO), EMEA", "'EMEA' is neither"),
        ("Priya Shah - CTO, 12 Main Street", "'12 Main Street' is neither"),
        ("Ana Ruiz <not-an-email>", "'<not-an-email>' is not an email address"),
        ("Ana Ruiz, <not-an-email>", "'<not-an-email>' is not an email address"),
        ('"Ana Ruiz" <nope>', "'<nope>' is not an email address"),
        ("Ana Ruiz <a@x.com> <b@x.com>", "'<' or '>' out of place"),
        ("Ana Ruiz <ana@x.com", "'<' or '>' out of place"),
        ('Ana Ruiz, "Head of Data', "quote that is not closed"),
        ('Ana Ruiz, “Head of Data, EMEA"', "quote that is not closed"),
        ('Ana Ruiz, "Head" of Data', "has 'of Data' after a closing quote"),
        ("Ana Ruiz (Head of Data", "'(' that is not closed"),
        (", Head of Data", "needs a name first"),
        ("(CTO)", "needs a name first"),
        ("<ana@x.com>", "needs a name first"),
        ('"", CTO', "needs a name first"),
        ("Priya,, priya@acme.example", "empty item"),
        ("Priya Shah,", "empty item"),
        ("Priya, a@x.example, b@x.example", "more than one email address: 'b@x.example'"),
        ("Priya <a@x.example>, b@x.example", "more than one email address: 'b@x.example'"),
        (f"Priya, {PHONE}, +44 20 7946 0001", "more than one phone number: '+44 20 7946 0001'"),
        ("priya@acme.example, Head", "must start with the person's name"),
        (f"{PHONE}, Priya", "must start with the person's name"),
    ],
)  # fmt: skip
def test_what_is_not_a_person_is_refused_naming_it(typed, message):
    with pytest.raises(InvalidInput, match=re.escape(message)) as err:
        parse.person_parts(typed, "--interviewer")
    assert str(err.value).startswith(f"--interviewer {typed!r}")
    assert "\n" not in str(err.value)


def test_a_refused_title_part_shows_the_title_in_quotes():
    with pytest.raises(InvalidInput) as err:
        parse.person_parts("Jürgen Müller, VP, Engineering, j@acme.example", "--interviewer")
    assert str(err.value).endswith(
        "if it is part of the title, put the title in quotes: "
        'Jürgen Müller, "VP, Engineering", j@acme.example'
    )
    suggested = str(err.value).rpartition("quotes: ")[2]
    assert parse.person_parts(suggested, "--interviewer") == (
        "Jürgen Müller", "VP, Engineering", "j@acme.example", None
    )  # fmt: skip


def test_a_person_becomes_a_contact_with_every_part():
    c = parse.person(
        f"Priya Shah - Head of Data <priya@acme.example>, {PHONE}",
        Relation.INTERVIEWER,
        "--interviewer",
        GB,
        "Acme",
    )
    assert (c.name, c.title, c.email, c.phone) == (
        "Priya Shah", "Head of Data", "priya@acme.example", PHONE
    )  # fmt: skip
    assert c.organisation == "Acme" and c.region == GB and c.relation is Relation.INTERVIEWER
    assert parse.person("Ana Ruiz", Relation.HELPER, "--helper", None, None).title is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [("Priya, Head, priya@", "does not parse"), ("Priya, Head, 123", "not a valid number")],
)
def test_an_email_or_phone_that_does_not_parse_is_refused(typed, message):
    with pytest.raises(InvalidInput, match=message) as err:
        parse.person(typed, Relation.INTERVIEWER, "--interviewer", GB, None)
    assert str(err.value).startswith("--interviewer ")


# Round trips. Names and titles of letters from every script, with the punctuation names and
# titles carry, and the characters the syntax gives a meaning to (commas, quotes, parentheses,
# angle brackets, dashes with spaces around).
LETTERS = st.characters(categories=("L", "M"))
PUNCTUATION = st.sampled_from([*" -'.&/,()\"“”<>", " - ", " – ", " — ", ", ", " (", ") "])
EMAILS = st.emails()
PHONES = st.from_regex(r"\+[1-9][0-9]{1,2}( [0-9]{2,4}){2,3}", fullmatch=True)


# Words, not punctuation alone: a name or title has a letter.
WORDS = (
    st.lists(st.one_of(LETTERS, LETTERS, PUNCTUATION), min_size=1, max_size=30)
    .map(lambda chars: "".join(chars).strip())
    .filter(lambda text: any(ch.isalpha() for ch in text))
)


PEOPLE = st.builds(PersonParts, WORDS, st.none() | WORDS, st.none() | EMAILS, st.none() | PHONES)


@given(PEOPLE)
def test_a_person_written_out_reads_back_the_same(person):
    assert parse.person_parts(parse.person_text(person), "--interviewer") == person


@given(PEOPLE, st.randoms(use_true_random=False))
def test_after_the_name_the_parts_may_come_in_any_order(person, rnd: random.Random):
    name = parse.person_text(PersonParts(person.name))
    title = parse.person_text(PersonParts("x", person.title)).removeprefix("x, ")
    rest = [p for p in (person.title and title, person.email, person.phone) if p]
    rnd.shuffle(rest)
    assert parse.person_parts(", ".join([name, *rest]), "--interviewer") == person


# Plain names and titles: words of letters, with hyphens and apostrophes inside words (and
# in titles, a dash between words), for the short forms `Name (Title)`, `Name - Title`.
WORD = st.text(LETTERS, min_size=1, max_size=8)
JOINED = st.tuples(WORD, st.sampled_from(["", "-", "'"]), WORD).map(
    lambda w: w[0] + w[1] + w[2] if w[1] else w[0]
)
PLAIN_NAMES = st.lists(JOINED, min_size=1, max_size=4).map(" ".join)
PLAIN_TITLES = (
    st.lists(st.one_of(JOINED, st.just("-")), min_size=1, max_size=5)
    .map(" ".join)
    .filter(lambda t: any(ch.isalpha() for ch in t) and t[0] != "-")
)


@given(
    PLAIN_NAMES,
    PLAIN_TITLES,
    EMAILS,
    st.none() | PHONES,
    st.sampled_from(["{n} ({t})", "{n} - {t}", "{n} – {t}", "{n} ({t}) <{e}>", "{n} - {t} <{e}>",
                     "{n} <{e}> - {t}", "{n} <{e}>, {t}", "{n}, {t}, <{e}>"]),
)  # fmt: skip
def test_the_short_forms_read_as_the_long_one(name, title, email, phone, form):
    typed = form.format(n=name, t=title, e=email) + (f", {phone}" if phone else "")
    with_email = PersonParts(name, title, email if "{e}" in form else None, phone)
    assert parse.person_parts(typed, "--interviewer") == with_email
    assert parse.person_parts(parse.person_text(with_email), "--interviewer") == with_email
