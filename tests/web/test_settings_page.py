"""The Settings page: each part saves on its own and says so; a mistake answers 422 with the
message and changes nothing (the files byte for byte); every form needs the CSRF token; no
password is ever shown."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.config import settings
from followup.domain.playbook import RULE_NUMBERS
from followup.services import calendar, demo
from followup.web.app import create_app
from tests.web.conftest import BASE, csrf, environ

PASSWORD = "Hunter2-not-for-your-eyes"


def alerts(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'role="alert"[^>]*>([^<]*)<', html)]


def wired(client: TestClient) -> bootstrap.App:
    """The App the web app serves now (saving a file rebuilds it)."""
    app: bootstrap.App = client.app.state.app  # type: ignore[attr-defined]
    return app


def playbook_file(app: bootstrap.App) -> Path:
    return Path(app.settings.config_dir, "playbook.toml")


def config_file(app: bootstrap.App) -> Path:
    return Path(app.settings.config_dir, "config.toml")


@pytest.fixture
def env_client(tmp_path: Path) -> Iterator[TestClient]:
    """The demo, with passwords and the IMAP host given in the environment."""
    env = {
        **environ(tmp_path),
        "FOLLOWUP_SMTP_PASSWORD": PASSWORD,
        "FOLLOWUP_IMAP_PASSWORD": PASSWORD + "-imap",
        "FOLLOWUP_IMAP_HOST": "imap.from-env.example",
    }
    app = bootstrap.build(settings.load(env))
    demo.seed(app.store, app.playbook, app.now())
    with TestClient(create_app(app), base_url=BASE) as c:
        yield c


# -- the page -----------------------------------------------------------------------------


def test_the_page_shows_every_part(client: TestClient, app: bootstrap.App) -> None:
    response = client.get("/settings")
    assert response.status_code == 200
    html = response.text
    me = services.people.profile(app.store)
    assert me is not None
    assert f'value="{me.name}"' in html and f'value="{me.timezone}"' in html
    for kind, names in RULE_NUMBERS.items():
        for name in names:
            value = app.playbook.rule(kind)[name]
            assert f'name="rules.{kind}.{name}"' in html
            assert re.search(rf'name="rules\.{re.escape(kind)}\.{name}"[^>]*value="{value}"', html)
    assert 'name="nudges.gap"' in html and 'value="09:00"' in html
    for name in ["smtp_host", "smtp_port", "imap_host", "imap_sent_folder"]:
        assert f'name="{name}"' in html
    assert "Create link" in html and "Revoke link" not in html
    assert response.headers["cache-control"] == "private, no-store"


def test_every_field_has_a_label_and_nothing_is_inline(client: TestClient) -> None:
    html = client.get("/settings").text
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    for field in fields:
        if 'type="hidden"' in field:
            continue
        found = re.search(r'id="([^"]+)"', field)
        assert found and found[1] in labelled, field
    assert len(set(re.findall(r'id="([^"]+)"', html))) == len(re.findall(r'id="([^"]+)"', html))
    assert html.count("<fieldset>") == html.count("<legend>") >= 4
    assert " style=" not in html and "onclick" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script


@pytest.mark.parametrize("path", ["profile", "playbook", "mail", "feed"])
def test_every_form_needs_the_csrf_token(client: TestClient, app: bootstrap.App, path: str) -> None:
    before = services.people.profile(app.store)
    client.get("/settings")  # the cookie is set, but the form below does not echo it
    data = {
        "name": "Mallory",
        "timezone": "UTC",
        "rules.check-in-call.earliest": "6",
        "smtp_host": "evil.example",
        "action": "new",
    }
    for token in [None, "forged"]:
        sent = data if token is None else {**data, "csrf_token": token}
        response = client.post(f"/settings/{path}", data=sent)
        assert response.status_code == 403
        assert "CSRF" in response.text
    assert services.people.profile(app.store) == before
    assert not playbook_file(app).exists() and not config_file(app).exists()
    assert calendar.feed_token_since(app.store) is None


# -- profile ------------------------------------------------------------------------------


def test_the_profile_is_saved_and_shown(client: TestClient, app: bootstrap.App) -> None:
    form = {
        "csrf_token": csrf(client, "/settings"),
        "name": "  Robin Ó Briain ",
        "email": "robin@example.ie",
        "phone": "+44 20 7946 0018",
        "address": "2 Example Road\nLondon",
        "skills": "SQL\n\n  Python  \ndata modelling",
        "country": "GB-ENG",
        "timezone": "Europe/London",
        "signature": "Robin",
        "tone": "warm",
    }
    response = client.post("/settings/profile", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/settings?saved=profile#profile"
    me = services.people.profile(app.store)
    assert me is not None
    assert me.name == "Robin Ó Briain" and me.email == "robin@example.ie"
    assert me.skills == ("SQL", "Python", "data modelling")
    assert str(me.region) == "GB-ENG" and me.timezone == "Europe/London" and me.tone == "warm"
    page = client.get(response.headers["location"]).text
    assert "Saved." in page and 'value="Robin Ó Briain"' in page
    assert "SQL\nPython\ndata modelling</textarea>" in page
    cleared = {**form, "csrf_token": csrf(client, "/settings"), "phone": "", "signature": " "}
    assert client.post("/settings/profile", data=cleared).status_code == 200
    me = services.people.profile(app.store)
    assert me is not None and me.phone is None and me.signature is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "  ", "name"),
        ("email", "not-an-address", "email"),
        ("timezone", "Mars/Olympus_Mons", "time zone"),
        ("country", "XX-NOWHERE", "XX"),
        ("phone", "call me maybe", "phone"),
        ("tone", "grovelling", "tone"),
    ],
)
def test_a_bad_profile_value_is_refused_and_nothing_saved(
    client: TestClient, app: bootstrap.App, field: str, value: str, message: str
) -> None:
    before = services.people.profile(app.store)
    assert before is not None
    form = {
        "csrf_token": csrf(client, "/settings"),
        "name": "Changed Name",
        "email": "changed@example.org",
        "timezone": "Europe/Berlin",
        field: value,
    }
    response = client.post("/settings/profile", data=form)
    assert response.status_code == 422
    [alert] = alerts(response.text)
    assert message.lower() in alert.lower()
    assert services.people.profile(app.store) == before
    if value.strip():
        assert value in response.text  # what was typed is kept for correcting


# -- playbook -----------------------------------------------------------------------------


def test_a_playbook_number_is_saved_to_the_file_and_used(
    client: TestClient, app: bootstrap.App
) -> None:
    default = app.playbook.rule("check-in-call")["earliest"]
    form = {
        "csrf_token": csrf(client, "/settings"),
        "rules.check-in-call.earliest": str(default + 2),
    }
    response = client.post("/settings/playbook", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/settings?saved=playbook#playbook"
    written = tomllib.loads(playbook_file(app).read_text("utf-8"))
    assert written == {"rules": {"check-in-call": {"earliest": default + 2}}}
    assert wired(client).playbook.rule("check-in-call")["earliest"] == default + 2
    assert bootstrap.build(app.settings).playbook.rule("check-in-call")["earliest"] == default + 2
    page = client.get("/settings?saved=playbook").text
    assert "Saved." in page
    assert re.search(rf'name="rules\.check-in-call\.earliest"[^>]*value="{default + 2}"', page)
    # Every number sent back as shown: the file holds only what differs from the default.
    numbers = dict(
        re.findall(r'name="((?:rules|nudges|working-hours)[^"]*)"[^>]*value="([^"]*)"', page)
    )
    assert len(numbers) > 20
    back = {
        **numbers,
        "rules.check-in-call.earliest": str(default),
        "csrf_token": csrf(client, "/settings"),
    }
    assert client.post("/settings/playbook", data=back).status_code == 200
    assert tomllib.loads(playbook_file(app).read_text("utf-8")) == {}
    assert wired(client).playbook.rule("check-in-call")["earliest"] == default


def test_the_users_other_playbook_lines_are_kept(client: TestClient, app: bootstrap.App) -> None:
    playbook_file(app).parent.mkdir(parents=True, exist_ok=True)
    playbook_file(app).write_text(
        '[rules.pipeline-review]\nenabled = false\n\n[working-hours]\nstart = "08:30"\n'
    )
    form = {
        "csrf_token": csrf(client, "/settings"),
        "nudges.gap": "10",
        "working-hours.end": "17:30",
    }
    assert client.post("/settings/playbook", data=form).status_code == 200
    assert tomllib.loads(playbook_file(app).read_text("utf-8")) == {
        "rules": {"pipeline-review": {"enabled": False}},
        "working-hours": {"start": "08:30", "end": "17:30"},
        "nudges": {"gap": 10},
    }
    assert not wired(client).playbook.enabled("pipeline-review")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rules.check-in-call.earliest", "soon", "must be a whole number, not 'soon'"),
        ("rules.thank-you.due", "-1", "must not be less than 0"),
        ("rules.check-in-call.earliest", "99", "is before earliest"),
        ("rules.pipeline-review.weekday", "9", "must not be more than 6"),
        ("working-hours.start", "nine", "is not a time like 09:00"),
    ],
)
def test_a_bad_playbook_number_leaves_the_file_as_it_was(
    client: TestClient, app: bootstrap.App, field: str, value: str, message: str
) -> None:
    mine = b"# my own numbers\n[rules.keep-in-touch]\ncount = 2   # two is enough\n"
    playbook_file(app).parent.mkdir(parents=True, exist_ok=True)
    playbook_file(app).write_bytes(mine)
    response = client.post(
        "/settings/playbook", data={"csrf_token": csrf(client, "/settings"), field: value}
    )
    assert response.status_code == 422
    [alert] = alerts(response.text)
    assert message in alert
    assert playbook_file(app).read_bytes() == mine
    assert list(playbook_file(app).parent.iterdir()) == [playbook_file(app)]  # no leftovers


def test_a_bad_number_without_a_file_writes_none(client: TestClient, app: bootstrap.App) -> None:
    form = {"csrf_token": csrf(client, "/settings"), "nudges.gap": "0"}
    response = client.post("/settings/playbook", data=form)
    assert response.status_code == 422
    assert "nudges.gap must not be less than 1" in alerts(response.text)[0]
    assert not playbook_file(app).exists()


# -- mail servers -------------------------------------------------------------------------


def test_mail_settings_are_saved_to_config_toml(client: TestClient, app: bootstrap.App) -> None:
    config_file(app).parent.mkdir(parents=True, exist_ok=True)
    config_file(app).write_text('digest_at = "08:15"\nsmtp_user = "old@example.org"\n')
    form = {
        "csrf_token": csrf(client, "/settings"),
        "smtp_host": " smtp.example.org ",
        "smtp_port": "465",
        "smtp_security": "tls",
        "smtp_user": "",
        "imap_host": "imap.example.org",
        "imap_port": "993",
        "imap_user": "robin@example.org",
        "imap_security": "tls",
        "imap_sent_folder": "Sent Items",
    }
    response = client.post("/settings/mail", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/settings?saved=mail#mail"
    assert tomllib.loads(config_file(app).read_text("utf-8")) == {
        "digest_at": "08:15",  # what the page does not edit stays
        "smtp_host": "smtp.example.org",
        "smtp_port": 465,
        "smtp_security": "tls",
        "imap_host": "imap.example.org",
        "imap_port": 993,
        "imap_user": "robin@example.org",
        "imap_security": "tls",
        "imap_sent_folder": "Sent Items",
    }  # smtp_user emptied: back to its default
    now = wired(client).settings
    assert now["smtp_host"] == "smtp.example.org" and now["smtp_port"] == 465
    assert now["smtp_user"] is None and now.values["smtp_user"].source == "default"
    assert now.values["smtp_host"].source.startswith("config ")
    assert settings.load(environ(Path(app.settings.config_dir).parents[1]))["smtp_port"] == 465
    page = client.get("/settings?saved=mail").text
    assert "Saved." in page and 'value="smtp.example.org"' in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("smtp_port", "70000"), ("imap_port", "port"), ("smtp_security", "ssl3")],
)
def test_a_bad_mail_setting_leaves_config_toml_as_it_was(
    client: TestClient, app: bootstrap.App, field: str, value: str
) -> None:
    mine = b'# mine\nsmtp_host = "kept.example.org"  # really\n'
    config_file(app).parent.mkdir(parents=True, exist_ok=True)
    config_file(app).write_bytes(mine)
    form = {
        "csrf_token": csrf(client, "/settings"),
        "smtp_host": "changed.example.org",
        field: value,
    }
    response = client.post("/settings/mail", data=form)
    assert response.status_code == 422
    [alert] = alerts(response.text)
    assert alert.startswith(f"{field}: '{value}' is not a valid value")
    assert config_file(app).read_bytes() == mine
    assert wired(client).settings["smtp_host"] is None  # the running app unchanged too


def test_passwords_are_never_shown_nor_written(env_client: TestClient) -> None:
    app = wired(env_client)
    html = env_client.get("/settings").text
    assert PASSWORD not in html
    assert re.findall(r"Password \(([^)]+)\)</label>", html) == ["set", "set"]
    assert "imap.from-env.example" in html and 'name="imap_host"' not in html  # env: shown only
    form = {
        "csrf_token": csrf(env_client, "/settings"),
        "smtp_host": "smtp.example.org",
        "smtp_password": "typed-in-the-page",
        "imap_host": "imap.other.example",
    }
    response = env_client.post("/settings/mail", data=form)
    assert response.status_code == 200
    assert PASSWORD not in response.text and "typed-in-the-page" not in response.text
    written = config_file(app).read_text("utf-8")
    assert tomllib.loads(written) == {"smtp_host": "smtp.example.org"}
    assert wired(env_client).settings["imap_host"] == "imap.from-env.example"


def test_without_passwords_the_page_says_not_set(client: TestClient) -> None:
    html = client.get("/settings").text
    assert re.findall(r"Password \(([^)]+)\)</label>", html) == ["not set", "not set"]


def test_a_new_user_makes_a_profile_here(tmp_path: Path) -> None:
    app = bootstrap.build(settings.load(environ(tmp_path)))  # no demo: nothing stored yet
    with TestClient(create_app(app), base_url=BASE) as client:
        page = client.get("/settings")
        assert page.status_code == 200 and "There is no link yet." in page.text
        form = {"csrf_token": csrf(client, "/settings"), "name": "", "timezone": "UTC"}
        assert client.post("/settings/profile", data=form).status_code == 422
        assert services.people.profile(app.store) is None
        form = {**form, "name": "Kim Lee", "timezone": "Asia/Seoul", "country": "KR"}
        assert client.post("/settings/profile", data=form).status_code == 200
    me = services.people.profile(app.store)
    assert me is not None and (me.name, me.timezone, str(me.region)) == (
        "Kim Lee",
        "Asia/Seoul",
        "KR",
    )
