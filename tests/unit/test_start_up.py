"""What every command loads stays cheap to import (issue 17): each dataclass among it has its
own docstring, since for a class without one `dataclass` writes one from the signature
(`inspect.signature`, a fraction of a millisecond per class, paid by every command)."""

from __future__ import annotations

import json
import subprocess
import sys

# What `followup due --json` loads (cli/entry.py's path), in a fresh interpreter.
LOADED = """
import dataclasses, json, sys
import followup.cli.entry, followup.cli.context, followup.services, followup.views
import followup.adapters.sql.store, followup.input.parse, followup.config.playbooks
found = [
    f"{name}.{cls.__name__}"
    for name, module in sorted(sys.modules.items()) if name.startswith("followup")
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == name
    and (cls.__dict__.get("__doc__") or "").startswith(cls.__name__ + "(")
]
print(json.dumps(found))
"""


def test_every_dataclass_an_agenda_loads_has_its_own_docstring() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout) == []
