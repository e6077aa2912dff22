"""The `followup` command's entry point, and the one place an error becomes a line on stderr
and an exit code.

The agenda — `followup today` and `followup due [--within SPAN]`, with or without `--json`,
which people run every morning and scripts, status bars and editors ask for often — is answered
here without loading Typer (about 45 ms of a ~150 ms command). Everything else, and any other
spelling of those (`--help`, a mistake, an unknown option), goes to the full command line in
`cli/main.py`, which gives the same output for the same command.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys

TYPE_CHECKING = False  # not `typing`'s: the fast agenda loads neither it nor the settings
if TYPE_CHECKING:
    from typing import Any, NoReturn

# What a terminal would act on rather than show: escape sequences whole (CSI such as ESC[2J;
# OSC, DCS, SOS, PM and APC strings up to their terminator, such as a window title or an OSC 8
# link; two-character escapes), then any other C0 control but line feed and tab, DEL and the C1
# controls. Lone surrogates (text that was not UTF-8) cannot be written at all.
# (Patterns, compiled on first use by `re`'s cache: compiling them costs every command a
# millisecond or more.)
_TERMINAL_CONTROL = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_SURROGATE = "[\ud800-\udfff]"
# In JSON text these can only be inside strings, where an escape means the same character.
_JSON_ESCAPED = "[\x7f-\x9f\u2028\u2029\ud800-\udfff]"
# What marks those in UTF-8, found by a byte search in a fraction of the time the pattern
# takes over megabytes: DEL, the lead byte of U+0080-U+00BF (the C1 controls, and some Latin-1
# signs: then the pattern decides), U+2028 and U+2029. A surrogate cannot be encoded at all.
_ESCAPED_MARKS = (b"\x7f", b"\xc2", b"\xe2\x80\xa8", b"\xe2\x80\xa9")


def for_terminal(text: str) -> str:
    """`text` with nothing a terminal would act on: every human-readable line followup prints
    (the Rich console of `cli/output.py`, the error line of `fail`) goes through here, so data
    stored by an older version or read from a mail cannot clear the screen, set the window
    title, hide text or make a link. A lone surrogate becomes U+FFFD."""
    from followup.config.settings import not_utf8

    if re.search(_TERMINAL_CONTROL, text) is not None:
        text = re.sub(_TERMINAL_CONTROL, "", text)
    if not_utf8(text):
        text = re.sub(_SURROGATE, "\ufffd", text)
    return text


def fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"error: {for_terminal(' '.join(message.splitlines()) or message)}\n")
    raise SystemExit(code)


def report(exc: BaseException) -> NoReturn:
    """A FollowupError as its message and exit code; ^C as 130; input too deep, too large or
    not UTF-8 as one line each; anything else is a bug: one line, unless FOLLOWUP_DEBUG asks for
    the traceback."""
    from followup.config.settings import TRUE, not_utf8
    from followup.domain.errors import FollowupError

    if isinstance(exc, BrokenPipeError):
        reader_gone()
    if isinstance(exc, FollowupError):
        fail(str(exc), exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        fail("interrupted", 130)
    if isinstance(exc, RecursionError):
        fail("the input is nested too deeply to be read (thousands of levels)", 2)
    if isinstance(exc, MemoryError):
        fail("out of memory: the input is too large to be handled", 1)
    if isinstance(exc, UnicodeEncodeError) and not_utf8(exc.object):
        fail("text that is not valid UTF-8 cannot be used (it came from the input given)", 2)
    if os.environ.get("FOLLOWUP_DEBUG", "").strip().lower() in TRUE:
        raise exc
    fail(f"unexpected {type(exc).__name__}: {exc} (FOLLOWUP_DEBUG=1 shows more)", 1)


def reader_gone() -> NoReturn:
    """The reader of the output went away (`followup due | head`): stop quietly, with the
    status of a writer a closed pipe ends (141), and nothing written when Python flushes at
    exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(141)


def finish(code: int) -> NoReturn:
    """Exit with `code` once the output is written out (its reader may be gone)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        reader_gone()
    raise SystemExit(code)


def check_arguments(argv: list[str]) -> None:
    """Refuse an argument that is not UTF-8 (Python holds its bytes as lone surrogates, which
    nothing can store or print)."""
    from followup.config.settings import not_utf8

    for position, word in enumerate(argv, start=1):
        if not_utf8(word):
            shown = word.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            fail(f"argument {position} ({shown!r}) is not valid UTF-8 text", 2)


def _may_hold_escaped(text: str) -> bool:
    """Whether `text` may hold a character of `_JSON_ESCAPED` (False: it holds none)."""
    if text.isascii():
        return "\x7f" in text
    try:
        encoded = text.encode()
    except UnicodeEncodeError:  # a surrogate
        return True
    return any(mark in encoded for mark in _ESCAPED_MARKS)


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (and faster) when piped. DEL, the C1
    controls, U+2028/2029 and lone surrogates are written as \\u escapes (json.dumps already
    escapes C0), so no string in it can reach a terminal as a control."""
    indent = 2 if sys.stdout.isatty() else None
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if _may_hold_escaped(text):
        text = re.sub(_JSON_ESCAPED, lambda found: f"\\u{ord(found[0]):04x}", text)
    sys.stdout.write(text)
    sys.stdout.write("\n")  # not `+ "\n"`: that would copy megabytes for a long list


def print_agenda_json(within: str | None) -> None:
    """The agenda up to `now + within` (None: the end of the user's day) as JSON, its steps
    read straight from their rows (`services.agenda.agenda_record`)."""
    from followup import services
    from followup.cli.context import current
    from followup.input import parse

    app = current()
    now = app.now()
    span = services.agenda.rest_of_day(app.store, now) if within is None else parse.span(within)
    print_json(services.agenda.agenda_record(app.store, app.playbook, now, span))


def agenda_asked(argv: list[str]) -> tuple[str | None, bool] | None:
    """`(within, as_json)` when `argv` asks exactly for the agenda (`today [--json]`, `due
    [--within SPAN] [--json]`, flags in any order, as Typer reads them); else None."""
    if not argv or argv[0] not in ("today", "due"):
        return None
    within, as_json, rest = ("7d" if argv[0] == "due" else None), False, argv[1:]
    while rest:
        word, rest = rest[0], rest[1:]
        if word == "--json":
            as_json = True
        elif argv[0] == "due" and word.startswith("--within="):
            within = word.removeprefix("--within=")
        elif argv[0] == "due" and word == "--within" and rest and not rest[0].startswith("-"):
            within, rest = rest[0], rest[1:]
        else:
            return None
    return within, as_json


def run() -> None:
    """Entry point: the agenda here, everything else through `cli/main.py`."""
    asked = agenda_asked(sys.argv[1:])
    # What is loaded so far lives as long as the process: the cyclic garbage collector need
    # not walk it again (nor when the process ends). What the agenda builds, tens of
    # thousands of rows and records with no cycles among them, is freed by reference
    # counting: its passes over them would cost 2-3 % of the command at 5,000 applications.
    if asked is not None:
        gc.freeze()
        gc.disable()
    if asked is not None and asked[1] and sys.argv[1] == "due" and _plain(sys.argv[1:]):
        # `due --json` from the standard library alone when it can (`cli/fast_agenda.py`):
        # what it declines, the full path below answers.
        from followup.cli import fast_agenda

        found = fast_agenda.agenda(asked[0] or "")
        if found is not None:
            try:
                print_json(found)
            except (Exception, KeyboardInterrupt) as exc:
                report(exc)
            finish(0)
    check_arguments(sys.argv[1:])
    if asked is None:
        from followup.cli import main

        main.run()
        return
    within, as_json = asked
    try:
        if as_json:
            print_agenda_json(within)
        else:
            from followup.cli.agenda import print_agenda

            print_agenda(within)
    except (Exception, KeyboardInterrupt) as exc:
        report(exc)
    finish(0)


def _plain(argv: list[str]) -> bool:
    """Arguments of printable ASCII only (nothing `check_arguments` would refuse)."""
    return all(word.isascii() and word.isprintable() for word in argv)
