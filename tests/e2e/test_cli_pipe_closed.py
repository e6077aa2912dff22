"""`followup due | head`: when the reader of the output goes away, followup stops quietly
(exit 141, as a writer a closed pipe ends), never with a traceback or "Exception ignored"."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.e2e.conftest import EXE, Cli


@pytest.mark.parametrize(
    "args",
    [("due",), ("due", "--json"), ("today",), ("list",), ("list", "--json"), ("plan", "1")],
)
def test_a_reader_gone_ends_the_command_quietly(cli: Cli, args: tuple[str, ...]) -> None:
    cli("demo")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line is written
    try:
        done = subprocess.run(
            [EXE, *args], env={**cli.env, "FOLLOWUP_NOW": "2026-12-18T16:30:00+00:00"},
            stdout=write, stderr=subprocess.PIPE, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(write)
    assert done.stderr == b"", done.stderr.decode(errors="replace")
    assert done.returncode == 141
