"""Letters through the real weasyprint: page size, address blocks, signature, escaping."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from followup.adapters.letters import pdf, written_date
from followup.domain.drafts import Letter

A4 = (595, 842)
US_LETTER = (612, 792)


def letter(sender_country: str, recipient_country: str, name: str = "Priya Shah") -> Letter:
    return Letter(
        sender_name="Alex Morgan",
        sender_address="12 Willow Lane\nLondon\nN1 7AB",
        sender_contact="alex@example.org · +44 7911 123456",
        recipient_block=f"{name}\nHead of Data\nAcme Analytics\n1 Data Street\nLondon EC1A 1AA",
        on=date(2026, 12, 18),
        body=f"Dear {name},\n\nThank you for meeting me.\n\nKind regards,",
        signature="Alex Morgan",
        sender_country=sender_country,
        recipient_country=recipient_country,
    )


def read(document: bytes) -> tuple[tuple[int, int], str]:
    page = pypdf.PdfReader(io.BytesIO(document)).pages[0]
    size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
    return size, page.extract_text()


@pytest.mark.parametrize(("country", "size"), [("GB", A4), ("DE", A4), ("US", US_LETTER)])
def test_page_size_follows_the_senders_country(country, size):
    assert read(pdf(letter(country, "GB")))[0] == size


def test_the_pdf_holds_both_addresses_the_date_and_the_signature():
    _, text = read(pdf(letter("GB", "GB", name="Jürgen Müller")))
    for line in ("Jürgen Müller", "Head of Data", "Acme Analytics", "1 Data Street",
                 "London EC1A 1AA", "12 Willow Lane", "N1 7AB", "18 December 2026"):  # fmt: skip
        assert line in text
    assert text.rstrip().count("Alex Morgan") >= 2  # sender block and signature


def test_user_text_is_escaped_not_interpreted():
    _, text = read(pdf(letter("GB", "GB", name="<b>Eve</b> & Co")))
    assert "<b>Eve</b> & Co" in text


def test_the_date_as_the_recipients_country_writes_it():
    assert written_date(date(2026, 12, 18), "US") == "December 18, 2026"
    assert written_date(date(2026, 12, 8), "GB") == "8 December 2026"
    assert written_date(date(2026, 12, 8), None) == "8 December 2026"
