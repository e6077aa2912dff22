"""POST-redirect-GET (issue #16): every page form's successful POST answers 303 See Other with
the address of a page that GETs 200, so reloading or going back never asks for a form's
address ("405 Method Not Allowed"); that page says what the form did (`?did=`, a toast).

The POST routes are read from the router: a new page form fails here until it has an example
below (or a reason, in NOT_A_PAGE_FORM, why it answers otherwise)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from followup import bootstrap, services
from followup.domain.accounts import Account, Role, Scope, token_hash
from followup.services import accounts, undo
from followup.web.render import back
from tests.mailservers import SmtpServer
from tests.server import account, client_of, server_app, session
from tests.web.conftest import csrf, routes
from tests.web.forms import INTERVIEW, NEXT_ROUND, filled

THANKS = 3  # the demo's thank-you email to Priya Shah (Acme Analytics), open today
ACME = 1  # the demo's first application: its interview is over
PRIYA = 1  # Priya Shah, Acme's interviewer


def _text(client: TestClient, step_id: int) -> str:
    """The draft's text as the editor shows it."""
    return filled(client.get(f"/steps/{step_id}/draft").text)["text"]


def _open_email_step(app: bootstrap.App) -> int:
    agenda = services.agenda.agenda(app.store, app.playbook, app.now(), timedelta(days=7))
    step = next(s for s in [*agenda.overdue, *agenda.due] if s.id and s.channel.value == "email")
    assert step.id is not None
    return step.id


def _replied(client: TestClient) -> int:
    """Acme, its nudges paused by a reply (logged through its form)."""
    reply = {"channel": "email", "direction": "in", "csrf_token": csrf(client)}
    client.post(f"/applications/{ACME}/touches", data=reply)
    return ACME


def _promised_step(app: bootstrap.App) -> int:
    """The demo's send-promised step (its promise already kept with a link)."""
    with app.store.transaction() as tx:
        apps = [tx.get_application(a.id) for a in tx.list_applications()]
    steps = [s for a in apps for s in a.steps]
    return next(s.id for s in steps if s.kind == "send-promised" and s.id is not None)


def _undo_token(client: TestClient, app: bootstrap.App) -> str:
    """An action just done (a step skipped through its form), to undo."""
    step_id = _open_email_step(app)
    client.post(f"/steps/{step_id}/skip", data={"next": "/", "csrf_token": csrf(client)})
    offered = undo.offer(app.store, app.now())
    assert offered is not None
    return offered.token


def _new_application(client: TestClient) -> int:
    made = client.post("/interviews", data={**INTERVIEW, "csrf_token": csrf(client)})
    return int(made.url.path.rsplit("/", 1)[1])


Example = Callable[[TestClient, bootstrap.App], tuple[str, dict[str, str]]]

# Each page form: the address and the fields of a POST that succeeds on the demo data.
EXAMPLES: dict[str, Example] = {
    "/interviews": lambda c, a: ("/interviews", INTERVIEW),
    "/applications/{application_id}/rounds": lambda c, a: (
        f"/applications/{_new_application(c)}/rounds",
        NEXT_ROUND,
    ),
    "/applications/{application_id}/debrief": lambda c, a: (
        f"/applications/{ACME}/debrief",
        {"topics": "dbt migration"},
    ),
    "/applications/{application_id}/decide": lambda c, a: (
        f"/applications/{ACME}/decide",
        {"kind": "rejected"},
    ),
    "/applications/{application_id}/resume": lambda c, a: (
        f"/applications/{_replied(c)}/resume",
        {},
    ),
    "/applications/{application_id}/touches": lambda c, a: (
        f"/applications/{ACME}/touches",
        {"channel": "email", "direction": "in", "note": "they wrote back"},
    ),
    "/applications/{application_id}/stage": lambda c, a: (
        f"/applications/{ACME}/stage",
        {"stage": "offer"},
    ),
    "/contacts/{contact_id}": lambda c, a: (
        f"/contacts/{PRIYA}",
        filled(c.get(f"/contacts/{PRIYA}").text),
    ),
    "/steps/{step_id}/draft": lambda c, a: (f"/steps/{THANKS}/draft", {"text": _text(c, THANKS)}),
    "/steps/{step_id}/approve": lambda c, a: (
        f"/steps/{THANKS}/approve",
        {"text": _text(c, THANKS)},
    ),
    "/steps/{step_id}/done": lambda c, a: (
        f"/steps/{_open_email_step(a)}/done",
        {"outcome": "sent", "next": "/"},
    ),
    "/steps/{step_id}/skip": lambda c, a: (f"/steps/{_open_email_step(a)}/skip", {"next": "/"}),
    "/steps/{step_id}/snooze": lambda c, a: (
        f"/steps/{_open_email_step(a)}/snooze",
        {"until": "2027-01-15", "next": "/"},
    ),
    "/steps/{step_id}/promised": lambda c, a: (
        f"/steps/{_promised_step(a)}/promised",
        {"link": "https://example.org/notebook"},
    ),
    "/steps/{step_id}/promised/remove": lambda c, a: (
        f"/steps/{_promised_step(a)}/promised/remove",
        {},
    ),
    "/undo/{token}": lambda c, a: (f"/undo/{_undo_token(c, a)}", {"next": "/"}),
    "/applications/{application_id}/delete": lambda c, a: (
        f"/applications/{_new_application(c)}/delete",
        {},
    ),
    "/contacts/{contact_id}/delete": lambda c, a: (f"/contacts/{PRIYA}/delete", {}),
    "/settings/profile": lambda c, a: (
        "/settings/profile",
        {"name": "Alex Morgan", "timezone": "Europe/London", "tone": "formal"},
    ),
    "/settings/playbook": lambda c, a: ("/settings/playbook", {}),
    "/settings/mail": lambda c, a: ("/settings/mail", {}),
    "/settings/feed": lambda c, a: ("/settings/feed", {"action": "new"}),
}
# Server mode's page forms (services/coaching.py): each a (who posts, path, fields) on a server
# app where `seeker` shares with `coach` (SERVER_EXAMPLES' test below).
ServerExample = Callable[["Coaching"], tuple[str, str, dict[str, str]]]
SERVER_EXAMPLES: dict[str, ServerExample] = {
    "/caseload/requests": lambda c: ("coach", "/caseload/requests", {"email": c.other}),
    "/caseload/{seeker_id}/notes": lambda c: (
        "coach",
        f"/caseload/{c.seeker.id}/notes",
        {"body": "Good week", "shared": "true"},
    ),
    "/caseload/{seeker_id}/nudges": lambda c: (
        "coach",
        f"/caseload/{c.seeker.id}/nudges",
        {"body": "How did it go?"},
    ),
    "/caseload/{seeker_id}/end": lambda c: ("coach", f"/caseload/{c.seeker.id}/end", {}),
    "/coaches": lambda c: ("seeker", "/coaches", {"email": c.coach2}),
    "/coaches/{link_id}/accept": lambda c: ("seeker", f"/coaches/{c.asked()}/accept", {}),
    "/coaches/{link_id}/decline": lambda c: ("seeker", f"/coaches/{c.asked()}/decline", {}),
    "/coaches/{link_id}/revoke": lambda c: ("seeker", f"/coaches/{c.link}/revoke", {}),
    "/coaches/{link_id}/drafts": lambda c: (
        "seeker",
        f"/coaches/{c.link}/drafts",
        {"shared": "true"},
    ),
    "/nudges/{nudge_id}/read": lambda c: ("seeker", f"/nudges/{c.nudged()}/read", {}),
    "/nudges/{nudge_id}/answered": lambda c: ("seeker", f"/nudges/{c.nudged()}/answered", {}),
}
NOT_A_PAGE_FORM = {
    "/steps/{step_id}/draft/check": "the editor's live check: a part of the page, for HTMX",
    "/contacts/{contact_id}/card": "reads a card into the form shown again; saves nothing",
    "/import": "an upload into an empty account (the demo's has data): its 303 to Today and "
    "the page after are tested in tests/integration/test_server_import.py",
}


def _posts(client: TestClient) -> list[str]:
    """Every POST route of the web app that is not the JSON API (no router has a prefix)."""
    web: FastAPI = client.app  # type: ignore[assignment]
    return sorted(
        r.path
        for r in routes(web.routes)
        if "POST" in (r.methods or ()) and not r.path.startswith("/api")
    )


def test_every_post_route_has_an_example_or_a_reason(client: TestClient) -> None:
    posts = _posts(client)
    examples = set(EXAMPLES) | set(SERVER_EXAMPLES) | set(NOT_A_PAGE_FORM)
    missing = [p for p in posts if p not in examples]
    assert not missing, f"add a successful POST for each to EXAMPLES in {__file__}: {missing}"
    assert examples <= set(posts)  # no example for a route gone


@pytest.mark.parametrize("route", sorted(EXAMPLES))
def test_a_page_form_redirects_to_a_page(
    client: TestClient, app: bootstrap.App, route: str
) -> None:
    path, fields = EXAMPLES[route](client, app)
    response = client.post(
        path, data={**fields, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303, f"{path}: {response.status_code} {response.text[:500]}"
    location = response.headers["location"]
    assert location.startswith("/") and not location.startswith("//")
    landing = client.get(location)
    assert landing.status_code == 200, f"{path} -> {location}: {landing.status_code}"
    assert "<html" in landing.text  # a whole page, not a part of one
    # Reloading the page after the form asks for it again, not for the form's address.
    assert client.get(location).status_code == 200


@pytest.mark.parametrize(
    ("route", "said"),
    [
        ("/steps/{step_id}/done", "Marked done."),
        ("/steps/{step_id}/skip", "Skipped."),
        ("/applications/{application_id}/decide", "Decision recorded."),
        ("/steps/{step_id}/draft", "Your edit is kept."),
    ],
)
def test_the_page_after_the_form_says_what_it_did(
    client: TestClient, app: bootstrap.App, route: str, said: str
) -> None:
    path, fields = EXAMPLES[route](client, app)
    page = client.post(path, data={**fields, "csrf_token": csrf(client)})
    assert page.status_code == 200
    assert f'<p class="toast" role="status">{said}</p>' in page.text
    again = client.get(page.url.path)  # without ?did=: said once, not on every visit
    assert 'class="toast"' not in again.text


def test_the_toast_says_only_what_the_app_wrote(client: TestClient) -> None:
    page = client.get("/", params={"did": "<b>You won a prize</b>"}).text
    assert 'class="toast"' not in page and "prize" not in page


def test_a_form_shown_again_keeps_its_page_address_in_the_history(client: TestClient) -> None:
    """A refusal answers with the form again (422, nothing saved); HTMX is asked not to put the
    POST's address in the history, so a reload asks for the page the form was on."""
    form = {"name": "", "timezone": "Nowhere/Atlantis", "csrf_token": csrf(client)}
    refused = client.post("/settings/profile", data=form, headers={"HX-Request": "true"})
    assert refused.status_code == 422
    assert refused.headers["hx-push-url"] == "false"
    assert "hx-push-url" not in client.get("/settings").headers


def test_approving_without_smtp_leads_to_a_page_that_reloads(client: TestClient) -> None:
    response = client.post(
        f"/steps/{THANKS}/approve",
        data={"text": _text(client, THANKS), "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/steps/{THANKS}/send-yourself"
    for _ in range(2):  # shown, then reloaded: the same page, nothing recorded
        page = client.get(f"/steps/{THANKS}/send-yourself")
        assert page.status_code == 200 and "<h1>Send it yourself</h1>" in page.text
        whom = re.search(
            r'<dl class="addressees" aria-label="Who it goes to">(.*?)</dl>', page.text, re.S
        )
        assert whom and "Priya Shah &lt;priya.shah@acme.example&gt;" in whom[1]  # To, as sent
        eml = re.search(r'<a href="([^"]+\.eml)"([^>]*)>', page.text)
        assert eml and eml[1] == f"/steps/{THANKS}/message.eml"
        assert "download" in eml[2] and 'hx-boost="false"' in eml[2]  # a file, not a page


def test_a_new_feed_link_is_shown_once_after_the_redirect(client: TestClient) -> None:
    token = csrf(client, "/settings")
    made = client.post(
        "/settings/feed", data={"action": "new", "csrf_token": token}, follow_redirects=False
    )
    assert made.status_code == 303 and made.headers["cache-control"] == "private, no-store"
    shown = client.get(made.headers["location"])
    found = re.search(r'id="feed-url" type="text" readonly size="80" value="([^"]+)"', shown.text)
    assert found and "/calendar/" in found[1]
    assert client.get(found[1]).status_code == 200  # the link works
    reloaded = client.get(made.headers["location"]).text
    assert found[1] not in reloaded and 'id="feed-url"' not in reloaded  # once only


@pytest.mark.parametrize(
    ("target", "did", "location"),
    [
        ("/", "done", "/?did=done"),
        ("/?all=1", "done", "/?all=1&did=done"),
        ("/?did=skipped", "done", "/?did=done"),  # one did, the latest
        ("/settings#feed", "", "/settings#feed"),
        ("//evil.example/", "done", "/?did=done"),
        ("https://evil.example/", "done", "/?did=done"),
        ("/\t/evil.example/", "done", "/?did=done"),  # a browser drops the tab: "//evil..."
        ("/\\evil.example/", "done", "/?did=done"),
    ],
)
def test_back_stays_on_this_site_and_names_what_was_done(
    target: str, did: str, location: str
) -> None:
    answer = back(target, did=did)
    assert (answer.status_code, answer.headers["location"]) == (303, location)


class Coaching:
    """A server app where `seeker` shares with `coach`; `coach2` and `other` to ask."""

    def __init__(self, home: Path) -> None:
        from followup.domain.accounts import Role
        from followup.services import coaching
        from tests.server import account, server_app

        self.app = server_app(home)
        self.seeker = account(self.app, "seeker@example.org")
        self.coach = account(self.app, "coach@example.org", Role.COACH)
        self.coach2, self.other = "coach2@example.org", "other@example.org"
        account(self.app, self.coach2, Role.COACH)
        account(self.app, self.other)
        self.link = coaching.share(self.app, self.seeker, self.coach.email).id

    def asked(self) -> int | None:
        from followup.services import coaching

        with self.app.accounts.reading() as rows:
            coach2 = rows.by_email(self.coach2)
        assert coach2 is not None
        return coaching.ask(self.app, coach2[0], self.seeker.email).id

    def nudged(self) -> int | None:
        from followup.services import coaching

        return coaching.nudge(self.app, self.coach, self.seeker.id, "Hello").nudge.id


@pytest.mark.parametrize("route", sorted(SERVER_EXAMPLES))
def test_a_server_page_form_redirects_to_a_page(tmp_path: Path, route: str) -> None:
    from tests.server import client_of

    made = Coaching(tmp_path)
    who, path, fields = SERVER_EXAMPLES[route](made)
    with client_of(made.app, made.coach if who == "coach" else made.seeker) as client:
        page = "/caseload" if who == "coach" else "/coaches"
        response = client.post(
            path, data={**fields, "csrf_token": csrf(client, page)}, follow_redirects=False
        )
        assert response.status_code == 303, f"{path}: {response.status_code} {response.text}"
        location = response.headers["location"]
        assert location.startswith("/") and not location.startswith("//")
        landing = client.get(location)
        assert landing.status_code == 200, f"{path} -> {location}: {landing.status_code}"
        assert "<html" in landing.text and 'class="toast"' in landing.text


# -- server mode's own page forms (accounts): only a server-mode app has these routes ---------

PASSWORD = "correct horse battery staple"
ADMIN = "admin@example.org"


def _admin(a: bootstrap.App) -> Account:
    return next(m.account for m in accounts.members(a, None) if m.account.email == ADMIN)


def _reset_path(a: bootstrap.App) -> str:
    with a.accounts.transaction() as rows:
        return accounts.reset_link(rows, _admin(a), "", a.now())


def _invitation_path(a: bootstrap.App) -> str:
    token = accounts.new_token()
    with a.accounts.transaction() as rows:
        rows.add_invitation(
            token_hash(token), "cal@example.org", Role.SEEKER, None, None, a.now(),
            timedelta(days=7),
        )  # fmt: skip
    return f"/invitation/{token}"


def _other_session(a: bootstrap.App) -> int:
    who = _admin(a)
    session(a, who)
    with a.accounts.reading() as rows:
        return max(s.id for s in rows.sessions(who.id, a.now()))


def _token_id(a: bootstrap.App) -> int:
    who = _admin(a)
    accounts.create_token(a, who, "a script", Scope.READ, a.now())
    return accounts.tokens(a, who)[0].id


ACCOUNT_EXAMPLES: dict[str, Example] = {
    "/sign-in": lambda c, a: ("/sign-in", {"email": ADMIN, "password": PASSWORD, "next": "/"}),
    "/sign-out": lambda c, a: ("/sign-out", {}),
    "/sign-up": lambda c, a: ("/sign-up", {"email": "dee@example.org"}),
    "/reset": lambda c, a: ("/reset", {"email": ADMIN}),
    "/reset/{token}": lambda c, a: (_reset_path(a), {"password": "a new passphrase"}),
    "/invitation/{token}": lambda c, a: (_invitation_path(a), {"password": PASSWORD}),
    "/account/password": lambda c, a: (
        "/account/password",
        {"current": PASSWORD, "password": "a new passphrase"},
    ),
    "/account/sessions/{session_id}/end": lambda c, a: (
        f"/account/sessions/{_other_session(a)}/end",
        {},
    ),
    "/account/tokens": lambda c, a: ("/account/tokens", {"name": "a script", "scope": "read"}),
    "/account/tokens/{token_id}/revoke": lambda c, a: (
        f"/account/tokens/{_token_id(a)}/revoke",
        {},
    ),
    "/people/invite": lambda c, a: ("/people/invite", {"email": "eve@example.org"}),
    "/people/{account_id}/disable": lambda c, a: (
        f"/people/{account(a, 'fay@example.org').id}/disable",
        {},
    ),
}


@pytest.fixture
def server(tmp_path: Path, smtp_server: SmtpServer) -> bootstrap.App:
    """A server-mode App (open sign-up, a mail server) with an admin whose password is set."""
    env = {**smtp_server.env(), "FOLLOWUP_MAIL_FROM": "followup@careers.example.org"}
    made = server_app(tmp_path, FOLLOWUP_SIGNUP_OPEN="1", **env)
    accounts.add(made, ADMIN, Role.ADMIN, None, PASSWORD, "", made.now())
    return made


def test_every_account_post_route_has_an_example(client: TestClient, server: bootstrap.App) -> None:
    local = set(_posts(client))
    with client_of(server, None) as signed_out:
        only_server = set(_posts(signed_out)) - local
    assert only_server == set(ACCOUNT_EXAMPLES), f"add an example to ACCOUNT_EXAMPLES in {__file__}"


@pytest.mark.parametrize("route", sorted(ACCOUNT_EXAMPLES))
def test_an_account_page_form_redirects_to_a_page(server: bootstrap.App, route: str) -> None:
    with client_of(server, _admin(server)) as signed:
        path, fields = ACCOUNT_EXAMPLES[route](signed, server)
        token = csrf(signed, "/account")
        response = signed.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)
        assert response.status_code == 303, f"{path}: {response.status_code} {response.text[:500]}"
        location = response.headers["location"]
        assert location.startswith("/") and not location.startswith("//")
        landing = signed.get(location)
        assert landing.status_code == 200, f"{path} -> {location}: {landing.status_code}"
        assert "<html" in landing.text
        assert signed.get(location).status_code == 200
