"""What a person gives is refused when it cannot be one field of a record: control characters
(which reach mail headers, calendars and terminals), text beyond the field's length, dates out
of the calendar's range, zone names that are not IANA zones (issue #11, items 2, 11, 13, 14).
What followup rebuilds from its own storage is not checked again."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from followup.domain.errors import InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Detail,
    DetailKind,
    Direction,
    Interview,
    Profile,
    Promise,
    Touch,
)
from followup.domain.values import LONG, PHOTO, SHORT, stored

START = datetime(2026, 12, 18, 13, 0, tzinfo=UTC)

# Each breaks a line somewhere: in a mail header, an .ics property, a terminal or a CSV cell.
CONTROLS = ["\r", "\n", "\x00", "\x1b", "\x07", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff"]


def _builders() -> dict[str, object]:
    return {
        "company": lambda v: Application(company=v, role="Analyst"),
        "role": lambda v: Application(company="Acme", role=v),
        "contact name": lambda v: Contact(name=v),
        "contact title": lambda v: Contact(name="Priya Shah", title=v),
        "contact organisation": lambda v: Contact(name="Priya Shah", organisation=v),
        "promise": lambda v: Promise(what=v, to="Priya Shah"),
        "promised to": lambda v: Promise(what="a link", to=v),
        "profile name": lambda v: Profile(name=v),
        "key skill": lambda v: Profile(name="Sam Lee", skills=("SQL", v)),
        "touch outcome": lambda v: Touch(Channel.PHONE, Direction.OUT, START, outcome=v),
        "touch message id": lambda v: Touch(Channel.EMAIL, Direction.IN, START, message_id=v),
        "detail type": lambda v: Detail(DetailKind.OTHER, "URL:https://x.example", (v,)),
    }


BUILDERS = _builders()


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
@pytest.mark.parametrize("field", list(BUILDERS))
def test_one_line_fields_refuse_control_characters(field, control):
    build = BUILDERS[field]
    build("Data Analyst")  # the same field without the character is fine
    with pytest.raises(InvalidInput, match="control character"):
        build(f"Data{control}Analyst")


def test_the_encoded_newline_of_a_header_injection_is_refused_once_decoded():
    # The role of the security review, after a mail client decoded its encoded word.
    with pytest.raises(InvalidInput, match="U\\+000D"):
        Application(company="Acme", role="Eng\r\nReply-To: attacker@evil.example")


def test_lone_surrogates_are_not_text():
    with pytest.raises(InvalidInput, match="surrogate"):
        Application(company="Acme\udcff", role="Analyst")


@pytest.mark.parametrize(
    "build",
    [
        lambda v: Application(company="Acme", role="Analyst", notes=v),
        lambda v: Contact(name="Priya Shah", notes=v),
        lambda v: Contact(name="Priya Shah", address=v[:900]),
        lambda v: Interview(START, START + timedelta(hours=1), "UTC", notes=v),
        lambda v: Touch(Channel.PHONE, Direction.OUT, START, note=v),
        lambda v: Decision(DecisionKind.REJECTED, START, note=v),
    ],
)
def test_blocks_of_text_keep_line_breaks_and_tabs_and_refuse_other_controls(build):
    build("First line\r\nSecond line\n\tindented")
    with pytest.raises(InvalidInput, match="control character"):
        build("First line\x1b[2JSecond")


@pytest.mark.parametrize(
    ("build", "limit"),
    [
        (lambda v: Application(company=v, role="Analyst"), SHORT),
        (lambda v: Application(company="Acme", role=v), SHORT),
        (lambda v: Contact(name=v), SHORT),
        (lambda v: Contact(name="Priya Shah", title=v), SHORT),
        (lambda v: Application(company="Acme", role="Analyst", notes=v), LONG),
        (lambda v: Touch(Channel.PHONE, Direction.OUT, START, note=v), LONG),
        (lambda v: Detail(DetailKind.PHOTO, v, ("JPEG",)), PHOTO),
    ],
)
def test_each_field_has_a_length_limit(build, limit):
    build("a" * limit)
    with pytest.raises(InvalidInput, match=f"too long .*at most {limit:,}"):
        build("a" * (limit + 1))


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, 9, tzinfo=UTC),
        datetime(1969, 12, 31, 9, tzinfo=UTC),
        datetime(2101, 1, 1, 9, tzinfo=UTC),
        datetime(9999, 12, 31, 9, tzinfo=UTC),
    ],
)
def test_moments_outside_1970_to_2100_are_refused(moment):
    with pytest.raises(InvalidInput, match="out of range"):
        Interview(moment, moment + timedelta(hours=1), "UTC")
    with pytest.raises(InvalidInput, match="out of range"):
        Touch(Channel.PHONE, Direction.OUT, moment)
    with pytest.raises(InvalidInput, match="out of range"):
        Decision(DecisionKind.OFFER, moment)


@pytest.mark.parametrize("field", ["decision_by", "next_round", "contact_on"])
def test_what_happens_next_is_dated_inside_the_range(field):
    Interview(START, START + timedelta(hours=1), "UTC", **{field: date(2100, 12, 31)})
    with pytest.raises(InvalidInput, match="out of range"):
        Interview(START, START + timedelta(hours=1), "UTC", **{field: date(9999, 12, 31)})


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "right/UTC", "posix/UTC"])
def test_only_iana_zone_names_are_zones(name):
    with pytest.raises(InvalidInput, match="unknown time zone"):
        Contact(name="Priya Shah", timezone=name)
    with pytest.raises(InvalidInput, match="unknown time zone"):
        Profile(name="Sam Lee", timezone=name)


@pytest.mark.parametrize("name", ["UTC", "Etc/GMT+12", "America/Port-au-Prince", "US/Eastern"])
def test_iana_names_with_digits_signs_dashes_and_links_are_zones(name):
    assert Contact(name="Priya Shah", timezone=name).timezone == name


def test_what_storage_rebuilds_is_not_checked_again():
    # Checked when stored; an older version's row is still readable (and printed safely).
    rebuild = stored(lambda: Application(company="Old\x1bCo", role="r" * (SHORT + 1)))
    assert rebuild().company == "Old\x1bCo"
