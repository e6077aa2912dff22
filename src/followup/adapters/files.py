"""The files followup writes hold a person's job search (names, mail, notes): each is created
readable and writable by its owner only (0600), and each folder followup creates for them is
the owner's only (0700). A file the user names is written whole or not at all.

SQLite creates a database's `-wal`, `-shm` and `-journal` files with the database file's own
permissions, so a database created here keeps all of them private.
"""

from __future__ import annotations

import os
from pathlib import Path

from followup.domain.errors import FollowupError, InvalidInput

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: Path) -> None:
    """Create `folder` if it is missing, the owner's only (a parent it also creates gets the
    usual permissions: it is not followup's). An existing folder is left as it is."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def create_private(path: str | os.PathLike[str]) -> None:
    """Create the empty file `path` (and its folder) the owner's only, unless it exists: for a
    file another library is about to create, such as a SQLite database. A failure is left for
    that library to report in its own words."""
    if os.path.exists(path):
        return
    try:
        private_folder(Path(path).parent)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, FILE_MODE))
    except OSError:
        pass


def partial_name(path: Path) -> Path:
    """A hidden name next to `path` for the file being written, unique to this writer."""
    import uuid

    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")


def write_whole(path: Path, data: bytes, error: type[FollowupError] = InvalidInput) -> None:
    """Write `data` to `path`, the owner's only, whole or not at all: a temporary file, flushed
    to disk, then renamed over `path`, so a reader never sees half of it. An OSError becomes
    `error` naming the file."""
    partial = partial_name(path)
    try:
        handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise error(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
