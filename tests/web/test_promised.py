"""The draft page's form for what was promised: a multipart upload or a link, CSRF-checked,
POST then redirect; 413 above the size limit, 400 for a bad link; what is attached goes with
the approved email (to a strict SMTP server on loopback) or in the .eml file."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from email import message_from_bytes, policy

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap
from followup.config import settings
from followup.services import demo, promised, sending
from followup.web.app import create_app
from tests.mailservers import SmtpServer
from tests.web.conftest import BASE, csrf, environ

PROMISED = 2  # the demo's send-promised email to Priya Shah: "a link to my churn-model write-up"
THANKS = 3
DRAFT = f"/steps/{PROMISED}/draft"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64
LINK = "https://writeups.example/alex/churn-model"


def built(tmp_path, **env: str) -> bootstrap.App:
    """The demo, its promise kept with nothing yet (the demo keeps it with a link)."""
    wired = bootstrap.build(settings.load({**environ(tmp_path), **env}))
    demo.seed(wired.store, wired.playbook, wired.now())
    assert promised.detach(wired.store, PROMISED)
    return wired


@pytest.fixture
def app(tmp_path) -> bootstrap.App:
    return built(tmp_path)


@pytest.fixture
def small(tmp_path) -> Iterator[tuple[TestClient, bootstrap.App]]:
    """The app with a 1 MB limit."""
    wired = built(tmp_path, FOLLOWUP_ATTACHMENT_MAX_MB="1")
    with TestClient(create_app(wired), base_url=BASE) as c:
        yield c, wired


def upload(client: TestClient, content: bytes, name: str = "churn.pdf", **fields: str):
    data = {"csrf_token": csrf(client, DRAFT), "link": "", **fields}
    files = {"file": (name, content, "application/pdf")} if content else None
    return client.post(f"/steps/{PROMISED}/promised", data=data, files=files,
                       follow_redirects=False)  # fmt: skip


def test_a_send_promised_draft_page_has_the_form_and_the_error(client: TestClient) -> None:
    page = client.get(DRAFT).text
    form = re.search(r'<form[^>]*action="/steps/2/promised"[^>]*>(.*?)</form>', page, re.S)
    assert form and 'enctype="multipart/form-data"' in form[0]
    assert 'name="csrf_token"' in form[1] and 'type="file"' in form[1]
    assert 'type="url"' in form[1] and "at most 10 MB" in form[1]
    assert "you promised a link to my churn-model write-up: attach it or add its link" in page
    assert "/promised" not in client.get(f"/steps/{THANKS}/draft").text


def test_a_file_uploaded_is_kept_named_in_the_draft_and_removable(
    client: TestClient, app: bootstrap.App
) -> None:
    response = upload(client, PDF)
    assert response.status_code == 303 and response.headers["location"] == f"{DRAFT}?did=attached"
    kept = promised.shown(app.store, PROMISED)
    assert kept and (kept.file_name, kept.mime_type, kept.size) == (
        "churn.pdf", "application/pdf", len(PDF)
    )  # fmt: skip
    page = client.get(DRAFT).text
    assert "Attached: churn.pdf (application/pdf, 16 KB)" in page
    assert "It&#39;s attached (churn.pdf)" in page or "attached to this email (churn.pdf)" in page
    assert "attach it or add its link" not in page
    token = {"csrf_token": csrf(client, DRAFT)}
    remove = client.post(f"/steps/{PROMISED}/promised/remove", data=token, follow_redirects=False)
    assert remove.status_code == 303 and promised.shown(app.store, PROMISED) is None


def test_without_the_csrf_token_nothing_is_kept(client: TestClient, app: bootstrap.App) -> None:
    client.get(DRAFT)
    response = client.post(f"/steps/{PROMISED}/promised",
                           files={"file": ("a.pdf", PDF, "application/pdf")})  # fmt: skip
    assert response.status_code == 403 and promised.shown(app.store, PROMISED) is None


def test_a_file_above_the_limit_is_413_and_nothing_is_kept(small) -> None:
    client, app = small
    over = upload(client, b"x" * (2**20 + 1))
    assert over.status_code == 413
    assert "churn.pdf is 1 MB (1,048,577 bytes), over the 1 MB limit" in over.text
    assert promised.shown(app.store, PROMISED) is None
    # Far above it, the body is refused before it is read, with a readable line.
    huge = upload(client, b"x" * (3 * 2**20))
    assert huge.status_code == 413 and "the request is over 2 MB" in huge.text
    assert promised.shown(app.store, PROMISED) is None
    assert upload(client, b"x" * 2**20).status_code == 303  # at the limit


def test_the_upload_may_pass_the_usual_body_limit(client: TestClient, app: bootstrap.App) -> None:
    nine = b"%PDF" + b"0" * (9 * 2**20)  # over the 8 MB any other form may post
    assert upload(client, nine).status_code == 303
    assert promised.shown(app.store, PROMISED).size == len(nine)  # type: ignore[union-attr]
    other = client.post(f"/steps/{THANKS}/draft", data={"csrf_token": csrf(client)},
                        files={"file": ("a.pdf", nine, "application/pdf")})  # fmt: skip
    assert other.status_code == 413


def test_a_bad_link_is_400_and_a_good_one_goes_in_the_text(
    client: TestClient, app: bootstrap.App
) -> None:
    bad = upload(client, b"", link="javascript:alert(1)")
    assert bad.status_code == 400 and "is not a web address" in bad.text
    assert promised.shown(app.store, PROMISED) is None
    both = upload(client, PDF, link=LINK)
    assert both.status_code == 400 and "not both" in both.text
    assert upload(client, b"").status_code == 400  # neither
    good = upload(client, b"", link=LINK)
    assert good.status_code == 303
    page = client.get(DRAFT).text
    assert f'<a href="{LINK}" rel="noopener noreferrer">' in page
    found = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert found and LINK in found[1]


def test_without_smtp_the_eml_carries_it_and_the_page_says_mailto_cannot(
    client: TestClient,
) -> None:
    upload(client, PDF)
    text = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', client.get(DRAFT).text, re.S)
    assert text
    data = {"text": html.unescape(text[1]), "csrf_token": csrf(client)}
    approved = client.post(f"/steps/{PROMISED}/approve", data=data)
    assert approved.status_code == 200
    assert "a mailto: link cannot: if you use the link, attach it by hand" in approved.text
    eml = message_from_bytes(client.get(f"/steps/{PROMISED}/message.eml").content,
                             policy=policy.default)  # fmt: skip
    [part] = eml.iter_attachments()
    assert part.get_filename() == "churn.pdf" and part.get_content() == PDF


def test_approved_it_reaches_a_strict_server_with_the_file(
    tmp_path, smtp_server_strict: SmtpServer
) -> None:
    wired = built(tmp_path, **smtp_server_strict.env())
    with TestClient(create_app(wired), base_url=BASE) as client:

        def approve():
            page = client.get(DRAFT).text
            text = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', page, re.S)
            assert text
            return client.post(f"/steps/{PROMISED}/approve",
                               data={"text": html.unescape(text[1]),
                                     "csrf_token": csrf(client, DRAFT)})  # fmt: skip

        refused = approve()  # nothing attached: the error finding, shown; nothing sent
        assert refused.status_code == 409 and 'role="alert"' in refused.text
        assert "you promised a link to my churn-model write-up" in refused.text
        assert smtp_server_strict.mail_froms == []
        assert sending.for_step(wired.store, PROMISED) is None
        upload(client, PDF)
        sent = approve()
        assert sent.status_code == 200 and "In the outbox: sent" in sent.text
    [got] = smtp_server_strict.messages
    message = got.checked()
    [part] = message.iter_attachments()
    assert part.get_filename() == "churn.pdf"
    assert part.get_content_type() == "application/pdf" and part.get_content() == PDF
