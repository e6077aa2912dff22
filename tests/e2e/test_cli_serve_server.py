"""`followup serve --server` refuses to start without what server mode needs, with one clear
message each, before it listens anywhere."""

from __future__ import annotations

import socket
import subprocess
import time

import pytest

from tests.e2e.conftest import EXE, Cli

SECRET = "a test secret key, long enough to be one"


def test_server_mode_refuses_sqlite(cli: Cli) -> None:
    done = cli("serve", "--server", "--host", "0.0.0.0", ok=False, FOLLOWUP_SECRET_KEY=SECRET)
    assert done.code == 6
    assert "server mode needs PostgreSQL" in done.err
    assert done.err.count("\n") == 1


def test_server_mode_refuses_a_missing_or_short_secret(postgres_schema_url: str, cli: Cli) -> None:
    for secret in ("", "short"):
        done = cli(
            "serve", "--server", ok=False,
            FOLLOWUP_DATABASE_URL=postgres_schema_url, FOLLOWUP_SECRET_KEY=secret,
        )  # fmt: skip
        assert done.code == 6
        assert "server mode needs a secret key of at least 32 characters" in done.err


def test_server_mode_refuses_a_public_url_that_is_no_address(
    postgres_schema_url: str, cli: Cli
) -> None:
    done = cli(
        "serve", "--server", ok=False, FOLLOWUP_DATABASE_URL=postgres_schema_url,
        FOLLOWUP_SECRET_KEY=SECRET, FOLLOWUP_PUBLIC_URL="ftp://x",
    )  # fmt: skip
    assert done.code == 6
    assert "public_url 'ftp://x' is not an http:// or https:// address" in done.err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_mode_serves_any_address_and_asks_for_a_sign_in(
    postgres_schema_url: str, cli: Cli
) -> None:
    """Listening on every address, the public URL's host answered; no page without signing in."""
    import httpx

    port = _free_port()
    env = {
        **cli.env, "FOLLOWUP_DATABASE_URL": postgres_schema_url, "FOLLOWUP_SECRET_KEY": SECRET,
        "FOLLOWUP_PUBLIC_URL": "https://followup.example.org",
    }  # fmt: skip
    server = subprocess.Popen(
        [EXE, "serve", "--server", "--host", "0.0.0.0", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/api/applications",
                    headers={"Host": "followup.example.org"},
                )
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode() if server.stderr else "")
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        assert answer.status_code == 401
        foreign = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": "evil.example"})
        assert foreign.status_code == 400
    finally:
        server.terminate()
        server.wait(10)
