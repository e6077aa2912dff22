"""A copy of a live SQLite database with SQLite's online backup API, and its integrity check.

`sqlite3.Connection.backup` copies every page in one step under a read transaction: in WAL
mode writers go on meanwhile, and the copy is the database as it was when the step began.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from followup.adapters.sql.database import parse
from followup.adapters.sql.dialects import Sqlite
from followup.domain.errors import InvalidInput, NotFound


class SqliteBackups:
    """ports.Backups for the database at `url` (InvalidInput for PostgreSQL: pg_dump is the
    tool there). The store is not opened: the file is copied as it is."""

    def __init__(self, url: str) -> None:
        self.database = parse(url)
        if not isinstance(self.database.dialect, Sqlite):
            raise InvalidInput(
                f"followup backup copies SQLite databases; {self.database.where} is PostgreSQL: "
                "use pg_dump (e.g. pg_dump --format=custom --file=followup.dump DATABASE), "
                "or followup export --json FILE for one user's data"
            )

    def backup_to(self, path: Path) -> list[str]:
        """Copy the database to the new file `path`; return what PRAGMA integrity_check says
        of the copy (["ok"] when sound)."""
        database, target = self.database, self.database.target
        if not target.startswith("file:") and not Path(target).is_file():
            raise NotFound(f"there is no database at {database.where} to back up")
        with database.failures(f"cannot back up {database.where}", OSError):
            source = database.dialect.connect(target)
            try:
                copy = sqlite3.connect(path)
                try:
                    source.backup(copy)
                    copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                finally:
                    copy.close()
            finally:
                source.close()
            return integrity(path)


def integrity(path: Path) -> list[str]:
    """PRAGMA integrity_check of the SQLite file at `path`, opened read-only."""
    checked = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [str(row[0]) for row in checked.execute("PRAGMA integrity_check")]
    finally:
        checked.close()
