"""The web app in-process (FastAPI's TestClient) on a real SQLite file seeded with the demo; the
session's CSRF token; a generated business card."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Route

from followup import bootstrap
from followup.config import settings
from followup.services import demo
from followup.web.app import create_app
from tests.cards import Card, generate

NOW = "2026-12-18T16:30:00+00:00"
BASE = "http://127.0.0.1:8765"


def environ(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "FOLLOWUP_NOW": NOW,
    }


@pytest.fixture
def app(tmp_path: Path) -> bootstrap.App:
    wired = bootstrap.build(settings.load(environ(tmp_path)))
    demo.seed(wired.store, wired.playbook, wired.now())
    return wired


@pytest.fixture
def client(app: bootstrap.App) -> Iterator[TestClient]:
    with TestClient(create_app(app), base_url=BASE) as c:
        yield c


def csrf(client: TestClient, page: str = "/") -> str:
    """The session's token, as a page's forms carry it (the Today page's, unless named)."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert match, f"the page {page} has no form with a CSRF token"
    return match[1]


@pytest.fixture(scope="module", name="card")
def card_image(tmp_path_factory: pytest.TempPathFactory) -> Card:
    """One generated business card (tests/cards.py), with its true fields."""
    [one] = generate(Path(tmp_path_factory.mktemp("card")), 1, seed=7)
    return one


def routes(found: Iterable[BaseRoute]) -> Iterator[Route]:
    """The routes, those of included routers too (FastAPI 0.165 keeps an included router
    whole, as its `original_router`; earlier versions copied its routes in)."""
    for r in found:
        included = getattr(r, "original_router", None)
        if included is not None:
            yield from routes(included.routes)
        elif isinstance(r, Route):
            yield r
