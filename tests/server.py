"""Server mode in tests: an App with accounts on a real database (SQLite here for speed;
server mode proper runs on PostgreSQL), accounts made and signed in directly, and a client
whose session cookie is theirs."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from followup import bootstrap
from followup.config import settings
from followup.domain.accounts import SESSION_COOKIE, Account, Role, token_hash
from followup.services import demo
from followup.web.app import create_app
from tests.web.conftest import BASE, environ

SECRET = "a test secret key, long enough to be one"


def server_app(home: Path, database_url: str | None = None, **more: str) -> bootstrap.App:
    """An App in server mode (`FOLLOWUP_SERVER=1`) on `database_url`, else a SQLite file."""
    env = environ(home) | {"FOLLOWUP_SERVER": "1", "FOLLOWUP_SECRET_KEY": SECRET} | more
    if database_url:
        env["FOLLOWUP_DATABASE_URL"] = database_url
    return bootstrap.build(settings.load(env))


def account(
    app: bootstrap.App, email: str, role: Role = Role.SEEKER, seeded: bool = False
) -> Account:
    """A new account (with the demo's data when `seeded`)."""
    with app.accounts.transaction() as rows:
        made = rows.create(email, role, app.now())
    if seeded:
        mine = app.for_user(made.name)
        demo.seed(mine.store, mine.playbook, mine.now())
    return made


def session(app: bootstrap.App, who: Account) -> str:
    """A live session of `who`'s: the cookie's value."""
    token = secrets.token_urlsafe(32)
    with app.accounts.transaction() as rows:
        rows.open_session(who.id, token_hash(token), app.now(), timedelta(days=1))
    return token


def client_of(app: bootstrap.App, who: Account | None) -> TestClient:
    """A client of the server-mode web app, signed in as `who` (or no one). Use as a context
    manager."""
    client = TestClient(create_app(app), base_url=BASE)
    if who is not None:
        client.cookies.set(SESSION_COOKIE, session(app, who))
    return client
