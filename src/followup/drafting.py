"""From a step to its draft: the message templates, their context and the sandbox they run in.

Templates are Jinja2 text files named `{kind}.{channel}.{tone}.txt.j2`, shipped in
`followup/templates/` and overridable by a file of the same name in a user directory. Users
edit them, so they run in Jinja2's sandbox: a template that reaches for Python internals is
refused, and one that names an unknown value is an error rather than a blank in a letter.
The context is plain data (strings, lists, dicts), never domain objects.

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
from datetime import date, datetime
from functools import lru_cache, wraps
from importlib.resources import files
from pathlib import Path
from types import BuiltinMethodType, TracebackType
from typing import Any
from zoneinfo import ZoneInfo

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
from nameparser import HumanName
from nameparser.config import CONSTANTS

from followup.domain.drafts import Draft
from followup.domain.errors import InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Interview,
    Profile,
    Promise,
    Recipient,
    Relation,
    Step,
)

SUFFIX = ".txt.j2"
DEFAULT_TONE = "formal"
EMPLOYER_SIDE = frozenset({Relation.INTERVIEWER, Relation.HR})
MEETINGS = {"in-person": "meeting", "phone": "phone call", "video": "video call"}

# Honorifics honoured in a salutation when typed before a name (or as a contact's title).
# Job words that nameparser also calls titles ("Director", "Chief") are not among them.
_HONORIFIC_WORDS = (
    "mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev revd reverend fr father "
    "rabbi imam hon judge justice capt captain major col colonel gen general lt sgt herr frau "
    "mme madame mlle monsieur m sr sra srta señor señora dott ing mag"
)
HONORIFICS = frozenset(_HONORIFIC_WORDS.split())
FIRST_NAME_HONORIFICS = frozenset({"sir", "dame"})  # Sir Elton John -> Dear Sir Elton
ACADEMIC = frozenset({"dr", "doctor", "prof", "professor"})  # honoured from a contact's title
# Jr, Sr, III belong to a name; degrees (PhD, MBA) do not belong in a greeting.
_GENERATIONAL = frozenset(CONSTANTS.suffix_not_acronyms) - {"esq", "esquire", "ret", "vet"}


# -- names and salutations -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name and its parts: honorific, first name (or nickname), surname."""

    plain: str  # without honorific or degrees: "Priya Shah", "María José de la Cruz"
    honorific: str  # "Dr", "Prof. Dr.", "" when none was typed
    first: str  # the name a friend would use: nickname, else first name, else the full name
    last: str  # surname with its particles: "de la Cruz", "van der Berg"


def _is_honorific(words: str) -> bool:
    parts = words.replace(".", " ").casefold().split()
    return bool(parts) and all(p in HONORIFICS for p in parts)


def parse_name(name: str) -> Name:
    """nameparser's reading of a name, corrected where it misreads ("Mrs van der Berg") and
    keeping only honorifics from HONORIFICS as such."""
    full = " ".join(name.split())
    parsed = HumanName(full)
    honorific = parsed.title if _is_honorific(parsed.title) else ""
    first, last = parsed.first, parsed.last
    if honorific and first.casefold() in CONSTANTS.prefixes:  # "Mrs van der Berg"
        first, last = "", " ".join(p for p in (first, parsed.middle, last) if p)
    generational = [s for s in parsed.suffix_list if s.strip(".,").casefold() in _GENERATIONAL]
    words = [first, parsed.middle, last, *generational]
    if not honorific and parsed.title:  # a job word before the name is kept as typed
        words.insert(0, parsed.title)
    plain = " ".join(w for w in words if w) or full
    friendly = parsed.nickname or first or plain
    return Name(plain, honorific[:1].upper() + honorific[1:], friendly, last or plain)


def addressed_as(name: str, title: str | None, tone: str) -> str:
    """How to address someone: "Dr Müller", "Priya Shah" (formal) or "Priya" (warm).

    Gender is unknown, so no Mr or Ms is guessed: an honorific is used only when the user
    typed one ("Dr Jürgen Müller") or the contact's title is academic ("Professor")."""
    parsed = parse_name(name)
    honorific = parsed.honorific
    if not honorific and title and title.split()[0].strip(".,").casefold() in ACADEMIC:
        honorific = title.split()[0].rstrip(",")
    if honorific:
        surname = parsed.first if honorific.casefold() in FIRST_NAME_HONORIFICS else parsed.last
        return f"{honorific} {surname}"
    return parsed.first if tone == "warm" else parsed.plain


def salutation(contact_or_recipient_name: str, title: str | None, tone: str) -> str:
    """The greeting line: "Dear Dr Müller,", "Dear Priya Shah," (formal), "Dear Priya," (warm)."""
    return f"Dear {addressed_as(contact_or_recipient_name, title, tone)},"


def join_and(items: Sequence[object], conjunction: str = "and") -> str:
    """["a", "b", "c"] -> "a, b and c" (a template filter)."""
    words = [str(i) for i in items if str(i)]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


# -- the context a template sees -------------------------------------------------------------


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _contact(application: Application, recipient: Recipient) -> Contact | None:
    """The contact record behind a recipient: by id, else by name."""
    for contact in application.contacts:
        if recipient.contact_id is not None and contact.id == recipient.contact_id:
            return contact
    return next((c for c in application.contacts if _same(c.name, recipient.name)), None)


def _person(
    application: Application, tone: str, name: str, relation: Relation, title: str | None,
    contact: Contact | None,
) -> dict[str, str]:  # fmt: skip
    """A person as a template sees them. No name: the employer's team as a whole."""
    company = application.company
    parsed = parse_name(name) if name else Name("", "", "", "")
    organisation = (contact.organisation if contact else None) or (
        company if relation in EMPLOYER_SIDE else ""
    )
    known = {
        k: (getattr(contact, k) if contact else None) or ""
        for k in ("email", "phone", "address", "notes")
    }
    return {
        "name": name,
        "first_name": parsed.first,
        "last_name": parsed.last,
        "honorific": parsed.honorific,
        "addressed_as": addressed_as(name, title, tone) if name else f"{company} team",
        "salutation": salutation(name, title, tone) if name else f"Dear {company} team,",
        "title": title or "",
        "organisation": organisation,
        "relation": relation.value,
        **known,
    }


def _of_recipient(application: Application, recipient: Recipient, tone: str) -> dict[str, str]:
    contact = _contact(application, recipient)
    r = recipient
    person = _person(application, tone, r.name, r.relation, r.title, contact)
    person["email"] = person["email"] or (recipient.email or "")
    return person


def _of_contact(application: Application, contact: Contact, tone: str) -> dict[str, str]:
    return _person(application, tone, contact.name, contact.relation, contact.title, contact)


def addressees(step: Step) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
    """(to, cc): HR people after the first recipient are copied (the thank-you's HR copy)."""
    first = step.recipients[:1]
    if not first or first[0].relation is Relation.HR:
        return step.recipients, ()
    copied = tuple(r for r in step.recipients[1:] if r.relation is Relation.HR)
    return tuple(r for r in step.recipients if r not in copied), copied


def natural_date(day: date, us: bool = False) -> str:
    """The day written out: "Tuesday 10 March 2026" ("Tuesday, March 10, 2026" in the US)."""
    if us:
        return f"{day:%A}, {day:%B} {day.day}, {day.year}"
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def relative_day(day: date, reference: date, us: bool = False) -> str:
    """How `day` reads on `reference`: "today", "yesterday", "on Tuesday", "on 10 March"."""
    days = (reference - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {day:%A}"
    short = f"{day:%B} {day.day}" if us else f"{day.day} {day:%B}"
    return f"on {short}" if day.year == reference.year else f"on {short}, {day.year}"


_INTERVIEW_TEXT = ("date", "day", "when", "time", "format", "meeting", "notes")
_LATER = ("decision_by", "next_round", "contact_on")
_NO_INTERVIEW: dict[str, Any] = dict.fromkeys((*_INTERVIEW_TEXT, *_LATER), "") | {
    "held": False,
    "round": 0,
}


def _interview(interview: Interview | None, sent: datetime, us: bool) -> dict[str, Any]:
    if interview is None:
        return dict(_NO_INTERVIEW)
    tz = ZoneInfo(interview.timezone)
    start = interview.start.astimezone(tz)
    later = {
        "decision_by": interview.decision_by,
        "next_round": interview.next_round,
        "contact_on": interview.contact_on,
    }
    return {
        "held": True,
        "date": natural_date(start.date(), us),
        "day": f"{start:%A}",
        "when": relative_day(start.date(), sent.astimezone(tz).date(), us),
        "time": f"{start:%H:%M}",
        "format": interview.format.value,
        "meeting": MEETINGS[interview.format.value],
        "round": interview.round,
        "notes": interview.notes or "",
    } | {k: natural_date(v, us) if v else "" for k, v in later.items()}


def _mentions(skill: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(skill)}(?!\w)", text, re.IGNORECASE) is not None


def _skills(skills: Sequence[str], notes: str) -> tuple[list[str], list[str]]:
    """(discussed, key): up to two skills the notes mention, and the two to put forward:
    those discussed first, then the profile's in its order."""
    discussed = [s for s in skills if _mentions(s, notes)][:2]
    return discussed, (discussed + [s for s in skills if s not in discussed])[:2]


def _sender(profile: Profile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "first_name": parse_name(profile.name).first,
        "email": profile.email or "",
        "phone": profile.phone or "",
        "address": profile.address or "",
        "signature": profile.signature or "",
        "skills": list(profile.skills),
    }


def _promised(application: Application, step: Step, recipient: dict[str, str]) -> list[str]:
    """What this step sends (send-promised names its promise in its key), else what is still
    owed to this recipient."""
    number = re.fullmatch(r"send-promised:p(\d+)", step.key)
    if number:
        mine = [p for p in application.promises if p.id == int(number.group(1))]
        if mine:
            return [p.what for p in mine]
    owed: list[Promise] = [p for p in application.promises if not p.done]
    to_them = [p for p in owed if recipient["name"] and _same(p.to, recipient["name"])]
    if step.kind == "send-promised" and not to_them:
        to_them = owed
    return [p.what for p in to_them]


def context(
    profile: Profile, application: Application, step: Step, now: datetime
) -> dict[str, Any]:
    """Everything a template may use, as plain data; missing text is "" (never None)."""
    us = bool(profile.region and profile.region.country == "US")
    tone = profile.tone or DEFAULT_TONE
    to, cc = addressees(step)
    people = [_of_recipient(application, r, tone) for r in to]
    nobody = _person(application, tone, "", Relation.INTERVIEWER, None, None)
    recipient = people[0] if people else nobody
    interviewers = [
        _of_contact(application, c, tone)
        for c in application.contacts
        if c.relation is Relation.INTERVIEWER
    ]
    hr = [
        _of_contact(application, c, tone) for c in application.contacts if c.relation is Relation.HR
    ]
    interview = max(application.interviews, key=lambda i: i.end, default=None)
    notes = (application.notes, interview and interview.notes, recipient["notes"])
    discussed, key_skills = _skills(profile.skills, " ".join(n for n in notes if n))
    decision = application.decision
    home = ZoneInfo(profile.timezone)
    sent = max(now, step.earliest)  # when the message may go out: dates read from then
    return {
        "kind": step.kind,
        "channel": step.channel.value,
        "tone": tone,
        "salutation": recipient["salutation"],
        "recipient": recipient,
        "to": people,
        "cc": [_of_recipient(application, r, tone) for r in cc],
        "lead": (interviewers or hr or [nobody])[0],
        "interviewers": interviewers,
        "profile": _sender(profile),
        "skills": list(profile.skills),
        "key_skills": key_skills,
        "discussed_skills": discussed,
        "company": application.company,
        "role": application.role,
        "source": application.source.value,
        "stage": application.stage.value,
        "notes": application.notes or "",
        "interview": _interview(interview, sent, us),
        "promised": _promised(application, step, recipient),
        "decision": {
            "kind": decision.kind.value if decision else "",
            "date": natural_date(decision.at.astimezone(home).date(), us) if decision else "",
        },
        "today": natural_date(sent.astimezone(home).date(), us),
    }


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
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
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
) -> Draft:
    """The step's draft from its template: the user's copy first, then the package's; the
    profile's tone, else formal. An email's first line gives its subject."""
    if profile is None:
        raise InvalidInput('no profile yet: run followup init --name "Your Name" first')
    env = _environment(tuple(str(d) for d in template_dirs))
    template = _select(env, step.kind, step.channel, profile.tone or DEFAULT_TONE)
    text = tidy(_render(template, context(profile, application, step, now)))
    subject = None
    if step.channel is Channel.EMAIL:
        first, _, rest = text.partition("\n")
        found = re.fullmatch(r"Subject:(.*)", first)
        if found is None or not found.group(1).strip():
            raise InvalidInput(f"template {template.name} must start with a 'Subject: ...' line")
        subject, text = found.group(1).strip(), rest.lstrip("\n")
    to, cc = addressees(step)
    return Draft(kind=step.kind, channel=step.channel, body=text, subject=subject, to=to, cc=cc)
