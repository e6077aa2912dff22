"""vCards in (2.1, 3.0, 4.0, as real address books write them) and 3.0 out: each quirk of
tests/data/vcards/, one card skipped and the others read, lossless round trips."""

from __future__ import annotations

import base64
import dataclasses
import re
from pathlib import Path

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.adapters import vcard
from followup.domain.errors import InvalidInput
from followup.domain.model import Contact, Detail, DetailKind, Relation
from followup.domain.values import Region
from tests.address_books import BOOKS, FOLDER, Book

ADDRESS_BOOK = (Path(__file__).parents[1] / "data" / "address_book.vcf").read_text("utf-8")


def contacts_of(data: str | bytes, region: Region | None = None) -> list[Contact]:
    """The contacts of a file that skips no card."""
    reading = vcard.parse(data, region=region)
    assert reading.skipped == []
    return reading.contacts


def exported(people: list[Contact]) -> str:
    """The contacts as an export writes them: their own UID, else one given here."""
    return vcard.dump((c, vcard.stored_uid(c) or f"uid-{i}") for i, c in enumerate(people))


def without_uid(contact: Contact) -> Contact:
    kept = tuple(d for d in contact.details if not d.value.startswith("UID:"))
    return dataclasses.replace(contact, details=kept)


def test_an_address_book_export_is_read_whole() -> None:
    chloe, siobhan, taro, jean = contacts_of(ADDRESS_BOOK)
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
    assert vcard.stored_uid(chloe) == "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
    assert siobhan.organisation == "Acme Ltd." and siobhan.phone == "+44 20 7946 0018"
    assert taro.name == "山田 太郎" and taro.notes == "日本語のメモ"
    assert jean.details[-1].value.startswith("PHOTO:https://")  # a photo by URL, kept as is
    assert {c.relation for c in (chloe, siobhan, taro, jean)} == {Relation.INTERVIEWER}


def test_the_address_book_survives_a_round_trip() -> None:
    contacts = contacts_of(ADDRESS_BOOK)
    text = exported(contacts)
    back = contacts_of(text)
    assert [without_uid(c) for c in back] == [without_uid(c) for c in contacts]
    assert [vcard.stored_uid(c) for c in back] == [
        "3F2504E0-4F89-11D3-9A0C-0305E82C3301", "uid-1", "uid-2", "uid-3"
    ]  # fmt: skip
    assert exported(back) == text
    assert "PHOTO;ENCODING=b;TYPE=JPEG:/9j/" in text


def test_defaults_apply_to_cards_that_do_not_say() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTEL:020 7946 0018\r\nEND:VCARD\r\n"
    reading = vcard.parse(text, Relation.HR, Region("GB"))
    [ann] = reading.contacts
    assert (ann.relation, ann.region, ann.phone) == (Relation.HR, Region("GB"), "020 7946 0018")
    assert reading.notes == []
    unplaced = vcard.parse(text)  # no country: the number cannot be read, so it is kept as text
    [ann] = unplaced.contacts
    assert ann.phone is None and ann.details == (Detail(DetailKind.OTHER, "TEL:020 7946 0018"),)
    assert unplaced.notes == [
        (1, "phone number '020 7946 0018' does not parse (give a +country prefix or a "
            "country): kept as text in its details")
    ]  # fmt: skip


def test_a_wrong_card_is_skipped_with_its_number_and_the_others_are_read() -> None:
    good = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"
    bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nEMAIL:not an address\r\nEND:VCARD\r\n"
    reading = vcard.parse(good + bad + good.replace("Ann", "Cy"))
    assert [(n, c.name) for n, c in reading.cards] == [(1, "Ann Lee"), (3, "Cy Lee")]
    [(number, why)] = reading.skipped
    assert number == 2 and why.startswith("email address 'not an address'")
    [(number, why)] = vcard.parse("BEGIN:VCARD\r\nthis is not\r\n").skipped
    assert (number, why) == (1, "it is never closed (no END:VCARD)")
    [(number, why)] = vcard.parse(good + "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").skipped
    assert (number, why) == (2, "it is a VCALENDAR, not a vCard")
    with pytest.raises(InvalidInput, match=r"^not a vCard file: it holds no card"):
        vcard.parse("FN:Ann Lee\r\n")


# -- lossless under property tests --------------------------------------------------------

_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1
).filter(lambda t: t.strip() == t and t != "")
_word = st.from_regex(r"[A-Za-zÀ-ÿ][a-zà-ÿ'\-]{0,8}", fullmatch=True)
_types = st.lists(st.sampled_from(["WORK", "HOME", "CELL", "pref", "Other", "Büro"]), max_size=2)
_emails = st.lists(st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.example", fullmatch=True), unique=True)
_phones = st.lists(st.sampled_from(["+44 20 7946 0018", "+49 30 1234567", "+1 415 555 0132"]))
_others = st.lists(st.sampled_from(["BDAY:1990-01-02", "URL:https://x.example/a", "X-A:1;2,3"]))


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
    details += [Detail(DetailKind.OTHER, "UID:42")] * draw(st.booleans())  # first, as a card
    extra = [Detail(DetailKind.PHOTO, "iVBORw0KGgo=", ("PNG",))] * draw(st.booleans())
    extra += [Detail(DetailKind.OTHER, line) for line in dict.fromkeys(draw(_others))]
    details += draw(st.permutations(extra))  # any order: a card keeps the order of its lines
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
    text = exported(people)
    back = contacts_of(text)
    assert [without_uid(c) for c in back] == [without_uid(c) for c in people]
    assert [vcard.stored_uid(c) for c in back] == [
        vcard.stored_uid(c) or f"uid-{i}" for i, c in enumerate(people)
    ]
    assert exported(back) == text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


# -- what a file may not do (issue #11): one card skipped, the others read --------------------

_CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"


def test_thousands_of_nested_cards_are_one_card_skipped() -> None:
    reading = vcard.parse(_CARD + "BEGIN:VCARD\r\n" * 5000 + "END:VCARD\r\n" * 5000 + _CARD)
    assert reading.skipped == [(2, "cards nested more than 3 deep")]
    assert [(n, c.name) for n, c in reading.cards] == [(1, "Ann Lee"), (3, "Ann Lee")]


def _photo(characters: int, folded: bool) -> str:
    data = "A" * characters
    if folded:  # as address books write it: 75 characters a line
        data = "\r\n ".join(data[i : i + 74] for i in range(0, len(data), 74))
    photo = f"item1.PHOTO;ENCODING=b;TYPE=PNG:{data}"
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\n{photo}\r\nEND:VCARD\r\n"


@pytest.mark.parametrize("folded", [False, True])
def test_a_40_mb_photo_is_skipped_before_it_is_read(folded: bool) -> None:
    reading = vcard.parse(_CARD + _photo(40_000_000, folded))
    assert reading.skipped == [
        (2, "its PHOTO is too long (40,000,000 characters; at most 5,000,000)")
    ]
    assert [c.name for c in reading.contacts] == ["Ann Lee"]


def test_a_photo_within_the_limit_is_kept() -> None:
    [_, contact] = contacts_of(_CARD + _photo(4_000_000, folded=True))
    [photo] = contact.details
    assert photo.kind is DetailKind.PHOTO and len(photo.value) == 4_000_000


def test_a_name_of_a_megabyte_is_skipped_with_the_limit() -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + "a" * 1_000_000 + "\r\nEND:VCARD\r\n"
    [(number, why)] = vcard.parse(card).skipped
    assert number == 1 and why.startswith("a contact's name is too long (1,000,000")


def test_a_photo_that_is_not_base64_is_named() -> None:
    bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAA\r\nEND:VCARD\r\n"
    assert vcard.parse(_CARD + bad).skipped == [(2, "a value marked ENCODING=b is not base64")]


# -- address books as real tools write them (issue #13): tests/data/vcards/ ------------------


@pytest.mark.parametrize("book", BOOKS, ids=[b.file for b in BOOKS])
def test_each_address_book_gives_its_good_cards_and_skips_the_rest(book: Book) -> None:
    reading = vcard.parse(book.data, region=Region(book.country) if book.country else None)
    assert [c.name for c in reading.contacts] == list(book.names)
    assert [c.email for c in reading.contacts] == list(book.emails)
    assert [c.phone for c in reading.contacts] == list(book.phones)
    assert [number for number, _ in reading.skipped] == list(book.skipped)


@pytest.mark.parametrize("book", BOOKS, ids=[b.file for b in BOOKS])
def test_each_address_book_round_trips_and_vobject_reads_the_export(book: Book) -> None:
    region = Region(book.country) if book.country else None
    first = vcard.parse(book.data, region=region).contacts
    text = exported(first)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    back = contacts_of(text)  # the export says each card's country: no default needed
    assert [without_uid(c) for c in back] == [without_uid(c) for c in first]
    assert exported(back) == text
    cards = list(vobject.readComponents(text))
    assert [card.fn.value for card in cards] == list(book.names)
    assert [card.uid.value for card in cards] == [vcard.stored_uid(c) for c in back]
    emails = [card.email.value if hasattr(card, "email") else None for card in cards]
    assert emails == list(book.emails)
    phones = [
        next((t.value for t in card.contents.get("tel", []) if t.value in book.phones), None)
        for card in cards
    ]
    assert phones == list(book.phones)


def test_ios_line_ends_cr_cr_lf_are_line_ends() -> None:
    book = FOLDER / "ios_cr_cr_lf.vcf"
    assert b"\r\r\n" in book.read_bytes() and b"\r\r\n " in book.read_bytes()  # folded too
    adaeze, _ = contacts_of(book.read_bytes())
    assert adaeze.notes == (
        "Met at the London meetup; wants a follow-up after the second round with the platform team."
    )
    assert adaeze.organisation == "Northwind Traders"


def test_outlook_quoted_printable_in_windows_1252_with_soft_line_breaks() -> None:
    data = (FOLDER / "outlook_quoted_printable.vcf").read_bytes()
    assert b"=\r\n" in data and b"CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE" in data
    [jurgen] = contacts_of(data)
    assert jurgen.notes == (  # =96 is Windows-1252's en dash; "F=" + "reitag" is one word
        "Erstes Gespräch am 12. März – sehr freundlich. Er möchte bis Freitag ein Angebot "
        "und fragt nach dem Starttermin im Mai."
    )
    assert jurgen.organisation == "Straßenbau AG" and jurgen.title == "Leiter Einkauf"
    assert jurgen.address == "Leopoldstraße 12\n3. Stock\nMünchen, 80802\nDeutschland"
    others = [d.value for d in jurgen.details if d.kind is DetailKind.OTHER]
    assert "LABEL;TYPE=WORK,PREF:Leopoldstraße 12\\n3. Stock\\n80802 München\\nDeutschland" in (
        others
    )  # decoded, its line breaks escaped as vCard 3.0 writes them
    assert (DetailKind.PHONE, "+49 151 23456789", ("CELL", "VOICE")) in [
        (d.kind, d.value, d.types) for d in jurgen.details
    ]  # vCard 2.1's TEL;CELL;VOICE


def test_outlook_8_bit_windows_1252_reads_in_its_charset() -> None:
    data = (FOLDER / "outlook_windows_1252.vcf").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    [francois] = contacts_of(data)
    assert francois.name == "François Lefèvre"
    assert francois.organisation == "Société Générale d’Études"
    assert francois.notes == "Entretien prévu – budget 55 000 €"


def test_android_quoted_printable_photo_and_custom_lines_are_kept_whole() -> None:
    [soren] = contacts_of((FOLDER / "android_quoted_printable.vcf").read_bytes())
    assert soren.organisation == "Københavns Kommune"
    assert soren.notes == (
        "Ringede tilbage om stillingen i økonomiafdelingen. Vil høre fra os inden fredag den 14."
    )
    [photo] = [d for d in soren.details if d.kind is DetailKind.PHOTO]
    assert photo.types == ("JPEG",) and base64.b64decode(photo.value)[:3] == b"\xff\xd8\xff"
    custom = "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Sø;1;;;;;;;;;;;;;"
    assert Detail(DetailKind.OTHER, custom) in soren.details
    assert custom in exported([soren]).replace("\r\n ", "")  # the X- value whole, unescaped


def test_shift_jis_and_lowercase_quoted_printable() -> None:
    [hanako] = contacts_of((FOLDER / "android_shift_jis.vcf").read_bytes())
    assert (hanako.name, hanako.organisation) == ("佐藤 花子", "株式会社サンプル")
    assert Detail(DetailKind.OTHER, "SOUND;TYPE=X-IRMC-N:ｻﾄｳ;ﾊﾅｺ;;;") in hanako.details
    data = (FOLDER / "thunderbird_legacy.vcf").read_bytes()
    assert b"adr;quoted-printable:" in data and b"\r" not in data
    [ana] = contacts_of(data)
    assert ana.address == "Calle Mayor 1\n2º B\nMadrid, 28013\nEspaña"
    assert ana.notes == "Primera entrevista el lunes.\nSegunda ronda: martes a las 10:00."
    assert ana.organisation == "Wide World Importers" and ana.title == "Directora de Ventas"


def test_apple_labels_become_types_and_the_export_groups_them_again() -> None:
    [layla] = contacts_of((FOLDER / "apple_contacts_labels.vcf").read_bytes())
    items = [(d.kind, d.value, d.types) for d in layla.details]
    assert (DetailKind.EMAIL, "layla@haddad.example", ("INTERNET", "Other")) in items
    assert (DetailKind.PHONE, "+1 617 555 0188", ("Assistant (Dana)",)) in items
    text = exported([layla]).replace("\r\n ", "")
    for item, label in [
        ("EMAIL;TYPE=INTERNET:layla@haddad.example", "X-ABLABEL:_$!<Other>!$_"),
        ("TEL:+1 617 555 0188", "X-ABLABEL:Assistant (Dana)"),
        ("ADR;TYPE=WORK,pref:;;200 Main St;Cambridge;MA;02142;United States",
         "X-ABLABEL:_$!<Work>!$_"),
        ("URL;TYPE=pref:https://contoso.example/people/layla", "X-ABLABEL:_$!<HomePage>!$_"),
        ("X-ABRELATEDNAMES;TYPE=pref:Dana Whitfield", "X-ABLABEL:_$!<Assistant>!$_"),
    ]:  # fmt: skip
        found = re.search(
            rf"^(item\d+)\.{re.escape(item)}\r\n\1\.{re.escape(label)}\r\n", text, re.M
        )
        assert found, f"{item} is not grouped with {label}"
    assert "X-ABUID:8F2C1A5E-3B7D-4E2A-9C51-0D6B3E7A4F10:ABPerson\r\n" in text
    assert "\r\nUID:8F2C1A5E-3B7D-4E2A-9C51-0D6B3E7A4F10\r\n" in text  # Apple's own UID


def test_group_cards_are_not_people() -> None:
    reading = vcard.parse((FOLDER / "apple_contacts_group_card.vcf").read_bytes())
    assert reading.skipped == [(2, "a contact group 'Recruiters' (2 member(s)), not a person")]
    reading = vcard.parse((FOLDER / "nextcloud_vcard4.vcf").read_bytes())
    assert reading.skipped == [(2, "a contact group 'Hiring panel' (1 member(s)), not a person")]


def test_google_commas_in_fn_are_part_of_the_name_and_n_names_a_card_without_fn() -> None:
    james, yuki = contacts_of((FOLDER / "google_contacts_fn_commas.vcf").read_bytes())
    assert james.name == "Mr. John Richter, James Doe Sr."
    assert Detail(DetailKind.NAME, "Doe Sr.;James;John Richter;Mr.;") in james.details
    assert yuki.name == "Yuki Nakamura"
    assert "FN:Mr. John Richter\\, James Doe Sr.\r\n" in exported([james])  # escaped on the way out


def test_takeout_cards_with_only_an_email_are_named_after_it() -> None:
    reading = vcard.parse((FOLDER / "google_takeout_email_only.vcf").read_bytes())
    assert reading.notes == [
        (2, "named 'Jane Doe' after its email (it has no name)"),
        (3, "named 'Talent Acquisition' after its email (it has no name)"),
    ]
    assert reading.skipped == [(4, "it has no name (FN or N), organisation or email to name it by")]


def test_a_pager_that_is_not_a_number_is_kept_as_text_and_the_card_is_read() -> None:
    reading = vcard.parse((FOLDER / "outlook_pager.vcf").read_bytes())
    tomasz, kwame = reading.contacts
    assert tomasz.phone == "+1 (425) 555-0100"  # the first valid number, though listed second
    assert Detail(DetailKind.OTHER, "TEL;TYPE=PAGER:5678") in tomasz.details
    assert Detail(DetailKind.OTHER, "TEL;TYPE=PAGER:*77#") in kwame.details
    assert [number for number, _ in reading.notes] == [1, 2]
    assert "TEL;TYPE=PAGER:5678\r\n" in exported([tomasz])


def test_phones_without_a_prefix_read_in_the_country_given() -> None:
    data = (FOLDER / "google_contacts_national_phones.vcf").read_bytes()
    harriet, owen = vcard.parse(data, region=Region("GB")).contacts
    assert (harriet.phone, harriet.region, owen.phone) == (
        "020 7946 0018", Region("GB"), "(0113) 496 0123"
    )  # fmt: skip
    assert Detail(DetailKind.PHONE, "07911 123456", ("CELL",)) in harriet.details
    unplaced = vcard.parse(data)  # no country: kept as text, not refused
    assert [c.phone for c in unplaced.contacts] == [None, None]
    assert len(unplaced.notes) == 3


def test_vcard_4_uris_pref_and_data_photos() -> None:
    [priya] = contacts_of((FOLDER / "thunderbird_vcard4.vcf").read_bytes())
    items = [(d.kind, d.value, d.types) for d in priya.details]
    assert (DetailKind.EMAIL, "priya.raman@fabrikam.example", ("pref",)) in items
    assert priya.notes == "Phone screen booked, then an onsite."
    [mathilde] = vcard.parse((FOLDER / "nextcloud_vcard4.vcf").read_bytes()).contacts
    items = [(d.kind, d.value, d.types) for d in mathilde.details]
    assert (DetailKind.PHONE, "+33-6-12-34-56-78", ("voice", "cell")) in items
    assert (DetailKind.PHONE, "+33-1-42-68-53-00 ext. 214", ("voice", "work")) in items
    [photo] = [d for d in mathilde.details if d.kind is DetailKind.PHOTO]
    assert photo.types == ("JPEG",) and base64.b64decode(photo.value)[:3] == b"\xff\xd8\xff"


def test_evolution_parameters_photo_and_file_as() -> None:
    [marta] = contacts_of((FOLDER / "evolution.vcf").read_bytes())
    items = [(d.kind, d.value, d.types) for d in marta.details]
    assert (DetailKind.EMAIL, "marta@kowalscy.example", ("HOME",)) in items
    assert Detail(DetailKind.OTHER, "X-EVOLUTION-FILE-AS:Kowalski\\, Marta") in marta.details
    [photo] = [d for d in marta.details if d.kind is DetailKind.PHOTO]
    assert base64.b64decode(photo.value)[:3] == b"\xff\xd8\xff"
    assert vcard.stored_uid(marta) == "pas-id-65E1B7A200000001"
