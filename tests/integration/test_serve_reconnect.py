"""Issue #17: a PostgreSQL restart under a running `followup serve` costs no failed request.
The server's sessions of the web app (by their application_name) are ended, as a restart
ends them; the next requests meet lost connections in the pool, which are replaced (the
store runs a transaction's first statement again on a new connection), and every one of them
answers 200."""

from __future__ import annotations

import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.browser.conftest import running_app
from tests.integration.conftest import end_sessions

pytestmark = pytest.mark.postgres


def _status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return int(answer.status)


def test_no_request_fails_after_the_server_ends_the_web_apps_connections(
    postgres_url: str, tmp_path: Path
) -> None:
    name = f"followup-serve-{uuid.uuid4().hex[:12]}"
    database = f"{postgres_url}&application_name={name}"
    pages = ["api/applications", "", "pipeline", "api/today", "insights", "api/due"]
    with running_app(tmp_path, FOLLOWUP_DATABASE_URL=database) as base:
        assert [_status(base + p) for p in pages] == [200] * len(pages)
        assert end_sessions(name) >= 1  # the pool's connections, as a restart ends them
        assert [_status(base + p) for p in pages] == [200] * len(pages)
        assert end_sessions(name) >= 1  # and again: each lost connection is replaced
        assert [_status(base + p) for p in pages * 2] == [200] * len(pages) * 2
