"""Every page on a phone (390×844): nothing wider than the screen, so no page scrolls
sideways; a screenshot of each in test-artifacts/screenshots/phone-<name>.png."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.browser.conftest import screenshot
from tests.browser.pages import PAGES, open_page

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

SCREEN = 390
# The elements wider than the screen, to name what overflows when a page does.
WIDER = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > 390.5)
  .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > 390.5))
  .slice(0, 8)
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
       + (el.className && typeof el.className === 'string' ? '.' + el.className : '')
       + ' ' + Math.round(el.getBoundingClientRect().right) + 'px')"""


@PAGES
def test_page_fits_a_phone_screen(phone: BrowserContext, base_url: str, name: str) -> None:
    page = phone.new_page()
    open_page(page, base_url, name)
    page.wait_for_load_state("load")
    # On a phone the browser widens its layout to fit what overflows (innerWidth grows with
    # it), so the page is held to the screen's own width, not to innerWidth alone.
    width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    screenshot(page, f"phone-{name}")
    assert max(width, inner) <= SCREEN, f"{name}: {width}px wide on a {SCREEN}px screen: " + (
        ", ".join(page.evaluate(WIDER))
    )
