"""The `followup` command: the Typer app, each command's module loaded only when it runs.
Errors become a line and an exit code in one place, `cli/entry.report`."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from followup.cli.entry import fail, finish, report

# Each command, in the order `--help` lists them, and the module of followup.cli that
# defines it (by `register(app)`, or as its `app` of subcommands). A command imports only its
# own module: building all of them costs every command ~30 ms. A test checks this table.
COMMANDS = {
    "init": "profile",
    **dict.fromkeys(("add", "list", "show", "plan", "log", "decide"), "applications"),
    **dict.fromkeys(("undo", "delete"), "undo"),
    "debrief": "debrief",
    **dict.fromkeys(("today", "due", "done", "skip", "snooze", "resume"), "steps"),
    "card": "cards",
    **dict.fromkeys(("draft", "check", "letter"), "drafts"),
    "send": "sending",
    "promise": "promise",
    **dict.fromkeys(("config", "demo"), "setup"),
    "worker": "worker",
    "serve": "serve",
    **dict.fromkeys(("export", "import", "backup"), "interop"),
    "outbox": "sending",
    "contacts": "contacts",
    "templates": "templates",
    "calendar": "calendar",
    "report": "report",
    "insights": "insights",
    "accounts": "accounts",
}


def module_commands(module_name: str) -> dict[str, Any]:
    """The click commands the module `followup.cli.<module_name>` defines, by name."""
    module = importlib.import_module(f"followup.cli.{module_name}")
    part = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    if hasattr(module, "register"):
        module.register(part)
    else:
        part.add_typer(module.app, name=module_name)
    return dict(typer.main.get_group(part).commands)


class _Commands(MutableMapping[str, Any]):
    """The top-level commands, each built when first looked up (with its module's others)."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built.update(module_commands(COMMANDS[name]))  # KeyError: no such command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("followup's commands cannot be removed")

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._built))


class LazyGroup(TyperGroup):
    """The `followup` group, whose commands are built only when looked up."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()


app = typer.Typer(
    name="followup",
    help="Follow up every job interview well: who, when, through which channel, with what.",
    cls=LazyGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _group() -> None:
    """Makes `app` a group (its commands come from COMMANDS, not from registering them)."""


def run() -> None:
    """The full command line: every error leaves as one line on stderr and a non-zero exit
    code (`entry.report`). `entry.run`, the installed `followup`, comes here for all but the
    agenda as JSON."""
    # What is loaded so far (Typer, click) lives as long as the process: the cyclic garbage
    # collector need not walk it again each time it runs (about 5 % of a short command).
    gc.freeze()
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # usage errors: unknown option, missing value, ...
        message = getattr(exc, "format_message", exc.__str__)()
        fail(" ".join(message.split()), getattr(exc, "exit_code", 2))
    except typer.Abort:
        fail("aborted", 1)
    except (Exception, KeyboardInterrupt) as exc:
        report(exc)
    finish(code if isinstance(code, int) else 0)
