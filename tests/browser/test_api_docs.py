"""/api/docs in a real browser under the app's real CSP: Swagger UI starts from the vendored
files (no CDN: the browser tests run with no network but loopback) and shows the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext


def test_the_api_docs_load_and_list_the_api(strict_context: BrowserContext, base_url: str) -> None:
    page = strict_context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    failed = lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None  # noqa: E731
    page.on("response", failed)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    response = page.goto(base_url + "api/docs")
    assert response is not None and response.status == 200
    page.locator(".opblock").first.wait_for(timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/applications" in [p.replace("\u200b", "") for p in paths]
    assert not problems, "\n".join(problems)
    assert not outside, f"requests outside followup: {outside}"


def test_try_it_out_reaches_the_api(strict_context: BrowserContext, base_url: str) -> None:
    page = strict_context.new_page()
    page.goto(base_url + "api/docs#/api/applications_api_applications_get")
    block = page.locator("#operations-api-applications_api_applications_get")
    block.wait_for(timeout=15_000)
    if not block.locator(".opblock-body").count():  # the link opens it; a click if not
        block.locator(".opblock-summary-control").click()
    block.locator(".try-out__btn").click()
    block.locator(".execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15_000)
    assert status.inner_text().strip() == "200"


def test_try_it_out_sends_the_csrf_token_with_a_change(
    strict_context: BrowserContext, base_url: str
) -> None:
    """A POST from the docs passes the CSRF check (the token rides in X-CSRF-Token): for a
    step that does not exist the answer is 404, not the 403 of a missing token."""
    page = strict_context.new_page()
    page.goto(base_url + "api/docs#/api/done_api_steps__step_id__done_post")
    block = page.locator("#operations-api-done_api_steps__step_id__done_post")
    block.wait_for(timeout=15_000)
    if not block.locator(".opblock-body").count():
        block.locator(".opblock-summary-control").click()
    block.locator(".try-out__btn").click()
    block.locator("input[placeholder='step_id']").fill("999999")
    block.locator(".execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15_000)
    assert status.inner_text().strip() == "404"
