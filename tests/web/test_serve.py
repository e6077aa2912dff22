"""`followup serve` as a real process on a free loopback port, fetched over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import EXE
from tests.mailservers import free_port
from tests.web.conftest import environ


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=5) as response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        return response.status, response.read().decode(), headers


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_over_http(tmp_path: Path, workers: int) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **environ(tmp_path)}
    subprocess.run([EXE, "demo"], env=env, check=True, capture_output=True, timeout=60)
    port = free_port()
    server = subprocess.Popen(
        [EXE, "serve", "--port", str(port), "--no-jobs", "--json", "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        started = json.loads(server.stdout.readline())
        assert started == {"url": f"http://127.0.0.1:{port}/", "jobs": False}
        deadline = time.monotonic() + 20
        while True:
            try:
                status, page, headers = _get(started["url"])
                break
            except OSError:
                assert time.monotonic() < deadline, "followup serve did not answer"
                time.sleep(0.1)
        assert status == 200 and "Overdue" in page
        assert headers["x-frame-options"] == "DENY"
        status, body, _ = _get(f"{started['url']}api/today")
        assert status == 200 and set(json.loads(body)) == {"overdue", "due", "replies"}
        for _ in range(6):  # several connections: with 2 workers, both processes answer
            assert _get(f"{started['url']}applications/1")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert server.returncode is not None


def test_serve_refuses_workers_out_of_range(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **environ(tmp_path)}
    done = subprocess.run(
        [EXE, "serve", "--workers", "0", "--no-jobs"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "--workers" in done.stderr


def test_serve_refuses_a_remote_host_without_allow_remote(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **environ(tmp_path)}
    done = subprocess.run(
        [EXE, "serve", "--host", "0.0.0.0", "--no-jobs"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "not a loopback address" in done.stderr
