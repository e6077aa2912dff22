"""Today shows the most urgent first, a page's worth of each part, with a link to all."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.config import settings
from followup.web.pages.today import TODAY_SHOWS
from tests.web.conftest import environ


def _overdue_cards(page: str) -> list[str]:
    return re.findall(r'<span class="badge overdue">', page)


def _add_overdue(app: bootstrap.App, how_many: int) -> None:
    acme = services.applications.application(app.store, 1)
    weeks_ago = app.now() - timedelta(days=21)
    for n in range(how_many):
        interview = dataclasses.replace(
            acme.interviews[0], id=None, start=weeks_ago, end=weeks_ago + timedelta(hours=1)
        )
        services.applications.record_interview(
            app.store,
            dataclasses.replace(
                acme,
                id=None,
                company=f"Overdue {n:02d} Ltd",
                interviews=(interview,),
                contacts=tuple(dataclasses.replace(c, id=None) for c in acme.contacts[:1]),
                promises=(),
                steps=(),
                touches=(),
                decisions=(),
            ),
            app.playbook,
            app.now() - timedelta(days=20),
        )


def test_today_shows_a_page_of_each_part_and_links_to_all(
    client: TestClient, app: bootstrap.App
) -> None:
    _add_overdue(app, TODAY_SHOWS)
    everything = services.agenda.today(app.store, app.playbook, app.now())
    assert len(everything.overdue) > TODAY_SHOWS
    page = client.get("/").text
    assert len(_overdue_cards(page)) == TODAY_SHOWS
    assert "Show all steps" in page and 'href="/?all=1"' in page
    # The most overdue come first.
    first = everything.overdue[0]
    assert page.index(f'id="step-{first.id}"') < page.index(f'id="step-{everything.overdue[1].id}"')
    full = client.get("/?all=1").text
    assert len(_overdue_cards(full)) == len(everything.overdue)
    assert "Show all" not in full


def test_today_names_each_steps_company(client: TestClient, app: bootstrap.App) -> None:
    _add_overdue(app, 1)
    page = client.get("/").text
    assert '<a href="/applications/7">Overdue 00 Ltd</a>' in page
    assert "Acme Analytics</a>" in page


def test_today_is_kept_until_the_data_changes_in_any_process(
    client: TestClient, app: bootstrap.App, tmp_path
) -> None:
    first = client.get("/").text
    step = services.agenda.today(app.store, app.playbook, app.now()).overdue[0]
    assert f'id="step-{step.id}"' in first
    assert client.get("/").text == first  # kept: the same page again
    # Another process (here: another App, its own connections) marks the step done.
    other = bootstrap.build(settings.load(environ(tmp_path)))
    services.steps.act(
        other.store, step.id or 0, services.steps.Complete("sent"), other.playbook, other.now()
    )
    assert f'id="step-{step.id}"' not in client.get("/").text
