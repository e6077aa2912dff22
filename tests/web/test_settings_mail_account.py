"""Server mode's Settings page (a signed-in user's App, `App.for_user`): the mail section is
the user's own mail account in the database, each password encrypted with the server's
secret_key and never shown back; nothing is written to config.toml or a keyring; and the App
then sends through that account."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap
from followup.adapters.sql import mail_accounts
from followup.config import settings
from followup.domain.accounts import Account
from followup.domain.errors import ConfigError
from tests.integration.conftest import postgres_schema
from tests.mailservers import SMTP_PASSWORD, SMTP_USER, SmtpServer
from tests.server import SECRET as SECRET_KEY
from tests.server import account, client_of, server_app
from tests.web.conftest import csrf, environ

KEY = SECRET_KEY
SECRET = "c0rrect horse; battery"
USER = "alex@example.org"


@contextmanager
def _database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder}/server.db"
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[bootstrap.App]:
    with _database(request.param, tmp_path) as url:
        app = server_app(tmp_path, url)
        yield app
        app.store.close()


@pytest.fixture
def alex_account(server: bootstrap.App) -> Account:
    return account(server, USER, seeded=True)


@pytest.fixture
def alex(server: bootstrap.App, alex_account: Account) -> bootstrap.App:
    """Alex's App: the server's, scoped to alex's data (as the signed-in account's is)."""
    return server.for_user(alex_account.name)


@pytest.fixture
def client(server: bootstrap.App, alex_account: Account) -> Iterator[TestClient]:
    with client_of(server, alex_account) as c:
        yield c


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    return {"csrf_token": csrf(client, "/settings"), "smtp_host": "smtp.example.org",
            "smtp_port": "465", "smtp_security": "tls", "smtp_user": USER, **fields}  # fmt: skip


def _stored(app: bootstrap.App) -> dict[str, object]:
    with app.store.reading() as repo:
        [row] = repo.connection.rows("SELECT * FROM mail_accounts")
    return row


def test_the_password_is_stored_encrypted_and_never_shown_back(
    client: TestClient, alex: bootstrap.App
) -> None:
    page = client.get("/settings").text
    assert "Password (not set)" in page and "keyring" not in page
    saved = client.post("/settings/mail", data=_form(client, smtp_secret=SECRET),
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    row = _stored(alex)
    assert row["smtp_host"] == "smtp.example.org" and row["smtp_port"] == 465
    assert row["smtp_secret"] and SECRET not in str(row["smtp_secret"])
    assert row["imap_secret"] is None
    after = client.get("/settings").text
    assert "Password (set)" in after and SECRET not in after
    assert re.search(r'name="smtp_secret" type="password"\s+autocomplete', after)  # blank
    assert 'value="smtp.example.org"' in after
    assert not Path(alex.settings.config_dir, "config.toml").exists()
    # Left empty, the password kept stays; a field changed is saved.
    client.post("/settings/mail", data=_form(client, smtp_port="587", smtp_secret=""))
    again = _stored(alex)
    assert again["smtp_secret"] == row["smtp_secret"] and again["smtp_port"] == 587


def test_the_app_sends_through_the_account_with_the_password_decrypted(
    client: TestClient, alex: bootstrap.App, smtp_server_with_login: SmtpServer
) -> None:
    server = smtp_server_with_login
    form = _form(client, smtp_host=server.host, smtp_port=str(server.port), smtp_security="none",
                 smtp_user=SMTP_USER, smtp_secret=SMTP_PASSWORD)  # fmt: skip
    assert client.post("/settings/mail", data=form, follow_redirects=False).status_code == 303
    mailer = alex.mailer
    assert mailer is not None
    message = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nhi\r\n"
    mailer.send(message, "a@example.org", ["b@example.org"])
    assert server.logins == [SMTP_USER] and len(server.messages) == 1


def test_another_users_app_sees_no_account(client: TestClient, alex: bootstrap.App) -> None:
    client.post("/settings/mail", data=_form(client, smtp_secret=SECRET))
    sam = alex.for_user("sam")
    assert sam.mailer is None and sam.mailbox is None
    assert mail_accounts.load(sam.store) is None


def test_bad_input_is_refused_and_nothing_is_saved(client: TestClient, alex: bootstrap.App) -> None:
    for bad in ({"smtp_port": "70000"}, {"smtp_secret": "one\ntwo"}, {"smtp_security": "ssl"}):
        refused = client.post("/settings/mail", data=_form(client, **bad))
        assert refused.status_code == 422, bad
        assert unescape(re.findall(r'role="alert"[^>]*>([^<]*)<', refused.text)[0])
    with alex.store.reading() as repo:
        assert repo.connection.rows("SELECT * FROM mail_accounts") == []


def test_a_stored_password_under_another_key_says_so(
    client: TestClient, alex: bootstrap.App, tmp_path: Path
) -> None:
    client.post("/settings/mail", data=_form(client, smtp_secret=SECRET))
    env = {**environ(tmp_path), "FOLLOWUP_SERVER": "1", "FOLLOWUP_SECRET_KEY": KEY + " changed",
           "FOLLOWUP_DATABASE_URL": alex.settings.database_url}  # fmt: skip
    other = bootstrap.build(settings.load(env)).for_user(alex.store.user)
    with pytest.raises(ConfigError, match="secret_key is not the one it was saved with"):
        other.mailer  # noqa: B018
    other.store.close()
