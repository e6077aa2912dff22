"""Accounts in a real browser, on `followup serve --server` (PostgreSQL; skipped without it):
the first admin (made with `followup accounts add`) signs in and invites a coach and a job
seeker; the mails, caught by a loopback SMTP server, carry the links; the job seeker accepts
(sets a password), signs out, resets the password by the mailed link and signs in with the
new one to Today. Each page is checked with axe-core, and on a phone's width (390 px)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import _new_context, axe, running_app, screenshot
from tests.e2e.conftest import EXE, postgres_schema_url  # noqa: F401  (a fixture)
from tests.mailservers import SmtpServer
from tests.web.conftest import environ

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.postgres
ADMIN, PASSWORD = "admin@careers.example.org", "the admin's passphrase"
SEEKER, COACH = "sam@example.org", "cleo@example.org"
SCREEN = 390


def _link(smtp: SmtpServer, to: str, path: str) -> str:
    """The link in the last mail to `to` (read as a strict reader reads it)."""
    mine = [m for m in smtp.messages if m.rcpt_tos == [to]]
    assert mine, f"no mail to {to}"
    found = re.search(rf"https?://\S+/{path}/[A-Za-z0-9_-]+", mine[-1].checked().get_content())
    assert found, mine[-1].checked().get_content()
    return found[0]


def _fits_a_phone(phone: BrowserContext, url: str, name: str, cookie_from: Page) -> None:
    """The page at `url` no wider than a phone's screen (signed in as `cookie_from` is)."""
    phone.clear_cookies()
    phone.add_cookies(cookie_from.context.cookies())
    page = phone.new_page()
    page.goto(url)
    width = page.evaluate("Math.max(document.documentElement.scrollWidth, innerWidth)")
    screenshot(page, f"phone-{name}")
    assert width <= SCREEN, f"{name}: {width}px wide on a {SCREEN}px screen"
    page.close()


def _sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}sign-in")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_invite_accept_sign_out_reset_and_sign_in(
    tmp_path: Path,
    postgres_schema_url: str,  # noqa: F811
    smtp_server_strict: SmtpServer,
    context: BrowserContext,
    phone: BrowserContext,
) -> None:
    from playwright.sync_api import expect

    settings = {
        "FOLLOWUP_SERVER": "1",
        "FOLLOWUP_DATABASE_URL": postgres_schema_url,
        "FOLLOWUP_SECRET_KEY": "a test secret key, long enough to be one",
        "FOLLOWUP_MAIL_FROM": "Careers Service <followup@careers.example.org>",
        **smtp_server_strict.env(),
    }
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **environ(tmp_path), **settings}
    made = subprocess.run(
        [EXE, "accounts", "add", ADMIN, "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n", env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    with running_app(tmp_path, demo=False, **settings) as base:
        admin = context.new_page()
        _sign_in(admin, base, ADMIN, PASSWORD)
        expect(admin.locator("h1")).to_have_text("Today")
        admin.get_by_role("link", name="People").click()
        expect(admin.locator("h1")).to_have_text("People")
        axe(admin)
        for email, role, cohort in ((COACH, "a coach", ""), (SEEKER, "a job seeker", "Spring")):
            admin.get_by_label("Email", exact=True).fill(email)
            admin.get_by_label(role).check()
            admin.get_by_label("Cohort (optional)").fill(cohort)
            admin.get_by_role("button", name="Send the invitation").click()
            expect(admin.locator(".toast")).to_have_text("Invitation sent.")
        expect(admin.locator("main")).to_contain_text(f"{SEEKER}, job seeker (Spring)")
        _fits_a_phone(phone, f"{base}people", "people", admin)
        _fits_a_phone(phone, f"{base}account", "account", admin)
        assert "as a coach" in smtp_server_strict.messages[0].checked().get_content()

        assert context.browser is not None
        seeker = _new_context(context.browser, bypass_csp=True)  # cookies of their own
        page = seeker.new_page()
        invitation = _link(smtp_server_strict, SEEKER, "invitation")
        page.goto(invitation)
        expect(page.locator("main")).to_contain_text(SEEKER)
        axe(page)
        _fits_a_phone(phone, invitation, "invitation", page)
        page.get_by_label(re.compile(r"^New password \(")).fill("my first passphrase")
        page.get_by_role("button", name="Set the password and sign in").click()
        expect(page.locator("h1")).to_have_text("Today")
        expect(page.locator(".toast").first).to_have_text("Welcome: your account is ready.")
        expect(page.locator("nav")).to_contain_text(SEEKER)

        page.get_by_role("button", name="Sign out").click()
        expect(page.locator("h1")).to_have_text("Sign in")
        expect(page.locator(".toast")).to_have_text("Signed out.")
        axe(page)
        _fits_a_phone(phone, f"{base}sign-in", "sign-in", page)
        page.get_by_role("link", name="Forgot your password?").click()
        page.get_by_label("Email", exact=True).fill(SEEKER)
        page.get_by_role("button", name="Mail me the link").click()
        expect(page.locator(".toast")).to_contain_text("If that email has an account")
        reset = _link(smtp_server_strict, SEEKER, "reset")
        page.goto(reset)
        axe(page)
        page.get_by_label(re.compile(r"^New password \(")).fill("my second passphrase")
        page.get_by_role("button", name="Set the password").click()
        expect(page.locator(".toast")).to_have_text("Your new password is set: sign in with it.")
        _sign_in(page, base, SEEKER, "my first passphrase")
        expect(page.locator("[role=alert]")).to_have_text(
            "that email and password do not match an account"
        )
        _sign_in(page, base, SEEKER, "my second passphrase")
        expect(page.locator("h1")).to_have_text("Today")
        screenshot(page, "accounts-walk-today")
        seeker.close()
