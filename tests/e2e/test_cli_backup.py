"""`followup export --json`, `followup import --json` and `followup backup` as processes."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import EXE, Cli

# A writer that logs a touch per transaction as fast as it can, and after each commit writes
# how many it has committed, until it is killed.
WRITER = textwrap.dedent(
    """
    import os
    import sys
    from datetime import UTC, datetime
    from followup.adapters.sql.store import open_store
    from followup.domain.model import Channel, Direction, Touch

    store = open_store(sys.argv[1], "local")
    progress = sys.argv[2]
    done = 0
    while True:
        with store.transaction() as repo:
            touch = Touch(channel=Channel.EMAIL, direction=Direction.OUT, at=datetime.now(UTC),
                          note="writer " + str(done) + " " + "x" * 2000)
            repo.add_touch(1, touch)
        done += 1
        with open(progress + ".new", "w") as out:
            out.write(str(done))
        os.replace(progress + ".new", progress)
    """
)


@pytest.fixture
def demo_cli(cli: Cli) -> Cli:
    """The command on a SQLite database holding the demo data."""
    cli("demo")
    return cli


def test_export_then_import_into_a_fresh_database_gives_the_same_export(
    demo_cli: Cli, tmp_path: Path
) -> None:
    demo_cli("export", "--json", str(tmp_path / "first.json"))
    fresh = {"FOLLOWUP_DATABASE_URL": f"sqlite:///{tmp_path}/restored.db"}
    imported = demo_cli("import", "--json", str(tmp_path / "first.json"), **fresh)
    assert "Imported" in imported.out
    demo_cli("export", "--json", str(tmp_path / "again.json"), **fresh)
    first, again = (json.loads((tmp_path / f).read_text()) for f in ("first.json", "again.json"))
    assert first["tables"]["applications"] and first["tables"] == again["tables"]
    assert demo_cli("list", "--json", **fresh).json == demo_cli("list", "--json").json
    refused = demo_cli("import", "--json", str(tmp_path / "first.json"), ok=False, **fresh)
    assert refused.code == 4 and "already has data" in refused.err


def test_export_and_import_need_exactly_one_file(cli: Cli, tmp_path: Path) -> None:
    for args in (["export"], ["import"], ["export", "--json", "a", "--csv", "b"]):
        result = cli(*args, ok=False)
        assert result.code == 2 and "exactly one of --json FILE and --csv FILE" in result.err
    (tmp_path / "bad.json").write_text('{"format": "followup-export", "version": 9}')
    bad = cli("import", "--json", str(tmp_path / "bad.json"), ok=False)
    assert bad.code == 2 and "version 9" in bad.err


def test_backup_while_another_process_writes(demo_cli: Cli, tmp_path: Path) -> None:
    [database] = [f for f in demo_cli.sqlite_files if f.name == "followup.db"]
    progress = tmp_path / "progress"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, f"sqlite:///{database}", str(progress)],
        stderr=subprocess.PIPE,
    )
    try:
        while not progress.exists() or int(progress.read_text()) < 50:
            assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
            time.sleep(0.05)
        committed = int(progress.read_text())
        copy = tmp_path / "backup.db"
        result = demo_cli("backup", str(copy), "--json").json
        assert writer.poll() is None, "the writer stopped while the backup ran"
        after = int(progress.read_text())
    finally:
        writer.kill()
        writer.wait()
    assert result["integrity_check"] == ["ok"] and after > committed
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        logged = check.execute("SELECT count(*) FROM touches WHERE note LIKE 'writer %'")
        assert logged.fetchone()[0] >= committed
    shown = demo_cli("list", "--json", FOLLOWUP_DATABASE_URL=f"sqlite:///{copy}").json
    assert shown == demo_cli("list", "--json").json


def test_backup_refuses_to_overwrite_without_force(demo_cli: Cli, tmp_path: Path) -> None:
    copy = tmp_path / "backup.db"
    copy.write_text("precious")
    refused = demo_cli("backup", str(copy), ok=False)
    assert refused.code == 4 and "--force" in refused.err and copy.read_text() == "precious"
    assert "integrity check" in demo_cli("backup", str(copy), "--force").out
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == ["backup.db"]


def test_backup_of_postgresql_points_to_pg_dump(cli: Cli, tmp_path: Path) -> None:
    url = "postgresql://127.0.0.1:1/nowhere"
    refused = cli("backup", str(tmp_path / "b.db"), ok=False, FOLLOWUP_DATABASE_URL=url)
    assert refused.code != 0 and "pg_dump" in refused.err


def test_backup_while_followup_serve_writes(demo_cli: Cli, tmp_path: Path) -> None:
    """The issue's case: `followup serve` takes writes (touches logged through its API) while
    `followup backup` copies the database; the copy opens and passes the integrity check."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [EXE, "serve", "--no-jobs", "--port", str(port)],
        env=demo_cli.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    written: list[int] = []
    stop = threading.Event()

    def write() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            token = http.get("/api/csrf").json()["token"]
            while not stop.is_set():
                done = http.post(
                    "/api/applications/1/touches",
                    json={"channel": "email", "direction": "out", "note": "serve " + "x" * 1900},
                    headers={"X-CSRF-Token": token},
                )
                assert done.status_code == 200, done.text
                written.append(done.json()["id"])

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/csrf", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
        writer = threading.Thread(target=write)
        writer.start()
        while len(written) < 30:
            assert writer.is_alive(), "the writes through followup serve stopped"
            time.sleep(0.05)
        before = len(written)
        copy = tmp_path / "backup.db"
        result = demo_cli("backup", str(copy), "--json").json
        time.sleep(0.3)
        after = len(written)
        assert writer.is_alive(), "the writes through followup serve stopped"
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=15)
    writer.join(timeout=15)
    assert result["integrity_check"] == ["ok"] and after > before
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        logged = check.execute("SELECT count(*) FROM touches WHERE note LIKE 'serve %'")
        assert logged.fetchone()[0] >= before
