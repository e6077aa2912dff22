"""The draft editor: live checks that highlight their spans, keeping an edit, approving
(sent once through SMTP, or handed over as mailto: and .eml without it), the letter PDF."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from collections.abc import Iterator
from email import message_from_bytes, policy

import pypdf
import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.config import settings
from followup.services import demo, sending
from followup.web.app import create_app
from tests.mailservers import SmtpServer
from tests.web.conftest import csrf, environ

THANKS = 3  # the demo's thank-you email to Priya Shah (Acme Analytics)


def _text(client: TestClient, step_id: int) -> str:
    page = client.get(f"/steps/{step_id}/draft").text
    found = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "the editor has no textarea"
    return html.unescape(found[1])


def test_live_check_highlights_a_misspelled_interviewer_name(client: TestClient) -> None:
    text = _text(client, THANKS)
    assert "Priya" in text
    response = client.post(
        f"/steps/{THANKS}/draft/check",
        data={"text": text.replace("Priya", "Pryia"), "csrf_token": csrf(client)},
    )
    assert response.status_code == 200
    assert "<html" not in response.text  # a fragment, swapped into the page
    marks = re.findall(r'<mark class="(\w+)"[^>]*>([^<]*)</mark>', response.text)
    assert ("error", "Pryia") in marks
    # Checking kept nothing: the stored draft is still the right one.
    assert "Pryia" not in _text(client, THANKS)


def test_live_check_of_the_right_text_marks_no_error(client: TestClient) -> None:
    text = _text(client, THANKS)
    response = client.post(
        f"/steps/{THANKS}/draft/check", data={"text": text, "csrf_token": csrf(client)}
    )
    assert '<mark class="error"' not in response.text


def test_the_editor_is_wired_for_live_checks_without_inline_script(client: TestClient) -> None:
    page = client.get(f"/steps/{THANKS}/draft").text
    assert f'hx-post="/steps/{THANKS}/draft/check"' in page
    assert 'hx-target="#checks"' in page and 'id="checks"' in page
    assert "<script>" not in page and " onclick=" not in page


def test_live_check_needs_the_csrf_token(client: TestClient) -> None:
    response = client.post(f"/steps/{THANKS}/draft/check", data={"text": "Hello"})
    assert response.status_code == 403


def test_keeping_an_edit_with_browser_line_ends_stores_plain_ones(client: TestClient) -> None:
    text = _text(client, THANKS) + "\n\nP.S. Thank you again."
    client.post(
        f"/steps/{THANKS}/draft",
        data={"text": text.replace("\n", "\r\n"), "csrf_token": csrf(client)},
    )
    kept = _text(client, THANKS)
    assert kept.endswith("P.S. Thank you again.") and "\r" not in kept


def test_approving_without_smtp_hands_over_mailto_and_eml(
    client: TestClient, app: bootstrap.App
) -> None:
    text = _text(client, THANKS)
    response = client.post(
        f"/steps/{THANKS}/approve", data={"text": text, "csrf_token": csrf(client)}
    )
    assert response.status_code == 200 and "No SMTP server is set" in response.text
    mailto = re.search(r'href="(mailto:[^"]+)"', response.text)
    assert mailto and "priya.shah%40acme.example" in mailto[1].replace("@", "%40")
    eml = client.get(f"/steps/{THANKS}/message.eml")
    assert eml.headers["content-type"].startswith("message/rfc822")
    message = message_from_bytes(eml.content, policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "priya.shah@acme.example"
    assert "Priya" in message.get_body().get_content()
    # Nothing was recorded as sent: the step stays open until the user says it went.
    step = next(s for s in services.applications.application(app.store, 1).steps if s.id == THANKS)
    assert step.status.value == "planned" and sending.for_step(app.store, THANKS) is None


def test_an_error_in_the_edit_refuses_approval_and_keeps_the_text(
    client: TestClient, app: bootstrap.App
) -> None:
    text = _text(client, THANKS).replace("Priya", "Pryia")
    response = client.post(
        f"/steps/{THANKS}/approve", data={"text": text, "csrf_token": csrf(client)}
    )
    assert response.status_code == 409
    assert 'role="alert"' in response.text and "error" in response.text
    assert "Pryia" in _text(client, THANKS)  # the edit was kept, to fix
    assert sending.for_step(app.store, THANKS) is None


@pytest.fixture
def smtp_client(
    tmp_path, smtp_server_strict: SmtpServer
) -> Iterator[tuple[TestClient, bootstrap.App]]:
    """The app sending through a standards-strict server (no bare LF, no line over 998)."""
    wired = bootstrap.build(settings.load({**environ(tmp_path), **smtp_server_strict.env()}))
    demo.seed(wired.store, wired.playbook, wired.now())
    with TestClient(create_app(wired), base_url="http://127.0.0.1:8765") as c:
        yield c, wired


def test_approving_with_smtp_sends_once_and_marks_the_step_done(
    smtp_client: tuple[TestClient, bootstrap.App], smtp_server_strict: SmtpServer
) -> None:
    smtp_server = smtp_server_strict
    client, app = smtp_client
    text = _text(client, THANKS)
    token = csrf(client)
    page = client.get(f"/steps/{THANKS}/draft").text
    assert "Approve and send" in page
    first = client.post(f"/steps/{THANKS}/approve", data={"text": text, "csrf_token": token})
    assert first.status_code == 200 and "In the outbox: sent" in first.text
    assert len(smtp_server.messages) == 1
    assert "priya.shah@acme.example" in smtp_server.messages[0].rcpt_tos
    assert smtp_server.messages[0].checked()["Subject"]  # CRLF, line limits, the headers
    step = next(s for s in services.applications.application(app.store, 1).steps if s.id == THANKS)
    assert step.status.value == "done"
    again = client.post(f"/steps/{THANKS}/approve", data={"text": text, "csrf_token": token})
    assert again.status_code == 409  # already in the outbox: nothing is sent twice
    assert len(smtp_server.messages) == 1


def test_the_letter_downloads_as_a_pdf(client: TestClient, app: bootstrap.App) -> None:
    acme = services.applications.application(app.store, 1)
    priya = dataclasses.replace(
        acme.contacts[0], id=None, email=None, address="1 Data Street\nLondon EC1A 1AA"
    )
    by_post = dataclasses.replace(
        acme, id=None, contacts=(priya,), steps=(), touches=(), decisions=(), promises=()
    )
    stored = services.applications.record_interview(app.store, by_post, app.playbook, app.now())
    letter = next(s for s in stored.steps if s.channel.value == "letter")
    page = client.get(f"/steps/{letter.id}/draft").text
    assert f'action="/steps/{letter.id}/letter.pdf"' in page and "Approve" not in page
    assert 'type="date" id="letter-on" name="on"' in page  # the date on it, today if empty
    response = client.get(f"/steps/{letter.id}/letter.pdf", params={"on": ""})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert (
        "18 December 2026" in pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    )
    dated = client.get(f"/steps/{letter.id}/letter.pdf", params={"on": "2026-12-21"})
    text = pypdf.PdfReader(io.BytesIO(dated.content)).pages[0].extract_text()
    assert "21 December 2026" in text and "18 December 2026" not in text
    wrong = client.get(f"/steps/{letter.id}/letter.pdf", params={"on": "21/12/2026"})
    assert wrong.status_code == 422 and "is not a date like 2026-12-18" in wrong.text


@pytest.mark.parametrize(
    ("text", "message"),
    [("a" * 20_001, "over 20,000 characters"), ("Dear Priya,\x1b[8m", "control character")],
)
def test_a_refused_live_check_answers_in_the_checks_place(client, text, message) -> None:
    # HTMX swaps a 4xx answer into #checks (outerHTML): the refusal must be that part, with
    # its id, so the editor's next check finds it again; not a whole error page inside it.
    htmx = {"HX-Request": "true", "HX-Target": "checks"}
    response = client.post(
        f"/steps/{THANKS}/draft/check",
        data={"text": text, "csrf_token": csrf(client)},
        headers=htmx,
    )
    assert response.status_code == 422
    assert response.text.strip().startswith('<section id="checks" class="refusal" role="alert">')
    assert message in response.text and "<html" not in response.text
    # The same refusal to a plain form post (no JavaScript) is a page of its own.
    plain = client.post(
        f"/steps/{THANKS}/draft/check", data={"text": text, "csrf_token": csrf(client)}
    )
    assert plain.status_code == 422 and "<html" in plain.text and message in plain.text
    # A target that is not an element id is not echoed into the page.
    odd = client.post(
        f"/steps/{THANKS}/draft/check",
        data={"text": text, "csrf_token": csrf(client)},
        headers={**htmx, "HX-Target": '"><script>alert(1)</script>'},
    )
    assert odd.status_code == 422 and "<script>alert" not in odd.text


def test_live_check_marks_a_bare_list_a_repeated_clause_and_a_stray_comma(
    client: TestClient,
) -> None:
    """Issue #15's findings in the editor: each marked where it is, with its message."""
    text = _text(client, THANKS)
    listed = (
        "We met on 3 December, 2026.\n\n"
        "- Python, which we talked about at the interview\n"
        "- SQL, which we talked about at the interview\n\n"
    )
    at = text.index("\n\n", text.index("Dear")) + 2
    response = client.post(
        f"/steps/{THANKS}/draft/check",
        data={"text": text[:at] + listed + text[at:], "csrf_token": csrf(client)},
    )
    marks = re.findall(r'<mark class="(\w+)" title="([^"]*)">([^<]*)</mark>', response.text)
    said = {(severity, html.unescape(piece)) for severity, _, piece in marks}
    assert ("warning", "3 December, 2026") in said
    assert ("warning", listed.split("\n\n")[1].strip()) in said  # the list, the repeat in it
    listed_findings = html.unescape(response.text)
    assert "a bare list of 2 points in an email" in listed_findings
    assert "'which we talked about at the interview' says again" in listed_findings
    assert '<mark class="error"' not in response.text
