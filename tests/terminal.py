"""A command run on a pseudo-terminal, as a person at a keyboard runs it: its stdin, stdout and
stderr are a real terminal (isatty() is true), and a test answers each question when it shows.

    with Terminal([EXE, "debrief", "1"], env) as term:
        term.expect("Someone you met")
        term.send("Priya Shah, Head of Data")
        ...
    assert term.code == 0
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import time
from collections.abc import Sequence
from types import TracebackType

# What a terminal would act on rather than show (colours, cursor moves): left out of `output`.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|\r")


class Terminal:
    """`argv` on a new pseudo-terminal, with `env` (colour off: the output reads as text)."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], timeout: float = 30) -> None:
        self.argv, self.timeout = list(argv), timeout
        self.env = {**env, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "120"}
        self.output = ""  # everything shown so far, controls removed
        self._seen = 0  # how much of `output` an `expect` has already matched
        self.code: int | None = None

    def __enter__(self) -> Terminal:
        main, side = os.openpty()
        self._fd = main
        self.process = subprocess.Popen(
            self.argv, stdin=side, stdout=side, stderr=side, env=self.env, start_new_session=True
        )
        os.close(side)
        return self

    def _read(self, wait: float) -> bool:
        """Read what the command wrote within `wait` seconds; False once it has closed."""
        ready, _, _ = select.select([self._fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self._fd, 65536)
        except OSError:  # the command ended and closed the terminal
            return False
        if not chunk:
            return False
        self.output += _CONTROL.sub("", chunk.decode("utf-8", "replace"))
        return True

    def expect(self, text: str) -> str:
        """Wait until `text` shows after what was matched before; what came up to it."""
        deadline = time.monotonic() + self.timeout
        while (found := self.output.find(text, self._seen)) < 0:
            left = deadline - time.monotonic()
            closed = left > 0 and not self._read(min(left, 0.5))
            if left <= 0 or (closed and text not in self.output[self._seen :]):
                raise AssertionError(f"{text!r} never showed; the terminal shows:\n{self.output}")
        before, self._seen = self.output[self._seen : found], found + len(text)
        return before

    def send(self, line: str) -> None:
        """Type `line` and press Enter."""
        os.write(self._fd, line.encode() + b"\r")

    def finish(self) -> int:
        """Read to the end; the exit code."""
        deadline = time.monotonic() + self.timeout
        while self._read(0.2) and time.monotonic() < deadline:
            if self.process.poll() is not None:
                while self._read(0.05):  # what is left in the terminal's buffer
                    pass
                break
        self.code = self.process.wait(timeout=max(deadline - time.monotonic(), 1))
        return self.code

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self._fd)
