"""The playbook as data: the default loads, every mistake in a user's file or a --set gives one
clear InvalidInput, and layers (a user's partial file, one application's settings) change only
what they name."""

from __future__ import annotations

import importlib.resources
from datetime import time

import pytest

from followup.domain import playbook
from followup.domain.errors import InvalidInput
from followup.domain.model import Channel
from followup.domain.playbook import RULE_NUMBERS

TEXT = importlib.resources.files("followup").joinpath("playbook.toml").read_text()
DEFAULT = playbook.parse(TEXT)


def refused(make: object, match: str) -> str:
    """The message of the one InvalidInput that `make()` raises; it must be a single line."""
    with pytest.raises(InvalidInput, match=match) as error:
        make()  # type: ignore[operator]
    message = str(error.value)
    assert "\n" not in message and message.strip() == message
    return message


# --- the default playbook ----------------------------------------------------------------------


def test_default_playbook_loads_with_the_numbers_of_spec() -> None:
    assert set(DEFAULT.rules) == set(RULE_NUMBERS)
    assert (DEFAULT.hours.start, DEFAULT.hours.end, DEFAULT.gap) == (time(9), time(17), 7)
    numbers = {kind: dict(rule.numbers) for kind, rule in DEFAULT.rules.items()}
    assert numbers == {
        "thank-you": {"earliest": 2, "due": 2},
        "send-promised": {"earliest": 0, "due": 2},
        "reference-heads-up": {"earliest": 0, "due": 1},
        "referral-outreach": {"earliest": 0, "due": 2},
        "agency-update": {"earliest": 0, "due": 1},
        "check-in-call": {"earliest": 5, "due": 8, "retry": 1},
        "keep-in-touch": {"earliest": 7, "due": 3, "count": 3},
        "feedback-request": {"earliest": 0, "due": 2},
        "stay-in-touch": {"earliest": 3, "due": 5},
        "thank-references": {"earliest": 0, "due": 2},
        "status-check": {"earliest": 7, "again": 14, "due": 2, "count": 2},
        "pipeline-review": {"weekday": 0, "due": 0, "below": 3},
        "interview-day": {"earliest": 1},
    }
    assert DEFAULT.rule("keep-in-touch").channels == (Channel.PHONE, Channel.EMAIL, Channel.LETTER)
    assert DEFAULT.rule("thank-you").channels == (Channel.EMAIL, Channel.LETTER, Channel.PHONE)
    assert DEFAULT.rule("check-in-call")["earliest"] == 5


def test_every_default_rule_is_enabled_says_why_and_names_its_articles() -> None:
    for kind, rule in DEFAULT.rules.items():
        assert DEFAULT.enabled(kind) and rule.rationale
        assert set(rule.sources) <= {"000", "001", "002", "003", "004"}
        assert rule.sources or kind in ("thank-references", "status-check")  # beyond it
    assert DEFAULT.rule("thank-you").sources == ("000", "001", "002", "003", "004")


# --- validation ------------------------------------------------------------------------------


def without_rule(kind: str) -> str:
    """The default text with the table of one rule left out."""
    start = TEXT.index(f"[rules.{kind}]")
    end = TEXT.find("\n[", start + 1)
    return TEXT[:start] + (TEXT[end + 1 :] if end != -1 else "")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        pytest.param(
            TEXT + "\n[rules.send-flowers]\nearliest = 0\n",
            r"playbook.toml: unknown rule kind 'send-flowers' \(known: thank-you, ",
            id="unknown rule kind",
        ),
        pytest.param(
            without_rule("pipeline-review"),
            r"playbook.toml: rule 'pipeline-review' is missing",
            id="missing rule",
        ),
        pytest.param(
            without_rule("thank-you"),
            r"rule 'thank-you' is missing",
            id="missing first rule",
        ),
        pytest.param("[rules.thank-you\nearliest = 2", r"not valid TOML", id="bad TOML"),
        pytest.param('title = "mine"\n' + TEXT, r"unknown table \[title\]", id="unknown table"),
    ],
)
def test_a_broken_playbook_file_gives_one_clear_error(text: str, match: str) -> None:
    refused(lambda: playbook.parse(text), match)


@pytest.mark.parametrize(
    ("layer", "match"),
    [
        pytest.param(
            "[rules.thank-you]\nearliest = -2",
            r"user.toml: rules.thank-you.earliest must not be less than 0 \(got -2\)",
            id="negative offset",
        ),
        pytest.param(
            '[rules.thank-you]\nchannels = ["email", "pigeon"]',
            r"rules.thank-you: unknown channel 'pigeon'",
            id="unknown channel",
        ),
        pytest.param(
            '[rules.thank-you]\nchannels = "email"',
            r"rules.thank-you.channels must be a list",
            id="channels not a list",
        ),
        pytest.param(
            "[rules.thank-you]\nchannels = []",
            r"channels must name at least one channel",
            id="no channel",
        ),
        pytest.param(
            "[rules.thank-you]\nlatest = 3",
            r"rules.thank-you: unknown field 'latest' \(known: earliest, due\)",
            id="unknown field",
        ),
        pytest.param(
            '[working-hours]\nstrat = "08:00"',
            r"working-hours: unknown field 'strat'",
            id="unknown working-hours field",
        ),
        pytest.param(
            "[nudges]\nspacing = 3", r"nudges: unknown field 'spacing'", id="unknown nudges field"
        ),
        pytest.param(
            '[rules.check-in-call]\nearliest = "five"',
            r"rules.check-in-call.earliest must be a whole number, not 'five'",
            id="non-integer",
        ),
        pytest.param(
            "[rules.check-in-call]\nearliest = 5.5",
            r"must be a whole number, not 5.5",
            id="fraction",
        ),
        pytest.param(
            "[rules.check-in-call]\nearliest = true",
            r"must be a whole number, not True",
            id="boolean for a number",
        ),
        pytest.param(
            '[working-hours]\nstart = "9am"',
            r"working-hours.start: '9am' is not a time like 09:00",
            id="bad working hours",
        ),
        pytest.param(
            '[working-hours]\nstart = "18:00"',
            r"working hours must start before they end \(got 18:00 to 17:00\)",
            id="working hours backwards",
        ),
        pytest.param(
            '[working-hours]\nstart = "09:00+01:00"',
            r"without a time zone",
            id="working hours with a zone",
        ),
        pytest.param("working-hours = 9", r"working-hours must be a table", id="hours not a table"),
        pytest.param("rules = 1", r"rules must be a table", id="rules not a table"),
        pytest.param(
            "[rules]\nthank-you = 2", r"rules.thank-you must be a table", id="rule not a table"
        ),
        pytest.param("[nudges]\ngap = 0", r"nudges.gap must not be less than 1", id="zero gap"),
        pytest.param(
            "[rules.pipeline-review]\nweekday = 7",
            r"weekday must not be more than 6 \(got 7\)",
            id="weekday",
        ),
        pytest.param(
            "[rules.check-in-call]\nearliest = 9",
            r"due \(working day 8\) is before earliest",
            id="check-in due before earliest",
        ),
        pytest.param(
            '[rules.thank-you]\nenabled = "no"', r"enabled must be true or false", id="enabled"
        ),
        pytest.param('[rules.thank-you]\nsources = "003"', r"sources must be a list", id="sources"),
        pytest.param(
            '[rules.thank-you]\nrationale = "  "', r"rationale must say why", id="rationale"
        ),
    ],
)
def test_a_users_file_with_a_mistake_gives_one_clear_error(layer: str, match: str) -> None:
    refused(lambda: DEFAULT.merged(layer, "user.toml"), match)


# --- layers: a user's file, one application's settings --------------------------------------


def test_merged_changes_only_what_the_users_file_gives() -> None:
    mine = DEFAULT.merged(
        '[working-hours]\nstart = "08:00"\n\n[rules.check-in-call]\nearliest = 3\n', "user.toml"
    )
    assert (mine.hours.start, mine.hours.end) == (time(8), time(17))
    check_in = mine.rule("check-in-call")
    assert dict(check_in.numbers) == {"earliest": 3, "due": 8, "retry": 1}
    assert check_in.channels == DEFAULT.rule("check-in-call").channels
    assert check_in.rationale == DEFAULT.rule("check-in-call").rationale
    assert mine.rules["thank-you"] == DEFAULT.rules["thank-you"]
    # Layers stack, and the default is left as it was.
    both = mine.merged("[nudges]\ngap = 10\n", "second.toml")
    assert (both.gap, both.hours.start, both.rule("check-in-call")["earliest"]) == (10, time(8), 3)
    assert (DEFAULT.gap, DEFAULT.rule("check-in-call")["earliest"]) == (7, 5)


def test_merged_toml_local_time_for_working_hours() -> None:
    assert DEFAULT.merged("[working-hours]\nend = 18:30:00\n", "user.toml").hours.end == time(
        18, 30
    )


@pytest.mark.parametrize(
    ("settings", "check"),
    [
        ({"check-in-call.earliest": "7"}, lambda pb: pb.rule("check-in-call")["earliest"] == 7),
        ({"working-hours.start": "08:30"}, lambda pb: pb.hours.start == time(8, 30)),
        ({"nudges.gap": "10"}, lambda pb: pb.gap == 10),
        ({"thank-you.enabled": "false"}, lambda pb: not pb.enabled("thank-you")),
        ({"thank-you.enabled": "TRUE"}, lambda pb: pb.enabled("thank-you")),
        ({"keep-in-touch.count": "0"}, lambda pb: pb.rule("keep-in-touch")["count"] == 0),
    ],
)
def test_with_settings_changes_one_number(settings: dict[str, str], check: object) -> None:
    changed = DEFAULT.with_settings(settings)
    assert check(changed)  # type: ignore[operator]
    untouched = {k for k in RULE_NUMBERS if not any(s.startswith(f"{k}.") for s in settings)}
    assert all(changed.rules[k] == DEFAULT.rules[k] for k in untouched)


def test_with_no_settings_is_the_same_playbook() -> None:
    assert DEFAULT.with_settings({}) is DEFAULT


@pytest.mark.parametrize(
    ("settings", "match"),
    [
        ({"thank-you.enabled": "no"}, r"--set thank-you.enabled=no: enabled is true or false"),
        ({"check-in-call.earliest": "soon"}, r"earliest takes a whole number"),
        ({"check-in-call.earliest": "-1"}, r"must not be less than 0"),
        ({"check-in-call.earliest": "9"}, r"is before earliest"),
        ({"working-hours.start": "25:00"}, r"'25:00' is not a time like 09:00"),
        ({"working-hours.start": "18:00"}, r"working hours must start before they end"),
        ({"working-hours.lunch": "1"}, r"working-hours: unknown field 'lunch'"),
        ({"nudges.gap": "0"}, r"nudges.gap must not be less than 1"),
        ({"stay-in-touch.earliest": "1001"}, r"must not be more than 1000 \(got 1001\)"),
        ({"nudges.gap": str(10**12)}, r"nudges.gap must not be more than 1000"),
        ({"send-flowers.earliest": "1"}, r"unknown rule 'send-flowers'"),
        ({"thank-you.latest": "3"}, r"unknown field 'latest'"),
        ({"earliest": "1"}, r"name a rule and a field"),
    ],
)
def test_bad_settings_give_one_clear_error(settings: dict[str, str], match: str) -> None:
    refused(lambda: DEFAULT.with_settings(settings), match)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("check-in-call.earliest=7", ("check-in-call.earliest", "7")),
        (" working-hours.start = 08:30 ", ("working-hours.start", "08:30")),
        ("nudges.gap=10", ("nudges.gap", "10")),
        ("thank-you.enabled=false", ("thank-you.enabled", "false")),
    ],
)
def test_parse_setting(text: str, expected: tuple[str, str]) -> None:
    assert playbook.parse_setting(text) == expected
    assert DEFAULT.with_settings(dict([playbook.parse_setting(text)])) is not None


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("check-in-call.earliest", r"is not like check-in-call.earliest=7"),
        ("=7", r"is not like"),
        ("check-in-call.earliest=", r"is not like"),
        ("earliest=7", r"name a rule and a field"),
        ("check-in-call.=7", r"name a rule and a field"),
        ("send-flowers.earliest=1", r"unknown rule 'send-flowers' \(known: thank-you, "),
    ],
)
def test_parse_setting_refuses_what_is_not_rule_field_value(text: str, match: str) -> None:
    refused(lambda: playbook.parse_setting(text), match)
