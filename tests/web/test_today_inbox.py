"""Today as an inbox of actions (web/pages/today.py, services/inbox.py): each step in words,
grouped by company, with its one next action as the primary button by channel (Review & send,
Call with a tel: link, Print letter, Mark done) and the rest in a menu; "Why?" on each.

The interviews are on Friday 18 December 2026, 09:00-10:00 in London; it is 16:30 (the web
tests' clock), so each thank-you is open and due on Tuesday.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.domain.model import Application, Contact, Interview
from followup.domain.values import Region

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


def _record(app: bootstrap.App, company: str, person: Contact, start: datetime) -> Application:
    made = Application(
        company=company,
        role="Data Analyst",
        interviews=(
            Interview(
                start=start,
                end=start + timedelta(hours=1),
                timezone="Europe/London",
                region=Region("GB", "ENG"),
            ),
        ),
        contacts=(person,),
    )
    return services.applications.record_interview(app.store, made, app.playbook, NOW)


def _this_morning(app: bootstrap.App, company: str, person: Contact) -> Application:
    return _record(app, company, person, datetime(2026, 12, 18, 9, tzinfo=UTC))


def _card(page: str, words: str) -> str:
    """The step card whose heading says `words`."""
    heading = rf"<h4[^>]*>{re.escape(words)}</h4>"
    found = re.search(rf'<article class="step"[^>]*>\s*{heading}.*?</article>', page, re.S)
    assert found, f"no step {words!r} on Today"
    return found[0]


def _primary(card: str) -> str:
    found = re.search(r'<(a|button) class="(?:button )?primary"[^>]*>[^<]*</\1>', card)
    assert found, "no primary action"
    return found[0]


def test_an_email_is_reviewed_and_sent(client: TestClient, app: bootstrap.App) -> None:
    _this_morning(app, "Zeta", Contact("Noa Levi", email="noa@zeta.example"))
    card = _card(client.get("/").text, "Thank Noa Levi for the interview")
    primary = _primary(card)
    assert "Review &amp; send" in primary and re.search(r'href="/steps/\d+/draft"', primary)
    assert 'href="/rules/thank-you"' in card and ">Why?</a>" in card
    assert '<span class="badge due">Due</span>' in card and "Due by Tue 22 Dec 2026 17:00" in card
    # The rest, in a menu that opens without JavaScript.
    menu = card[card.index('<details class="menu">') :]
    for action in ("/done", "/snooze", "/skip"):
        assert 'action="/steps/' in menu and action in menu


def test_a_call_is_a_tel_link_and_its_script(client: TestClient, app: bootstrap.App) -> None:
    _this_morning(app, "Phonely", Contact("Tom Ellis", phone="+44 20 7946 0000"))
    card = _card(client.get("/").text, "Call Tom Ellis to say thank you for the interview")
    assert _primary(card).startswith('<a class="button primary" href="tel:+442079460000"')
    assert re.search(r'<a href="/steps/\d+/draft"[^>]*>Call script</a>', card)
    # How the call went, and calling back, are in the menu.
    assert "How did the call go?" in card and 'value="call-back"' in card


def test_a_letter_is_printed(client: TestClient, app: bootstrap.App) -> None:
    address = "1 High Street\nLondon\nEC1A 1BB"
    _this_morning(app, "Letterly", Contact("Ann Lee", address=address))
    card = _card(client.get("/").text, "Write to thank Ann Lee for the interview")
    primary = _primary(card)
    assert "Print letter" in primary and re.search(r'href="/steps/\d+/letter.pdf"', primary)
    assert 'hx-boost="false"' in primary  # a download, never swapped into the page


def test_a_checklist_is_marked_done(client: TestClient, app: bootstrap.App) -> None:
    monday = datetime(2026, 12, 21, 10, tzinfo=UTC)  # its checklist opened this morning
    _record(app, "Checkly", Contact("Sam Green", email="sam@checkly.example"), monday)
    card = _card(client.get("/").text, "Get ready for the interview: go through the checklist")
    primary = _primary(card)
    assert primary.startswith('<button class="primary" type="submit"')
    assert primary.endswith(">Mark done</button>")
    assert ">Open the checklist</a>" in card


def test_steps_are_grouped_by_company(client: TestClient, app: bootstrap.App) -> None:
    first = _this_morning(app, "Zeta", Contact("Noa Levi", email="noa@zeta.example"))
    _this_morning(app, " ZETA ", Contact("Tom Ellis", email="tom@zeta.example"))
    page = client.get("/").text
    groups = re.findall(r'<section class="company".*?</section>', page, re.S)
    headings = [re.search(r"<h3[^>]*>(.*?)</h3>", g, re.S)[1] for g in groups]  # type: ignore[index]
    assert f'<a href="/applications/{first.id}">Zeta</a>' in headings
    assert len(headings) == len(set(headings))  # one heading per company
    zeta = next(g for g in groups if ">Zeta</a></h3>" in g)
    assert "Thank Noa Levi for the interview" in zeta
    assert "Thank Tom Ellis for the interview" in zeta  # ZETA is Zeta: one company
    acme = next(g for g in groups if ">Acme Analytics</a></h3>" in g)
    assert "Thank Priya Shah" in acme and "Zeta" not in acme


def test_no_raw_kinds_statuses_or_source_numbers(client: TestClient) -> None:
    page = client.get("/").text
    main = page[page.index("<main") :]
    assert not re.search(r"[a-z]+-[a-z]+(-[a-z]+)? · (email|phone|letter|other)", main)
    assert "Status:" not in main and "Sources:" not in main and "Why:" not in main


def test_a_missing_detail_is_a_link_not_a_command(client: TestClient, app: bootstrap.App) -> None:
    _this_morning(app, "Nowhere", Contact("Emily Walsh"))  # no email, address or phone
    page = client.get("/").text
    assert re.search(r'<a href="/contacts/\d+">Add Emily Walsh&#39;s email</a>', page)
    assert "followup contacts" not in page
