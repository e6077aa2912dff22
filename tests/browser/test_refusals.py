"""What the server refuses (4xx) is shown in the browser too: HTMX boosts the forms, and
htmx by default drops 4xx answers; the page's htmx-config swaps them in."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import axe, screenshot


def test_approving_a_draft_with_an_error_shows_why_and_keeps_the_text(
    page: Page, fresh_url: str
) -> None:
    page.goto(f"{fresh_url}steps/3/draft")  # the demo's thank-you to Priya Shah
    editor = page.locator("#text")
    misspelt = editor.input_value().replace("Priya", "Pryia")
    editor.fill(misspelt)
    with page.expect_response(re.compile(r"/steps/3/approve$")) as answer:
        page.get_by_role("button", name="Approve", exact=True).click()
    assert answer.value.status == 409
    expect(page.get_by_role("alert")).to_contain_text("error")
    expect(page.locator("#text")).to_have_value(misspelt)
    expect(page.locator("#checks mark", has_text="Pryia").first).to_be_visible()
    axe(page)
    screenshot(page, "refused-approval")


def test_an_unknown_stage_from_a_tampered_form_is_shown_as_an_error(
    page: Page, fresh_url: str
) -> None:
    page.goto(f"{fresh_url}pipeline")
    select = page.locator("select[name='stage']").first
    select.evaluate("s => { s.options[0].value = 'lost'; s.value = 'lost'; }")
    with page.expect_response(re.compile(r"/stage$")) as answer:
        page.get_by_role("button", name="Move").first.click()
    assert answer.value.status == 422
    # The board sends the move itself (static/board.js) and says why it was refused.
    expect(page.locator("main")).to_contain_text("was not moved: stage: Input should be 'applied'")
