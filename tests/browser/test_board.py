"""The Pipeline board in a real browser, each test on fresh demo data: a card dragged to another
column (SortableJS) is moved and stays moved after a reload; a move the server refuses puts
the card back and says why; the keyboard moves a card with its form, without leaving the
page, and keeps the focus on it; and without JavaScript the same form still moves it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tests.browser.conftest import _new_context, axe, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page


def _column(page: Page, stage: str, card: str = "") -> Any:
    return page.locator(f"section[aria-labelledby='stage-{stage}'] {card}".strip())


def _stage(page: Page, base_url: str, application_id: int) -> str:
    answer = page.request.get(f"{base_url}api/applications/{application_id}")
    assert answer.ok, answer.status
    stage: str = answer.json()["stage"]
    return stage


def _open_board(page: Page, base_url: str) -> None:
    """The Pipeline, reached by its link from Today (HTMX brings it in: board.js starts on
    it all the same), once board.js has made its cards draggable."""
    page.goto(base_url)
    page.get_by_role("link", name="Pipeline").click()
    page.wait_for_function(
        "() => window.Sortable && document.getElementById('board').dataset.started"
    )


def test_a_card_dragged_to_another_column_moves(
    strict_context: BrowserContext, fresh_url: str
) -> None:
    """Under the app's real CSP: SortableJS and board.js break none of it."""
    from playwright.sync_api import expect

    page = strict_context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": 1200, "height": 1600})  # both columns in sight
    _open_board(page, fresh_url)
    nordlicht = _column(page, "interviewing", "#card-2")
    expect(nordlicht).to_have_count(1)
    with page.expect_response(re.compile(r"/api/applications/2/stage$")) as answer:
        nordlicht.locator("p.role").drag_to(page.locator("ul.cards[data-stage='rejected']"))
    assert answer.value.ok, answer.value.status
    expect(page.locator("#board-status")).to_have_text("Moved Nordlicht Software GmbH to Rejected.")
    expect(_column(page, "rejected", "#card-2")).to_have_count(1)
    expect(page.locator("#stage-rejected")).to_have_text("Rejected (2)")
    expect(page.locator("#stage-interviewing")).to_have_text("Interviewing (3)")
    screenshot(page, "board-dragged")
    page.reload()
    expect(_column(page, "rejected", "#card-2")).to_have_count(1)
    expect(_column(page, "interviewing", "#card-2")).to_have_count(0)
    detail = page.request.get(f"{fresh_url}api/applications/2").json()
    assert detail["stage"] == "rejected"
    assert [d["kind"] for d in detail["decisions"]] == ["rejected"]  # as the form records it
    assert not problems, "\n".join(problems)


def test_a_refused_move_puts_the_card_back_and_says_why(page: Page, fresh_url: str) -> None:
    from playwright.sync_api import expect

    _open_board(page, fresh_url)
    # Meanwhile, elsewhere, Nordlicht is decided: this page does not know yet.
    token = page.request.get(f"{fresh_url}api/csrf").json()["token"]
    decided = page.request.post(
        f"{fresh_url}api/applications/2/decide",
        data={"kind": "withdrawn"},
        headers={"X-CSRF-Token": token},
    )
    assert decided.ok, decided.status
    nordlicht = _column(page, "interviewing", "#card-2")
    with page.expect_response(re.compile(r"/api/applications/2/stage$")) as answer:
        nordlicht.locator("p.role").drag_to(page.locator("ul.cards[data-stage='applied']"))
    assert answer.value.status == 409
    status = page.locator("#board-status")
    expect(status).to_contain_text("Nordlicht Software GmbH was not moved")
    expect(status).to_contain_text("cannot go back")
    expect(status).to_have_class(re.compile(r"\brefused\b"))
    expect(_column(page, "interviewing", "#card-2")).to_have_count(1)
    expect(_column(page, "applied", "#card-2")).to_have_count(0)
    assert _stage(page, fresh_url, 2) == "withdrawn"
    axe(page)


def test_the_keyboard_moves_a_card_with_its_form(page: Page, fresh_url: str) -> None:
    from playwright.sync_api import expect

    _open_board(page, fresh_url)
    page.evaluate("window.sameDocument = true")
    maple = _column(page, "interviewing", "#card-3")
    maple.get_by_label("Move Maple Health to").focus()
    maple.get_by_label("Move Maple Health to").select_option("offer")
    page.keyboard.press("Tab")
    expect(maple.get_by_role("button", name="Move")).to_be_focused()
    with page.expect_response(re.compile(r"/api/applications/3/stage$")):
        page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_have_text("Moved Maple Health to Offer.")
    moved = _column(page, "offer", "#card-3")
    expect(moved).to_have_count(1)
    expect(moved.get_by_label("Move Maple Health to")).to_be_focused()  # still on the card
    assert page.evaluate("window.sameDocument === true"), "the page was left"
    page.reload()
    expect(_column(page, "offer", "#card-3")).to_have_count(1)
    assert _stage(page, fresh_url, 3) == "offer"


def test_without_javascript_the_form_still_moves_a_card(browser: Browser, fresh_url: str) -> None:
    from playwright.sync_api import expect

    context = _new_context(browser, bypass_csp=False, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(fresh_url + "pipeline")
        acme = _column(page, "interviewing", "#card-1")
        acme.get_by_label("Move Acme Analytics to").select_option("applied")
        acme.get_by_role("button", name="Move").click()
        expect(page).to_have_url(fresh_url + "pipeline?did=moved")
        expect(_column(page, "applied", "#card-1")).to_have_count(1)
        expect(page.locator("#stage-applied")).to_have_text("Applied (1)")
        assert _stage(page, fresh_url, 1) == "applied"
    finally:
        context.close()
