"""Use cases: a complete export of one user's data as JSON and its import, and a copy of the
whole database (`followup export --json`, `followup import --json`, `followup backup`).

The export is a header and the user's rows table by table, as the storage port dumps them:

    {"format": "followup-export", "version": 1, "schema": "0002",
     "exported_at": "2026-12-18T16:30:00Z", "user": "alice",
     "tables": {"profiles": [...], "applications": [{"id": 1, ...}], ...}}

Importing it into an empty database gives the same rows with the same ids, so exporting again
gives the same tables.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from followup.adapters.files import FILE_MODE, partial_name
from followup.domain.errors import Conflict, InvalidInput, StorageError
from followup.ports import Backups, Store

FORMAT = "followup-export"
VERSION = 1


def export_data(store: Store, user: str, now: datetime) -> dict[str, Any]:
    """The user's whole data with its header, read in one transaction."""
    with store.transaction() as repo:
        return {
            "format": FORMAT,
            "version": VERSION,
            "schema": repo.schema_revision(),
            "exported_at": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "user": user,
            "tables": repo.dump(),
        }


def parse_export(text: str, what: str, named: str) -> Any:
    """The JSON document `text`: InvalidInput, in one line beginning with `what`, when it is
    not JSON that Python can hold (nested deeper than its recursion limit, a number of
    thousands of digits, NaN) or its "user" is not one line of text (`named` says whose)."""
    from followup.domain.values import one_line

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not a number JSON allows")

    try:
        document = json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{what}: it is not JSON ({exc})") from None
    except RecursionError:
        raise InvalidInput(f"{what}: its JSON is nested too deeply") from None
    except ValueError as exc:  # a number too long to read (Python's 4,300 digits), NaN
        raise InvalidInput(f"{what}: {exc}") from None
    user = document.get("user") if isinstance(document, dict) else None
    if user is not None:  # printed once imported
        if not isinstance(user, str):
            raise InvalidInput(f'{what}: its "user" is not text')
        one_line(user, f'{named}: its "user"')
    return document


@dataclass(frozen=True)
class Imported:
    rows: int
    tables: dict[str, int]  # rows per table
    exported_by: str  # the user named in the export's header
    schema: str


def import_data(store: Store, document: Any, renumber: bool = False) -> Imported:
    """Restore an export into the current user, who must have no data yet: all or nothing.
    With `renumber` (server mode: a database every account shares) the rows get new ids."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(f'not a followup export (its "format" is not {FORMAT!r})')
    if document.get("version") != VERSION:
        raise InvalidInput(
            f"the export is of version {document.get('version')!r}; "
            f"this followup reads version {VERSION}"
        )
    schema, tables = document.get("schema"), document.get("tables")
    if not isinstance(schema, str) or not isinstance(tables, dict):
        raise InvalidInput('the export lacks its "schema" or its "tables"')
    with store.transaction() as repo:
        rows = repo.load(tables, schema, renumber)
    counts = {name: len(found) for name, found in tables.items() if isinstance(found, list)}
    return Imported(rows, counts, str(document.get("user", "")), schema)


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int  # bytes
    integrity: list[str]  # PRAGMA integrity_check of the copy: ["ok"]


def backup(store: Backups, path: Path, force: bool = False) -> Backup:
    """Copy the live database to `path` and check the copy. An existing file is replaced only
    with `force`, and only once the new copy is complete and sound. The copy is the owner's only
    (0600), as the database is."""
    if path.exists() and not force:
        raise Conflict(f"{path} exists: choose another file, or add --force to replace it")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder: name the file to write")
    partial = partial_name(path)
    try:
        # Created empty and private first: SQLite writes into it (and its journal) as it is.
        try:
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        except OSError as exc:
            raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
        integrity = store.backup_to(partial)
        if integrity != ["ok"]:
            raise StorageError(f"the copy fails its integrity check: {'; '.join(integrity)}")
        os.replace(partial, path)
    finally:
        for leftover in (partial, *partial.parent.glob(f"{partial.name}-*")):
            leftover.unlink(missing_ok=True)
    return Backup(path, path.stat().st_size, integrity)
