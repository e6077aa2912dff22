"""Consent, walked in a browser against `followup serve` in server mode on PostgreSQL (issue
#18 item 3): a job seeker shares with a coach on their Coaches page, the coach finds them on
the caseload and opens their page, the job seeker reads that in the access log and revokes,
and the coach's page of them is gone (404) at once. On a desktop and on a phone (390 px wide,
where no page may scroll sideways); axe-core on each page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import _new_context, axe, running_app, screenshot
from tests.integration.conftest import postgres_schema
from tests.server import SECRET, account, server_app, session

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

from followup.domain.accounts import SESSION_COOKIE, Role

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, str, int]]:
    """A server-mode app on a PostgreSQL schema of its own: (its URL, the job seeker's
    session cookie, the coach's, the job seeker's account id)."""
    with postgres_schema() as url:
        settings = {
            "FOLLOWUP_SERVER": "1",
            "FOLLOWUP_SECRET_KEY": SECRET,
            "FOLLOWUP_DATABASE_URL": url,
        }
        app = server_app(tmp_path, url)
        ann = account(app, "ann@example.org", seeded=True)
        coach = account(app, "coach@example.org", Role.COACH)
        cookies = session(app, ann), session(app, coach)
        app.store.close()
        with running_app(tmp_path, demo=False, ready="static/followup.css", **settings) as base:
            yield base, *cookies, ann.id


def _signed_in(browser: Browser, base: str, cookie: str, phone: bool) -> BrowserContext:
    made = _new_context(browser, bypass_csp=True, **(PHONE if phone else {}))
    made.add_cookies([{"name": SESSION_COOKIE, "value": cookie, "url": base}])
    return made


def _open(page: Page, url: str, phone: bool, name: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response}"
    axe(page)
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, f"phone-{name}")
        assert width <= 390, f"{url}: {width}px wide on a 390px screen"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_job_seeker_shares_sees_the_log_and_revokes(
    browser: Browser, server: tuple[str, str, str, int], phone: bool
) -> None:
    base, ann_cookie, coach_cookie, ann_id = server
    ann = _signed_in(browser, base, ann_cookie, phone).new_page()
    coach = _signed_in(browser, base, coach_cookie, phone).new_page()

    _open(ann, base + "coaches", phone, "coaches")
    ann.get_by_label("Share with a coach: their email").fill("coach@example.org")
    ann.get_by_role("button", name="Share", exact=True).click()
    ann.get_by_role("status").filter(has_text="Shared").wait_for()
    assert ann.get_by_role("heading", name="coach@example.org").is_visible()

    _open(coach, base + "caseload", phone, "caseload")
    coach.get_by_role("link", name="ann@example.org").click()
    coach.wait_for_url(f"**/caseload/{ann_id}")
    assert coach.get_by_role("heading", name="Pipeline").is_visible()
    _open(coach, base + f"caseload/{ann_id}", phone, "caseload-seeker")
    one = coach.locator("main a[href*='/applications/']").first.get_attribute("href")
    assert one
    _open(coach, base + one.lstrip("/"), phone, "caseload-application")

    ann.reload()
    log = ann.locator("#access-log")
    assert "coach@example.org" in log.inner_text()
    assert "Today, Pipeline and Insights" in log.inner_text()
    ann.get_by_role("button", name="Revoke").click()
    ann.get_by_role("status").filter(has_text="Revoked").wait_for()

    gone = coach.goto(base + f"caseload/{ann_id}")
    assert gone is not None and gone.status == 404
    coach.goto(base + "caseload")
    assert coach.get_by_role("link", name="ann@example.org").count() == 0
