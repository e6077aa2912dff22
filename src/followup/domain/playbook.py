"""The playbook as data: rules with their numbers, channels, rationale and sources.

`parse` turns TOML text into a validated Playbook; `Playbook.merged` applies a user's file and
`Playbook.with_settings` one application's `RULE.FIELD=VALUE` settings. Reading files is the
caller's job: this module only parses and validates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from types import MappingProxyType
from typing import Any

from followup.domain.errors import InvalidInput
from followup.domain.model import Channel
from followup.domain.workdays import WorkingHours

# Every rule and its numbers, each with its unit (the planner gives the units their meaning).
RULE_NUMBERS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "thank-you": {
            "earliest": "hours after the interview ends",
            "due": "end of working day N after the interview",
        },
        "send-promised": {
            "earliest": "hours after the interview ends",
            "due": "end of working day N after the interview",
        },
        "reference-heads-up": {
            "earliest": "hours after the interview ends",
            "due": "end of working day N after the interview",
        },
        "referral-outreach": {
            "earliest": "hours after the interview ends",
            "due": "end of working day N after the interview",
        },
        "agency-update": {
            "earliest": "hours after the interview ends",
            "due": "end of working day N after the interview",
        },
        "check-in-call": {
            "earliest": "start of working day N after the interview",
            "due": "end of working day N after the interview",
            "retry": "working days for the email after a no-answer call",
        },
        "keep-in-touch": {
            "earliest": "days after the latest contact",
            "due": "end of working day N after its earliest",
            "count": "how many before waiting for the employer",
        },
        "feedback-request": {
            "earliest": "hours after the decision",
            "due": "end of working day N after the decision",
        },
        "stay-in-touch": {
            "earliest": "months after the rejection",
            "due": "end of working day N after its earliest",
        },
        "thank-references": {
            "earliest": "hours after the offer or hire",
            "due": "end of working day N after the decision",
        },
        "status-check": {
            "earliest": "start of working day N after applying",
            "again": "start of working day N after applying, for the second",
            "due": "end of working day N after its earliest",
            "count": "how many: 0, 1 or 2",
        },
        "pipeline-review": {
            "weekday": "0 = Monday ... 6 = Sunday",
            "due": "end of working day N after its earliest",
            "below": "shown while fewer applications than this are active",
        },
        "interview-day": {
            "earliest": "working days before the interview's day, from the start of working hours",
        },
    }
)
# The guidance the rules rest on: each article's number (a rule's `sources`) and its title.
GUIDANCE: Mapping[str, str] = MappingProxyType(
    {
        "000": "How to follow up on that all important job interview",
        "001": "How to follow up after a job interview",
        "002": "What should I do following my job interview?",
        "003": "Should you follow up after your job interview?",
        "004": "Follow-up after the job interview",
    }
)
NUDGES = frozenset({"check-in-call", "keep-in-touch", "status-check"})
_TEXT_KEYS = frozenset({"channels", "rationale", "sources", "enabled"})
_UPPER = {"weekday": 6}
# Every other number: far beyond any sensible follow-up (1,000 months is 83 years), and low
# enough that no date computed from it leaves the calendar.
_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of step: its numbers, channels, rationale and sources."""

    kind: str
    numbers: Mapping[str, int]
    channels: tuple[Channel, ...]
    rationale: str
    sources: tuple[str, ...]
    enabled: bool = True

    def __getitem__(self, name: str) -> int:
        return self.numbers[name]


@dataclass(frozen=True, slots=True)
class Playbook:
    """Every rule, the working hours and the gap between two nudges."""

    rules: Mapping[str, Rule]
    hours: WorkingHours = field(default_factory=WorkingHours)
    gap: int = 7
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def rule(self, kind: str) -> Rule:
        return self.rules[kind]

    def enabled(self, kind: str) -> bool:
        return self.rules[kind].enabled

    def merged(self, text: str, where: str) -> Playbook:
        """This playbook with a user's TOML file on top (only what the file gives changes)."""
        return _build(_deep_merge(dict(self.raw), _toml(text, where)), where)

    def with_settings(self, settings: Mapping[str, str]) -> Playbook:
        """This playbook with `RULE.FIELD=VALUE` settings on top (one application's)."""
        if not settings:
            return self
        layer: dict[str, Any] = {}
        for key, value in settings.items():
            table, field_name = _split_setting(key)
            layer.setdefault(table[0], {})
            target = (
                layer[table[0]] if len(table) == 1 else layer[table[0]].setdefault(table[1], {})
            )
            target[field_name] = _setting_value(key, field_name, value)
        return _build(_deep_merge(dict(self.raw), layer), "--set")


def parse(text: str, where: str = "playbook.toml") -> Playbook:
    return _build(_toml(text, where), where)


def compiled(data: Mapping[str, Any]) -> Playbook:
    """The playbook of data that `parse` or `merged` made before (a `Playbook.raw`, kept as
    JSON: times as text), checked again, without reading TOML (`config/playbooks.py`)."""
    return _build(data, "the cached playbook")


def parse_setting(text: str) -> tuple[str, str]:
    """`check-in-call.earliest=7` -> ("check-in-call.earliest", "7"), checked for shape."""
    key, eq, value = text.partition("=")
    if not eq or not key.strip() or not value.strip():
        raise InvalidInput(f"--set {text!r} is not like check-in-call.earliest=7")
    _split_setting(key.strip())
    return key.strip(), value.strip()


def _split_setting(key: str) -> tuple[tuple[str, ...], str]:
    head, dot, field_name = key.rpartition(".")
    if not dot or not head or not field_name:
        raise InvalidInput(f"--set {key!r}: name a rule and a field, like check-in-call.earliest")
    if head in ("working-hours", "nudges"):
        return (head,), field_name
    if head not in RULE_NUMBERS:
        raise InvalidInput(f"--set {key!r}: unknown rule {head!r} (known: {_known()})")
    return ("rules", head), field_name


def _setting_value(key: str, field_name: str, value: str) -> Any:
    if field_name in ("start", "end"):
        return value
    if field_name == "enabled":
        if value.lower() not in ("true", "false"):
            raise InvalidInput(f"--set {key}={value}: enabled is true or false")
        return value.lower() == "true"
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"--set {key}={value}: {field_name} takes a whole number") from None


def _known() -> str:
    return ", ".join(RULE_NUMBERS)


def _toml(text: str, where: str) -> dict[str, Any]:
    import tomllib  # here: a playbook kept compiled (`compiled`) needs no TOML

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{where}: not valid TOML ({exc})") from None


def _deep_merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def _time(value: Any, where: str) -> time:
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{where}: {value!r} is not a time like 09:00") from None


def _build(data: Mapping[str, Any], where: str) -> Playbook:
    unknown_tables = sorted(set(data) - {"rules", "working-hours", "nudges"})
    if unknown_tables:
        raise InvalidInput(f"{where}: unknown table [{unknown_tables[0]}]")
    hours_table = _table(data.get("working-hours", {}), "working-hours", where, ("start", "end"))
    hours = WorkingHours(
        _time(hours_table.get("start", "09:00"), f"{where} working-hours.start"),
        _time(hours_table.get("end", "17:00"), f"{where} working-hours.end"),
    )
    nudges = _table(data.get("nudges", {}), "nudges", where, ("gap",))
    gap = _number(nudges.get("gap", 7), f"{where}: nudges.gap", 1, _LIMIT)
    rules_table = _table(data.get("rules", {}), "rules", where)
    unknown = sorted(set(rules_table) - set(RULE_NUMBERS))
    if unknown:
        raise InvalidInput(f"{where}: unknown rule kind {unknown[0]!r} (known: {_known()})")
    missing = sorted(set(RULE_NUMBERS) - set(rules_table))
    if missing:
        raise InvalidInput(f"{where}: rule {missing[0]!r} is missing")
    rules = {
        kind: _rule(kind, _table(rules_table[kind], f"rules.{kind}", where), where)
        for kind in RULE_NUMBERS
    }
    return Playbook(rules=MappingProxyType(rules), hours=hours, gap=gap, raw=data)


def _table(
    value: Any, name: str, where: str, known: tuple[str, ...] | None = None
) -> Mapping[str, Any]:
    """`value` if it is a TOML table with no field outside `known` (when given)."""
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{where}: {name} must be a table, like [{name}]")
    unknown = sorted(set(value) - set(known)) if known is not None else []
    if unknown:
        raise InvalidInput(
            f"{where}: {name}: unknown field {unknown[0]!r} (known: {', '.join(known or ())})"
        )
    return value


def _number(value: Any, where: str, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{where} must be a whole number, not {value!r}")
    if value < minimum:
        raise InvalidInput(f"{where} must not be less than {minimum} (got {value})")
    if maximum is not None and value > maximum:
        raise InvalidInput(f"{where} must not be more than {maximum} (got {value})")
    return value


def _rule(kind: str, table: Mapping[str, Any], where: str) -> Rule:
    names = RULE_NUMBERS[kind]
    at = f"{where}: rules.{kind}"
    unknown = sorted(set(table) - set(names) - _TEXT_KEYS)
    if unknown:
        raise InvalidInput(f"{at}: unknown field {unknown[0]!r} (known: {', '.join(names)})")
    numbers = {}
    for name in names:
        if name not in table:
            raise InvalidInput(f"{at}: {name} is missing")
        numbers[name] = _number(table[name], f"{at}.{name}", 0, _UPPER.get(name, _LIMIT))
    if kind == "check-in-call" and numbers["due"] < numbers["earliest"]:
        raise InvalidInput(f"{at}: due (working day {numbers['due']}) is before earliest")
    if kind == "interview-day" and numbers["earliest"] < 1:
        raise InvalidInput(f"{at}.earliest must be 1 or more: the checklist comes before the day")
    if kind == "status-check":  # one polite check, a second at most, then nothing
        if numbers["count"] > 2:
            raise InvalidInput(f"{at}.count must not be more than 2 (got {numbers['count']})")
        if numbers["count"] == 2 and numbers["again"] <= numbers["earliest"]:
            raise InvalidInput(
                f"{at}: again (working day {numbers['again']}) is not after earliest "
                f"(working day {numbers['earliest']})"
            )
    listed = table.get("channels", [])
    if not isinstance(listed, list):
        raise InvalidInput(f'{at}.channels must be a list of channels like ["email", "letter"]')
    channels = []
    for value in listed:
        try:
            channels.append(Channel(value))
        except ValueError:
            options = ", ".join(c.value for c in Channel)
            raise InvalidInput(f"{at}: unknown channel {value!r} ({options})") from None
    if not channels:
        raise InvalidInput(f"{at}: channels must name at least one channel")
    sources = table.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise InvalidInput(f'{at}.sources must be a list of article numbers like "003"')
    rationale = str(table.get("rationale", "")).strip()
    if not rationale:
        raise InvalidInput(f"{at}.rationale must say why the step matters")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise InvalidInput(f"{at}.enabled must be true or false")
    return Rule(
        kind=kind,
        numbers=MappingProxyType(numbers),
        channels=tuple(channels),
        rationale=rationale,
        sources=tuple(sources),
        enabled=enabled,
    )
