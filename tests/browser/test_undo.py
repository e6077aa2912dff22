"""Undo in a real browser, on fresh demo data: a decision recorded by its button, the toast
that offers to undo it (checked with axe-core, and at a phone's width), Undo pressed, and the
application back as it was, without the toast."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.browser.conftest import axe, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_a_decision_undone_from_the_toast(page: Page, fresh_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{fresh_url}applications/1")
    stage = page.locator("main p.summary").inner_text()
    page.get_by_role("button", name="Rejected").click()
    toast = page.locator(".toast.undo")
    expect(toast).to_contain_text("Decision: rejected")
    axe(page)
    screenshot(page, "undo-toast")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    toast.get_by_role("button", name="Undo").click()
    expect(page.locator(".toast.undo")).to_have_count(0)
    assert page.locator("main p.summary").inner_text() == stage
