"""The message and letter files download (issue #16): `Content-Disposition: attachment` with a
name that says whose and what (RFC 6266; RFC 8187's `filename*` for a name beyond ASCII), and
links the pages do not boost (HTMX would put the file in the page)."""

from __future__ import annotations

import dataclasses
import re
from email import message_from_bytes, policy
from urllib.parse import unquote

from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.web.render import attachment
from tests.web.conftest import csrf
from tests.web.forms import INTERVIEW


def test_an_ascii_name_is_given_as_it_is() -> None:
    assert attachment("Acme - thank-you (step 3).eml") == {
        "Content-Disposition": 'attachment; filename="Acme - thank-you (step 3).eml"'
    }


def test_a_name_beyond_ascii_has_a_plain_stand_in_and_itself_in_filename_star() -> None:
    header = attachment('Zürich "Data" Ltd – thank-you.eml')["Content-Disposition"]
    found = re.fullmatch(r'attachment; filename="([^"]*)"; filename\*=UTF-8\'\'(\S+)', header)
    assert found, header
    plain, star = found.groups()
    assert plain == "Zurich -Data- Ltd - thank-you.eml"  # ASCII, no quote to break the header
    assert unquote(star) == 'Zürich "Data" Ltd – thank-you.eml'
    assert re.fullmatch(r"[A-Za-z0-9%._~-]+", star)  # percent-encoded: nothing to escape


def _thanks(client: TestClient, app: bootstrap.App, company: str) -> int:
    """The thank-you email of an interview at `company`, added through the form."""
    made = client.post(
        "/interviews", data={**INTERVIEW, "company": company, "csrf_token": csrf(client)}
    )
    app_id = int(made.url.path.rsplit("/", 1)[1])
    steps = services.applications.application(app.store, app_id).steps
    step = next(s for s in steps if s.kind == "thank-you" and s.channel.value == "email")
    assert step.id is not None
    return step.id


def test_the_message_file_is_an_attachment_named_for_the_company(
    client: TestClient, app: bootstrap.App
) -> None:
    step_id = _thanks(client, app, "Zürich Analytik")
    response = client.get(f"/steps/{step_id}/message.eml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "message/rfc822"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Zurich Analytik - thank-you')
    star = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(star) == f"Zürich Analytik - thank-you (step {step_id}).eml"
    message = message_from_bytes(response.content, policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "priya@quillon.example"


def test_the_letter_downloads_from_a_form_the_page_does_not_boost(
    client: TestClient, app: bootstrap.App
) -> None:
    acme = services.applications.application(app.store, 1)  # Priya Shah, by post this time
    priya = dataclasses.replace(
        acme.contacts[0], id=None, email=None, address="1 Data Street\nLondon EC1A 1AA"
    )
    by_post = dataclasses.replace(
        acme, id=None, contacts=(priya,), steps=(), touches=(), decisions=(), promises=()
    )
    stored = services.applications.record_interview(app.store, by_post, app.playbook, app.now())
    letter = next(s for s in stored.steps if s.channel.value == "letter")
    page = client.get(f"/steps/{letter.id}/draft").text
    form = re.search(rf'<form method="get" action="/steps/{letter.id}/letter.pdf"[^>]*>', page)
    assert form and 'hx-boost="false"' in form[0]
    response = client.get(f"/steps/{letter.id}/letter.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{acme.company} - letter (step {letter.id}).pdf"'
    )
