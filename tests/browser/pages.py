"""The pages the browser tests visit, and how to reach each (tests/browser/test_*.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page


# Each page: its path, or the page and the first link on it that leads there.
WHERE: dict[str, str | tuple[str, str]] = {
    "today": "",
    "pipeline": "pipeline",
    "application": ("pipeline", "main a[href^='/applications/']"),
    "draft": ("", "main a[href$='/draft']"),
    "send-yourself": "steps/3/send-yourself",  # the demo's thank-you to Priya, no SMTP
    "add-interview": "interviews/new",
    "debrief": "applications/1/debrief",  # the demo's first application: its interview is over
    "add-round": "applications/1/rounds/new",  # the demo's first application, open
    "contacts": "contacts",
    "contact": ("contacts", "main a[href^='/contacts/']"),
    "settings": "settings",
    "insights": "insights",
    "rule": ("", "main a[href^='/rules/']"),  # "Why?" on Today's first step
    "rules": "rules",
    "delete-application": "applications/1/delete",  # the demo's first application
    "delete-contact": "contacts/1/delete",  # its first person
    "bring-data": "import",  # Bring your data (the upload of an export)
}
PAGES = pytest.mark.parametrize("name", list(WHERE))
# Server mode's pages (Coaches, Caseload, a job seeker's and an application's for their coach)
# need accounts and PostgreSQL: test_consent_walk.py checks them on a phone.


def open_page(page: Page, base_url: str, name: str) -> None:
    """Go to the page (following the link to it, for a page of one record)."""
    where = WHERE[name]
    if isinstance(where, tuple):
        on, selector = where
        response = page.goto(base_url + on)
        assert response is not None and response.status == 200, f"/{on}: {response}"
        href = page.locator(selector).first.get_attribute("href")
        assert href, f"no link {selector} on /{on}"
        where = href.lstrip("/")
    response = page.goto(base_url + where)
    assert response is not None and response.status == 200, f"/{where}: {response}"
