"""Address books as real tools export them: tests/data/vcards/ holds one file per tool and
quirk (written from what those tools are known to write), and `BOOKS` says what each must
import as. Used by the adapter's tests and by the CLI's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).parent / "data" / "vcards"


@dataclass(frozen=True)
class Book:
    file: str
    quirk: str
    names: tuple[str, ...]  # the contacts it gives, in order
    emails: tuple[str | None, ...]  # each one's email
    phones: tuple[str | None, ...]  # each one's phone
    skipped: tuple[int, ...] = ()  # the cards it skips, by number (the first is 1)
    country: str | None = None  # the country its phones without a +prefix are in

    @property
    def path(self) -> Path:
        return FOLDER / self.file

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()


BOOKS = [
    Book(
        "ios_cr_cr_lf.vcf",
        "iOS ends its lines with CR CR LF",
        ("Adaeze Okafor", "Erik Lindqvist"),
        ("adaeze.okafor@northwind.example", "erik@lindqvist.example"),
        ("+44 7911 123456", "+46 8 123 456 78"),
    ),
    Book(
        "apple_contacts_labels.vcf",
        "Apple groups a property with its label (item1.EMAIL, item1.X-ABLabel)",
        ("Layla Haddad",),
        ("layla.haddad@contoso.example",),
        ("+1 617 555 0134",),
    ),
    Book(
        "apple_contacts_group_card.vcf",
        "Apple exports a group as a card of its own (X-ADDRESSBOOKSERVER-KIND:group)",
        ("Ciarán Brennan", "Élodie Moreau"),
        ("ciaran.brennan@tailspin.example", "elodie.moreau@tailspin.example"),
        (None, None),
        skipped=(2,),
    ),
    Book(
        "google_contacts_fn_commas.vcf",
        "Google writes commas in FN unescaped, and cards with N but no FN",
        ("Mr. John Richter, James Doe Sr.", "Yuki Nakamura"),
        ("james.doe@litware.example", "yuki.nakamura@litware.example"),
        ("+1 312 555 0117", None),
    ),
    Book(
        "google_takeout_email_only.vcf",
        "Takeout has cards with only an email, and one with neither name nor email",
        ("Grace Hopper", "Jane Doe", "Talent Acquisition"),
        (
            "grace.hopper@navy.example",
            "jane.doe@adventure-works.example",
            "talent_acquisition+emea@fourthcoffee.example",
        ),
        (None, None, None),
        skipped=(4,),
    ),
    Book(
        "outlook_quoted_printable.vcf",
        "Outlook (2.1): QUOTED-PRINTABLE in Windows-1252 with = soft line breaks",
        ("Jürgen Müller",),
        ("juergen.mueller@strassenbau.example",),
        ("+49 89 1234567",),
    ),
    Book(
        "outlook_windows_1252.vcf",
        "Outlook (2.1): 8-bit Windows-1252 text with CHARSET=, so the file is not UTF-8",
        ("François Lefèvre",),
        ("francois.lefevre@sge.example",),
        ("+33 1 42 68 53 00",),
    ),
    Book(
        "outlook_pager.vcf",
        "Outlook (2.1): a pager number that is not a valid phone number",
        ("Tomasz Kowalczyk", "Kwame Osei"),
        ("tomasz.kowalczyk@proseware.example", "kwame.osei@proseware.example"),
        ("+1 (425) 555-0100", "+1 (425) 555-0175"),
    ),
    Book(
        "android_quoted_printable.vcf",
        "Android (2.1): UTF-8 QUOTED-PRINTABLE with soft line breaks, a BASE64 photo",
        ("Søren Østergaard",),
        ("soren@oestergaard.example",),
        ("+45 20 12 34 56",),
    ),
    Book(
        "android_shift_jis.vcf",
        "Android in Japan (2.1): QUOTED-PRINTABLE in Shift_JIS",
        ("佐藤 花子",),
        ("hanako.sato@kddi.example",),
        ("+81 90-2345-6789",),
    ),
    Book(
        "thunderbird_legacy.vcf",
        "Thunderbird before 102: lowercase names, bare lowercase quoted-printable, LF",
        ("Ana María Pérez",),
        ("ana.perez@wideworld.example",),
        ("+34 91 123 45 67",),
    ),
    Book(
        "thunderbird_vcard4.vcf",
        "Thunderbird 102 and later (4.0): PREF=1, VALUE=TEXT",
        ("Priya Raman",),
        ("priya.raman@fabrikam.example",),
        ("+1 206 555 0142",),
    ),
    Book(
        "evolution.vcf",
        "Evolution (3.0): X-EVOLUTION parameters on items, a folded photo, LABEL",
        ("Marta Kowalski",),
        ("marta.kowalski@alpineski.example",),
        ("+48 22 123 45 67",),
    ),
    Book(
        "nextcloud_vcard4.vcf",
        "Nextcloud (4.0): tel: URIs, a quoted TYPE list, a data: photo, a KIND:group card",
        ("Mathilde Girard",),
        ("mathilde.girard@gdi.example",),
        ("+33-6-12-34-56-78",),
        skipped=(2,),
    ),
    Book(
        "google_contacts_national_phones.vcf",
        "Google Contacts: phone numbers typed without a +country prefix",
        ("Harriet Price", "Owen Jones"),
        ("harriet.price@bluebell.example", None),
        ("020 7946 0018", "(0113) 496 0123"),
        country="GB",
    ),
]
