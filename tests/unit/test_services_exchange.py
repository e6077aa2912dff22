"""Use cases for other tools' files: applications from and to CSV, contacts from vCard."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import services
from followup.adapters import vcard
from followup.bootstrap import default_playbook
from followup.domain.errors import InvalidInput, StorageError
from followup.domain.model import (
    Application,
    Contact,
    Interview,
    InterviewFormat,
    Relation,
    Source,
    Stage,
)
from followup.domain.values import Region
from followup.services import exchange

from .fakes import FakeRepository, FakeStore

PLAYBOOK = default_playbook()
NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
ADDRESS_BOOK = (Path(__file__).parents[1] / "data" / "address_book.vcf").read_text("utf-8")


def imported(text: str) -> tuple[FakeStore, exchange.CsvReport]:
    store = FakeStore()
    return store, exchange.import_csv(store, text, PLAYBOOK, NOW)


def test_followup_columns_import_with_an_interview_and_its_plan() -> None:
    store, report = imported(
        "company,role,interview_at,duration_minutes,timezone,country,format,interviewer,"
        "interviewer_title,interviewer_email,notes\n"
        "Müller & Søn,Engineer,2026-12-17 10:00,45,Europe/Berlin,DE-BE,video,Jürgen Weiß,"
        "CTO,jw@mueller.example,Talked about Rust\n"
    )
    assert report == exchange.CsvReport([report.imported[0]], columns=report.columns, new=[2])
    stored = services.applications.application(store, report.imported[0])
    assert stored.stage is Stage.INTERVIEWING
    [interview] = stored.interviews
    assert interview.start.isoformat() == "2026-12-17T10:00:00+01:00"
    assert (interview.end - interview.start).seconds == 45 * 60
    assert str(interview.region) == "DE-BE" and interview.format.value == "video"
    assert [(c.name, c.title) for c in stored.contacts] == [("Jürgen Weiß", "CTO")]
    assert any(s.kind == "thank-you" for s in stored.steps)  # planned like `followup add`


def test_huntr_headers_are_recognised() -> None:
    store, report = imported(
        "Company,Job Title,List,Date Applied,Location,URL,Color\n"
        "Acme,Designer,Interview,2026-12-01,Berlin,https://acme.example/jobs/1,#ff0000\n"
        "Beta,Writer,Wishlist,,,,\n"
    )
    assert report.bad == [] and report.unknown_columns == ["Color"]
    acme, beta = (services.applications.application(store, i) for i in report.imported)
    assert (acme.company, acme.role, acme.stage) == ("Acme", "Designer", Stage.INTERVIEWING)
    assert acme.notes == "Location: Berlin\nURL: https://acme.example/jobs/1"
    assert (acme.applied_at, beta.applied_at) == (date(2026, 12, 1), None)
    # followup has no stage before applying: recorded as applied, the tracker's word kept
    assert (beta.stage, beta.interviews, beta.notes) == (Stage.APPLIED, (), "List: Wishlist")


def test_teal_headers_are_recognised() -> None:
    store, report = imported(
        "Company Name,Job Position,Status,Job URL,Excitement,Notes\n"
        "Gamma,Analyst,Not Selected,https://g.example,4,Nice team\n"
        "Delta,Lead,I Withdrew,,,\n"
    )
    assert report.bad == [] and report.unknown_columns == []
    gamma, delta = (services.applications.application(store, i) for i in report.imported)
    assert gamma.stage is Stage.REJECTED and gamma.notes.startswith("Nice team\nJob URL:")
    assert delta.stage is Stage.WITHDRAWN


def test_plain_spreadsheet_headers_are_recognised() -> None:
    _, report = imported("Employer;Position\n".replace(";", ",") + "Acme,Tester\n")
    assert len(report.imported) == 1


def test_bad_rows_are_skipped_whole_and_listed_with_their_lines() -> None:
    store, report = imported(
        "company,role,stage,interview_at,interviewer,interviewer_email,Salary band\n"  # line 1
        "Good One,Engineer,,2026-12-17 10:00,Ann Lee,ann@good.example,high\n"  # 2
        ",No Company,,,,,\n"  # 3
        "Odd Stage,Engineer,daydreaming,,,,\n"  # 4: an unknown stage is kept, not refused
        'Multi Line,Role,,,,,"very\nhigh"\n'  # 5-6: a quoted cell over two lines
        "Bad Date,Engineer,,next tuesday,,,\n"  # 7
        "Bad Email,Engineer,,2026-12-17 10:00,Bo,not-an-address,\n"  # 8
        "Good Two,Analyst,offer,,,,\n"  # 9
    )
    assert [line for line, _ in report.bad] == [3, 7, 8]
    reasons = dict(report.bad)
    assert "company" in reasons[3]
    assert "next tuesday" in reasons[7] and "not-an-address" in reasons[8]
    assert report.unknown_columns == ["Salary band"]
    companies = [a.company for a in services.applications.applications(store)]
    assert companies == ["Good One", "Odd Stage", "Multi Line", "Good Two"]  # none of the bad
    odd = services.applications.application(store, report.imported[1])
    assert (odd.stage, odd.notes) == (Stage.APPLIED, "stage: daydreaming")


def test_progress_is_reported_row_by_row() -> None:
    seen: list[tuple[int, int]] = []
    exchange.import_csv(
        FakeStore(), "company,role\nA,B\nC,D\n", PLAYBOOK, NOW, lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 2), (2, 2)]


class Refusing(FakeRepository):
    """A database that refuses to store one company's application, as a constraint would."""

    def add_application(self, application: Application) -> Application:
        if application.company == "Refused":
            raise StorageError("the database refused it")
        return super().add_application(application)


class RefusingStore(FakeStore):
    @contextmanager
    def transaction(self) -> Iterator[FakeRepository]:
        working = copy.deepcopy(self.data)
        yield Refusing(working, self._ids)
        self.data = working
        self.commits += 1

    bulk = transaction


def test_rows_are_written_a_batch_a_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange, "BATCH", 3)
    store = FakeStore()
    rows = "".join(f"Firm {n},Engineer\n" for n in range(7))
    report = exchange.import_csv(store, "company,role\n" + rows, PLAYBOOK, NOW)
    assert report.new == list(range(2, 9)) and store.commits == 3


def test_a_row_the_database_refuses_costs_only_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch in which a row fails is written again a row a transaction: the rows beside it
    are imported, what was seen is as it would have been, row by row (the refused row was
    never stored, so it is not "already there" the second time)."""
    monkeypatch.setattr(exchange, "BATCH", 3)
    store = RefusingStore()
    text = "company,role\nA,Eng\nB,Eng\nRefused,Eng\nA,Eng\nRefused,Eng\nC,Eng\nC,Eng\n"
    report = exchange.import_csv(store, text, PLAYBOOK, NOW)
    assert report.new == [2, 3, 7] and report.already == [5, 8]
    assert report.bad == [(4, "the database refused it"), (6, "the database refused it")]
    assert [a.company for a in services.applications.applications(store)] == ["A", "B", "C"]
    assert len(report.imported) == 3
    assert store.commits == 4  # A, B and C alone (their batches written again), the last batch


def test_a_file_without_company_or_role_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no role column"):
        imported("Company,Colour\nAcme,red\n")
    with pytest.raises(InvalidInput, match="empty"):
        imported("")


def test_export_then_import_gives_the_same_rows() -> None:
    store, report = imported(
        "company,role,stage,source,interview_at,timezone,country,interviewer,interviewer_phone,"
        "notes\n"
        "Acme,Engineer,interviewing,referral,2026-12-17 10:00,Europe/London,GB,Ann Lee,"
        '+44 20 7946 0018,"two\nlines"\n'
        "Beta,Writer,applied,direct,,,,,,\n"
    )
    assert report.bad == []
    first = io.StringIO()
    assert exchange.export_csv(store, first) == 2
    again, report = imported(first.getvalue())
    assert report.bad == [] and report.unknown_columns == []
    second = io.StringIO()
    exchange.export_csv(again, second)
    assert second.getvalue() == first.getvalue()


def test_an_agency_application_exported_imports_with_its_source_in_the_notes() -> None:
    store = FakeStore()
    agent = Contact(name="Priya Shah", relation=Relation.RECRUITER, email="priya@hays.example")
    application = Application(company="Acme", role="R", source=Source.AGENCY, contacts=(agent,))
    services.applications.record_interview(store, application, PLAYBOOK, NOW)
    out = io.StringIO()
    exchange.export_csv(store, out)
    assert ",agency," in out.getvalue()
    again, report = imported(out.getvalue())  # the agency's contact has no column: not refused
    [back] = [services.applications.application(again, i) for i in report.imported]
    assert (back.source, back.notes) == (Source.DIRECT, "source: agency")


def recorded(store: FakeStore) -> Application:
    return services.applications.record_interview(
        store, Application(company="Acme", role="R"), PLAYBOOK, NOW
    )


def test_vcard_import_adds_every_card_and_export_gives_them_back() -> None:
    store = FakeStore()
    app_id = recorded(store).id
    assert app_id is not None
    done = exchange.import_vcard(
        store, ADDRESS_BOOK, app_id, PLAYBOOK, NOW, Relation.HR, Region("GB")
    )
    assert [n for n, _ in done.added] == [1, 2, 3, 4] and done.skipped == done.notes == []
    added = [c for _, c in done.added]
    assert {c.relation for c in added} == {Relation.HR}
    assert all(c.application_id == app_id and c.id for c in added)
    out = io.StringIO()
    assert exchange.export_vcard(store, out, app_id) == 4
    again = FakeStore()
    other = recorded(again).id
    assert other is not None
    back = [c for _, c in exchange.import_vcard(again, out.getvalue(), other, PLAYBOOK, NOW).added]
    assert [without_uid(c) for c in back] == [without_uid(c) for c in added]
    assert vcard.stored_uid(back[0]) == vcard.stored_uid(added[0])  # the card's own UID


def without_uid(contact: Contact) -> Contact:
    kept = tuple(d for d in contact.details if not d.value.startswith("UID:"))
    return dataclasses.replace(contact, details=kept)


BAD_CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:nope\r\nEND:VCARD\r\n"


def test_a_bad_card_is_skipped_and_the_good_ones_are_added() -> None:
    store = FakeStore()
    app_id = recorded(store).id
    assert app_id is not None
    done = exchange.import_vcard(store, ADDRESS_BOOK + BAD_CARD, app_id, PLAYBOOK, NOW)
    assert [n for n, _ in done.added] == [1, 2, 3, 4]
    [(number, why)] = done.skipped
    assert number == 5 and why.startswith("email address 'nope' does not parse")
    assert len(services.people.contacts(store)) == 4


def test_nothing_to_add_is_refused_and_writes_nothing() -> None:
    store = FakeStore()
    app_id = recorded(store).id
    assert app_id is not None
    before = store.revision()
    with pytest.raises(InvalidInput, match=r"^nothing imported: card 1: email address 'nope'"):
        exchange.import_vcard(store, BAD_CARD, app_id, PLAYBOOK, NOW)
    with pytest.raises(InvalidInput, match=r"^not a vCard file"):
        exchange.import_vcard(store, "hello", app_id, PLAYBOOK, NOW)
    assert services.people.contacts(store) == [] and store.revision() == before


def test_a_dry_run_says_what_would_be_added_and_writes_nothing() -> None:
    store = FakeStore()
    app_id = recorded(store).id
    assert app_id is not None
    before = store.revision()
    done = exchange.import_vcard(
        store, ADDRESS_BOOK + BAD_CARD, app_id, PLAYBOOK, NOW, dry_run=True
    )
    assert done.dry_run and [c.name for _, c in done.added][2] == "山田 太郎"
    assert [c.id for _, c in done.added] == [None] * 4 and [n for n, _ in done.skipped] == [5]
    assert services.people.contacts(store) == [] and store.revision() == before


NATIONAL = Path(__file__).parents[1] / "data" / "vcards" / "google_contacts_national_phones.vcf"


def test_phones_without_a_prefix_read_in_the_application_s_country_else_the_profile_s() -> None:
    store = FakeStore()
    interview = Interview(
        start=NOW, end=NOW + timedelta(hours=1), timezone="Europe/London", region=Region("GB"),
        format=InterviewFormat.VIDEO,
    )  # fmt: skip
    in_gb = services.applications.record_interview(
        store, Application(company="Acme", role="R", interviews=(interview,)), PLAYBOOK, NOW
    )
    nowhere = recorded(store)
    assert in_gb.id is not None and nowhere.id is not None
    data = NATIONAL.read_bytes()
    done = exchange.import_vcard(store, data, in_gb.id, PLAYBOOK, NOW)
    assert [c.phone for _, c in done.added] == ["020 7946 0018", "(0113) 496 0123"]
    assert done.notes == []
    done = exchange.import_vcard(store, data, nowhere.id, PLAYBOOK, NOW, dry_run=True)
    assert [c.phone for _, c in done.added] == [None, None]  # kept as text, noted
    assert [n for n, _ in done.notes] == [1, 1, 2]
    services.people.update_profile(
        store, {"name": "Sam", "region": Region("GB"), "timezone": "Europe/London"}
    )
    done = exchange.import_vcard(store, data, nowhere.id, PLAYBOOK, NOW)
    assert [c.region for _, c in done.added] == [Region("GB")] * 2 and done.notes == []


def test_every_exported_card_has_a_uid_that_stays_the_same() -> None:
    store = FakeStore()
    app_id = recorded(store).id
    assert app_id is not None
    exchange.import_vcard(store, ADDRESS_BOOK, app_id, PLAYBOOK, NOW, region=Region("GB"))
    exchange.import_vcard(store, ADDRESS_BOOK, app_id, PLAYBOOK, NOW, region=Region("GB"))

    def uids() -> list[str]:
        out = io.StringIO()
        exchange.export_vcard(store, out)
        return [vcard.stored_uid(c) or "" for c in vcard.parse(out.getvalue()).contacts]

    first = uids()
    assert len(first) == 8 and len(set(first)) == 8  # the same card imported twice: two UIDs
    assert first[0] == "3F2504E0-4F89-11D3-9A0C-0305E82C3301"  # the card's own, kept
    assert first[4] != first[0]
    people = services.people.contacts(store)
    services.people.edit_contact(store, people[1].id or 0, {"name": "Siobhán Byrne"},
                                 PLAYBOOK, NOW)  # fmt: skip
    assert uids() == first
    other = FakeStore()  # another database: other UIDs for the same contacts
    other_id = services.applications.record_interview(
        other, Application(company="Acme", role="R"), PLAYBOOK, datetime(2027, 1, 2, tzinfo=UTC)
    ).id
    assert other_id is not None
    exchange.import_vcard(other, ADDRESS_BOOK, other_id, PLAYBOOK, NOW, region=Region("GB"))
    out = io.StringIO()
    exchange.export_vcard(other, out)
    theirs = [vcard.stored_uid(c) for c in vcard.parse(out.getvalue()).contacts]
    assert theirs[0] == first[0] and not set(theirs[1:]) & set(first)


def test_one_file_per_card_with_safe_unique_names() -> None:
    store = FakeStore()
    app_id = recorded(store).id
    assert app_id is not None
    exchange.import_vcard(store, ADDRESS_BOOK, app_id, PLAYBOOK, NOW, region=Region("GB"))
    exchange.import_vcard(store, ADDRESS_BOOK, app_id, PLAYBOOK, NOW, region=Region("GB"))
    files: dict[str, str] = {}
    names = exchange.export_vcard_files(store, files.__setitem__)
    ids = [c.id for c in services.people.contacts(store)]
    assert names[:4] == [
        f"dr-chloe-marie-angstrom-nunez-phd-{ids[0]}.vcf",
        f"siobhan-o-connor-ni-bhriain-{ids[1]}.vcf",
        f"contact-{ids[2]}.vcf",  # 山田 太郎 has no ASCII letter
        f"jean-dupont-{ids[3]}.vcf",
    ]
    assert len(set(names)) == 8 and list(files) == names
    assert all(text.count("BEGIN:VCARD") == 1 for text in files.values())


# -- formulas, rows already there, dates out of range (issue #11) -----------------------------


def test_an_export_neutralises_formulas_and_imports_back_as_it_was() -> None:
    store = FakeStore()
    for company, role, notes in [
        ("=cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("https://evil.example","x")'),
        ("+1+1", "-Engineer", "'=already quoted"),
    ]:
        services.applications.record_interview(
            store, Application(company=company, role=role, notes=notes), PLAYBOOK, NOW
        )
    first = io.StringIO()
    exchange.export_csv(store, first)
    cells = [cell for row in csv.reader(io.StringIO(first.getvalue())) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    again, report = imported(first.getvalue())
    assert report.bad == [] and len(report.imported) == 2

    def kept(store: FakeStore) -> list[tuple[str, str, str | None]]:
        return [(a.company, a.role, a.notes) for a in store.data.applications.values()]

    assert kept(again) == kept(store)


_cells = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufeff"
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() == t)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(_cells, _cells, st.sampled_from(["+44 20 7946 0018", "-", "=1+1", "@a", "x"])),
        min_size=1,
        max_size=4,
        unique_by=lambda r: (" ".join(r[0].casefold().split()), " ".join(r[1].casefold().split())),
    )
)
def test_csv_export_then_import_is_lossless(rows: list[tuple[str, str, str]]) -> None:
    source = FakeStore()
    for company, role, notes in rows:
        services.applications.record_interview(
            source, Application(company=company, role=role, notes=notes), PLAYBOOK, NOW
        )
    first = io.StringIO()
    exchange.export_csv(source, first)
    cells = [cell for row in csv.reader(io.StringIO(first.getvalue())) for cell in row]
    assert not [cell for cell in cells if cell.lstrip().startswith(("=", "+", "-", "@"))]
    target, report = imported(first.getvalue())
    assert report.bad == [] and len(report.imported) == len(rows)
    second = io.StringIO()
    exchange.export_csv(target, second)
    assert second.getvalue() == first.getvalue()


def test_importing_the_same_file_again_skips_every_row_already_there() -> None:
    text = (
        "company,role,interview_at,timezone\n"
        "Acme,Engineer,2026-12-17 10:00,Europe/London\n"  # 2
        "Beta,Writer,,\n"  # 3
        "Bad,Row,not a date,\n"  # 4
    )
    store, first = imported(text)
    assert (len(first.imported), first.already, [line for line, _ in first.bad]) == (2, [], [4])
    again = exchange.import_csv(store, text, PLAYBOOK, NOW)
    assert (again.imported, again.already, [line for line, _ in again.bad]) == ([], [2, 3], [4])
    assert len(services.applications.applications(store)) == 2


def test_rows_are_the_same_application_whatever_the_case_and_spacing() -> None:
    store, _ = imported(
        "Company,Job Title,Date Applied,interview_at\n"
        "Acme,Engineer,,2026-12-17 10:00\n"
        "Beta,Writer,2026-12-01,\n"
    )
    report = exchange.import_csv(
        store,
        "company,role,Date Applied,interview_at\n"
        "  ACME ,engineer,,2026-12-17 15:30\n"  # 2: the same day: already there
        "Acme,Engineer,,2026-12-18 10:00\n"  # 3: another interview day: another application
        "beta,  WRITER,2026-12-01,\n"  # 4: the same day applied: already there
        "Beta,Writer,2027-03-01,\n"  # 5: applied again later: another application
        "Beta,Writer,2027-03-01,\n"  # 6: the row before, twice: already there
        "Gamma,Analyst,,\n",  # 7: new
        PLAYBOOK,
        NOW,
    )
    assert report.already == [2, 4, 6] and report.bad == [] and len(report.imported) == 3


def test_a_row_without_a_day_is_there_when_its_company_and_role_are() -> None:
    store = FakeStore()
    services.applications.record_interview(
        store, Application(company="Acme", role="Engineer"), PLAYBOOK, NOW
    )
    report = exchange.import_csv(store, "company,role\nacme,ENGINEER\n", PLAYBOOK, NOW)
    assert (report.imported, report.already) == ([], [2])


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("9999-12-31 23:59,Etc/GMT+12,60", "interview_at 9999-12-31 is out of range"),
        ("9999-12-31T23:59+14:00,Etc/GMT+12,60", "interview_at 9999-12-31 is out of range"),
        ("2100-12-31 23:00,Etc/GMT-14,60", "out of range"),  # 2101 once in the zone given
        ("0001-01-01 00:00,Etc/GMT-12,60", "interview_at 0001-01-01 is out of range"),
        ("2026-12-17 10:00,UTC,999999999", "longer than a day"),
        ("2026-12-17 10:00,UTC,999999999h", "longer than a day"),
        ("2026-12-17 10:00,UTC," + "9" * 5000, "not a duration"),
        ("2026-12-17 10:00,UTC,²", "not a duration"),
    ],
)
def test_a_row_out_of_range_is_refused_alone_and_later_rows_are_read(
    cells: str, message: str
) -> None:
    store, report = imported(
        "company,role,interview_at,timezone,duration_minutes\n"
        f"Far,Future,{cells}\n"
        "Next,Row,2026-12-17 10:00,Europe/London,90\n"
    )
    [(line, why)] = report.bad
    assert line == 2 and message in why
    [kept] = store.data.applications.values()
    assert kept.company == "Next"
    assert (kept.interviews[0].end - kept.interviews[0].start).seconds == 90 * 60


def test_a_duration_may_be_written_in_hours_and_minutes() -> None:
    store, report = imported("company,role,interview_at,duration\nA,B,2026-12-17 10:00,1h30m\n")
    [interview] = services.applications.application(store, report.imported[0]).interviews
    assert (interview.end - interview.start).seconds == 90 * 60


def test_an_export_writes_the_latest_interview_the_one_that_ended_last() -> None:
    store = FakeStore()
    day = Interview(  # a day of assessments holding a short call: the day ends last
        start=datetime(2026, 12, 14, 9, tzinfo=UTC),
        end=datetime(2026, 12, 14, 17, tzinfo=UTC),
        timezone="UTC",
        format=InterviewFormat.IN_PERSON,
    )
    call = Interview(
        start=datetime(2026, 12, 14, 13, tzinfo=UTC),
        end=datetime(2026, 12, 14, 13, 30, tzinfo=UTC),
        timezone="UTC",
        format=InterviewFormat.PHONE,
    )
    first = Interview(
        start=datetime(2026, 12, 7, 9, tzinfo=UTC),
        end=datetime(2026, 12, 7, 10, tzinfo=UTC),
        timezone="UTC",
        format=InterviewFormat.VIDEO,
    )
    app = Application(company="Acme", role="Analyst", interviews=(day, call, first))
    services.applications.record_interview(store, app, PLAYBOOK, NOW)
    out = io.StringIO()
    exchange.export_csv(store, out)
    [row] = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["interview_at"], row["duration_minutes"], row["format"]) == (
        "2026-12-14 09:00",
        "480",
        "in-person",
    )


def test_a_row_applied_the_day_an_earlier_import_kept_in_the_notes_is_already_there() -> None:
    store = FakeStore()
    earlier = Application(company="Beta", role="Writer", notes="Date Applied: 2026-12-01")
    services.applications.record_interview(store, earlier, PLAYBOOK, NOW)
    report = exchange.import_csv(
        store, "company,role,appliedDate\nBeta,Writer,2026-12-01\nBeta,Writer,2026-12-02\n",
        PLAYBOOK, NOW,
    )  # fmt: skip
    assert (report.already, report.new) == ([2], [3])
    [new] = [services.applications.application(store, i) for i in report.imported]
    assert (new.applied_at, new.notes) == (date(2026, 12, 2), None)
