"""Moving from the local app to a server: a job seeker's `followup export --json` (the demo's,
from a local SQLite database) restored into their empty account on PostgreSQL, by the Bring
your data page and by `followup import --json FILE --account EMAIL`. The same applications,
steps and contacts come back (the two exports are the same but for the ids, which the shared
database gives anew), and no other account's data moves."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap
from followup.adapters.sql.dump import owned_tables
from followup.config import settings
from followup.domain.accounts import Account
from followup.services import demo
from followup.services.backup import export_data
from followup.web.app import create_app
from tests.e2e.conftest import EXE
from tests.integration.conftest import postgres_owner
from tests.server import SECRET, account, client_of, server_app
from tests.web.conftest import BASE, environ

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def local_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo's data, exported from a local (SQLite) followup."""
    home = tmp_path_factory.mktemp("local")
    local = bootstrap.build(settings.load(environ(home)))
    demo.seed(local.store, local.playbook, local.now())
    return export_data(local.store, "demo", local.now())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[bootstrap.App]:
    """Server mode on PostgreSQL as deployed: a role that owns the tables and is no
    superuser, so row-level security holds every account to its own rows."""
    with postgres_owner() as url:
        app = server_app(tmp_path, url)
        yield app
        app.store.close()


def tables_of(app: bootstrap.App, who: Account) -> dict[str, list[dict[str, Any]]]:
    mine = app.for_user(who.name)
    tables: dict[str, list[dict[str, Any]]] = export_data(mine.store, who.name, app.now())["tables"]
    return tables


def without_ids(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The rows with each id replaced by its rank in its table (in id order), and every
    reference to it too: two copies of the same data given different ids compare equal."""
    rank = {
        name: {row["id"]: n for n, row in enumerate(sorted(rows, key=lambda r: r["id"]))}
        for name, rows in tables.items()
        if rows and "id" in rows[0]
    }
    keyed = {"i": "interviews", "c": "contacts", "p": "promises"}

    def key(found: re.Match[str]) -> str:
        return f"{found[1]}#{rank[keyed[found[1]]][int(found[2])]}"

    out: dict[str, list[dict[str, Any]]] = {}
    for table in owned_tables():
        refs = {
            c.name: key.column.table.name
            for c in table.c
            for key in c.foreign_keys
            if key.column.table.name in rank
        }
        rows = []
        for row in tables.get(table.name, []):
            row = dict(row)
            for column, target in refs.items():
                if row.get(column) is not None:
                    row[column] = rank[target][row[column]]
            if "id" in row:
                row["id"] = rank[table.name][row["id"]]
            if table.name == "steps":
                row["key"] = re.sub(r"(?<=:)([icp])(\d+)(?=:|$)", key, row["key"])
                row["recipients"] = [
                    {**r, "contact_id": rank["contacts"].get(r.get("contact_id"), None)}
                    for r in row["recipients"]
                ]
            rows.append(row)
        out[table.name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return out


def test_the_local_apps_download_is_the_export(tmp_path: Path) -> None:
    local = bootstrap.build(settings.load(environ(tmp_path)))
    demo.seed(local.store, local.playbook, local.now())
    with TestClient(create_app(local), base_url=BASE) as client:
        assert 'href="/export"' in client.get("/import").text
        download = client.get("/export")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment; filename=")
    assert download.headers["cache-control"] == "private, no-store"
    assert download.json() == export_data(local.store, "local", local.now())


def test_the_page_brings_a_local_export_into_an_empty_account(
    server: bootstrap.App, local_export: dict[str, Any], tmp_path: Path
) -> None:
    other = account(server, "other@example.org", seeded=True)  # its ids are the export's too
    before = tables_of(server, other)
    ann = account(server, "ann@example.org")
    body = json.dumps(local_export).encode()
    with client_of(server, ann) as client:
        assert 'href="/import"' in client.get("/").text  # offered on an empty account's Today
        form = client.get("/import")
        assert form.status_code == 200
        assert 'enctype="multipart/form-data"' in form.text
        token = client.cookies["followup_csrf"]
        files = {"export": ("my-data.json", body, "application/json")}
        done = client.post(
            "/import", files=files, data={"csrf_token": token}, follow_redirects=False
        )
        assert done.status_code == 303, done.text
        assert done.headers["location"] == "/?did=imported"
        mine = client.get("/api/applications").json()
        assert {a["company"] for a in mine} == {
            a["company"] for a in local_export["tables"]["applications"]
        }
        again = client.post("/import", files=files, data={"csrf_token": token})
        assert again.status_code == 409
        assert "already has data" in again.text
    got = tables_of(server, ann)
    assert sum(map(len, got.values())) == sum(map(len, local_export["tables"].values()))
    assert without_ids(got) == without_ids(local_export["tables"])
    ids = {row["id"] for row in got["applications"]}
    assert ids.isdisjoint(row["id"] for row in before["applications"])
    assert tables_of(server, other) == before
    with client_of(server, ann) as client:  # and back out, as the account's own
        mine = client.get("/export").json()
    assert mine["user"] == ann.name
    assert without_ids(mine["tables"]) == without_ids(local_export["tables"])


def test_the_page_refuses_what_is_not_an_export_and_keeps_nothing(
    server: bootstrap.App, local_export: dict[str, Any]
) -> None:
    ann = account(server, "ann@example.org")
    broken = {**local_export, "tables": {**local_export["tables"]}}
    broken["tables"]["steps"] = [{**local_export["tables"]["steps"][0], "application_id": 999}]
    with client_of(server, ann) as client:
        client.get("/import")
        token = client.cookies["followup_csrf"]
        for name, content, words in (
            ("notes.txt", b"my notes, not JSON", "is not a followup export: it is not JSON"),
            ("other.json", b'{"format": "something else"}', "not a followup export"),
            ("broken.json", json.dumps(broken).encode(), "holds no applications row"),
        ):
            files = {"export": (name, content, "application/json")}
            refused = client.post("/import", files=files, data={"csrf_token": token})
            assert refused.status_code == 422, refused.text
            assert words in refused.text
        nothing = client.post("/import", data={"csrf_token": token})
        assert nothing.status_code == 422
        assert "choose the file of your export" in nothing.text
    assert not any(tables_of(server, ann).values())


def test_an_admin_imports_an_export_into_an_account_from_the_command_line(
    server: bootstrap.App, local_export: dict[str, Any], tmp_path: Path
) -> None:
    account(server, "other@example.org", seeded=True)
    ann = account(server, "Ann@Example.org")
    path = tmp_path / "ann.json"
    path.write_text(json.dumps(local_export), "utf-8")
    env = environ(tmp_path) | {
        "FOLLOWUP_SERVER": "1",
        "FOLLOWUP_SECRET_KEY": SECRET,
        "FOLLOWUP_DATABASE_URL": server.settings["database_url"],
        "PATH": "/usr/bin:/bin",
    }

    def followup(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [EXE, *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    missing = followup("import", "--json", str(path))
    assert missing.returncode == 2
    assert "--account EMAIL" in missing.stderr
    nobody = followup("import", "--json", str(path), "--account", "nobody@example.org")
    assert nobody.returncode == 2
    assert "no account has the email nobody@example.org" in nobody.stderr
    done = followup("import", "--json", str(path), "--account", "ann@example.org")
    assert done.returncode == 0, done.stderr
    assert "Imported" in done.stdout
    assert without_ids(tables_of(server, ann)) == without_ids(local_export["tables"])
    twice = followup("import", "--json", str(path), "--account", "ann@example.org")
    assert twice.returncode != 0
    assert "already has data" in twice.stderr


def test_account_is_for_server_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{}", "utf-8")
    env = environ(tmp_path) | {"PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [EXE, "import", "--json", str(path), "--account", "a@example.org"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--account is for server mode" in done.stderr
