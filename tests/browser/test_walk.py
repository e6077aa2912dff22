"""The path of issue #6 in one browser session on fresh demo data: add an interview through
the form, see its plan, open the thank-you draft, misspell the interviewer's name and see it
highlighted as you type (HTMX, no reload), fix it, approve it (no SMTP: the message to send
yourself), mark a step done from Today with an outcome, move an application on the Pipeline.
Every page on the way is checked with axe-core and saved as a screenshot."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tests.browser.conftest import axe, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


def _steps(page: Page, base_url: str, application_id: str) -> dict[str, dict[str, Any]]:
    """The application's steps by kind, as the JSON API has them."""
    answer = page.request.get(f"{base_url}api/applications/{application_id}")
    assert answer.ok, answer.status
    return {s["kind"]: s for s in answer.json()["steps"]}


def _card(within: Locator, words: str) -> Locator:
    """The step card whose heading says what the step asks, in words."""
    heading = within.page.locator("h3, h4", has_text=re.compile(rf"^\s*{re.escape(words)}\s*$"))
    return within.locator("article.step").filter(has=heading)


THANK_YOU = "Thank Priya Shah for the interview"


def test_the_walk_from_interview_to_pipeline(page: Page, fresh_url: str) -> None:
    from playwright.sync_api import expect

    # 1. Add an interview through the form.
    page.goto(fresh_url)
    page.get_by_role("link", name="Add interview").click()
    expect(page.locator("h1")).to_have_text("Add interview")
    page.fill("#company", "Acme")
    page.fill("#role", "Data Analyst")
    page.fill("#start", "2026-12-18T13:00")
    page.fill("#duration", "60m")
    page.fill("#tz", "Europe/London")
    page.fill("#country", "GB-ENG")
    page.fill("#people-0-name", "Priya Shah")
    page.fill("#people-0-title", "Head of Data")
    page.fill("#people-0-email", "priya@acme.example")
    page.fill("#people-0-phone", "+44 20 7946 0000")
    axe(page)
    screenshot(page, "walk-1-add-interview")
    page.get_by_role("button", name="Save and plan").click()

    # 2. Its plan, on the application's page.
    expect(page).to_have_url(re.compile(r"/applications/\d+$"))
    application_id = page.url.rsplit("/", 1)[1]
    expect(page.locator("h1")).to_have_text("Acme — Data Analyst")
    plan = page.locator("section[aria-labelledby='plan']")
    expect(plan).to_contain_text("Priya Shah (Head of Data)")
    thank_you, check_in = _card(plan, THANK_YOU), _card(plan, "Call Priya Shah to check in")
    expect(thank_you).to_have_count(1)
    expect(check_in).to_have_count(1)
    expect(thank_you.locator(".badge.done")).to_have_count(0)
    axe(page)
    screenshot(page, "walk-2-plan")

    # 3. The thank-you draft: a misspelt name is highlighted as it is typed, without a reload.
    # The link is boosted: the draft arrives over HTMX, and typing before HTMX has set up the
    # editor's live check (its settle) would send nothing. Wait for the settle.
    page.evaluate(
        "() => { window.settled = new Promise("
        "r => document.addEventListener('htmx:afterSettle', r, {once: true})); }"
    )
    thank_you.get_by_role("link", name="Review & send").click()
    expect(page).to_have_url(re.compile(r"/steps/\d+/draft$"))
    page.evaluate("window.settled.then(() => true)")
    step_id = page.url.split("/")[-2]
    editor = page.locator("#text")
    written = editor.input_value()
    assert "Priya" in written and "Pryia" not in written
    misspelt = page.locator("#checks mark", has_text="Pryia")
    expect(misspelt).to_have_count(0)
    page.evaluate("window.sameDocument = true")
    with page.expect_response(re.compile(r"/steps/\d+/draft/check$")):
        editor.fill(written.replace("Priya", "Pryia"))
    expect(misspelt.first).to_be_visible()
    expect(misspelt.first).to_have_attribute("class", re.compile(r"\b(error|warning)\b"))
    expect(page.locator("#checks li", has_text="Pryia")).to_contain_text("Priya Shah")
    assert page.evaluate("window.sameDocument === true"), "the page reloaded"
    axe(page)
    screenshot(page, "walk-3-draft-misspelt")

    # 4. Fixed: the highlight goes.
    with page.expect_response(re.compile(r"/steps/\d+/draft/check$")):
        editor.fill(written)
    expect(misspelt).to_have_count(0)
    assert page.evaluate("window.sameDocument === true"), "the page reloaded"
    screenshot(page, "walk-4-draft-fixed")

    # 5. Approve. No SMTP server is set: the message to send yourself (mailto: and .eml);
    #    nothing is recorded until the user says it was sent, then the step is done.
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("h1")).to_have_text("Send it yourself")
    mailto = page.locator("a[href^='mailto:']")
    expect(mailto).to_have_count(1)
    assert "priya@acme.example" in unquote(mailto.get_attribute("href") or "")
    eml = page.request.get(f"{fresh_url}steps/{step_id}/message.eml")
    assert eml.ok and eml.headers["content-type"].startswith("message/rfc822")
    message = eml.text()
    assert "priya@acme.example" in message and "Priya" in message and "Pryia" not in message
    assert _steps(page, fresh_url, application_id)["thank-you"]["status"] == "planned"
    axe(page)
    screenshot(page, "walk-5-send-it-yourself")
    page.get_by_role("button", name="I sent it: mark the step done").click()
    expect(page).to_have_url(re.compile(rf"/applications/{application_id}\?did=done$"))
    # Done, it leaves the plan ahead for the thread of what happened.
    expect(_card(page.locator("section[aria-labelledby='plan']"), THANK_YOU)).to_have_count(0)
    thanked = page.locator("section[aria-labelledby='timeline'] li.event-step").first
    expect(thanked).to_contain_text("Thanked Priya Shah for the interview")
    done = _steps(page, fresh_url, application_id)["thank-you"]
    assert (done["status"], done["outcome"]) == ("done", "sent")
    screenshot(page, "walk-6-thank-you-done")

    # 6. Mark a step done from Today, with an outcome (a call's if one is due, else "sent").
    page.get_by_role("link", name="Today").click()
    expect(page.locator("h1")).to_have_text("Today")
    cards = page.locator("article.step")
    calls = cards.filter(has=page.locator("option", has_text="voicemail"))
    card = (calls if calls.count() else cards.filter(has=page.locator("details"))).first
    step = int((card.get_attribute("aria-labelledby") or "").removeprefix("step-"))
    due = page.request.get(f"{fresh_url}api/today").json()
    owner = next(s["application_id"] for s in due["overdue"] + due["due"] if s["id"] == step)
    card.locator("summary", has_text="More actions").click()  # the menu of the other actions
    chosen = "sent"
    if calls.count():
        outcome = card.get_by_label("How did the call go?")
        chosen = outcome.locator("option").last.get_attribute("value") or ""
        outcome.select_option(chosen)
    card.get_by_role("button", name=re.compile(r"^(Done|Mark done \(sent it yourself\))$")).click()
    expect(page.locator("h1")).to_have_text("Today")
    expect(page.locator(f"article[aria-labelledby='step-{step}']")).to_have_count(0)
    marked = _steps_by_id(page, fresh_url, owner)[step]
    assert (marked["status"], marked["outcome"]) == ("done", chosen)
    screenshot(page, "walk-7-today-after-done")

    # 7. Move an application to another stage on the Pipeline: it shows under the new stage.
    page.get_by_role("link", name="Pipeline").click()
    expect(page.locator("h1")).to_have_text("Pipeline")
    ours = f"a[href='/applications/{application_id}']"
    row = page.locator("section[aria-labelledby='stage-interviewing'] li.card").filter(
        has=page.locator(ours)
    )
    expect(row).to_have_count(1)
    row.get_by_label("Move Acme to").select_option("offer")
    row.get_by_role("button", name="Move").click()
    expect(page.locator(f"section[aria-labelledby='stage-offer'] {ours}")).to_have_count(1)
    expect(page.locator(f"section[aria-labelledby='stage-interviewing'] {ours}")).to_have_count(0)
    axe(page)
    screenshot(page, "walk-8-pipeline-moved")


def _steps_by_id(page: Page, base_url: str, application_id: object) -> dict[int, dict[str, Any]]:
    """The application's steps by id, as the JSON API has them."""
    answer = page.request.get(f"{base_url}api/applications/{application_id}")
    assert answer.ok, answer.status
    return {s["id"]: s for s in answer.json()["steps"]}
