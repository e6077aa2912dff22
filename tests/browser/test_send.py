"""The send path in a browser (issue #16): Approve without SMTP leads to "Send it yourself",
whose .eml link downloads a file (HTMX does not swallow it) and leaves the page as it was;
after Approve and after Done, reloading and going back never show "405 Method Not Allowed";
the page after Done says so (a toast). With JavaScript and without it."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path
from typing import TYPE_CHECKING

from tests.browser.conftest import axe

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

THANKS = 3  # the demo's thank-you email to Priya Shah (Acme Analytics), open today
ACME = 1


def _no_405(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("h1")).not_to_have_text(re.compile("405|Method Not Allowed"))
    assert "Method Not Allowed" not in page.content()


def _reload_is_the_same_page(page: Page) -> None:
    """Reloading asks for the page's own address with GET, and gets it."""
    url, heading = page.url, page.locator("h1").inner_text()
    response = page.reload()
    assert response is not None and response.status == 200, f"{url}: {response}"
    assert page.url == url and page.locator("h1").inner_text() == heading
    _no_405(page)


def test_approve_download_done_then_reload_and_back(page: Page, fresh_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{fresh_url}steps/{THANKS}/draft")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("h1")).to_have_text("Send it yourself")
    expect(page).to_have_url(f"{fresh_url}steps/{THANKS}/send-yourself")
    page.evaluate("window.samePage = true")

    # The .eml link downloads a file; the page stays as it was.
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download it as an .eml file").click()
    download = downloading.value
    assert download.suggested_filename == f"Acme Analytics - thank-you (step {THANKS}).eml"
    message = message_from_bytes(Path(download.path()).read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "priya.shah@acme.example"
    expect(page.locator("h1")).to_have_text("Send it yourself")
    assert page.evaluate("window.samePage === true"), "the page was replaced"
    axe(page)

    # Reload after Approve: the same page, not 405; back: the draft.
    _reload_is_the_same_page(page)
    page.go_back()
    expect(page).to_have_url(f"{fresh_url}steps/{THANKS}/draft")
    _no_405(page)
    page.go_forward()
    expect(page.locator("h1")).to_have_text("Send it yourself")

    # Done: the application's page says so; reload and back show no 405.
    page.get_by_role("button", name="I sent it: mark the step done").click()
    expect(page).to_have_url(re.compile(rf"/applications/{ACME}\?did=done$"))
    expect(page.get_by_role("status").filter(has_text="Marked done.")).to_be_visible()
    axe(page)
    _reload_is_the_same_page(page)
    page.go_back()
    expect(page.locator("h1")).to_have_text("Send it yourself")
    _no_405(page)


def test_without_javascript_every_answer_is_a_page_that_reloads(
    browser: Browser, fresh_url: str
) -> None:
    """No HTMX: the forms post and the browser follows the redirect itself."""
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{fresh_url}steps/{THANKS}/draft")
        page.get_by_role("button", name="Approve", exact=True).click()
        expect(page).to_have_url(f"{fresh_url}steps/{THANKS}/send-yourself")
        _reload_is_the_same_page(page)
        with page.expect_download() as downloading:
            page.get_by_role("link", name="Download it as an .eml file").click()
        assert downloading.value.suggested_filename.endswith(".eml")
        page.get_by_role("button", name="I sent it: mark the step done").click()
        expect(page.get_by_role("status").filter(has_text="Marked done.")).to_be_visible()
        _reload_is_the_same_page(page)
        page.go_back()
        _no_405(page)
    finally:
        context.close()


def test_a_refused_approval_keeps_the_address_of_its_page(page: Page, fresh_url: str) -> None:
    """Approve refused (an error in the text: 409, the editor again with the message, over
    HTMX) leaves the draft's own address in the history: a reload asks for the draft page."""
    from playwright.sync_api import expect

    page.goto(f"{fresh_url}steps/{THANKS}/draft")
    editor = page.locator("#text")
    editor.fill(editor.input_value().replace("Priya", "Pryia"))
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="nothing was sent")).to_be_visible()
    expect(page).to_have_url(f"{fresh_url}steps/{THANKS}/draft")
    _reload_is_the_same_page(page)
    assert "Pryia" in page.locator("#text").input_value()  # the edit was kept, to fix


def test_saving_the_profile_in_a_browser_lands_on_settings(page: Page, fresh_url: str) -> None:
    """The Settings forms post from a page whose requests carry its Origin (a `no-referrer`
    policy made the browser send `Origin: null`, refused as from another site), then land
    on the Settings page, which reloads."""
    from playwright.sync_api import expect

    page.goto(f"{fresh_url}settings")
    page.fill("#profile-name", "Alex Morgan-Reed")
    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_url(f"{fresh_url}settings?saved=profile#profile")
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    _reload_is_the_same_page(page)
    expect(page.locator("#profile-name")).to_have_value("Alex Morgan-Reed")
