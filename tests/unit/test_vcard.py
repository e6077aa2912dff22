"""vCard 3.0 in and out: a realistic address-book export, and lossless round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.adapters import vcard
from followup.domain.errors import InvalidInput
from followup.domain.model import Contact, Detail, DetailKind, Relation
from followup.domain.values import Region

ADDRESS_BOOK = (Path(__file__).parents[1] / "data" / "address_book.vcf").read_text("utf-8")


def test_an_address_book_export_is_read_whole() -> None:
    chloe, siobhan, taro, jean = vcard.parse(ADDRESS_BOOK)
    assert chloe.name == "Dr. Chloé Marie Ångström-Núñez PhD"
    assert chloe.organisation == "Müller & Søn GmbH"
    assert chloe.title == "Leiterin Softwareentwicklung"
    assert chloe.email == "chloe.angstrom@mueller-soen.example"
    assert chloe.phone == "+49 170 1234567"
    assert chloe.address == "Hauptstraße 1\nAufgang B\nBerlin, 10115\nDeutschland"
    assert chloe.notes == (
        "Met at the Berlin fair; asked about the Rust rewrite, and the team size.\n"
        "Follow up in January."
    )
    kinds = [(d.kind, d.value, d.types) for d in chloe.details]
    assert (DetailKind.EMAIL, "chloe@privat.example", ("INTERNET", "HOME")) in kinds
    assert (DetailKind.EMAIL, "c.nunez@alumni.example", ("INTERNET", "Other")) in kinds
    assert (DetailKind.PHONE, "+49 30 87654321", ("Assistenz",)) in kinds
    assert (DetailKind.NAME, "Ångström-Núñez;Chloé;Marie;Dr.;PhD", ()) in kinds
    [photo] = [d for d in chloe.details if d.kind is DetailKind.PHOTO]
    assert photo.types == ("JPEG",) and photo.value.startswith("/9j/4AAQ")  # unfolded
    others = {d.value for d in chloe.details if d.kind is DetailKind.OTHER}
    assert "BDAY:1984-03-09" in others
    assert "item4.X-ABLABEL:_$!<HomePage>!$_" in others
    assert siobhan.organisation == "Acme Ltd." and siobhan.phone == "+44 20 7946 0018"
    assert taro.name == "山田 太郎" and taro.notes == "日本語のメモ"
    assert jean.details[-1].value.startswith("PHOTO:https://")  # a photo by URL, kept as is
    assert {c.relation for c in (chloe, siobhan, taro, jean)} == {Relation.INTERVIEWER}


def test_the_address_book_survives_a_round_trip() -> None:
    contacts = vcard.parse(ADDRESS_BOOK)
    text = vcard.dump(contacts)
    assert vcard.parse(text) == contacts
    assert vcard.dump(vcard.parse(text)) == text
    assert "PHOTO;ENCODING=b;TYPE=JPEG:/9j/" in text


def test_defaults_apply_to_cards_that_do_not_say() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTEL:020 7946 0018\r\nEND:VCARD\r\n"
    [ann] = vcard.parse(text, Relation.HR, Region("GB"))
    assert (ann.relation, ann.region, ann.phone) == (Relation.HR, Region("GB"), "020 7946 0018")
    with pytest.raises(InvalidInput, match="card 1: phone number"):
        vcard.parse(text)  # no country: the number cannot be read


def test_a_wrong_card_is_named_by_its_number() -> None:
    good = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"
    bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nEMAIL:not an address\r\nEND:VCARD\r\n"
    with pytest.raises(InvalidInput, match=r"^card 2: email address"):
        vcard.parse(good + bad)
    with pytest.raises(InvalidInput, match="not a vCard file"):
        vcard.parse("BEGIN:VCARD\r\nthis is not\r\n")


# -- lossless under property tests --------------------------------------------------------

_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1
).filter(lambda t: t.strip() == t and t != "")
_word = st.from_regex(r"[A-Za-zÀ-ÿ][a-zà-ÿ'\-]{0,8}", fullmatch=True)
_types = st.lists(st.sampled_from(["WORK", "HOME", "CELL", "pref", "Other", "Büro"]), max_size=2)
_emails = st.lists(st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.example", fullmatch=True), unique=True)
_phones = st.lists(st.sampled_from(["+44 20 7946 0018", "+49 30 1234567", "+1 415 555 0132"]))
_others = st.lists(st.sampled_from(["BDAY:1990-01-02", "URL:https://x.example/a", "UID:42"]))


@st.composite
def contacts(draw: st.DrawFn) -> Contact:
    name = " ".join(draw(st.lists(_word, min_size=1, max_size=3)))
    emails, phones = draw(_emails), list(dict.fromkeys(draw(_phones)))
    details = []
    if draw(st.booleans()):
        details.append(Detail(DetailKind.NAME, f"{name.split()[-1]};X;Y;Dr.;"))
    organisation = draw(st.none() | _word)
    if organisation and draw(st.booleans()):
        details.append(Detail(DetailKind.ORGANISATION, f"{organisation};{draw(_word)}"))
    for kind, values in ((DetailKind.EMAIL, emails), (DetailKind.PHONE, phones)):
        for index, value in enumerate(values):
            types = tuple(draw(_types))
            if index or types:
                details.append(Detail(kind, value, types))
    address = None
    if draw(st.booleans()):
        address = "1 Main St\nLondon, E1 6AN\nUnited Kingdom"
        details.append(Detail(DetailKind.ADDRESS, ";;1 Main St;London;;E1 6AN;United Kingdom"))
    extra = [("PHOTO", Detail(DetailKind.PHOTO, "iVBORw0KGgo=", ("PNG",)))] * draw(st.booleans())
    extra += [(line.split(":")[0], Detail(DetailKind.OTHER, line)) for line in set(draw(_others))]
    details += [detail for _, detail in sorted(extra, key=lambda named: named[0])]  # as a card
    return Contact(
        name=name,
        relation=draw(st.sampled_from(Relation)),
        title=draw(st.none() | _text),
        organisation=organisation,
        email=emails[0] if emails else None,
        phone=phones[0] if phones else None,
        address=address,
        timezone=draw(st.none() | st.sampled_from(["Europe/Berlin", "Asia/Tokyo"])),
        region=draw(st.none() | st.sampled_from([Region("GB"), Region("DE", "BE")])),
        notes=draw(st.none() | _text),
        details=tuple(details),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(contacts(), min_size=1, max_size=3))
def test_dump_then_parse_is_lossless(people: list[Contact]) -> None:
    text = vcard.dump(people)
    back = vcard.parse(text)
    assert back == people
    assert vcard.dump(back) == text


# -- what a file may not do (issue #11) ------------------------------------------------------

_CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"


def test_thousands_of_nested_cards_are_one_clear_error() -> None:
    with pytest.raises(InvalidInput, match=r"^card 2: cards nested more than 3 deep$"):
        vcard.parse(_CARD + "BEGIN:VCARD\r\n" * 5000 + "END:VCARD\r\n" * 5000)


def _photo(characters: int, folded: bool) -> str:
    data = "A" * characters
    if folded:  # as address books write it: 75 characters a line
        data = "\r\n ".join(data[i : i + 74] for i in range(0, len(data), 74))
    photo = f"item1.PHOTO;ENCODING=b;TYPE=PNG:{data}"
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\n{photo}\r\nEND:VCARD\r\n"


@pytest.mark.parametrize("folded", [False, True])
def test_a_40_mb_photo_is_refused_before_it_is_read(folded: bool) -> None:
    with pytest.raises(InvalidInput) as refused:
        vcard.parse(_CARD + _photo(40_000_000, folded))
    assert str(refused.value) == (
        "card 2: its PHOTO is too long (40,000,000 characters; at most 5,000,000)"
    )


def test_a_photo_within_the_limit_is_kept() -> None:
    [_, contact] = vcard.parse(_CARD + _photo(4_000_000, folded=True))
    [photo] = contact.details
    assert photo.kind is DetailKind.PHOTO and len(photo.value) == 4_000_000


def test_a_name_of_a_megabyte_is_refused_with_the_limit() -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + "a" * 1_000_000 + "\r\nEND:VCARD\r\n"
    with pytest.raises(InvalidInput, match=r"^card 1: a contact's name is too long \(1,000,000"):
        vcard.parse(card)


def test_a_photo_that_is_not_base64_is_named() -> None:
    bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAA\r\nEND:VCARD\r\n"
    with pytest.raises(InvalidInput, match=r"^card 2: a value marked ENCODING=b is not base64$"):
        vcard.parse(_CARD + bad)
