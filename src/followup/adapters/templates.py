"""Message templates: where they are, and the sandbox they run in (Jinja2).

Templates are Jinja2 text files named `{kind}.{channel}.{tone}.txt.j2`, shipped in
`followup/templates/` and overridable by a file of the same name in a user directory. Users
edit them, so they run in Jinja2's sandbox: a template that reaches for Python internals is
refused, and one that names an unknown value is an error rather than a blank in a letter.
What a template sees is plain data, from domain/personalisation.py.

A template is also a program that may never end or may fill the memory: loops in loops,
`"a" * 10**9`, a macro calling itself. So a render is counted (`_Limited`): every call, lookup,
loop turn, filter, test, operator and output is a step, and the render stops with an error
naming the template after `STEPS` steps or `SECONDS` seconds, once it has written `WRITTEN`
characters (in blocks and macros too), or when its text passes `OUTPUT` characters. No value
may pass `VALUE` characters written out: the operations that make big values from small ones
(`*`, `+`, `**`, `%`, `~`, the filters and string methods that pad, repeat, join or replace)
are refused before they allocate. `range` gives at most `RANGE` numbers. Recursion too deep for
Python is the same kind of error. Steps are cheap, so no subprocess is needed: between two
steps a template can only do work bounded by `VALUE`.
"""

from __future__ import annotations

import inspect
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, wraps
from importlib.resources import files
from pathlib import Path
from types import BuiltinMethodType, TracebackType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    nodes,
    pass_context,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateNotFound,
    TemplatesNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from followup.adapters.files import private_folder, write_whole
from followup.domain import personalisation
from followup.domain.drafts import Draft
from followup.domain.errors import InvalidInput
from followup.domain.model import Application, Channel, Profile, Step
from followup.domain.personalisation import DEFAULT_TONE, addressees
from followup.domain.promised import Promised
from followup.domain.prose import join_and as join_and  # a template filter

SUFFIX = ".txt.j2"


# -- the limits of a render -------------------------------------------------------------------

SECONDS = 2  # a render that takes longer is stopped
STEPS = 1_000_000  # calls, lookups, loop turns, filters, tests, operators and outputs
WRITTEN = 1_000_000  # characters written in one render, in blocks and macros as well
OUTPUT = 100_000  # characters of the finished text
VALUE = 100_000  # characters one value may have, written out
RANGE = 10_000  # numbers in one range()
SOURCE = 100_000  # characters of a template file


class _Exceeded(Exception):
    """A render went past one of its limits: `what` says which, as the end of a sentence
    that starts with the template's name."""

    def __init__(self, what: str, template: str | None = None) -> None:
        super().__init__(what)
        self.what, self.template = what, template


def _too_big() -> _Exceeded:
    return _Exceeded(f"makes a value of over {VALUE:,} characters")


@dataclass
class _Budget:
    """What one render may still do."""

    deadline: float
    steps: int = STEPS
    written: int = WRITTEN

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise _Exceeded(f"does too much work (over {STEPS:,} steps)")
        if time.monotonic() > self.deadline:
            raise _Exceeded(f"took longer than {SECONDS} s to render")

    def write(self, size: int) -> None:
        self.written -= size
        if self.written < 0:
            raise _Exceeded(f"writes too much (over {WRITTEN:,} characters)")
        self.step()


# The render under way in this thread (or task), if any: compiling a template outside a render
# (constant folding calls filters) checks sizes, but counts nothing.
_BUDGET: ContextVar[_Budget | None] = ContextVar("followup_template_budget", default=None)


def _step() -> None:
    if (budget := _BUDGET.get()) is not None:
        budget.step()


def _weight(value: object, limit: int = VALUE) -> int:
    """About how many characters `value` has written out, counted until past `limit`: a list
    holding one long string many times is as long as str() would write it."""
    total, todo = 0, [value]
    while todo and total <= limit:
        item = todo.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * 3 // 10 + 1
        elif isinstance(item, list | tuple | set | frozenset | dict):
            total += 2 + 2 * len(item)
            if total <= limit:
                todo.extend(item.items() if isinstance(item, dict) else item)
        elif isinstance(item, Namespace):
            todo.append(getattr(item, "_Namespace__attrs", {}))
        else:
            total += 24  # a float, a range, a loop, a macro: short when written
    return total


def _made(value: Any) -> Any:
    """`value`, made by an operation: refused past VALUE characters; a string counts as
    written."""
    size = _weight(value)
    if size > VALUE:
        raise _too_big()
    if isinstance(value, str) and (budget := _BUDGET.get()) is not None:
        budget.write(size)
    return value


# The widths and precisions of %-formats ("%-12.3f") and of str.format's fields ("{:>12}").
_SPECS = re.compile(r"%[^a-zA-Z%]*|\{[^{}]*\}")
_NUMBER = re.compile(r"\d+")


def _format_fits(form: str, args: Iterable[Any]) -> None:
    """Refuse a %-format or str.format of `form` with `args` that could pass VALUE characters:
    a width or precision over VALUE, or more fields than fit with the longest argument."""
    specs = [n for spec in _SPECS.findall(form) for n in _NUMBER.findall(spec)]
    widths = [int(n) if len(n) < 7 else VALUE + 1 for n in specs]
    args = list(args)
    if "*" in form or ":{" in form:  # a width may come from an argument: "%*d", "{:{}}"
        widths += [a for a in args if isinstance(a, int) and not isinstance(a, bool)]
    widest = max(widths, default=0)
    fields = form.count("%") + form.count("{")
    longest = max((_weight(a) for a in args), default=0)
    if widest > VALUE or len(form) + fields * max(widest, longest) > VALUE:
        raise _too_big()


_SEQUENCES = (str, bytes, list, tuple)


def _operation_fits(operator: str, left: Any, right: Any) -> None:
    """Refuse `left <operator> right` that would make a value past VALUE characters (a number
    past VALUE digits): "a" * 10**9, [s] * n, s + s, 10 ** 10**9, "%999999999d" % 1."""
    size = 0
    if operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            size = (left.bit_length() + right.bit_length()) * 3 // 10
        elif isinstance(left, _SEQUENCES) and isinstance(right, int):
            size = _weight(left) * max(right, 0)
        elif isinstance(right, _SEQUENCES) and isinstance(left, int):
            size = _weight(right) * max(left, 0)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
        size = left.bit_length() * max(right, 0) * 3 // 10
    elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        size = _weight(left) + _weight(right)
    elif operator == "%" and isinstance(left, str):
        values = right.values() if isinstance(right, dict) else right
        _format_fits(left, values if isinstance(right, tuple | dict) else [right])
    if size > VALUE:
        raise _too_big()


def _method_fits(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a call of a text's or a number's method that would pass VALUE characters: "ab"
    .center(10**9), .ljust, .zfill, .expandtabs, .replace, .join, .translate, (1).to_bytes.
    The arguments, with an iterable to join made a list (it is read to be measured)."""
    owner: Any = getattr(method, "__self__", None)
    if not isinstance(method, BuiltinMethodType) or not isinstance(owner, str | bytes | int):
        return args
    numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
    if any(abs(n) > VALUE for n in numbers):
        raise _too_big()
    if isinstance(owner, int):
        return args
    name, size = method.__name__, len(owner)
    if name == "expandtabs":
        tab: Any = "\t" if isinstance(owner, str) else b"\t"
        size += owner.count(tab) * max(numbers, default=8)
    elif name == "replace" and len(args) >= 2:
        old: Any = args[0]
        new: Any = args[1]
        times = owner.count(old) if old else size + 1
        times = min(times, numbers[0]) if numbers and numbers[0] >= 0 else times
        size += times * (len(new) - len(old))
    elif name == "join" and args:
        items = list(args[0])
        size = _weight(items) + len(items) * len(owner)
        args = (items, *args[1:])
    elif name == "translate" and args and isinstance(args[0], dict):
        size *= max((_weight(v) for v in args[0].values()), default=1)
    if size > VALUE:
        raise _too_big()
    return args


# The arguments of Jinja2's filters that are sizes: a width, a length, a count of parts.
_SIZES = ("width", "length", "leeway", "linecount", "slices")


def _filter_fits(name: str, arguments: dict[str, Any]) -> None:
    """Refuse a call of filter `name` (its arguments by name, as Jinja2 names them) that would
    make a value past VALUE characters: center(10**9), indent or join with a long string,
    replace with a longer one, format with a wide field. Sums add numbers only (a sum of lists
    copies them again and again). An iterable to join is made a list, to be measured."""
    if any(isinstance(arguments.get(k), int) and abs(arguments[k]) > VALUE for k in _SIZES):
        raise _too_big()
    if name == "replace":
        text, old, new = (str(arguments.get(k, "")) for k in ("s", "old", "new"))
        count = arguments.get("count")
        times = text.count(old) if old else len(text) + 1
        times = min(times, count) if isinstance(count, int) and count >= 0 else times
        size = len(text) + times * (len(new) - len(old))
    elif name == "indent":
        text, width = str(arguments.get("s", "")), arguments.get("width", 4)
        size = len(text) + (text.count("\n") + 1) * (
            len(width) if isinstance(width, str) else width
        )
    elif name == "wordwrap":
        text, wrap = str(arguments.get("s", "")), arguments.get("wrapstring") or "\n"
        size = len(text) * (1 + len(wrap)) if len(wrap) > 1 else 0
    elif name == "join":
        items = arguments["value"] = list(arguments.get("value", ()))
        size = _weight(items) + len(items) * len(str(arguments.get("d", "")))
    elif name == "format":
        _format_fits(
            str(arguments.get("value", "")),
            [*arguments.get("args", ()), *arguments.get("kwargs", {}).values()],
        )
        size = 0
    elif name == "sum":
        if not isinstance(arguments.get("start", 0), int | float):
            raise SecurityError("the sum filter adds numbers only")
        size = 0
    else:
        size = 0
    if size > VALUE:
        raise _too_big()


def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, a filter, counted as a step, its arguments checked (`_filter_fits`, for the
    filters in `_FITTED`) and its result measured (`_made`)."""
    inner = inspect.unwrap(function)
    signature = inspect.signature(inner) if name in _FITTED else None
    # Jinja2's async-ready filters get the evaluation context first, which the function they
    # wrap does not take (nor name)
    passed = 1 if _passes(function) and not _passes(inner) else 0

    @wraps(function)  # keeps jinja_pass_arg: the context or environment comes first still
    def limited(*args: Any, **kwargs: Any) -> Any:
        _step()
        if signature is not None:
            try:
                bound = signature.bind(*args[passed:], **kwargs)
            except TypeError:
                pass  # the call itself says what is wrong
            else:
                _filter_fits(name, bound.arguments)
                args, kwargs = (*args[:passed], *bound.args), bound.kwargs
        return _made(function(*args, **kwargs))

    return limited


def _passes(function: Callable[..., Any]) -> bool:
    """Whether Jinja2 passes `function` a context or an environment first."""
    return getattr(function, "jinja_pass_arg", None) is not None


_FITTED = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
_FITTED |= {"replace", "join", "format", "sum"}


def _limited_test(function: Any) -> Callable[..., Any]:
    @wraps(function)
    def limited(*args: Any, **kwargs: Any) -> Any:
        _step()
        return function(*args, **kwargs)

    return limited


def _range(*args: int) -> range:
    """range() of at most RANGE numbers."""
    numbers = range(*args)
    try:
        too_many = len(numbers) > RANGE
    except OverflowError:
        too_many = True
    if too_many:
        raise _Exceeded(f"asks for a range of over {RANGE:,} numbers")
    return numbers


@pass_context  # so that no output is worked out once when compiling, then written uncounted
def _finalize(context: Context, value: Any) -> Any:
    """What `{{ ... }}` writes, measured: refused past VALUE characters, else counted."""
    size = _weight(value)
    if size > VALUE:
        raise _too_big()
    if (budget := _BUDGET.get()) is not None:
        budget.write(size)
    return value


@pass_context
def _each(context: Context, iterable: Iterable[Any]) -> Iterator[Any]:
    """A for loop's items, each a step (the filter `_Generator` puts on every loop)."""
    for item in iterable:
        _step()
        yield item


class _Generator(CodeGenerator):
    """Jinja2's code, with a step for each loop turn (the `_each` filter on every loop), `~`
    measured (`_Limited.joined`), and the literal text of each output counted
    (`_Limited.wrote`): these do not call anything the sandbox sees."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in list(node.find_all(nodes.For)):
            loop.iter = nodes.Filter(loop.iter, "_each", [], [], None, None, lineno=loop.lineno)
            loop.iter.set_environment(self.environment)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.joined({join}, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        literal = sum(len(n.data) for n in node.nodes if isinstance(n, nodes.TemplateData))
        if literal:
            self.writeline(f"environment.wrote({literal})")
        super().visit_Output(node, frame)


class _Loader(FileSystemLoader):
    """The user's templates, refused past SOURCE characters."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if len(source) > SOURCE:
            raise _Exceeded(f"is longer than {SOURCE:,} characters", template)
        return source, filename, uptodate


class _Limited(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, every render of it counted and measured (see the module's
    docstring)."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"+", "*", "**", "%"})  # those that make big values

    def __init__(self, loader: BaseLoader) -> None:
        super().__init__(
            loader=loader,
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # No template cache: a copy the user adds later must win over a cached package one.
            cache_size=0,
            finalize=_finalize,
        )
        self.globals["range"] = _range
        self.globals.pop("lipsum", None)  # paragraphs by the thousand: no use in a letter
        self.filters["join_and"] = join_and
        self.filters = {n: _limited_filter(n, f) for n, f in self.filters.items()}
        self.filters["_each"] = _each
        self.tests = {n: _limited_test(f) for n, f in self.tests.items()}

    def joined(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        if sum(_weight(p) for p in parts) > VALUE:
            raise _too_big()
        return _made(join(parts))  # type: ignore[no-any-return]

    def wrote(self, size: int) -> None:
        if (budget := _BUDGET.get()) is not None:
            budget.write(size)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _step()
        _operation_fits(operator, left, right)
        return _made(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _step()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        formatter = super().wrap_str_format(value)
        if formatter is None:
            return None
        form = value.__self__

        def limited(*args: Any, **kwargs: Any) -> str:
            _format_fits(form, [*args, *kwargs.values()])
            return _made(formatter(*args, **kwargs))  # type: ignore[no-any-return]

        return limited

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (_each(__context, args[0]), *args[1:])
        args = _method_fits(__obj, args, kwargs)
        return _made(super().call(__context, __obj, *args, **kwargs))


# -- templates: where they are, and rendering them safely ------------------------------------


@lru_cache(maxsize=16)
def _environment(dirs: tuple[str, ...]) -> _Limited:
    return _Limited(
        ChoiceLoader([*(_Loader(d) for d in dirs), PackageLoader("followup", "templates")])
    )


def template_names(dirs: Sequence[Path] = ()) -> list[str]:
    """Every template: the package's, and any the user added in `dirs`."""
    shipped = {p.name for p in files("followup").joinpath("templates").iterdir()}
    added = {p.name for d in dirs if d.is_dir() for p in d.iterdir()}
    return sorted(n for n in shipped | added if n.endswith(SUFFIX))


def template_file(name: str) -> str:
    """The file name of template `name`, which may leave out the ending: "thank-you.email.warm"
    is "thank-you.email.warm.txt.j2". The one way a name becomes a file: for the drafts, and
    for `followup templates show`, `edit` and `reset` (an edited copy under another name would
    never be used)."""
    name = name if name.endswith(SUFFIX) else name + SUFFIX
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", name):
        raise InvalidInput(f"{name!r} is not a template name (see followup templates list)")
    return name


def keep_template(name: str, text: str, dirs: Sequence[Path]) -> Path:
    """Keep `text` as the user's copy of template `name` (in the first of `dirs`, where the
    drafts look first), and return its path."""
    target = dirs[0] / template_file(name)
    private_folder(target.parent)
    write_whole(target, text.encode("utf-8"))
    return target


def template_source(name: str, dirs: Sequence[Path]) -> tuple[str, Path, bool]:
    """(text, path, overridden): the user's copy in the first of `dirs` that has one, else the
    package's. `name` may leave out the ending: "thank-you.email.warm"."""
    name = template_file(name)
    for folder in dirs:
        path = folder / name
        if path.is_file():
            return path.read_text("utf-8"), path, True
    shipped = files("followup").joinpath("templates", name)
    if not shipped.is_file():
        raise InvalidInput(f"unknown template {name!r} (see followup templates list)")
    return shipped.read_text("utf-8"), Path(str(shipped)), False


def _origin(tb: TracebackType | None, fallback: str) -> str:
    """The template (and line) an error was raised in: Jinja2 rewrites tracebacks so that
    template frames carry the template's file name."""
    where = fallback
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{Path(filename).name} line {tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _select(env: ImmutableSandboxedEnvironment, kind: str, channel: Channel, tone: str) -> Template:
    names = [f"{kind}.{channel.value}.{t}{SUFFIX}" for t in dict.fromkeys((tone, DEFAULT_TONE))]
    for name in names:
        template_file(name)
    try:
        return env.select_template(names)
    except TemplateSyntaxError as exc:
        raise InvalidInput(f"template {exc.name}, line {exc.lineno}: {exc.message}") from None
    except TemplatesNotFound:
        raise InvalidInput(
            f"no template for {kind} by {channel.value} (looked for {join_and(names, 'or')})"
        ) from None
    except _Exceeded as exc:
        raise _beyond(exc.template or names[0], exc.what, None) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        what = "nests too deeply" if isinstance(exc, RecursionError) else f"cannot be read ({exc})"
        raise _beyond(names[0], what, None) from None


def _beyond(name: str, what: str, tb: TracebackType | None) -> InvalidInput:
    """The error for template `name` (or the template `tb` shows it was in) past a limit."""
    line = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            name, line = Path(filename).name, tb.tb_lineno
        tb = tb.tb_next
    short = name.removesuffix(SUFFIX)
    at = f" (line {line})" if line else ""
    return InvalidInput(
        f"template {short} {what}{at}; fix or reset it: followup templates reset {short}"
    )


def _written(template: Template, values: dict[str, Any]) -> str:
    """The template's text, stopped when it passes OUTPUT characters."""
    parts, size = [], 0
    for part in template.generate(values):
        size += len(part)
        if size > OUTPUT:
            raise _Exceeded(f"writes a text of over {OUTPUT:,} characters")
        parts.append(part)
    return "".join(parts)


def _render(template: Template, values: dict[str, Any]) -> str:
    name = template.name or "the template"
    budget = _BUDGET.set(_Budget(deadline=time.monotonic() + SECONDS))
    try:
        return _written(template, values)
    except _Exceeded as exc:
        raise _beyond(exc.template or name, exc.what, exc.__traceback__) from None
    except RecursionError as exc:
        what = "calls itself without end (a macro, an include or an extends)"
        raise _beyond(name, what, exc.__traceback__) from None
    except MemoryError as exc:
        raise _beyond(name, "needs too much memory", exc.__traceback__) from None
    except SecurityError as exc:
        where = _origin(exc.__traceback__, name)
        raise InvalidInput(f"template {where} is not allowed to do that: {exc}") from None
    except UndefinedError as exc:
        where = _origin(exc.__traceback__, name)
        known = ", ".join(sorted(values))
        raise InvalidInput(f"template {where}: {exc.message} (known values: {known})") from None
    except TemplateSyntaxError as exc:
        raise InvalidInput(f"template {exc.name}, line {exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:
        raise InvalidInput(f"template {name} includes {exc.name}, which does not exist") from None
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        where = _origin(exc.__traceback__, name)
        raise InvalidInput(f"template {where} failed: {exc}") from None
    finally:
        _BUDGET.reset(budget)


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", lines) + "\n"


def render(
    profile: Profile | None,
    application: Application,
    step: Step,
    now: datetime,
    template_dirs: Sequence[Path],
    kept: Promised | None = None,
) -> Draft:
    """The step's draft from its template: the user's copy first, then the package's; the
    profile's tone, else formal. An email's first line gives its subject. `kept`: the file or
    link a send-promised step's promise is kept with (the template's `attachment`)."""
    if profile is None:
        raise InvalidInput('no profile yet: run followup init --name "Your Name" first')
    env = _environment(tuple(str(d) for d in template_dirs))
    template = _select(env, step.kind, step.channel, profile.tone or DEFAULT_TONE)
    values = personalisation.context(profile, application, step, now)
    values["attachment"] = {
        "file_name": kept.file_name or "" if kept else "",
        "link": kept.link or "" if kept else "",
    }
    text = tidy(_render(template, values))
    subject = None
    if step.channel is Channel.EMAIL:
        first, _, rest = text.partition("\n")
        found = re.fullmatch(r"Subject:(.*)", first)
        if found is None or not found.group(1).strip():
            raise InvalidInput(f"template {template.name} must start with a 'Subject: ...' line")
        subject, text = found.group(1).strip(), rest.lstrip("\n")
    to, cc = addressees(step)
    return Draft(kind=step.kind, channel=step.channel, body=text, subject=subject, to=to, cc=cc)
