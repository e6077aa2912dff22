"""The rules' pages ("Why?" on a step): every rule of the playbook in plain words, with the
user's numbers and the guidance it rests on by title, never by file number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap
from followup.config import settings
from followup.config.playbooks import shipped
from followup.domain.playbook import GUIDANCE
from followup.web.app import create_app
from tests.web.conftest import BASE, environ

KINDS = list(shipped().rules)


def _main(page: str) -> str:
    return page[page.index("<main") :]


@pytest.mark.parametrize("kind", KINDS)
def test_every_rule_has_a_page_in_words_with_titles_not_numbers(
    client: TestClient, kind: str
) -> None:
    response = client.get(f"/rules/{kind}")
    assert response.status_code == 200
    main = _main(response.text)
    rule = shipped().rule(kind)
    assert rule.rationale.replace('"', "&#34;") in main
    for source in rule.sources:
        assert f"<cite>{GUIDANCE[source]}</cite>" in main.replace("&#39;", "'")
    if not rule.sources:
        assert "goes beyond the guidance" in main
    assert not re.search(r"\b00[0-4]\b", main)  # no file numbers
    assert kind not in re.sub(r'href="[^"]*"', "", main)  # no raw kind, but in links
    assert "followup " not in main.replace("followup plans", "")


def test_the_numbers_are_the_users_own(tmp_path: Path) -> None:
    env = environ(tmp_path)
    config = tmp_path / "config" / "followup"
    config.mkdir(parents=True)
    (config / "playbook.toml").write_text("[rules.check-in-call]\nearliest = 6\ndue = 9\n")
    app = bootstrap.build(settings.load(env))
    with TestClient(create_app(app), base_url=BASE) as client:
        main = _main(client.get("/rules/check-in-call").text)
    assert "Starts: the start of working day 6 after the interview." in main
    assert "Due: the end of working day 9 after the interview." in main


def test_every_step_links_to_its_rule_and_the_rules_are_listed(client: TestClient) -> None:
    today = client.get("/").text
    linked = set(re.findall(r'href="/rules/([a-z-]+)"', today))
    assert linked and linked <= set(KINDS)
    listing = client.get("/rules").text
    assert all(f'href="/rules/{kind}"' in listing for kind in KINDS)


def test_an_unknown_rule_is_a_clear_404(client: TestClient) -> None:
    response = client.get("/rules/no-such-rule")
    assert response.status_code == 404 and "no rule" in response.text
