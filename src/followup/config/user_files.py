"""Writing the user's files in the config directory (the web's Settings page): `config.toml`,
the settings, and `playbook.toml`, the user's playbook numbers.

Each file is checked by the code that reads it (the settings' types, the playbook's parser)
before it is written, and written whole (`files.write_whole`: a temporary file, then a rename):
a mistake leaves it byte for byte as it was. Writing rewrites the whole file, so comments in it
are not kept. The files are the owner's only (0600) and so is the config folder when this
creates it (0700). Passwords are never written (they come from the environment or the system
keyring).
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from followup.adapters.files import private_folder, write_whole
from followup.config import settings as settings_
from followup.config.settings import BY_NAME, SETTINGS, Settings, Value
from followup.domain.errors import ConfigError, InvalidInput
from followup.domain.playbook import RULE_NUMBERS, Playbook

CONFIG = "config.toml"
PLAYBOOK = "playbook.toml"  # the name bootstrap.App.playbook reads
SECRET = frozenset(s.name for s in SETTINGS if s.secret == "password")  # never written
# The playbook's numbers and times outside the rules, as `TABLE.FIELD`, with their units.
PLAYBOOK_EXTRAS = {
    "working-hours.start": "start of working hours (HH:MM, the recipient's time)",
    "working-hours.end": "end of working hours (HH:MM)",
    "nudges.gap": "days at least between two nudges to one company",
}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


# -- config.toml --------------------------------------------------------------------------


def from_environment(value: Value) -> bool:
    """Whether the setting's value comes from the environment (which beats the file)."""
    return value.source.startswith("env ")


def save_settings(current: Settings, given: Mapping[str, str]) -> Settings:
    """Write `given` (a setting's name -> its text; empty: back to the default) into
    config.toml, each value checked by its setting's type first; return the settings as they now
    are. Settings set in the environment are refused: the file's value would not count."""
    path = current.config_dir / CONFIG
    data = settings_.read_config(path)  # refuses a broken file before anything changes
    for name, text in given.items():
        setting = BY_NAME.get(name)
        if setting is None or name in SECRET:
            raise InvalidInput(f"{name!r} is not a setting that can be saved here")
        if from_environment(current.values[name]):
            raise InvalidInput(f"{name} is set in the environment ({current.values[name].source})")
        text = text.strip()
        if not text:
            data.pop(name, None)
            continue
        try:
            data[name] = setting.type(text)
        except (TypeError, ValueError):
            raise InvalidInput(f"{name}: {text!r} is not a valid value. {setting.help}") from None
    _write(path, dumps(data))
    return reloaded(current)


def reloaded(current: Settings) -> Settings:
    """The settings with config.toml read again (what the environment gives stays)."""
    path = current.config_dir / CONFIG
    from_file = settings_.read_config(path)
    source = f"config {path}"
    values = dict(current.values)
    for name, value in current.values.items():
        if from_environment(value):
            continue
        if name in from_file:
            converted = settings_.convert(value.setting, from_file[name], source)
            values[name] = Value(value.setting, converted, source)
        else:
            values[name] = Value(value.setting, value.setting.default, "default")
    return dataclasses.replace(current, values=values)


# -- playbook.toml ------------------------------------------------------------------------


def playbook_fields() -> dict[str, str]:
    """Every number (and working-hours time) of the playbook, as `TABLE[.KIND].FIELD`, with
    its unit."""
    rules = {
        f"rules.{kind}.{name}": unit
        for kind, names in RULE_NUMBERS.items()
        for name, unit in names.items()
    }
    return {**PLAYBOOK_EXTRAS, **rules}


def playbook_value(playbook: Playbook, field: str) -> Any:
    """The value of a `playbook_fields()` field in the playbook."""
    *tables, name = field.split(".")
    if tables[0] == "rules":
        return playbook.rule(tables[1])[name]
    if field == "nudges.gap":
        return playbook.gap
    return getattr(playbook.hours, name).strftime("%H:%M")


def save_playbook(config_dir: Path, base: Playbook, given: Mapping[str, str]) -> Playbook:
    """Write the playbook numbers `given` (field -> text) into the user's playbook.toml, over
    what the file already says; a number equal to `base`'s (the shipped playbook) is left out,
    so a later change of the default reaches the user. Checked by the playbook's parser first
    (its message on a mistake, and the file unchanged). Return the playbook as it now is."""
    path = config_dir / PLAYBOOK
    try:
        user = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: cannot be read (nested too deeply)") from None
    known = playbook_fields()
    for field, text in given.items():
        if field not in known:
            raise InvalidInput(f"{field!r} is not a number of the playbook")
        text = text.strip()
        value: Any = int(text) if _WHOLE_NUMBER.fullmatch(text) else text
        *tables, name = field.split(".")
        table = user
        for key in tables:
            table = table.setdefault(key, {})
        if value == playbook_value(base, field):
            table.pop(name, None)
        else:
            table[name] = value
    text = dumps(_pruned(user))
    merged = base.merged(text, str(path))
    _write(path, text)
    return merged


def _pruned(data: dict[str, Any]) -> dict[str, Any]:
    """`data` without empty tables."""
    kept = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _pruned(value)
            if not value:
                continue
        kept[key] = value
    return kept


# -- TOML out -----------------------------------------------------------------------------


def dumps(data: Mapping[str, Any]) -> str:
    """`data` (as tomllib reads it) as TOML text: plain values first, then each table."""
    blocks: list[list[str]] = []

    def table(path: list[str], values: Mapping[str, Any]) -> None:
        plain = [(k, v) for k, v in values.items() if not isinstance(v, Mapping)]
        nested = [(k, v) for k, v in values.items() if isinstance(v, Mapping)]
        lines = [f"{_key(k)} = {_value(v)}" for k, v in plain]
        if path and (plain or not nested):
            lines.insert(0, f"[{'.'.join(map(_key, path))}]")
        if lines:
            blocks.append(lines)
        for key, value in nested:
            table([*path, key], value)

    table([], data)
    return "".join("\n".join(block) + "\n\n" for block in blocks).removesuffix("\n")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    # A JSON string is a TOML basic string, but for DEL, which TOML wants escaped, and for
    # characters beyond U+FFFF, which JSON escapes as surrogate pairs (hence no ASCII escapes).
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return f"[{', '.join(map(_value, value))}]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} as TOML")


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a reader never sees half of the file."""
    try:
        private_folder(path.parent)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
    write_whole(path, text.encode("utf-8"), ConfigError)
