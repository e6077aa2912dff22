"""The playbook a process plans with: the shipped `playbook.toml` with the user's on top,
parsed once and kept.

Parsing TOML costs every command a few milliseconds (importing `tomllib`, parsing, merging), so
the merged data, once it has passed the playbook's checks, is kept in the data folder's `cache/`
as JSON,
keyed by each file's path, size, modification time (in nanoseconds) and the CRC-32 of its
bytes. A command whose files have not changed since rebuilds the Playbook from that data
(`playbook.compiled`, the same checks, a tenth of a millisecond) without parsing the TOML. The
copy is the owner's only (`files.write_whole`: 0600 in a 0700 folder). A copy that is missing,
stale, unreadable or refused by the checks is ignored and made again; one that cannot be
written is not kept; a mistake in the user's file is reported as before, and never kept.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from followup.domain import playbook
from followup.domain.errors import ConfigError, InvalidInput
from followup.domain.playbook import Playbook

SHIPPED = Path(__file__).resolve().parent.parent / "playbook.toml"
_FORMAT = 1  # the cached copy's layout: a copy of another layout is not read


def shipped() -> Playbook:
    """The playbook shipped in the package."""
    return playbook.parse(SHIPPED.read_text("utf-8"))


def _stamp(path: Path) -> list[Any] | None:
    """What changes when the file does: its path, size, modification time and the CRC-32 of its
    bytes (a file rewritten within the same tick of the file system's clock, at the same size,
    is still seen); None: no file."""
    from zlib import crc32

    try:
        with open(path, "rb") as file:
            found = os.fstat(file.fileno())
            content = file.read()
    except FileNotFoundError:
        return None
    except OSError:  # unreadable: reading it again reports it
        return [str(path), "unreadable"]
    return [str(path), found.st_size, found.st_mtime_ns, crc32(content)]


def cache_file(data_dir: Path, user_file: Path) -> Path:
    """The cached copy for `user_file` in `data_dir/cache/` (one per config folder: a data
    folder shared by several config folders keeps one for each)."""
    from zlib import crc32

    name = f"playbook-{crc32(str(user_file).encode('utf-8', 'replace')):08x}.json"
    return data_dir / "cache" / name


def _cached(path: Path, key: list[Any]) -> Playbook | None:
    try:
        kept = json.loads(path.read_bytes())
        if kept["key"] == key:
            return playbook.compiled(kept["data"])
    except (OSError, ValueError, KeyError, TypeError, InvalidInput, RecursionError):
        pass  # missing, half-written by another version, or not what it should be: made again
    return None


def _keep(path: Path, key: list[Any], data: Any) -> None:
    from followup.adapters.files import private_folder, write_whole

    text = json.dumps({"key": key, "data": data}, ensure_ascii=False, default=str)
    try:
        private_folder(path.parent.parent)  # the data folder, when this makes it
        private_folder(path.parent)
        write_whole(path, text.encode("utf-8"))
    except (OSError, InvalidInput):
        pass  # a read-only home, a full disk: the next command parses the TOML again


def load(user_file: Path, data_dir: Path) -> Playbook:
    """The shipped playbook with `user_file` (when it exists) on top, from the copy kept in
    `data_dir/cache/` when neither file changed since it was made."""
    key = [_FORMAT, _stamp(SHIPPED), _stamp(user_file)]
    cached_at = cache_file(data_dir, user_file)
    if (kept := _cached(cached_at, key)) is not None:
        return kept
    merged = shipped()
    if key[2] is not None:
        try:
            merged = merged.merged(user_file.read_text("utf-8"), str(user_file))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{user_file}: cannot be read ({exc})") from None
        except InvalidInput as exc:
            raise ConfigError(str(exc)) from None
    if key == [_FORMAT, _stamp(SHIPPED), _stamp(user_file)]:  # unchanged while read
        _keep(cached_at, key, merged.raw)
    return merged
