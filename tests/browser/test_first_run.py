"""A new user's first run: the empty Today walks through the profile (Settings), then the first
interview (the Add interview form), then shows the plan it made. Each page on the way passes
axe-core; the empty Today and the plan fit a phone, under the real CSP. Screenshots of each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import axe, running_app, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

SCREEN = 390


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """An app of its own with no data at all: a new user."""
    with running_app(tmp_path, demo=False) as url:
        yield url


def _fits(phone: BrowserContext, url: str, name: str) -> None:
    page = phone.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    screenshot(page, f"phone-{name}")
    assert max(width, inner) <= SCREEN, f"{url}: {width}px wide"
    page.close()


def test_first_run_profile_interview_plan(
    page: Page, phone: BrowserContext, empty_url: str
) -> None:
    from playwright.sync_api import expect

    page.goto(empty_url)
    expect(page.locator("#start")).to_have_text("Start here")
    axe(page)
    screenshot(page, "first-run-1-empty-today")
    _fits(phone, empty_url, "first-run-1-empty-today")

    # 1. The profile.
    page.get_by_role("link", name="Fill in your profile").click()
    expect(page.locator("h1")).to_have_text("Settings")
    page.fill("#profile-name", "Alex Morgan")
    page.fill("#profile-email", "alex@example.org")
    page.fill("#profile-country", "GB-ENG")
    page.fill("#profile-timezone", "Europe/London")
    page.locator("#profile-name").press("Enter")
    expect(page).to_have_url(re.compile(r"/\?did=profile$"))  # back to Today, step 1 done
    expect(page.locator("main")).to_contain_text("Your profile is saved.")
    axe(page)
    screenshot(page, "first-run-2-profile-done")

    # 2. The first interview.
    page.get_by_role("link", name="Add your first interview").click()
    expect(page.locator("h1")).to_have_text("Add interview")
    page.fill("#company", "Acme")
    page.fill("#role", "Data Analyst")
    page.fill("#start", "2026-12-18T13:00")
    page.fill("#people-0-name", "Priya Shah")
    page.fill("#people-0-email", "priya@acme.example")
    page.fill("#people-0-phone", "+44 20 7946 0000")
    page.get_by_role("button", name="Save and plan").click()

    # 3. Today, with the plan it made.
    expect(page).to_have_url(re.compile(r"/\?plan=\d+$"))
    made = page.locator("section[aria-labelledby='made']")
    expect(made).to_contain_text("The plan for Acme · Data Analyst")
    expect(made).to_contain_text("Thank Priya Shah for the interview")
    expect(made).to_contain_text("Call Priya Shah to check in")
    axe(page)
    screenshot(page, "first-run-3-the-plan")
    _fits(phone, page.url, "first-run-3-the-plan")
