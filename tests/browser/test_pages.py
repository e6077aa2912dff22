"""Every page in a real browser: no serious or critical axe-core violation, a screenshot,
the Content-Security-Policy obeyed, and keyboard use (skip link first, then the navigation,
every control reachable with Tab in document order, each with a visible focus outline)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tests.browser.conftest import axe, screenshot
from tests.browser.pages import PAGES, open_page

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page


@PAGES
def test_page_has_no_serious_accessibility_violation(page: Page, base_url: str, name: str) -> None:
    open_page(page, base_url, name)
    assert page.locator("h1").count() == 1
    assert page.title().endswith("· followup")
    axe(page)
    assert screenshot(page, name).stat().st_size > 0


@PAGES
def test_page_obeys_its_content_security_policy(
    strict_context: BrowserContext, base_url: str, name: str
) -> None:
    """Under the real CSP (no bypass): no refused script or style, no script error, and
    the page's own scripts ran (HTMX is loaded)."""
    page = strict_context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    open_page(page, base_url, name)
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    assert not problems, f"{name}: " + "\n".join(problems)


# Every element a keyboard user must reach, in document order, as long as it is shown.
INTERACTIVE = """() => {
  const all = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, '
    + 'textarea, details > summary:first-of-type, [contenteditable], '
    + '[tabindex]:not([tabindex="-1"])');
  const closed = el => { const d = el.closest('details:not([open])');
    return d !== null && el !== d.querySelector(':scope > summary'); };
  const shown = [...all].filter(el => !el.disabled && !closed(el)
    && el.checkVisibility({visibilityProperty: true}));
  shown.forEach((el, i) => { el.dataset.kb = String(i); });
  return shown.map(el => el.tagName.toLowerCase() + ' ' + (el.id || el.textContent.trim()));
}"""

# The focused element: its number above, whether it shows a focus ring (2px or more, with
# 3:1 contrast against the background around it: WCAG 1.4.11), and whether it is on screen.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgba = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = [255, 255, 255];
  for (let e = el.parentElement; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) { behind = c; break; }
  }
  const style = getComputedStyle(el);
  const [hi, lo] = [lum(rgba(style.outlineColor)), lum(behind)].sort((a, b) => b - a);
  const box = el.getBoundingClientRect();
  return {kb: el.dataset.kb ?? null, tag: el.tagName.toLowerCase(), id: el.id,
          text: (el.textContent || '').trim().slice(0, 40), classes: el.className,
          visible: el.matches(':focus-visible'),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          contrast: Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100,
          inside: box.right > 0 && box.bottom > 0 && box.left < innerWidth};
}"""


@PAGES
def test_page_works_from_the_keyboard(page: Page, base_url: str, name: str) -> None:
    open_page(page, base_url, name)
    controls: list[str] = page.evaluate(INTERACTIVE)
    assert controls, f"{name}: nothing to reach with the keyboard"

    reached: list[dict[str, Any]] = []
    for _ in range(6 * len(controls) + 10):  # a date input takes a Tab per part
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (reached and focused["kb"] == "0"):
            break  # past the last control, or round to the first again
        if not reached or focused["kb"] != reached[-1]["kb"]:
            reached.append(focused)

    first, second = reached[0], reached[1]
    assert "skip" in first["classes"], f"the first Tab reaches {first}, not the skip link"
    assert first["inside"], "the skip link stays off screen when focused"
    assert page.locator("nav[aria-label='Main'] a").first.evaluate(
        "(a, kb) => a.dataset.kb === kb", second["kb"]
    ), f"the second Tab reaches {second}, not the navigation"
    order = [f["kb"] for f in reached]
    assert order == [str(i) for i in range(len(controls))], (
        f"{name}: Tab order {order} is not the document order of {controls}"
    )
    unringed = [f for f in reached if not (f["visible"] and f["outline"] and f["contrast"] >= 3)]
    assert not unringed, (
        f"{name}: focused without a visible focus outline (2px, 3:1): "
        + ", ".join(
            f"{f['tag']} {f['id'] or f['text']!r} (contrast {f['contrast']})" for f in unringed
        )
    )

    # The skip link moves focus to the content: the next Tab is the first control in it.
    page.goto(page.url)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_each_step_action_says_which_step_it_acts_on(page: Page, base_url: str) -> None:
    """Today has its primary action, "Why?" and, in the menu, "Mark done", "Snooze" and "Skip"
    per step: a screen reader hears each one's step (its heading) as its description."""
    from playwright.sync_api import expect

    open_page(page, base_url, "today")
    cards = page.locator("article.step").filter(has=page.locator("details.menu"))
    assert cards.count() >= 2
    for n in range(cards.count()):
        card = cards.nth(n)
        heading = " ".join(card.locator("h3, h4").first.inner_text().split())
        primary = card.locator(".primary").first
        expect(primary).to_have_accessible_description(heading)
        expect(card.get_by_role("link", name="Why?")).to_have_accessible_description(heading)
        card.locator("summary", has_text="More actions").click()
        done = re.compile(r"^(Done|Mark done \(sent it yourself\))$")
        for action in (done, "Snooze", "Skip"):
            button = card.get_by_role("button", name=action)
            expect(button).to_have_accessible_description(heading)
