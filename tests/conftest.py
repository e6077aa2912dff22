"""Suite-wide settings: Hypothesis profiles, and CI's rule that PostgreSQL tests never skip."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["tests.mailservers"]

settings.register_profile(
    "ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

_skipped_postgres: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "postgres" in report.keywords:
        _skipped_postgres.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("FOLLOWUP_REQUIRE_POSTGRES") and _skipped_postgres:
        print(f"\n{len(_skipped_postgres)} PostgreSQL test(s) skipped, which CI does not allow:")
        for nodeid in _skipped_postgres[:10]:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
