"""Letters through the real weasyprint: page size, address blocks, signature, escaping, and a
body too long for one page, continued on a second with nothing else repeated."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from followup.adapters.letters import pdf
from followup.domain.dates import written_date
from followup.domain.drafts import Letter

A4 = (595, 842)
US_LETTER = (612, 792)


def letter(
    sender_country: str, recipient_country: str, name: str = "Priya Shah", paragraphs: int = 1
) -> Letter:
    middle = "\n\n".join(["Thank you for meeting me. " * 12] * paragraphs)
    return Letter(
        sender_name="Alex Morgan",
        sender_address="12 Willow Lane\nLondon\nN1 7AB",
        sender_contact="alex@example.org · +44 7911 123456",
        recipient_block=f"{name}\nHead of Data\nAcme Analytics\n1 Data Street\nLondon EC1A 1AA",
        on=date(2026, 12, 18),
        body=f"Re: Data Engineer\n\nDear {name},\n\n{middle}\n\nKind regards,\n\nAlex Morgan\n",
        sender_country=sender_country,
        recipient_country=recipient_country,
    )


def read(document: bytes) -> tuple[tuple[int, int], str]:
    page = pypdf.PdfReader(io.BytesIO(document)).pages[0]
    size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
    return size, page.extract_text()


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize(("country", "size"), [("GB", A4), ("DE", A4), ("US", US_LETTER)])
def test_page_size_follows_the_senders_country(country, size):
    assert read(pdf(letter(country, "GB")))[0] == size


def test_the_pdf_holds_both_addresses_the_date_and_the_signature():
    _, text = read(pdf(letter("GB", "GB", name="Jürgen Müller")))
    for line in ("Jürgen Müller", "Head of Data", "Acme Analytics", "1 Data Street",
                 "London EC1A 1AA", "12 Willow Lane", "N1 7AB", "18 December 2026"):  # fmt: skip
        assert line in text
    # The letterhead, the window's return line and the signature: each once.
    assert text.count("Alex Morgan, 12 Willow Lane, London, N1 7AB") == 1
    assert lines_of(text).count("Alex Morgan") == 2 and text.count("alex@example.org") == 1
    assert text.count("Kind regards,\nAlex Morgan") == 1 and text.count("18 December 2026") == 1


@pytest.mark.parametrize("country", ["GB", "US"])
def test_a_body_too_long_for_one_page_continues_with_nothing_repeated(country):
    pages = pypdf.PdfReader(io.BytesIO(pdf(letter(country, "GB", paragraphs=14)))).pages
    assert len(pages) == 2
    first, second = (p.extract_text() for p in pages)
    for block in ("alex@example.org", "Acme Analytics", "18 December 2026", "Re: Data Engineer",
                  "Dear Priya Shah", "12 Willow Lane"):  # fmt: skip
        assert block in first and block not in second
    assert "Thank you for meeting me." in second  # the body goes on, and only the body
    assert lines_of(second)[-2:] == ["Kind regards,", "Alex Morgan"]
    assert "Kind regards," not in first and lines_of(first).count("Alex Morgan") == 1


def test_user_text_is_escaped_not_interpreted():
    _, text = read(pdf(letter("GB", "GB", name="<b>Eve</b> & Co")))
    assert "<b>Eve</b> & Co" in text


def test_the_date_as_the_recipients_country_writes_it():
    assert written_date(date(2026, 12, 18), "US") == "December 18, 2026"
    assert written_date(date(2026, 12, 8), "GB") == "8 December 2026"
    assert written_date(date(2026, 12, 8), None) == "8 December 2026"
