"""Accounts on PostgreSQL, server mode's own database: sign-in, the throttle, the reset link
(single use, expiry) and API tokens, through the services and the web app."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from followup.domain.accounts import REFUSED, Role, Scope
from followup.domain.errors import Gone, SignInRefused, Throttled
from followup.services import accounts
from followup.web.app import create_app
from tests.mailservers import SmtpServer
from tests.server import server_app
from tests.web.conftest import BASE, NOW, csrf

pytestmark = pytest.mark.postgres
PASSWORD = "correct horse battery staple"


def at(minutes: float) -> datetime:
    return datetime.fromisoformat(NOW) + timedelta(minutes=minutes)


def test_sign_in_and_its_throttle_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    app = server_app(tmp_path, postgres_url)
    accounts.add(app, "ann@example.org", Role.SEEKER, None, PASSWORD, "", app.now())
    signed = accounts.sign_in(app, "ANN@example.org", PASSWORD, "10.0.0.1", "ua", at(0))
    assert signed.account.email == "ann@example.org"
    for minute in range(5):
        with pytest.raises(SignInRefused, match=REFUSED):
            accounts.sign_in(app, "ann@example.org", "wrong wrong", "10.0.0.1", None, at(minute))
    with pytest.raises(SignInRefused, match=REFUSED):  # no such account: the same words
        accounts.sign_in(app, "bob@example.org", PASSWORD, "10.0.0.2", None, at(5))
    with pytest.raises(Throttled) as throttled:
        accounts.sign_in(app, "ann@example.org", PASSWORD, "10.0.0.3", None, at(6))
    assert throttled.value.retry_after == 9 * 60  # the first failure (minute 0) leaves at 15
    again = accounts.sign_in(app, "ann@example.org", PASSWORD, "10.0.0.3", None, at(15))
    with TestClient(create_app(app), base_url=BASE) as client:
        client.cookies.set("followup_session", again.token)
        assert client.get("/api/applications").status_code == 200
        client.cookies.set("followup_session", signed.token)
        assert client.get("/api/applications").status_code == 200  # another browser's, live
    for hostile in ("ann@example.org\x00", "a\r\nb@example.org", "x" * 5000):
        with pytest.raises(SignInRefused, match=REFUSED):  # kept as a failure, no 500
            accounts.sign_in(app, hostile, PASSWORD + "\x00", "10.0.0.2", None, at(30))


def test_the_reset_link_on_postgres(
    tmp_path: Path, postgres_url: str, smtp_server_strict: SmtpServer
) -> None:
    env = {**smtp_server_strict.env(), "FOLLOWUP_MAIL_FROM": "followup@careers.example.org"}
    app = server_app(tmp_path, postgres_url, **env)
    accounts.add(app, "ann@example.org", Role.SEEKER, None, PASSWORD, "", app.now())
    session = accounts.sign_in(app, "ann@example.org", PASSWORD, None, None, app.now())
    with TestClient(create_app(app), base_url=BASE) as client:
        for email in ("ann@example.org", "nobody@example.org"):
            asked = client.post(
                "/reset", data={"email": email, "csrf_token": csrf(client, "/reset")}
            )
            assert "If that email has an account" in asked.text
        [got] = smtp_server_strict.messages
        found = re.search(r"http://\S+(/reset/\S+)", got.checked().get_content())
        assert found
        link = found[1]
        new = "a fresh passphrase here"
        done = client.post(link, data={"password": new, "csrf_token": csrf(client, link)})
        assert "Your new password is set" in done.text
        assert (
            client.post(
                link, data={"password": new, "csrf_token": csrf(client, "/reset")}
            ).status_code
            == 410
        )
        client.cookies.set("followup_session", session.token)
        assert client.get("/api/applications").status_code == 401  # every session ended
    accounts.sign_in(app, "ann@example.org", new, None, None, app.now())
    with app.accounts.transaction() as rows:
        who = rows.by_email("ann@example.org")
        assert who is not None
        late = accounts.reset_link(rows, who[0], "", app.now()).rsplit("/", 1)[1]
    with pytest.raises(Gone, match="expired"):
        accounts.complete_reset(app, late, "yet another passphrase", at(60))


def test_api_tokens_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    app = server_app(tmp_path, postgres_url)
    who, _ = accounts.add(app, "ann@example.org", Role.SEEKER, None, PASSWORD, "", app.now())
    token = accounts.create_token(app, who, "a script", Scope.READ, app.now())
    with TestClient(create_app(app), base_url=BASE) as client:
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/applications", headers=headers).status_code == 200
        assert client.post("/api/steps/1/skip", headers=headers).status_code == 403
        accounts.revoke_token(app, who, accounts.tokens(app, who)[0].id, app.now())
        assert client.get("/api/applications", headers=headers).status_code == 401
