"""`followup report activity`'s files for a month of the demo data, on a real database (SQLite,
and PostgreSQL when set), read back as a case worker's tools would: the PDF with pypdf, the CSV
with Python's csv and with pandas. Every touch, step done, interview and decision of the month
is listed, nothing outside it; a long record splits over pages with its header on each.

The demo at its now (2026-12-18 16:30 UTC, demo.py): interviews on 3, 4, 10, 15 and 17
December and one on 18 November (Sol y Mar, rejected on 28 November, its steps done in
November); a reply on 16 December; an offer on 17 December; every step due before the 16th done.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import UTC, date, datetime

import pandas
import pypdf
import pytest

from followup.adapters import activity_report
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.activity import COLUMNS, Period, Record, record
from followup.domain.dates import written_date
from followup.domain.model import (
    Application,
    Channel,
    Direction,
    StepStatus,
    Touch,
)
from followup.domain.values import zone
from followup.services import demo
from followup.services.activity import activity

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))
LONDON = zone("Europe/London")
A4_LANDSCAPE, LETTER_LANDSCAPE = (842, 595), (792, 612)


@pytest.fixture
def seeded(store: SqlStore) -> SqlStore:
    demo.seed(store, default_playbook(), NOW)
    return store


def _everything(store: SqlStore) -> list[Application]:
    with store.reading() as repo:
        return [repo.get_application(s.id) for s in repo.list_applications()]


def _in_december(moment: datetime) -> bool:
    return DECEMBER[0] <= moment.astimezone(LONDON).date() <= DECEMBER[1]


def _expected(applications: list[Application]) -> Counter[tuple[date, str]]:
    """(day, employer) of every interview, touch, step done (that reached someone) and decision
    of December, worked out from the stored applications on their own."""
    found: Counter[tuple[date, str]] = Counter()
    for a in applications:
        moments = [
            *(i.start for i in a.interviews),
            *(t.at for t in a.touches),
            *(s.done_at for s in a.steps if s.status is StepStatus.DONE and s.done_at),
            *(d.at for d in a.decisions),
        ]
        steps = [s for s in a.steps if s.status is StepStatus.DONE and s.done_at]
        others = [s.done_at for s in steps if s.channel is Channel.OTHER and s.done_at]
        for moment in moments:
            if _in_december(moment) and moment not in others:
                found[(moment.astimezone(LONDON).date(), a.company)] += 1
    return found


def _pdf_text(document: bytes) -> tuple[list[tuple[int, int]], list[str]]:
    pages = pypdf.PdfReader(io.BytesIO(document)).pages
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages]
    return sizes, [p.extract_text() for p in pages]


def test_a_month_of_demo_data_lists_everything_in_it_and_nothing_outside(
    seeded: SqlStore,
) -> None:
    applications = _everything(seeded)
    expected = _expected(applications)
    assert sum(expected.values()) >= 10  # interviews, a reply, an offer, steps done
    found = activity(seeded, *DECEMBER)
    assert found.name == "Alex Morgan" and found.period.timezone == "Europe/London"
    assert Counter((e.day, e.employer) for e in found.entries) == expected
    assert "Sol y Mar Viajes" not in {e.employer for e in found.entries}  # all in November
    whole = record("", applications, Period(*DECEMBER, "Europe/London"))
    assert whole.entries == found.entries  # what the database chose lost nothing


def test_storage_gives_the_applications_with_anything_in_the_window(seeded: SqlStore) -> None:
    november = Period(date(2026, 11, 1), date(2026, 11, 30), "Europe/London")
    with seeded.reading() as repo:
        found = repo.applications_active(november.start, november.end)
        everything = {a.id: a for a in _everything(seeded)}
        today = repo.applications_active(NOW, NOW.replace(hour=17))  # all recorded at NOW
    assert [a.company for a in found] == ["Sol y Mar Viajes"]
    assert found == [everything[found[0].id]]  # whole, as get_application reads it
    assert [a.id for a in today] == sorted(everything)


def test_the_pdf_lists_every_entry_of_the_month(seeded: SqlStore) -> None:
    found = activity(seeded, *DECEMBER)
    sizes, pages = _pdf_text(activity_report.pdf(found))
    assert set(sizes) == {A4_LANDSCAPE}  # the profile is in GB
    text = " ".join(pages)
    assert "Job search activity" in text and "Alex Morgan" in text
    assert "1 December 2026 to 31 December 2026" in text
    days = Counter(e.day for e in found.entries)
    for day, count in days.items():
        if day.day not in (1, 31):  # the period's ends are also in the heading
            shown = re.findall(rf"(?<!\d){re.escape(written_date(day, 'GB'))}", text)
            assert len(shown) == count, day
    for employer in {e.employer for e in found.entries}:
        assert employer.split()[0] in text
    assert "November" not in text and "Sol y Mar" not in text
    for what in ("Interview (round 1)", "Offer received", "Heard from them"):
        assert what in " ".join(text.split())


def test_the_csv_reads_back_with_csv_and_pandas(seeded: SqlStore) -> None:
    found = activity(seeded, *DECEMBER)
    text = activity_report.csv_text(found)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert [(date.fromisoformat(r["Date"]), r["Employer"]) for r in rows] == [
        (e.day, e.employer) for e in found.entries
    ]
    frame = pandas.read_csv(io.StringIO(text), keep_default_na=False, dtype=str)
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == len(found.entries)
    days = pandas.to_datetime(frame["Date"])
    assert days.min() >= pandas.Timestamp("2026-12-01")
    assert days.max() <= pandas.Timestamp("2026-12-31")
    assert set(frame["Employer"]) == {e.employer for e in found.entries}
    assert (frame["What happened"] == "Offer received").sum() == 1


def _busy(country: str) -> Record:
    touches = tuple(
        Touch(Channel.EMAIL, Direction.OUT, datetime(2026, 11, 1 + n % 28, 9, tzinfo=UTC))
        for n in range(90)
    )
    application = Application(
        "Acme Analytics", "Data Analyst", created_at=datetime(2026, 10, 1, tzinfo=UTC),
        touches=touches, id=1,
    )  # fmt: skip
    return record("Alex Morgan", [application], Period(date(2026, 11, 1), date(2026, 11, 30)),
                  country)  # fmt: skip


@pytest.mark.parametrize(("country", "size"), [("GB", A4_LANDSCAPE), ("US", LETTER_LANDSCAPE)])
def test_a_long_record_splits_over_pages_with_its_header_on_each(
    country: str, size: tuple[int, int]
) -> None:
    sizes, pages = _pdf_text(activity_report.pdf(_busy(country)))
    assert len(pages) > 1 and set(sizes) == {size}
    for page in pages:
        assert "Contact person" in page and "What happened" in page
    assert "Alex Morgan" in pages[0]
    text = " ".join(pages)
    assert text.count("Contacted them") == 90
    assert f"of {len(pages)}" in pages[-1]  # "Page N of M"


def test_user_text_in_the_pdf_is_text() -> None:
    evil = Application("<script>x</script>", "Role", created_at=datetime(2026, 11, 2, tzinfo=UTC))
    found = record("<b>Eve</b> & Co", [evil], Period(date(2026, 11, 1), date(2026, 11, 30)))
    _, pages = _pdf_text(activity_report.pdf(found))
    assert "<b>Eve</b> & Co" in pages[0] and "<script>x</script>" in pages[0]
