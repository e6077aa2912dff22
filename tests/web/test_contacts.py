"""The Contacts pages: the list, one contact's edit form, and reading a business card into it
(which saves nothing until the form is saved)."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from tests.cards import Card
from tests.ocr import needs_ocr

from .conftest import csrf


def contact_form(client: TestClient, contact_id: int) -> dict[str, str]:
    """The edit form's fields as the page fills them."""
    page = client.get(f"/contacts/{contact_id}").text
    fields = dict(re.findall(r'id="([a-z]+)" name="\1" value="([^"]*)"', page))
    fields |= dict(re.findall(r'<textarea id="([a-z]+)" name="\1"[^>]*>([^<]*)</textarea>', page))
    fields["relation"] = re.search(r'<option value="([a-z]+)" selected>', page)[1]  # type: ignore[index]
    return fields


def value(page: str, field: str) -> str:
    match = re.search(rf'id="{field}" name="{field}" value="([^"]*)"', page)
    assert match, f"no input {field}"
    return match[1]


def priya(app: bootstrap.App) -> int:
    found = next(c for c in services.people.contacts(app.store) if c.email)
    assert found.id is not None
    return found.id


def test_the_list_shows_every_contact_with_their_application(
    client: TestClient, app: bootstrap.App
) -> None:
    page = client.get("/contacts")
    assert page.status_code == 200
    everyone = services.people.contacts(app.store)
    assert len(everyone) >= 3 and page.text.count('<a href="/contacts/') == len(everyone)
    first = everyone[0]
    assert f'<a href="/contacts/{first.id}">{first.name}</a>' in page.text
    application = services.applications.application(app.store, first.application_id or 0)
    assert f'<a href="/applications/{application.id}">{application.company} — ' in page.text
    assert '<th scope="col">Relation</th>' in page.text


def test_one_contact_shows_the_form_filled(client: TestClient, app: bootstrap.App) -> None:
    contact = services.people.contact(app.store, priya(app))
    form = contact_form(client, priya(app))
    assert (form["name"], form["email"], form["relation"]) == (
        contact.name, contact.email, contact.relation.value
    )  # fmt: skip
    page = client.get(f"/contacts/{contact.id}").text
    assert '<label for="card">' in page and 'enctype="multipart/form-data"' in page
    assert client.get("/contacts/99999").status_code == 404


def test_saving_the_form_changes_the_contact(client: TestClient, app: bootstrap.App) -> None:
    contact_id = priya(app)
    form = {**contact_form(client, contact_id), "title": "Chief Data Officer", "address": ""}
    response = client.post(
        f"/contacts/{contact_id}", data={**form, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/contacts/{contact_id}?saved=1"
    saved = services.people.contact(app.store, contact_id)
    assert saved.title == "Chief Data Officer" and saved.address is None
    assert "Saved." in client.get(response.headers["location"]).text


def test_bad_input_is_a_422_with_each_message_and_changes_nothing(
    client: TestClient, app: bootstrap.App
) -> None:
    contact_id = priya(app)
    before = services.people.contact(app.store, contact_id)
    bad = {"name": "", "email": "nobody@", "timezone": "Mars/Base", "relation": "boss",
           "title": "Typed <title>"}  # fmt: skip
    form = {**contact_form(client, contact_id), **bad, "csrf_token": csrf(client)}
    page = client.post(f"/contacts/{contact_id}", data=form)
    assert page.status_code == 422
    for message in (
        "the name must not be empty",
        "email address &#39;nobody@&#39; does not parse",
        "unknown time zone &#39;Mars/Base&#39;",
        "unknown relation &#39;boss&#39;",
    ):
        assert page.text.count(message) == 2, message
    assert 'aria-describedby="email-error" aria-invalid="true"' in page.text
    assert value(page.text, "title") == "Typed &lt;title&gt;"
    assert services.people.contact(app.store, contact_id) == before


def test_without_the_csrf_token_nothing_changes(client: TestClient, app: bootstrap.App) -> None:
    contact_id = priya(app)
    before = services.people.contact(app.store, contact_id)
    form = {**contact_form(client, contact_id), "title": "Changed"}
    assert client.post(f"/contacts/{contact_id}", data=form).status_code == 403
    assert services.people.contact(app.store, contact_id) == before


def test_a_name_like_markup_is_shown_as_text(client: TestClient, app: bootstrap.App) -> None:
    contact_id = priya(app)
    form = {**contact_form(client, contact_id), "name": "<img src=x onerror=alert(1)>"}
    client.post(f"/contacts/{contact_id}", data={**form, "csrf_token": csrf(client)})
    for path in ("/contacts", f"/contacts/{contact_id}"):
        page = client.get(path).text
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def upload(client: TestClient, contact_id: int, name: str, data: bytes) -> object:
    form = {**contact_form(client, contact_id), "csrf_token": csrf(client)}
    files = {"card": (name, io.BytesIO(data), "image/png")}
    return client.post(f"/contacts/{contact_id}/card", data=form, files=files)


@needs_ocr
def test_a_card_image_fills_the_form_and_saves_nothing(
    client: TestClient, app: bootstrap.App, card: Card
) -> None:
    import phonenumbers

    contact_id = priya(app)
    before = services.people.contact(app.store, contact_id)
    page = upload(client, contact_id, "card.png", card.path.read_bytes())
    assert page.status_code == 200
    assert value(page.text, "email") == card.fields["email"]
    phone = phonenumbers.parse(value(page.text, "phone"))
    e164 = phonenumbers.format_number(phone, phonenumbers.PhoneNumberFormat.E164)
    assert e164 == card.fields["phone"]
    assert "Read from the card" in page.text and "% sure)" in page.text
    assert services.people.contact(app.store, contact_id) == before


def test_an_upload_that_is_not_an_image_is_a_422(client: TestClient, app: bootstrap.App) -> None:
    contact_id = priya(app)
    before = services.people.contact(app.store, contact_id)
    page = upload(client, contact_id, "notes.txt", b"Priya Shah\npriya@acme.example\n")
    assert page.status_code == 422
    assert "&#39;notes.txt&#39; is not an image this can read" in page.text
    assert 'id="card-error"' in page.text
    assert services.people.contact(app.store, contact_id) == before


def test_an_upload_over_5_mb_or_none_at_all_is_a_422(
    client: TestClient, app: bootstrap.App
) -> None:
    contact_id = priya(app)
    page = upload(client, contact_id, "huge.png", b"\x89PNG" + b"\0" * (5 * 2**20))
    assert page.status_code == 422 and "the image is over 5 MB" in page.text
    form = {**contact_form(client, contact_id), "csrf_token": csrf(client)}
    page = client.post(f"/contacts/{contact_id}/card", data=form)
    assert page.status_code == 422 and "choose a photo or scan of the card first" in page.text


@pytest.fixture
def without_ocr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if the OCR extra were not installed: its import fails."""
    from followup.adapters import ocr

    for name in ("rapidocr", "rapidocr_onnxruntime"):  # the extra's package, new and old
        monkeypatch.setitem(sys.modules, name, None)
    ocr._engine.cache_clear()
    yield
    ocr._engine.cache_clear()


def test_without_the_ocr_extra_the_page_says_how_to_install_it(
    client: TestClient, app: bootstrap.App, card: Card, without_ocr: None
) -> None:
    contact_id = priya(app)
    page = upload(client, contact_id, "card.png", card.path.read_bytes())
    assert page.status_code == 501
    assert "pip install &#34;followup[ocr]&#34;" in page.text
    assert value(page.text, "name") == services.people.contact(app.store, contact_id).name
