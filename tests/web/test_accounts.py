"""Server mode's accounts through the web app (SQLite here; tests/integration/
test_accounts_postgres.py runs sign-in, the throttle and the reset on PostgreSQL): sign-in and
its cookie, the throttle, rotation, sign-out, sessions, password change, reset links,
invitations, sign-up, API tokens, and input meant to break them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from followup.bootstrap import App
from followup.domain.accounts import REFUSED, SESSION_COOKIE, Role
from followup.services import accounts
from followup.web.app import create_app
from tests.mailservers import SmtpServer
from tests.server import account, client_of, server_app
from tests.web.conftest import BASE, NOW, csrf

PASSWORD = "correct horse battery staple"
MAIL_FROM = "Careers Service <followup@careers.example.org>"


def later(minutes: float) -> str:
    return (datetime.fromisoformat(NOW) + timedelta(minutes=minutes)).isoformat()


@pytest.fixture
def app(tmp_path: Path) -> App:
    return server_app(tmp_path)


def with_password(app: App, email: str, role: Role = Role.SEEKER, seeded: bool = False) -> None:
    made = account(app, email, role, seeded)
    from followup.adapters.password_hashes import hash_password

    with app.accounts.transaction() as rows:
        rows.set_password(made.id, hash_password(PASSWORD))


def sign_in(client: TestClient, email: str, password: str = PASSWORD, next_: str = "/"):  # type: ignore[no-untyped-def]
    form = {"email": email, "password": password, "next": next_}
    token = csrf(client, "/sign-in")
    return client.post("/sign-in", data={**form, "csrf_token": token}, follow_redirects=False)


def cookie_of(response) -> SimpleCookie:  # type: ignore[no-untyped-def]
    cookies = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        cookies.load(header)
    return cookies


def test_signing_in_sets_a_session_cookie_and_goes_on(app: App) -> None:
    with_password(app, "ann@example.org", seeded=True)
    with client_of(app, None) as client:
        answer = sign_in(client, " ANN@example.org ", next_="/pipeline")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/pipeline"
        raw = next(h for h in answer.headers.get_list("set-cookie") if SESSION_COOKIE in h)
        assert "HttpOnly" in raw and "SameSite=lax" in raw and "Path=/" in raw
        assert "Secure" not in raw  # plain http on loopback
        assert cookie_of(answer)[SESSION_COOKIE]["max-age"] == str(14 * 86400)
        assert client.get("/api/applications").status_code == 200
        page = client.get("/").text
        assert "ann@example.org" in page and 'action="/sign-out"' in page


def test_the_cookie_is_secure_over_https_or_an_https_public_url(tmp_path: Path) -> None:
    app = server_app(tmp_path)
    with_password(app, "ann@example.org")
    with TestClient(create_app(app), base_url="https://127.0.0.1:8765") as client:
        raw = sign_in(client, "ann@example.org").headers["set-cookie"]
        assert "Secure" in raw
    public = server_app(tmp_path, FOLLOWUP_PUBLIC_URL="https://followup.example.org")
    with TestClient(create_app(public), base_url=BASE) as client:
        answer = sign_in(client, "ann@example.org")
        assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]


def test_a_wrong_password_and_an_unknown_email_are_refused_alike(app: App) -> None:
    with_password(app, "ann@example.org")
    with client_of(app, None) as client:
        wrong = sign_in(client, "ann@example.org", "not the password at all")
        unknown = sign_in(client, "nobody@example.org", PASSWORD)
        malformed = sign_in(client, "not an email", PASSWORD)
        for refused in (wrong, unknown, malformed):
            assert refused.status_code == 401
            assert REFUSED in refused.text
            assert SESSION_COOKIE not in refused.headers.get("set-cookie", "")
        assert client.get("/api/applications").status_code == 401


def test_the_sixth_failure_is_throttled_before_the_password_is_checked(
    tmp_path: Path, app: App
) -> None:
    with_password(app, "ann@example.org")
    with client_of(app, None) as client:
        for _ in range(5):
            assert sign_in(client, "ann@example.org", "wrong wrong wrong").status_code == 401
        throttled = sign_in(client, "Ann@Example.org", PASSWORD)  # the right one, too late
        assert throttled.status_code == 429
        assert throttled.headers["retry-after"] == "900"
        assert "too many failed sign-ins: try again in 15 minutes" in throttled.text
    # The window moves on: the oldest failure leaves it after 15 minutes.
    with client_of(server_app(tmp_path, FOLLOWUP_NOW=later(14)), None) as client:
        assert sign_in(client, "ann@example.org").headers["retry-after"] == "60"
    with client_of(server_app(tmp_path, FOLLOWUP_NOW=later(15)), None) as client:
        assert sign_in(client, "ann@example.org").status_code == 303


def test_an_address_is_throttled_whichever_accounts_it_tries(app: App) -> None:
    with_password(app, "ann@example.org")
    with client_of(app, None) as client:
        for n in range(20):
            assert sign_in(client, f"guess{n}@example.org", "wrong wrong").status_code == 401
        throttled = sign_in(client, "ann@example.org", PASSWORD)
        assert throttled.status_code == 429
        assert "try again in 15 minutes" in throttled.text


def test_a_new_sign_in_ends_the_session_of_the_cookie_it_replaces(app: App) -> None:
    with_password(app, "ann@example.org")
    with client_of(app, None) as client:
        first = cookie_of(sign_in(client, "ann@example.org"))[SESSION_COOKIE].value
        second = cookie_of(sign_in(client, "ann@example.org"))[SESSION_COOKIE].value
        assert first != second
        assert client.get("/api/applications").status_code == 200
        client.cookies.set(SESSION_COOKIE, first)
        assert client.get("/api/applications").status_code == 401


def test_signing_out_ends_the_session(app: App) -> None:
    with_password(app, "ann@example.org")
    with client_of(app, None) as client:
        token = cookie_of(sign_in(client, "ann@example.org"))[SESSION_COOKIE].value
        out = client.post("/sign-out", data={"csrf_token": csrf(client, "/account")})
        assert out.url.path == "/sign-in" and "Signed out." in out.text
        assert client.cookies.get(SESSION_COOKIE) is None
        client.cookies.set(SESSION_COOKIE, token)
        assert client.get("/api/applications").status_code == 401


def test_the_sessions_page_signs_out_another_session(app: App) -> None:
    with_password(app, "ann@example.org")
    with client_of(app, None) as phone, client_of(app, None) as laptop:
        sign_in(phone, "ann@example.org")
        sign_in(laptop, "ann@example.org")
        page = laptop.get("/account").text
        assert page.count('<p class="when">Signed in') == 2 and "this browser" in page
        [other] = re.findall(r'action="/account/sessions/(\d+)/end"', page)
        ended = laptop.post(
            f"/account/sessions/{other}/end", data={"csrf_token": csrf(laptop, "/account")}
        )
        assert "That session is signed out." in ended.text
        assert phone.get("/api/applications").status_code == 401
        assert laptop.get("/api/applications").status_code == 200
        again = laptop.post(
            f"/account/sessions/{other}/end", data={"csrf_token": csrf(laptop, "/account")}
        )
        assert again.status_code == 404


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(app: App) -> None:
    with_password(app, "ann@example.org")
    new = "a brand new passphrase"
    with client_of(app, None) as phone, client_of(app, None) as laptop:
        sign_in(phone, "ann@example.org")
        sign_in(laptop, "ann@example.org")
        form = {"current": "not it at all", "password": new}
        refused = laptop.post(
            "/account/password", data={**form, "csrf_token": csrf(laptop, "/account")}
        )
        assert refused.status_code == 422 and "current password is not right" in refused.text
        short = {"current": PASSWORD, "password": "short"}
        refused = laptop.post(
            "/account/password", data={**short, "csrf_token": csrf(laptop, "/account")}
        )
        assert refused.status_code == 422 and "at least 10 characters" in refused.text
        assert phone.get("/api/applications").status_code == 200  # nothing changed yet
        form = {"current": PASSWORD, "password": new}
        changed = laptop.post(
            "/account/password", data={**form, "csrf_token": csrf(laptop, "/account")}
        )
        assert "Your password is changed" in changed.text
        assert laptop.get("/api/applications").status_code == 200
        assert phone.get("/api/applications").status_code == 401
    with client_of(app, None) as client:
        assert sign_in(client, "ann@example.org", PASSWORD).status_code == 401
        assert sign_in(client, "ann@example.org", new).status_code == 303


def _link(received: SmtpServer, index: int, path: str) -> str:
    message = received.messages[index].checked()
    found = re.search(rf"http://\S+(/{path}/[A-Za-z0-9_-]+)", message.get_content())
    assert found, message.get_content()
    return found[1]


@pytest.fixture
def mailing(tmp_path: Path, smtp_server_strict: SmtpServer) -> App:
    return server_app(tmp_path, **smtp_server_strict.env(), FOLLOWUP_MAIL_FROM=MAIL_FROM)


def test_a_reset_link_is_mailed_works_once_and_ends_every_session(
    mailing: App, smtp_server_strict: SmtpServer
) -> None:
    with_password(mailing, "ann@example.org")
    new = "a fresh passphrase here"
    with client_of(mailing, None) as elsewhere, client_of(mailing, None) as client:
        sign_in(elsewhere, "ann@example.org")
        asked = client.post(
            "/reset", data={"email": "ann@example.org", "csrf_token": csrf(client, "/reset")}
        )
        assert "If that email has an account" in asked.text
        [got] = smtp_server_strict.messages
        assert got.rcpt_tos == ["ann@example.org"]
        assert got.checked()["Subject"] == "Set a new password for followup"
        link = _link(smtp_server_strict, 0, "reset")
        form = client.get(link)
        assert form.status_code == 200 and form.headers["referrer-policy"] == "same-origin"
        short = client.post(link, data={"password": "short", "csrf_token": csrf(client, link)})
        assert short.status_code == 422  # the link still works
        done = client.post(link, data={"password": new, "csrf_token": csrf(client, link)})
        assert done.url.path == "/sign-in" and "Your new password is set" in done.text
        assert client.get(link).status_code == 410
        again = client.post(link, data={"password": new, "csrf_token": csrf(client, "/reset")})
        assert again.status_code == 410 and "used already" in again.text
        assert elsewhere.get("/api/applications").status_code == 401
        assert sign_in(client, "ann@example.org", new).status_code == 303


def test_a_reset_link_expires_after_an_hour(
    tmp_path: Path, mailing: App, smtp_server_strict: SmtpServer
) -> None:
    with_password(mailing, "ann@example.org")
    with client_of(mailing, None) as client:
        client.post(
            "/reset", data={"email": "ann@example.org", "csrf_token": csrf(client, "/reset")}
        )
    link = _link(smtp_server_strict, 0, "reset")
    env = {**smtp_server_strict.env(), "FOLLOWUP_MAIL_FROM": MAIL_FROM}
    with client_of(server_app(tmp_path, FOLLOWUP_NOW=later(61), **env), None) as client:
        assert client.get(link).status_code == 410
        token = csrf(client, "/reset")
        expired = client.post(link, data={"password": "a fresh passphrase", "csrf_token": token})
        assert expired.status_code == 410 and "expired" in expired.text
    with client_of(mailing, None) as client:
        assert sign_in(client, "ann@example.org").status_code == 303  # unchanged


def test_a_reset_for_an_unknown_email_answers_the_same_and_sends_nothing(
    mailing: App, smtp_server_strict: SmtpServer
) -> None:
    with client_of(mailing, None) as client:
        for email in ("nobody@example.org", "not an email", "x" * 5000):
            asked = client.post(
                "/reset", data={"email": email, "csrf_token": csrf(client, "/reset")}
            )
            assert asked.status_code == 200 and "If that email has an account" in asked.text
    assert smtp_server_strict.messages == [] and smtp_server_strict.mail_froms == []


def test_reset_and_sign_up_mail_only_after_the_answer(
    tmp_path: Path, smtp_server_strict: SmtpServer
) -> None:
    """How long the answer takes must not say whether an account exists: the mail goes after
    it (the web's background tasks), for an account and for no one alike."""
    env = {**smtp_server_strict.env(), "FOLLOWUP_MAIL_FROM": MAIL_FROM}
    app = server_app(tmp_path, FOLLOWUP_SIGNUP_OPEN="1", **env)
    with_password(app, "ann@example.org")
    jobs: list[Callable[[], None]] = []
    accounts.request_reset(app, "ann@example.org", BASE, app.now(), None, jobs.append)
    accounts.request_reset(app, "nobody@example.org", BASE, app.now(), None, jobs.append)
    accounts.sign_up(app, "ann@example.org", BASE, app.now(), None, jobs.append)  # has one
    accounts.sign_up(app, "dee@example.org", BASE, app.now(), None, jobs.append)
    assert smtp_server_strict.mail_froms == []  # nothing sent while answering
    assert len(jobs) == 2
    for job in jobs:
        job()
    sent = sorted((m.rcpt_tos[0], m.checked()["Subject"]) for m in smtp_server_strict.messages)
    assert sent == [
        ("ann@example.org", "Set a new password for followup"),
        ("dee@example.org", "Your invitation to followup"),
    ]


def test_requests_for_mail_are_throttled_by_address(
    mailing: App, smtp_server_strict: SmtpServer
) -> None:
    with_password(mailing, "ann@example.org")
    with client_of(mailing, None) as client:
        for n in range(20):
            form = {"email": f"guess{n}@example.org", "csrf_token": csrf(client, "/reset")}
            assert client.post("/reset", data=form).status_code == 200
        form = {"email": "ann@example.org", "csrf_token": csrf(client, "/reset")}
        throttled = client.post("/reset", data=form)
        assert throttled.status_code == 429 and throttled.headers["retry-after"] == "900"
        assert "too many requests from your address: try again in 15 minutes" in throttled.text
    assert smtp_server_strict.messages == []


def _invite(client: TestClient, email: str, role: str = "seeker", cohort: str = ""):  # type: ignore[no-untyped-def]
    form = {"email": email, "role": role, "cohort": cohort}
    return client.post("/people/invite", data={**form, "csrf_token": csrf(client, "/people")})


def test_an_admin_invites_and_the_invitation_works_once(
    tmp_path: Path, mailing: App, smtp_server_strict: SmtpServer
) -> None:
    admin = account(mailing, "admin@example.org", Role.ADMIN)
    with client_of(mailing, admin) as client:
        sent = _invite(client, "Bea@example.org", "coach", "Spring 2027")
        assert sent.url.path == "/people" and "Invitation sent." in sent.text
        assert "Bea@example.org" in sent.text and "Spring 2027" in sent.text
        assert _invite(client, "admin@example.org").status_code == 409
    message = smtp_server_strict.messages[0].checked()
    assert message["Subject"] == "Your invitation to followup"
    assert "as a coach" in message.get_content()
    link = _link(smtp_server_strict, 0, "invitation")
    with client_of(mailing, None) as client:
        shown = client.get(link)
        assert shown.status_code == 200 and "Bea@example.org" in shown.text
        accepted = client.post(
            link, data={"password": PASSWORD, "csrf_token": csrf(client, link)},
            follow_redirects=False,
        )  # fmt: skip
        assert accepted.status_code == 303 and accepted.headers["location"] == "/?did=welcome"
        me = client.get("/account").text
        assert "Bea@example.org" in me and "coach" in me and "Spring 2027" in me
        again = client.post(link, data={"password": PASSWORD, "csrf_token": csrf(client, "/")})
        assert again.status_code == 410 and "accepted already" in again.text
    with client_of(mailing, None) as client:
        assert sign_in(client, "bea@example.org").status_code == 303


def test_an_invitation_expires_after_seven_days(
    tmp_path: Path, mailing: App, smtp_server_strict: SmtpServer
) -> None:
    admin = account(mailing, "admin@example.org", Role.ADMIN)
    with client_of(mailing, admin) as client:
        _invite(client, "bea@example.org")
    link = _link(smtp_server_strict, 0, "invitation")
    env = {**smtp_server_strict.env(), "FOLLOWUP_MAIL_FROM": MAIL_FROM}
    with client_of(server_app(tmp_path, FOLLOWUP_NOW=later(7 * 24 * 60 + 1), **env), None) as c:
        assert c.get(link).status_code == 410
        expired = c.post(link, data={"password": PASSWORD, "csrf_token": csrf(c, "/sign-in")})
        assert expired.status_code == 410 and "expired" in expired.text
    assert client_of(mailing, None).get("/invitation/" + "x" * 43).status_code == 404


def test_only_admins_see_people(app: App) -> None:
    for role in (Role.SEEKER, Role.COACH):
        who = account(app, f"{role}@example.org", role)
        with client_of(app, who) as client:
            assert client.get("/people").status_code == 404
            assert "/people" not in client.get("/account").text
            assert _invite(client, "eve@example.org").status_code == 404


def test_an_admin_disables_another_account_not_their_own(app: App) -> None:
    with_password(app, "admin@example.org", Role.ADMIN)
    with_password(app, "ann@example.org")
    with client_of(app, None) as admin, client_of(app, None) as ann:
        sign_in(admin, "admin@example.org")
        sign_in(ann, "ann@example.org")
        assert ann.get("/api/applications").status_code == 200
        people = admin.get("/people").text
        ids = dict(
            re.findall(
                r'action="/people/(\d+)/disable".*?aria-label="Disable ([^"]+)"', people, re.S
            )
        )
        assert list(ids.values()) == ["ann@example.org"]  # never oneself
        [ann_id] = ids
        token = csrf(admin, "/people")
        done = admin.post(f"/people/{ann_id}/disable", data={"csrf_token": token})
        assert done.status_code == 200 and "The account is disabled" in done.text
        assert ann.get("/api/applications").status_code == 401  # the session ended
        assert sign_in(ann, "ann@example.org").status_code != 303
    with_password(app, "coach@example.org", Role.COACH)
    with client_of(app, None) as coach:
        sign_in(coach, "coach@example.org")
        token = csrf(coach, "/account")
        assert (
            coach.post(f"/people/{ann_id}/disable", data={"csrf_token": token}).status_code == 404
        )
    admin_id = accounts.members(app, None)[0].account.id
    with client_of(app, None) as admin:
        sign_in(admin, "admin@example.org")
        token = csrf(admin, "/people")
        own = admin.post(f"/people/{admin_id}/disable", data={"csrf_token": token})
        assert own.status_code == 409 and "cannot disable your own account" in own.text


def test_an_invitation_with_a_header_in_its_email_sends_nothing(
    mailing: App, smtp_server_strict: SmtpServer
) -> None:
    admin = account(mailing, "admin@example.org", Role.ADMIN)
    with client_of(mailing, admin) as client:
        for hostile in ("bea@example.org\r\nBcc: eve@example.org", "bea@example.org\nX: y"):
            refused = _invite(client, hostile)
            assert refused.status_code == 422
            assert "Invitation sent" not in refused.text
        assert _invite(client, "bea@example.org", cohort="a\x07b").status_code == 422
        assert _invite(client, "bea@example.org", role="admin").status_code == 422
        assert "Invitations not yet accepted" not in client.get("/people").text
    assert smtp_server_strict.mail_froms == []


def test_sign_up_is_closed_unless_the_setting_opens_it(
    tmp_path: Path, app: App, smtp_server_strict: SmtpServer
) -> None:
    with client_of(app, None) as client:
        assert client.get("/sign-up").status_code == 404
        refused = client.post(
            "/sign-up", data={"email": "x@example.org", "csrf_token": csrf(client, "/sign-in")}
        )
        assert refused.status_code == 404
    env = {**smtp_server_strict.env(), "FOLLOWUP_MAIL_FROM": MAIL_FROM}
    opened = server_app(tmp_path, FOLLOWUP_SIGNUP_OPEN="1", **env)
    with_password(opened, "ann@example.org")
    with client_of(opened, None) as client:
        assert "/sign-up" in client.get("/sign-in").text
        for email in ("cal@example.org", "ANN@example.org"):
            asked = client.post(
                "/sign-up", data={"email": email, "csrf_token": csrf(client, "/sign-up")}
            )
            assert asked.status_code == 200 and "Check your mail" in asked.text
        assert [m.rcpt_tos for m in smtp_server_strict.messages] == [["cal@example.org"]]
        link = _link(smtp_server_strict, 0, "invitation")
        assert "a job seeker" in client.get(link).text
        client.post(link, data={"password": PASSWORD, "csrf_token": csrf(client, link)})
        assert client.get("/api/applications").json() == []


def _make_token(client: TestClient, scope: str) -> str:
    form = {"name": f"my {scope} script", "scope": scope, "csrf_token": csrf(client, "/account")}
    made = client.post("/account/tokens", data=form, follow_redirects=False)
    assert made.status_code == 303 and made.headers["cache-control"] == "private, no-store"
    shown = client.get(made.headers["location"])
    found = re.search(r'id="new-token" type="text" readonly size="48" value="([^"]+)"', shown.text)
    assert found, shown.text
    assert found[1] not in client.get("/account").text  # shown once only
    return found[1]


def _open_step(client: TestClient) -> int:
    apps = client.get("/api/applications").json()
    for summary in apps:
        detail = client.get(f"/api/applications/{summary['id']}").json()
        for step in detail["steps"]:
            if step["status"] == "planned":
                return int(step["id"])
    raise AssertionError("no open step")


def test_api_tokens_read_or_write_and_stop_when_revoked(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    with client_of(app, ann) as client:
        reader, writer = _make_token(client, "read"), _make_token(client, "write")
        step = _open_step(client)
        page = client.get("/account").text
        assert "my read script" in page and "my write script" in page
        assert reader not in page and writer not in page
    with TestClient(create_app(app), base_url=BASE) as bare:
        read = {"Authorization": f"Bearer {reader}"}
        write = {"Authorization": f"Bearer {writer}"}
        assert bare.get("/api/applications", headers=read).status_code == 200
        refused = bare.post(f"/api/steps/{step}/skip", headers=read)
        assert refused.status_code == 403
        assert refused.json() == {"error": "this token may only read"}
        skipped = bare.post(f"/api/steps/{step}/skip", headers=write)  # no CSRF: no cookie
        assert skipped.status_code == 200 and skipped.json()["status"] == "skipped"
        assert (
            bare.get("/api/applications", headers={"Authorization": "Bearer nope"}).status_code
            == 401
        )
        assert bare.get("/", headers=write, follow_redirects=False).status_code == 303  # API only
    with client_of(app, ann) as client:
        page = client.get("/account").text
        ids = re.findall(r'action="/account/tokens/(\d+)/revoke"', page)
        for token_id in ids:
            client.post(
                f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf(client, "/account")}
            )
        assert "No tokens yet." in client.get("/account").text
    with TestClient(create_app(app), base_url=BASE) as bare:
        gone = bare.get("/api/applications", headers={"Authorization": f"Bearer {writer}"})
        assert gone.status_code == 401


def test_a_cookie_signed_in_post_still_needs_its_csrf_token(app: App) -> None:
    ann = account(app, "ann@example.org", seeded=True)
    with client_of(app, ann) as client:
        writer = _make_token(client, "write")
        step = _open_step(client)
        assert client.post(f"/api/steps/{step}/skip").status_code == 403
        headers = {"Authorization": f"Bearer {writer}"}  # a cookie with it: CSRF still asked
        assert client.post(f"/api/steps/{step}/skip", headers=headers).status_code == 403
        assert client.post("/sign-out").status_code == 403


def test_a_bearer_header_skips_no_csrf_check_in_local_mode(tmp_path: Path) -> None:
    from followup import bootstrap
    from followup.config import settings
    from followup.services import demo
    from tests.web.conftest import environ

    local = bootstrap.build(settings.load(environ(tmp_path)))
    demo.seed(local.store, local.playbook, local.now())
    with TestClient(create_app(local), base_url=BASE) as bare:
        skipped = bare.post("/api/steps/1/skip", headers={"Authorization": "Bearer anything"})
        assert skipped.status_code == 403
        assert "CSRF" in skipped.json()["error"]


def test_hostile_sign_in_input_is_refused_plainly(app: App) -> None:
    with_password(app, "ann@example.org")
    with client_of(app, None) as client:
        for email, password in (
            ("a" * 400 + "@example.org", PASSWORD),
            ("ann@example.org", "p" * 5000),
            ("ann@example.org\r\nBcc: eve@example.org", PASSWORD),
            ("ann@example.org\x00", PASSWORD),
            ("ann@example.org", PASSWORD + "\x00"),
        ):
            refused = sign_in(client, email, password)
            assert refused.status_code in (401, 422), (email[:40], refused.status_code)
            assert SESSION_COOKIE not in refused.headers.get("set-cookie", "")
        huge = sign_in(client, "ann@example.org", "p" * 200_000)
        assert huge.status_code == 422
        assert (
            sign_in(client, "ann@example.org", next_="https://evil.example/").headers["location"]
            == "/"
        )


def test_the_service_records_nothing_of_a_refused_invitation(app: App) -> None:
    """Without a mail server the invitation is refused and nothing is kept."""
    admin = account(app, "admin@example.org", Role.ADMIN)
    with client_of(app, admin) as client:
        refused = _invite(client, "bea@example.org")
        assert refused.status_code == 502 and "cannot send mail" in refused.text
    with app.accounts.reading() as rows:
        assert rows.open_invitations(app.now()) == []
    assert accounts.members(app, None)[0].account.email == "admin@example.org"
