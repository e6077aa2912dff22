"""The `followup` command as a fresh process, against a real SQLite file or PostgreSQL schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

POSTGRES_URL = os.environ.get("FOLLOWUP_TEST_POSTGRES_URL")
EXE = shutil.which("followup", path=str(Path(sys.executable).parent)) or "followup"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Cli:
    env: dict[str, str]
    home: Path

    def __call__(self, *args: str, ok: bool = True, now: str | None = None, **env: str) -> Result:
        run_env = {**self.env, **env}
        if now:
            run_env["FOLLOWUP_NOW"] = now
        done = subprocess.run(
            [EXE, *args],
            env=run_env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        result = Result(done.returncode, done.stdout, done.stderr)
        if ok:
            assert result.code == 0, f"followup {' '.join(args)} failed: {result.err}"
        return result

    @property
    def sqlite_files(self) -> list[Path]:
        return sorted((self.home / "data" / "followup").glob("followup.db*"))


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("FOLLOWUP_TEST_POSTGRES_URL not set")
    import psycopg

    schema = f"followup_e2e_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def _cli(tmp_path: Path, database_url: str | None) -> Cli:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LANG": "C.UTF-8",
        "COLUMNS": "120",
        "FOLLOWUP_NOW": "2026-12-18T16:30:00+00:00",
    }
    if database_url:
        env["FOLLOWUP_DATABASE_URL"] = database_url
    return Cli(env, tmp_path)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """The command on a fresh SQLite database in a temporary XDG data directory."""
    return _cli(tmp_path, None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_cli(request: pytest.FixtureRequest, tmp_path: Path) -> Cli:
    """The command on SQLite, then on PostgreSQL."""
    url = request.getfixturevalue("postgres_schema_url") if request.param == "postgres" else None
    return _cli(tmp_path, url)
