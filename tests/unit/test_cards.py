from followup.domain.cards import extract
from tests.unit.card_cases import lines


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
