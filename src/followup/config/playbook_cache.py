"""Where the playbook's compiled copy is kept, and the key that says it is current: the
standard library alone, so that the fast agenda (`cli/fast_agenda.py`) can read the copy
without the domain. `config/playbooks.py` makes and reads it as a Playbook.

The key holds each file's path, size, modification time (in nanoseconds) and the CRC-32 of
its bytes: the shipped `playbook.toml`'s and the user's (None: no file).
"""

from __future__ import annotations

import json
import os
from zlib import crc32

TYPE_CHECKING = False  # not `typing`'s: the fast agenda does not import it
if TYPE_CHECKING:
    from typing import Any

SHIPPED = os.path.join(
    os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "playbook.toml"
)
FORMAT = 1  # the cached copy's layout: a copy of another layout is not read


def stamp(path: str | os.PathLike[str]) -> list[Any] | None:
    """What changes when the file does: its path, size, modification time and the CRC-32 of its
    bytes (a file rewritten within the same tick of the file system's clock, at the same size,
    is still seen); None: no file."""
    try:
        with open(path, "rb") as file:
            found = os.fstat(file.fileno())
            content = file.read()
    except FileNotFoundError:
        return None
    except OSError:  # unreadable: reading it again reports it
        return [os.fspath(path), "unreadable"]
    return [os.fspath(path), found.st_size, found.st_mtime_ns, crc32(content)]


def key(user_file: str | os.PathLike[str]) -> list[Any]:
    """The key of the copy made from the shipped playbook and `user_file` as they are now."""
    return [FORMAT, stamp(SHIPPED), stamp(user_file)]


def cache_file(data_dir: str | os.PathLike[str], user_file: str | os.PathLike[str]) -> str:
    """The cached copy for `user_file` in `data_dir/cache/` (one per config folder: a data
    folder shared by several config folders keeps one for each)."""
    name = f"playbook-{crc32(os.fspath(user_file).encode('utf-8', 'replace')):08x}.json"
    return os.path.join(data_dir, "cache", name)


def kept(path: str | os.PathLike[str], current: list[Any]) -> Any:
    """The playbook data kept at `path` when its key is `current`; else None. Raises OSError,
    ValueError, KeyError or TypeError for a copy missing or not what it should be."""
    with open(path, "rb") as file:
        found = json.loads(file.read())
    return found["data"] if found["key"] == current else None
