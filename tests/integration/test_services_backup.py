"""Export and import of one user's data, on SQLite and PostgreSQL: lossless, all or nothing.

The property: data built through the services, exported, imported into an empty database and
exported again gives the same JSON (the header's moment and user aside).
"""

from __future__ import annotations

import dataclasses
import io
import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import services
from followup.adapters.sql.migrate import HEAD_REVISION
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Profile,
    Promise,
    Touch,
)
from followup.domain.outbox import OutboxEntry, OutboxState
from followup.services.backup import FORMAT, VERSION, export_data, import_data
from tests.integration.aggregates import application as stored_application
from tests.integration.conftest import BACKENDS, fresh_url, opened

PLAYBOOK = default_playbook()
NOW = datetime(2025, 1, 14, 16, 0, tzinfo=UTC)
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
).filter(str.strip)


def application(company: str = "Müller & Søn GmbH", **changes: Any) -> Application:
    """An application as `followup add` would record it (per-application settings aside)."""
    return stored_application(company, **{"settings": {}, **changes})


@st.composite
def histories(draw: st.DrawFn) -> Callable[[SqlStore], None]:
    """A user's history, as calls to the services (and the outbox) to replay on a store."""
    profile = draw(
        st.none() | st.builds(Profile, name=TEXT, skills=st.lists(TEXT, max_size=3).map(tuple))
    )
    apps = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "company": TEXT,
                    "notes": st.none() | TEXT,
                    "touches": st.lists(
                        st.tuples(
                            st.sampled_from(Direction),
                            st.integers(0, 10**7),
                            st.none() | TEXT,
                        ),
                        max_size=3,
                    ),
                    "step": st.sampled_from(["none", "done", "snooze", "skip"]),
                    "decision": st.none() | st.sampled_from(DecisionKind),
                    "outbox": st.booleans(),
                    "round": st.booleans(),  # another round: a person met again, a new one
                }
            ),
            max_size=3,
        )
    )

    def replay(store: SqlStore) -> None:
        if profile is not None:
            services.people.update_profile(store, dataclasses.asdict(profile))
        for number, spec in enumerate(apps):
            made = services.applications.record_interview(
                store, application(spec["company"], notes=spec["notes"]), PLAYBOOK, NOW
            )
            assert made.id is not None
            if spec["round"]:
                first = made.interviews[0]
                later = dataclasses.replace(
                    first, start=first.start + timedelta(days=7), end=first.end + timedelta(days=7)
                )
                people = [Contact(made.contacts[0].name), Contact("Ola Nordmann")]
                promised = [Promise("a reference letter", "Ola Nordmann")]
                services.applications.add_round(
                    store, made.id, later, people, promised, PLAYBOOK, NOW
                )
            for direction, seconds, note in spec["touches"]:
                touch = Touch(
                    channel=Channel.EMAIL,
                    direction=direction,
                    # Before now: a touch logged is one that happened.
                    at=NOW - timedelta(seconds=seconds, microseconds=seconds % 1000),
                    note=note,
                )
                services.applications.log_touch(store, made.id, touch, PLAYBOOK, NOW)
            step = services.applications.application(store, made.id).steps[0]
            assert step.id is not None
            if spec["step"] == "done":
                services.steps.act(store, step.id, services.steps.Complete("sent"), PLAYBOOK, NOW)
            elif spec["step"] == "snooze":
                services.steps.act(
                    store, step.id, services.steps.Snooze(date(2025, 2, 3)), PLAYBOOK, NOW
                )
            elif spec["step"] == "skip":
                services.steps.act(store, step.id, services.steps.Skip(), PLAYBOOK, NOW)
            if spec["outbox"]:
                with store.transaction() as repo:
                    repo.add_outbox(
                        OutboxEntry(
                            application_id=made.id,
                            step_id=None,
                            message_id=f"<m{number}.{uuid.uuid4().hex}@example.com>",
                            message="Subject: Thanks\r\n\r\nDanke schön\r\n",
                            approved_at=NOW,
                            state=OutboxState.APPROVED,
                        )
                    )
            if spec["decision"] is not None:
                services.applications.decide(
                    store, made.id, spec["decision"], PLAYBOOK, NOW, note="¡fin!"
                )

    return replay


def _tables(document: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in document.items() if k not in ("exported_at", "user")})


@pytest.mark.parametrize("backend", BACKENDS)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories())
def test_export_import_export_is_lossless(
    backend: str, tmp_path: Path, history: Callable[[SqlStore], None]
) -> None:
    with fresh_url(backend, tmp_path) as source_url, fresh_url(backend, tmp_path) as target_url:
        with opened(source_url, "alice") as source:
            history(source)
            first = json.loads(json.dumps(export_data(source, "alice", NOW)))
        with opened(target_url, "bob") as target:
            import_data(target, first)
            again = export_data(target, "bob", NOW + timedelta(days=1))
            # The ids go on after the imported ones (AUTOINCREMENT; PostgreSQL's sequences).
            after = services.applications.record_interview(
                target, application("Next"), PLAYBOOK, NOW
            )
    assert _tables(again) == _tables(first)
    assert first["format"] == FORMAT and first["version"] == VERSION
    assert first["schema"] == HEAD_REVISION
    taken = [row["id"] for row in first["tables"]["applications"]]
    assert after.id is not None and after.id > max(taken, default=0)


def test_the_export_holds_every_owned_table_and_no_user_id(store: SqlStore) -> None:
    services.applications.record_interview(store, application(), PLAYBOOK, NOW)
    tables = export_data(store, "alice", NOW)["tables"]
    assert {"applications", "interviews", "contacts", "promises", "touches", "steps"} <= set(tables)
    assert all("user_id" not in row for rows in tables.values() for row in rows)
    interview = tables["interviews"][0]
    assert interview["start"].endswith("Z") and isinstance(interview["id"], int)
    assert isinstance(tables["steps"][0]["recipients"], list)


def test_the_export_leaves_out_other_users(store_for: Callable[[str], SqlStore]) -> None:
    services.applications.record_interview(
        store_for("alice"), application("Alice's"), PLAYBOOK, NOW
    )
    services.applications.record_interview(store_for("bob"), application("Bob's"), PLAYBOOK, NOW)
    tables = export_data(store_for("bob"), "bob", NOW)["tables"]
    assert [row["company"] for row in tables["applications"]] == ["Bob's"]


def _count(store: SqlStore) -> int:
    with store.transaction() as repo:
        return sum(len(rows) for rows in repo.dump().values())


def test_importing_into_a_user_with_data_is_refused(store_for: Callable[[str], SqlStore]) -> None:
    source, target = store_for("alice"), store_for("carol")
    services.applications.record_interview(source, application(), PLAYBOOK, NOW)
    document = export_data(source, "alice", NOW)
    services.people.update_profile(target, {"name": "Carol"})
    before = _count(target)
    with pytest.raises(Conflict, match="already has data"):
        import_data(target, document)
    assert _count(target) == before


def test_ids_another_user_holds_are_refused_and_nothing_is_written(
    store_for: Callable[[str], SqlStore],
) -> None:
    source, target = store_for("alice"), store_for("dave")
    services.applications.record_interview(source, application(), PLAYBOOK, NOW)
    with pytest.raises(Conflict, match="taken by another user"):
        import_data(target, export_data(source, "alice", NOW))
    assert _count(target) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "something-else"}, "not a followup export"),
        ({"version": 2}, "version 2"),
        ({"schema": "9999"}, "does not know"),
        ({"tables": {"aliens": []}}, "tables this followup does not know"),
        ({"tables": {"applications": [{"id": 1, "company": "X", "colour": "red"}]}}, "colour"),
        ({"tables": {"applications": [{"id": 1, "company": "X"}]}}, "lacks the column"),
    ],
)
def test_unreadable_exports_are_refused(
    store_for: Callable[[str], SqlStore], change: dict[str, Any], message: str
) -> None:
    source = store_for("alice")
    services.applications.record_interview(source, application(), PLAYBOOK, NOW)
    document = {**export_data(source, "alice", NOW), **change}
    target = store_for("erin")
    with pytest.raises(InvalidInput, match=message):
        import_data(target, document)
    assert _count(target) == 0


def test_a_value_of_the_wrong_kind_is_refused(store_for: Callable[[str], SqlStore]) -> None:
    source = store_for("alice")
    services.applications.record_interview(source, application(), PLAYBOOK, NOW)
    document = export_data(source, "alice", NOW)
    document["tables"]["interviews"][0]["start"] = "2025-01-14T13:00:00"  # no offset
    with pytest.raises(InvalidInput, match="wrong kind"):
        import_data(store_for("frank"), document)


def test_a_decision_row_keeps_its_moment(store: SqlStore) -> None:
    made = services.applications.record_interview(store, application(decisions=()), PLAYBOOK, NOW)
    assert made.id is not None
    moment = datetime(2025, 1, 20, 9, 15, 30, 123456, tzinfo=UTC)
    with store.transaction() as repo:
        repo.add_decision(made.id, Decision(kind=DecisionKind.REJECTED, at=moment))
    [row] = export_data(store, "alice", NOW)["tables"]["decisions"]
    assert row["at"] == "2025-01-20T09:15:30.123456Z"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_promised_file_travels_and_a_wrong_one_is_refused(backend: str, tmp_path: Path) -> None:
    """What a promise is kept with goes in the export (its bytes as base64) and comes back;
    an export whose file is not what its row says is refused, nothing written."""
    from followup.services import promised
    from followup.services.promised import attachment

    content = bytes(range(256))
    with fresh_url(backend, tmp_path) as source_url, opened(source_url, "alice") as source:
        made = services.applications.record_interview(source, application(), PLAYBOOK, NOW)
        step = next(s for s in made.steps if s.kind == "send-promised")
        assert step.id is not None
        promised.attach_file(
            source, step.id, attachment("Zoë's notes.pdf", io.BytesIO(content), 1), NOW
        )
        first = json.loads(json.dumps(export_data(source, "alice", NOW)))
    [row] = first["tables"]["promise_attachments"]
    assert row["file_name"] == "Zoë's notes.pdf" and row["size"] == 256
    with fresh_url(backend, tmp_path) as target_url, opened(target_url, "bob") as target:
        wrong = json.loads(json.dumps(first))
        wrong["tables"]["promise_attachments"][0]["size"] = 255
        with pytest.raises(InvalidInput, match=r"promise_attachments\[0\]\.size"):
            import_data(target, wrong)
        assert _count(target) == 0
        import_data(target, first)
        assert _tables(export_data(target, "bob", NOW)) == _tables(first)
        with target.transaction() as repo:
            found = repo.promised_file(row["promise_id"])
    assert found is not None and found.content == content
