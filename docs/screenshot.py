"""Regenerate docs/images/*.svg: the command line on the demo data, as a terminal shows it.

Run: `.venv/bin/python docs/screenshot.py` (uses a temporary database; touches nothing else).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

HERE = Path(__file__).parent
FOLLOWUP = str(Path(sys.executable).parent / "followup")
NOW = "2026-11-24T09:30:00+00:00"


def shot(env: dict[str, str], args: list[str], name: str, title: str) -> None:
    done = subprocess.run([FOLLOWUP, *args], env=env, capture_output=True, text=True, check=True)
    console = Console(
        record=True, width=100, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.print(Text(f"$ followup {' '.join(args)}", style="bold"))
    console.print(Text.from_ansi(done.stdout))
    console.save_svg(str(HERE / "images" / name), title=title)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "XDG_DATA_HOME": f"{tmp}/data",
            "XDG_CONFIG_HOME": f"{tmp}/config",
            "FOLLOWUP_USER": "demo",
            "FOLLOWUP_NOW": NOW,
            "FORCE_COLOR": "1",
            "COLUMNS": "100",
        }
        subprocess.run([FOLLOWUP, "demo"], env=env, check=True, capture_output=True)
        shot(env, ["today"], "today.svg", "followup today")
        shot(env, ["draft", "3"], "draft.svg", "followup draft")


if __name__ == "__main__":
    main()
