from datetime import UTC, datetime

import pytest

from followup.bootstrap import default_playbook
from followup.domain.cards import OcrLine, extract
from followup.domain.errors import InvalidInput
from followup.domain.model import Relation
from followup.services import cards

from .fakes import FakeStore
from .test_services import recorded


def lines(*texts: str, tall: int = 0) -> list[OcrLine]:
    """OCR lines top to bottom; line `tall` is printed larger (the name on most cards)."""
    height = [40 if i == tall else 25 for i in range(len(texts))]
    return [
        OcrLine(t, 0.95, ((0.0, i * 50.0), (300.0, i * 50.0 + h)))
        for i, (t, h) in enumerate(zip(texts, height, strict=True))
    ]


def values(found):
    return {k: f.value for k, f in found.items()}


def test_extracts_every_field_from_a_plain_card():
    card = lines(
        "Zoe Angstrom-Nunez", "Head of Talent Acquisition", "Acme Widgets GmbH",
        "E: zoe.angstrom@acme-widgets.de", "Tel: +49 30 12345678", "www.acme-widgets.de",
        "Friedrichstraße 12", "10117 Berlin",
    )  # fmt: skip
    assert values(extract(card, "GB")) == {
        "name": "Zoe Angstrom-Nunez",
        "title": "Head of Talent Acquisition",
        "organisation": "Acme Widgets GmbH",
        "email": "zoe.angstrom@acme-widgets.de",
        "phone": "+49 30 12345678",
        "address": "Friedrichstraße 12, 10117 Berlin",
        "website": "www.acme-widgets.de",
    }


def test_repairs_common_ocr_slips():
    card = lines(
        "Ejschafer @ acme-widgets , nl", "Tel:+31617918895", "www.acme-widgets.nl",
        "James schafer", "SoftwareEngineer", "AcmeWidgetsGmbH", "1016DVAmsterdam", tall=3,
    )  # fmt: skip
    found = values(extract(card, "GB"))
    assert found["email"] == "jschafer@acme-widgets.nl"
    assert found["phone"] == "+31 6 17918895"
    assert (found["name"], found["title"]) == ("James Schafer", "Software Engineer")
    assert found["organisation"] == "Acme Widgets GmbH"
    assert found["address"] == "1016 DV Amsterdam"


def test_national_numbers_use_the_default_region_and_misread_domains_agree():
    card = lines(
        "Chloe O'Brien", "Talent Partner", "Blue Harbour Inc.", "cobrien@biueharbour.co.uk",
        "M 07400 123456", "www.blueharbour.co.uk",
    )  # fmt: skip
    found = extract(card, "GB")
    assert found["phone"].value == "+44 7400 123456"
    assert found["email"].value == "cobrien@blueharbour.co.uk"
    assert found["email"].confidence < found["phone"].confidence
    assert found["name"].value == "Chloe O'Brien"


def test_a_card_without_text_finds_nothing():
    assert extract([], "GB") == {}
    assert extract(lines("@@@", "12"), None) == {}


def test_saving_a_card_adds_one_contact_to_the_application():
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    found = extract(lines("Ann Lee", "Senior Recruiter", "ann@acme.example"), "GB")
    contact = cards.card_contact(found, Relation.RECRUITER)
    now = datetime(2026, 12, 18, 17, tzinfo=UTC)
    saved = cards.save_card(store, app.id, contact, default_playbook(), now)
    assert saved.id is not None and saved.application_id == app.id
    names = [c.name for c in store.data.applications[app.id].contacts]
    assert names == ["Priya Shah", "Ann Lee"]


def test_a_card_without_a_name_cannot_become_a_contact():
    with pytest.raises(InvalidInput, match="no name found"):
        cards.card_contact(extract(lines("ann@acme.example"), None), Relation.HR)


def test_without_the_ocr_extra_the_message_says_how_to_install_it(monkeypatch, tmp_path):
    import sys

    from followup.adapters import ocr
    from followup.domain.errors import MissingExtra

    ocr._engine.cache_clear()
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    with pytest.raises(MissingExtra, match=r'pip install "followup\[ocr\]"'):
        ocr.read_lines(tmp_path / "card.png")
    ocr._engine.cache_clear()
