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
from pathlib import Path
from typing import Any

from followup.config import playbook_cache
from followup.domain import playbook
from followup.domain.errors import ConfigError, InvalidInput
from followup.domain.playbook import Playbook

SHIPPED = Path(playbook_cache.SHIPPED)


def shipped() -> Playbook:
    """The playbook shipped in the package."""
    return playbook.parse(SHIPPED.read_text("utf-8"))


def cache_file(data_dir: Path, user_file: Path) -> Path:
    """The cached copy for `user_file` in `data_dir/cache/` (`playbook_cache.cache_file`)."""
    return Path(playbook_cache.cache_file(data_dir, user_file))


def _cached(path: Path, key: list[Any]) -> Playbook | None:
    try:
        data = playbook_cache.kept(path, key)
        if data is not None:
            return playbook.compiled(data)
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
    key = playbook_cache.key(user_file)
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
    if key == playbook_cache.key(user_file):  # unchanged while read
        _keep(cached_at, key, merged.raw)
    return merged
