"""Browser tests: the real app as a process (`followup demo`, then `followup serve`), driven
by Debian's chromium through Playwright, with axe-core injected into each page.

Playwright never downloads a browser here: it runs /usr/bin/chromium (.ci/system-deps
installs it) and axe-core comes from `npm ci --prefix tests/browser` (the Makefile runs it).
If either is missing the tests skip with the reason, except under CI (the `CI` variable),
where a skipped browser test would hide a broken page: there they fail instead.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from tests.e2e.conftest import EXE
from tests.web.conftest import environ

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
BLOCKING = ("serious", "critical")


def unavailable(reason: str) -> NoReturn:
    """Skip with the reason; under CI, fail (CI must run every browser test)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI runs the browser tests, so this is a failure", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app(home: Path, demo: bool = True, ready: str = "", **settings: str) -> Iterator[str]:
    """`followup demo` (unless not `demo`: a new user's empty data) then `followup serve
    --no-jobs` on a free loopback port, with its data under `home` (and `settings` in its
    environment, e.g. FOLLOWUP_DATABASE_URL); yields the base URL (ending in /) once it
    answers 200 at `ready` (a path after it; server mode: one that needs no sign-in),
    stops it after."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "FOLLOWUP_USER": "demo",
        **environ(home),
        **settings,
    }
    if demo:
        subprocess.run([EXE, "demo"], env=env, check=True, capture_output=True, timeout=60)
    port = _free_port()
    log = home / "serve.log"
    with log.open("wb") as err:
        server = subprocess.Popen(
            [EXE, "serve", "--port", str(port), "--no-jobs"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline, last = time.monotonic() + 30, ""
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"followup serve exited: {log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(url + ready, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError as error:
                last = str(error)
            if time.monotonic() > deadline:
                raise RuntimeError(f"followup serve did not answer on {url}: {last}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app on the demo data for the whole session: for tests that change nothing."""
    with running_app(tmp_path_factory.mktemp("browser-home")) as url:
        yield url


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    """An app of its own on fresh demo data: for a test that changes data."""
    with running_app(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless (Playwright's own browsers are never installed)."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (install it with .ci/system-deps)")
    if not AXE.exists():
        unavailable(f"{AXE} is missing (run `npm ci --prefix tests/browser`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is missing (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()


def _new_context(browser: Browser, bypass_csp: bool, **device: Any) -> BrowserContext:
    """1200×800 unless a device is given, British English in London like the demo user,
    10 s to wait for anything."""
    made = browser.new_context(
        **({"viewport": {"width": 1200, "height": 800}} | device),
        locale="en-GB",
        timezone_id="Europe/London",
        bypass_csp=bypass_csp,
    )
    made.set_default_timeout(10_000)
    return made


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context (cookies, so its own CSRF token) at 1200×800. The app's CSP allows
    only its own scripts, so the context bypasses it to inject axe-core; `strict_context`
    keeps the CSP for the test that checks the pages obey it."""
    made = _new_context(browser, bypass_csp=True)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def strict_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context that enforces the app's Content-Security-Policy."""
    made = _new_context(browser, bypass_csp=False)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    """A phone: 390×844 CSS pixels at 3× (an iPhone 12 to 15), touch, under the real CSP."""
    made = _new_context(
        browser,
        bypass_csp=False,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    try:
        yield made
    finally:
        made.close()


def axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; fail on any serious or critical violation,
    naming each (rule, help, the elements). Returns every violation found."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    report = "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})\n"
        + "\n".join(
            f"    {json.dumps(n['target'])}: {n.get('failureSummary', '')}" for n in v["nodes"]
        )
        for v in blocking
    )
    assert not blocking, f"axe-core found on {page.url}:\n{report}"
    return violations


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
