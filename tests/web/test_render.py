"""What pages keep (render.kept) is computed again as soon as the user's data changes,
whichever process changed it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.config import settings
from followup.domain.model import DecisionKind
from tests.web.conftest import environ


def test_insights_follow_a_decision_made_in_another_process(
    client: TestClient, tmp_path: Path
) -> None:
    before = client.get("/api/insights").json()["funnel"]
    assert client.get("/api/insights").json()["funnel"] == before  # kept
    other = bootstrap.build(settings.load(environ(tmp_path)))
    services.applications.decide(other.store, 1, DecisionKind.HIRED, other.playbook, other.now())
    after = client.get("/api/insights").json()["funnel"]
    hired = {c["stage"]: c["applications"] for c in after["reached"]}["hired"]
    assert hired == {c["stage"]: c["applications"] for c in before["reached"]}["hired"] + 1
