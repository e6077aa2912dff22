"""`followup serve` on PostgreSQL when the server ends its connections (as a restart does):
every request after it is answered, none fails. Only the app's own sessions are ended (by
their application_name): other tests on the same server keep theirs."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.integration.conftest import end_sessions, postgres_schema
from tests.web.servers import request, serving

PAGES = ("/", "/insights", "/api/insights", "/applications/1", "/api/applications")


@pytest.mark.postgres
def test_no_request_fails_after_the_database_ends_the_servers_connections(
    tmp_path: Path,
) -> None:
    with postgres_schema() as url:
        name = f"followup-serve-{uuid.uuid4().hex[:12]}"
        database = {"FOLLOWUP_DATABASE_URL": f"{url}&application_name={name}"}
        with serving(tmp_path, env=database) as port, ThreadPoolExecutor(4) as pool:

            def statuses() -> list[int]:  # four at a time: the server keeps several connections
                return list(pool.map(lambda path: request(port, "GET", path)[0], PAGES * 4))

            assert statuses() == [200] * len(PAGES) * 4
            assert end_sessions(name) >= 1
            assert statuses() == [200] * len(PAGES) * 4
            assert end_sessions(name) >= 1  # the new connections, ended again
            assert statuses() == [200] * len(PAGES) * 4
