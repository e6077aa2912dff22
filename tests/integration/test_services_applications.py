"""services.applications on SQLite and PostgreSQL: an event on one role replans the user's
other roles at the same company in the same transaction, and Today reads the result; a step
says what its recipient's record lacks, and says it in `due --json` (issue 14)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup import services
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.model import (
    OPEN_STATUSES,
    Application,
    Channel,
    Contact,
    Direction,
    Interview,
    Touch,
)
from followup.domain.playbook import NUDGES
from followup.domain.values import Region

PLAYBOOK = default_playbook()
LONDON = ZoneInfo("Europe/London")
GB = Region("GB", "ENG")


def role(company: str, day: int, lead: Contact) -> Application:
    start = datetime(2026, 3, day, 10, tzinfo=LONDON)
    interview = Interview(start, start + timedelta(hours=1), "Europe/London", GB)
    return Application(company, f"Role {day}", interviews=(interview,), contacts=(lead,))


def open_nudge(store: SqlStore, app_id: int) -> tuple[str, str] | None:
    app = services.applications.application(store, app_id)
    found = [s for s in app.steps if s.kind in NUDGES and s.status in OPEN_STATUSES]
    return (found[0].earliest.isoformat(), found[0].due.isoformat()) if found else None


def test_a_reply_about_one_role_pauses_the_other_role_at_the_company(store: SqlStore) -> None:
    services.people.update_profile(
        store, {"name": "Zoe Hart", "region": GB, "timezone": "Europe/London"}
    )
    jane = Contact("Jane Smith", email="jane@acme.example", phone="+44 20 7946 0958")
    priya = Contact("Priya Shah", email="priya@acme.example", phone="+44 20 7946 0100")
    record = services.applications.record_interview
    first = record(store, role("Acme", 10, jane), PLAYBOOK, datetime(2026, 3, 10, 12, tzinfo=UTC))
    now = datetime(2026, 3, 11, 12, tzinfo=UTC)
    second = record(store, role("acme", 11, priya), PLAYBOOK, now)
    assert first.id is not None and second.id is not None
    assert open_nudge(store, first.id) == (
        "2026-03-17T09:00:00+00:00",
        "2026-03-20T17:00:00+00:00",
    )
    assert open_nudge(store, second.id) == (
        "2026-03-24T09:00:00+00:00",
        "2026-03-27T17:00:00+00:00",
    )
    reply = Touch(Channel.EMAIL, Direction.IN, datetime(2026, 3, 16, 12, tzinfo=UTC))
    services.applications.log_touch(store, second.id, reply, PLAYBOOK, reply.at)
    assert open_nudge(store, first.id) is None and open_nudge(store, second.id) is None
    today = services.agenda.agenda(store, PLAYBOOK, reply.at, timedelta(days=30))
    assert [s for s in [*today.overdue, *today.due] if s.kind in NUDGES] == []
    record_ = services.agenda.agenda_record(store, PLAYBOOK, reply.at, timedelta(days=30))
    assert [s for s in [*record_["overdue"], *record_["due"]] if s["kind"] in NUDGES] == []


def test_a_step_says_what_is_missing_until_the_contact_is_edited(
    store_for: Callable[[str], SqlStore],
) -> None:
    store = store_for("bob")
    emily = Contact("Emily Walsh", title="Head of Data")
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    app = services.applications.record_interview(store, role("Acme", 10, emily), PLAYBOOK, now)
    assert app.id is not None
    (contact,) = app.contacts
    shown = services.agenda.agenda_record(store, PLAYBOOK, now, timedelta(days=14))
    needs = {s["kind"]: s["needs"] for s in [*shown["overdue"], *shown["due"]]}
    edit = f"followup contacts edit {contact.id}"
    assert needs == {
        "thank-you": f"add Emily Walsh's email: {edit} --email ...",
        "check-in-call": f"add Emily Walsh's phone: {edit} --phone ...",
        "pipeline-review": None,  # the user's own reminder: nobody to reach
    }
    assert contact.id is not None
    services.people.edit_contact(store, contact.id, {"email": "emily@acme.example"}, PLAYBOOK, now)
    shown = services.agenda.agenda_record(store, PLAYBOOK, now, timedelta(days=14))
    steps = {s["kind"]: s for s in [*shown["overdue"], *shown["due"]]}
    assert (steps["thank-you"]["channel"], steps["thank-you"]["needs"]) == ("email", None)
    # Still no phone: the check-in goes by email, which now reaches her.
    assert (steps["check-in-call"]["channel"], steps["check-in-call"]["needs"]) == ("email", None)
