"""The export's header and the import's refusals, on the in-memory store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.domain.errors import Conflict, InvalidInput, StorageError
from followup.services.backup import FORMAT, VERSION, backup, export_data, import_data

from .fakes import FakeStore

NOW = datetime(2025, 1, 14, 16, 0, tzinfo=UTC)


def test_the_export_has_its_header() -> None:
    document = export_data(FakeStore(), "alice", NOW)
    assert document == {
        "format": FORMAT,
        "version": VERSION,
        "schema": "fake",
        "exported_at": "2025-01-14T16:00:00Z",
        "user": "alice",
        "tables": {"applications": []},
    }


def test_an_import_restores_the_tables_once() -> None:
    document = {**export_data(FakeStore(), "alice", NOW), "tables": {"applications": [{"id": 7}]}}
    store = FakeStore()
    assert import_data(store, document).rows == 1
    assert export_data(store, "bob", NOW)["tables"] == document["tables"]
    with pytest.raises(Conflict):
        import_data(store, document)


@pytest.mark.parametrize(
    "document",
    [[], {"format": "x"}, {"format": FORMAT, "version": 0}, {"format": FORMAT, "version": 1}],
)
def test_what_is_not_an_export_is_refused(document: object) -> None:
    store = FakeStore()
    with pytest.raises(InvalidInput):
        import_data(store, document)
    assert store.commits == 0


class _Copier:
    def __init__(self, integrity: list[str]) -> None:
        self.integrity = integrity

    def backup_to(self, path: Path) -> list[str]:
        path.write_text("copy")
        return self.integrity


def test_a_backup_replaces_a_file_only_with_force_and_only_when_sound(tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    target.write_text("old")
    with pytest.raises(Conflict):
        backup(_Copier(["ok"]), target)
    with pytest.raises(StorageError, match="integrity"):
        backup(_Copier(["page 3 is broken"]), target, force=True)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["b.db"]
    assert backup(_Copier(["ok"]), target, force=True).integrity == ["ok"]
    assert target.read_text() == "copy"
