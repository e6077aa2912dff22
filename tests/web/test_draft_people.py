"""To and Cc, with their addresses, on every web view of a draft before approval (the draft
page, the step cards of Today and an application), and HR copied once when two interviewers
are thanked and every thank-you is approved through a real SMTP server (issue #15)."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.config import settings
from followup.domain.model import Application, Contact, Relation
from followup.services import demo
from followup.web.app import create_app
from tests.mailservers import SmtpServer
from tests.web.conftest import csrf, environ

THANKS = 3  # the demo's thank-you email to Priya Shah (Acme Analytics), Tom Ellis of HR copied
PRIYA = "Priya Shah &lt;priya.shah@acme.example&gt;"
TOM = "Tom Ellis &lt;tom.ellis@acme.example&gt;"


def addressees(page: str) -> dict[str, str]:
    """The draft page's To and Cc, as shown (HTML-escaped)."""
    block = re.search(r'<dl class="addressees".*?</dl>', page, re.S)
    assert block, "the draft page shows no To and Cc"
    pairs = re.findall(r"<dt>(\w+)</dt>\s*<dd>(.*?)</dd>", block[0], re.S)
    return dict(pairs)


def test_the_draft_page_shows_to_and_cc_with_addresses(client: TestClient) -> None:
    page = client.get(f"/steps/{THANKS}/draft").text
    assert addressees(page) == {"To": PRIYA, "Cc": TOM}
    # Above the editor: seen before "Approve".
    assert page.index('class="addressees"') < page.index('<textarea id="text"')


def test_a_step_card_splits_to_and_cc(client: TestClient) -> None:
    for path in ("/", "/applications/1"):
        page = client.get(path).text
        card = re.search(rf'<article class="step" aria-labelledby="step-{THANKS}">.*?</article>',
                         page, re.S)  # fmt: skip
        assert card, path
        assert "To: Priya Shah (Head of Data) &lt;priya.shah@acme.example&gt;</p>" in card[0]
        assert "Cc: Tom Ellis (Talent Partner) &lt;tom.ellis@acme.example&gt;</p>" in card[0]


def _two_interviewers(app: bootstrap.App) -> Application:
    """Acme again with a second interviewer, typed after Priya: the thank-yous stored."""
    acme = services.applications.application(app.store, 1)
    sam = Contact("Sam Okafor", Relation.INTERVIEWER, title="CTO", email="sam@acme.example")
    people = tuple(dataclasses.replace(c, id=None) for c in acme.contacts[:2])
    again = dataclasses.replace(
        acme, id=None, company="Acme Two", contacts=(*people, sam), interviews=(
            dataclasses.replace(acme.interviews[0], id=None, met=()),
        ), steps=(), touches=(), decisions=(), promises=(),
    )  # fmt: skip
    return services.applications.record_interview(app.store, again, app.playbook, app.now())


def test_the_second_interviewers_draft_copies_nobody(client: TestClient, app) -> None:
    stored = _two_interviewers(app)
    thanks = {s.recipients[0].name: s.id for s in stored.steps if s.kind == "thank-you"}
    assert sorted(thanks) == ["Priya Shah", "Sam Okafor"]
    page = client.get(f"/steps/{thanks['Sam Okafor']}/draft").text
    assert addressees(page) == {"To": "Sam Okafor &lt;sam@acme.example&gt;", "Cc": "nobody"}
    page = client.get(f"/steps/{thanks['Priya Shah']}/draft").text
    assert addressees(page) == {"To": PRIYA, "Cc": TOM}


@pytest.fixture
def smtp_client(tmp_path, smtp_server: SmtpServer) -> Iterator[tuple[TestClient, bootstrap.App]]:
    wired = bootstrap.build(settings.load({**environ(tmp_path), **smtp_server.env()}))
    demo.seed(wired.store, wired.playbook, wired.now())
    with TestClient(create_app(wired), base_url="http://127.0.0.1:8765") as c:
        yield c, wired


def test_approving_every_thank_you_on_the_web_copies_hr_once(
    smtp_client: tuple[TestClient, bootstrap.App], smtp_server: SmtpServer
) -> None:
    client, app = smtp_client
    stored = _two_interviewers(app)
    token = csrf(client)
    for step in (s for s in stored.steps if s.kind == "thank-you"):
        page = client.get(f"/steps/{step.id}/draft").text
        text = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', page, re.S)
        assert text
        sent = client.post(
            f"/steps/{step.id}/approve", data={"text": html.unescape(text[1]), "csrf_token": token}
        )
        assert sent.status_code == 200 and "In the outbox: sent" in sent.text
    assert len(smtp_server.messages) == 2
    hr = "tom.ellis@acme.example"
    copied = []
    for got in smtp_server.messages:
        message = got.checked()
        cc = [a.addr_spec for a in message["Cc"].addresses] if message["Cc"] else []
        to = [a.addr_spec for a in message["To"].addresses]
        assert hr not in to
        copied += cc
        assert sorted(got.rcpt_tos) == sorted(to + cc)  # the envelope is To and Cc
    assert copied == [hr]
    assert sum(hr in got.rcpt_tos for got in smtp_server.messages) == 1
