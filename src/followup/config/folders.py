"""The folders followup reads and writes, from the environment: `$XDG_DATA_HOME/followup`
(else `~/.local/share/followup`) and `$XDG_CONFIG_HOME/followup` (else `~/.config/followup`).
Plain text paths and the standard library alone: `settings` gives them as Paths, and the fast
agenda (`cli/fast_agenda.py`) reads them without loading the settings.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not `typing`'s: the fast agenda does not import it
if TYPE_CHECKING:
    from collections.abc import Mapping


def _xdg(var: str, fallback: str, environ: Mapping[str, str]) -> str:
    value = environ.get(var)
    base = value if value else os.path.join(environ.get("HOME", os.path.expanduser("~")), fallback)
    return os.path.join(base, "followup")


def data_dir(environ: Mapping[str, str]) -> str:
    """`$XDG_DATA_HOME/followup`, else `~/.local/share/followup`."""
    return _xdg("XDG_DATA_HOME", ".local/share", environ)


def config_dir(environ: Mapping[str, str]) -> str:
    """`$XDG_CONFIG_HOME/followup`, else `~/.config/followup`."""
    return _xdg("XDG_CONFIG_HOME", ".config", environ)
