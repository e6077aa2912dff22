"""Input that Python itself cannot handle (not UTF-8, nested thousands deep, too large for the
memory, an image of 400 megapixels) ends in one clear line on stderr and a non-zero exit,
never a traceback or "unexpected X"."""

from __future__ import annotations

import resource
import struct
import subprocess
import zlib

import pytest

from tests.e2e.conftest import EXE, Result

ADD = ["add", "--company", "Acme", "--role", "Analyst", "--at", "2026-12-18 13:00",
       "--tz", "Europe/London", "--country", "GB-ENG"]  # fmt: skip


def one_clear_line(result: Result, code: int | None = None) -> None:
    assert result.code != 0 if code is None else result.code == code, result.err
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert "unexpected" not in result.err and "Traceback" not in result.err


def run(cli, args: list[bytes], **kwargs) -> Result:
    """The command with arguments as raw bytes, as a shell passes them."""
    kwargs.setdefault("env", cli.env)
    kwargs.setdefault("cwd", cli.home)  # a relative file it might write lands there
    done = subprocess.run(
        [EXE.encode(), *args], capture_output=True, timeout=60, stdin=subprocess.DEVNULL,
        **kwargs,
    )  # fmt: skip
    return Result(done.returncode, done.stdout.decode(), done.stderr.decode())


@pytest.mark.parametrize("company", [b"\xff", b"Acme \xed\xb3\xbf", b"\xc3"])
def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_written(cli, company):
    result = run(cli, [arg.encode() for arg in ADD[:1]] + [b"--company", company]
                 + [arg.encode() for arg in ADD[3:]])  # fmt: skip
    one_clear_line(result, 2)
    assert "argument 3 (" in result.err and "is not valid UTF-8 text" in result.err
    assert cli.sqlite_files == []  # not even the database was made


def test_a_file_name_that_is_not_utf8_is_refused_too(cli):
    one_clear_line(run(cli, [b"export", b"--json", b"out-\xff.json"]), 2)
    assert not any(cli.home.glob("out-*"))


def test_a_setting_that_is_not_utf8_is_named(cli):
    env = {key.encode(): value.encode() for key, value in cli.env.items()}
    result = run(cli, [b"list"], env={**env, b"FOLLOWUP_USER": b"al\xffce"})
    one_clear_line(result, 6)
    assert "setting user from env FOLLOWUP_USER is not valid UTF-8 text" in result.err


def test_input_nested_thousands_deep_is_one_clear_line(cli):
    """A playbook file of arrays in arrays, 5,000 deep (Python's TOML reader recurses)."""
    folder = cli.home / "config" / "followup"
    folder.mkdir(parents=True)
    (folder / "playbook.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    one_clear_line(cli(*ADD, ok=False))
    assert cli.sqlite_files == [] or cli("list", "--json").json == []


def test_a_config_file_nested_thousands_deep_is_named(cli):
    folder = cli.home / "config" / "followup"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("user = " + "[" * 5000 + "]" * 5000 + "\n")
    result = cli("list", ok=False)
    one_clear_line(result, 6)
    assert "config.toml: not valid TOML (nested too deeply)" in result.err


def test_running_out_of_memory_is_one_clear_line(cli, tmp_path):
    """A 64 MB text to check, with 96 MB of memory for the whole process: reading it fails."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (64 * 2**20 // 5))

    def little_memory() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (96 * 2**20, 96 * 2**20))

    result = run(cli, [b"check", b"--app", b"1", str(big).encode()], preexec_fn=little_memory)
    one_clear_line(result)


def _png(width: int, height: int) -> bytes:
    """A black-and-white PNG this large, in a few dozen bytes (its one row of pixels is all
    that is there: nothing ever needs to decode it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


@pytest.mark.parametrize("size", [(20_000, 20_000), (10_000, 6_000)])
def test_a_card_image_of_too_many_pixels_is_refused_before_it_is_decoded(cli, tmp_path, size):
    pytest.importorskip("PIL")
    image = tmp_path / "card.png"
    image.write_bytes(_png(*size))
    result = cli("card", str(image), ok=False)
    one_clear_line(result, 2)
    assert "card.png has too many pixels (over 50 megapixels)" in result.err
