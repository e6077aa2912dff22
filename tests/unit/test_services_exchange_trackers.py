"""Other trackers' CSV exports, as files those tools write (tests/data/trackers/, one per tool):
each row imported with its stage mapped, its dates kept as ISO days, its placeholders dropped
and its unknown status kept in the notes; a dry run writes nothing; the same file imported
again adds nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from followup import services
from followup.bootstrap import default_playbook
from followup.domain.model import Application, Source, Stage
from followup.services import exchange

from .fakes import FakeStore

PLAYBOOK = default_playbook()
NOW = datetime(2025, 2, 14, 9, tzinfo=UTC)
TRACKERS = Path(__file__).parents[1] / "data" / "trackers"


def imported(name: str, store: FakeStore | None = None) -> tuple[list[Application], FakeStore]:
    store = store or FakeStore()
    text = (TRACKERS / f"{name}.csv").read_text("utf-8")
    report = exchange.import_csv(store, text, PLAYBOOK, NOW)
    assert report.bad == [] and report.already == []
    return [services.applications.application(store, i) for i in report.imported], store


def summary(applications: list[Application]) -> list[tuple[str, str, Stage]]:
    return [(a.company, a.role, a.stage) for a in applications]


def notes(application: Application) -> list[str]:
    return (application.notes or "").splitlines()


def test_huntr_export() -> None:
    apps, _ = imported("huntr")
    assert summary(apps) == [
        ("Northwind Traders", "Senior Backend Engineer", Stage.APPLIED),
        ("Société Générale", "Analyste de données", Stage.INTERVIEWING),
        ("Fjord Labs", "Platform Engineer", Stage.APPLIED),  # Wishlist
        ("Kranich Logistik", "Site Reliability Engineer", Stage.REJECTED),
        ("Müller & Söhne", "Engineering Manager", Stage.APPLIED),  # a list of the user's own
        ("Tidewater Energy", "Staff Engineer", Stage.OFFER),
    ]
    northwind, societe, fjord, _, mueller, _ = apps
    assert notes(northwind) == [
        "url: https://jobs.lever.co/northwind/8c1f2a7e-3b7d-4c57-9e61-0d6f4b1f2a90",
        "boardName: Job Search 2025",
        "createdAt: 2025-01-14",  # 2025-01-14T09:32:11.482Z, as a day
        "location: London, UK",
    ]  # salary `-` dropped; color unknown, left out
    assert not [line for line in notes(societe) if line.startswith("url")]  # url `-`
    assert "listName: Wishlist" in notes(fjord)  # applied, but not yet: the word is kept
    assert "salary: €65,000 – €75,000" in notes(fjord)
    assert notes(mueller)[0] == "listName: Waiting on referral"
    assert not [line for line in notes(mueller) if line.startswith(("location", "salary"))]


def test_jobsync_export() -> None:
    apps, _ = imported("jobsync")
    assert summary(apps) == [
        ("Acme Analytics", "Full Stack Developer", Stage.APPLIED),
        ("Nordlicht GmbH", "Frontend Engineer", Stage.INTERVIEWING),
        ("Café Olé", "Web Developer", Stage.APPLIED),  # Draft
        ("Brightwave", "Software Engineer", Stage.REJECTED),
        ("Orbital Labs", "DevOps Engineer", Stage.APPLIED),  # On Hold: not a JobSync status
        ("Kestrel Systems", "Backend Developer", Stage.CLOSED),  # Expired
        ("Łódź Software House", "Mobile Developer", Stage.OFFER),
    ]
    acme, _, cafe, _, orbital, kestrel, _ = apps
    assert notes(acme) == [
        "createdAt: 2025-01-06",
        "jobType: Full Time",
        "workplaceType: Remote",
        "JobSource: LinkedIn",
    ]  # Location N/A dropped; index and applied (Yes) left out
    assert (acme.applied_at, kestrel.applied_at) == (date(2025, 1, 7), date(2024, 11, 19))
    assert "Status: Draft" in notes(cafe) and not [n for n in notes(cafe) if "Applied" in n]
    assert notes(orbital)[-1] == "Status: On Hold"
    assert notes(kestrel) == [
        "createdAt: 2024-11-18",
        "jobType: Full Time",
        "Location: Toronto",
    ]  # workplaceType and JobSource N/A dropped


def test_simplify_export() -> None:
    apps, _ = imported("simplify")
    assert summary(apps) == [
        ("Larkspur Payments", "Software Engineer Intern", Stage.APPLIED),
        ("Ridgeline", "New Grad Software Engineer", Stage.INTERVIEWING),  # Online Assessment
        ("Owlery Learning", "Backend Engineer", Stage.REJECTED),  # archived, and rejected
        ("Canvasly", "Data Engineer", Stage.INTERVIEWING),
        ("Notable", "Product Engineer", Stage.CLOSED),  # archived while Applied
        ("Tartan Pay", "Software Engineer II", Stage.APPLIED),  # Waitlisted: unknown
    ]
    larkspur, ridgeline, owlery, canvasly, _, tartan = apps
    # 01/08/2025 alone could be either; the column's 01/13/2025 says month first
    assert notes(larkspur)[1:] == ["Status Date: 2025-01-08"]
    assert (larkspur.applied_at, ridgeline.applied_at) == (date(2025, 1, 8), date(2025, 1, 13))
    assert notes(ridgeline)[0] == "OA on HackerRank, 90 minutes"
    assert notes(owlery)[-1] == "Date Archived: 2025-01-07"
    assert notes(canvasly)[:2] == ["Recruiter: Zoë Ramírez", "Tech screen Feb 18"]
    assert "Status: Waitlisted" in notes(tartan)


def test_teal_export() -> None:
    apps, _ = imported("teal")
    assert summary(apps) == [
        ("Lumen Health", "Senior Data Scientist", Stage.APPLIED),
        ("Ørsted Vind", "Analytics Engineer", Stage.INTERVIEWING),
        ("Pine & Co", "Data Analyst", Stage.APPLIED),  # Bookmarked
        ("Quarry Labs", "ML Engineer", Stage.CLOSED),  # No Response
        ("Harbor Bank", "Data Engineer", Stage.REJECTED),  # Not Selected
        ("Vireo", "Staff Data Scientist", Stage.APPLIED),  # Recruiter Call: unknown
    ]
    lumen, orsted, pine, _, _, vireo = apps
    assert notes(lumen) == [
        "location: Boston, MA",
        "url: https://lumenhealth.example/careers/123",
        "excitement: 5",
        "min_salary: 150000",
        "max_salary: 180000",
        "source: LinkedIn",  # where the job was found: not one of followup's sources
        "follow_up_at: 2025-01-21",
    ]
    assert lumen.applied_at == date(2025, 1, 14)  # "Jan 14, 2025"
    assert orsted.source is Source.REFERRAL and notes(orsted)[0] == "Referred by Mads Ægidius"
    assert "statusName: Bookmarked" in notes(pine)
    assert notes(vireo)[-2:] == ["follow_up_at: 2025-02-06", "statusName: Recruiter Call"]


@pytest.mark.parametrize("name", ["huntr", "jobsync", "simplify", "teal"])
def test_a_tracker_export_imported_again_adds_nothing(name: str) -> None:
    apps, store = imported(name)
    text = (TRACKERS / f"{name}.csv").read_text("utf-8")
    again = exchange.import_csv(store, text, PLAYBOOK, NOW)
    assert (again.imported, again.bad, len(again.already)) == ([], [], len(apps))


@pytest.mark.parametrize("name", ["huntr", "jobsync", "simplify", "teal"])
def test_a_dry_run_reports_what_an_import_would_do_and_writes_nothing(name: str) -> None:
    store = FakeStore()
    text = (TRACKERS / f"{name}.csv").read_text("utf-8")
    preview = exchange.import_csv(store, text, PLAYBOOK, NOW, dry_run=True)
    assert preview.dry_run and preview.imported == [] and len(preview.new) >= 6
    assert services.applications.applications(store) == []
    done = exchange.import_csv(store, text, PLAYBOOK, NOW)
    assert (done.new, done.bad, done.columns) == (preview.new, preview.bad, preview.columns)
    assert len(done.imported) == len(preview.new)


def test_a_dry_run_counts_rows_already_there_and_refuses_what_an_import_would() -> None:
    _, store = imported("jobsync")
    text = (TRACKERS / "jobsync.csv").read_text("utf-8") + (
        "\r\n8,2025-02-01,Yes,2025-02-02,,Nameless,Full Time,Remote,N/A,Other,Applied"
        "\r\n9,2025-02-01,Yes,2025-02-03,New Co,Tester,Full Time,Remote,N/A,Other,Applied"
    )
    preview = exchange.import_csv(store, text, PLAYBOOK, NOW, dry_run=True)
    assert preview.already == [2, 3, 4, 5, 6, 7, 8] and preview.new == [10]
    assert preview.bad == [(9, "company must not be empty")]
    assert len(services.applications.applications(store)) == 7


def test_a_date_with_an_offset_is_the_day_it_was_in_the_users_zone() -> None:
    store = FakeStore()
    services.people.update_profile(store, {"name": "Ann Lee", "timezone": "Europe/Berlin"})
    apps, _ = imported("huntr", store)
    fjord = next(a for a in apps if a.company == "Fjord Labs")
    assert "createdAt: 2025-02-03" in notes(fjord)  # 2025-02-02T23:47:09.930Z: after midnight
