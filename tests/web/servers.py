"""`followup serve` as a real process on a free loopback port, and raw requests to it: what a
browser would send (the tests of allowed hosts and of a server kept responsive use them)."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.e2e.conftest import EXE
from tests.mailservers import free_port
from tests.web.conftest import environ


@contextmanager
def serving(home: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[int]:
    """`followup serve` on the demo data, on a free loopback port (yielded) until the end;
    `env` adds to its environment (another database)."""
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **environ(home), **(env or {})}
    subprocess.run([EXE, "demo"], env=env, check=True, capture_output=True, timeout=60)
    port = free_port()
    server = subprocess.Popen(
        [EXE, "serve", "--port", str(port), "--no-jobs", "--json", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        json.loads(server.stdout.readline())
        deadline = time.monotonic() + 20
        while request(port, "GET", "/api/csrf")[0] != 200:
            assert time.monotonic() < deadline, "followup serve did not answer"
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()  # a request stuck in a check may ignore it: then kill
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def request(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 10,
) -> tuple[int, bytes, http.client.HTTPResponse | Any]:
    """One raw request on its own connection (a `Host` in `headers` replaces the real one);
    status 0 when the server is not answering yet."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response
    except ConnectionError:
        return 0, b"", None
    finally:
        connection.close()
