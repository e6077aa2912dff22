"""Isolation you can prove (issue #18): in server mode, signed in as one job seeker, every route
of the web app and of the API asked for another's application, step, contact, undo... by its
id answers 404 (not 403: nothing says it exists), the same answer as for an id of no one's, and
changes nothing of theirs; every route without an id answers with the caller's data only. The
same for a coach without consent, and for one whose coaching has ended.

The routes are read from the router: a new route fails here until it has an entry in ROUTES
(how to ask it: the form or JSON a request sends) or a reason in NOT_ASKED. Coaching routes
that take a job seeker's id (`{seeker_id}`) are one line each in ROUTES; VIEWERS says who asks.

Runs on SQLite and on PostgreSQL (FOLLOWUP_TEST_POSTGRES_URL; skipped without it), there as
a role that owns the tables and is no superuser, as deployed: row-level security on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from followup.adapters.sql.dialects import insert
from followup.adapters.sql.tables import metadata
from followup.bootstrap import App
from followup.domain.accounts import SESSION_COOKIE, Account, Role, Scope
from followup.services import accounts, calendar, coaching, undo
from followup.web.app import create_app
from tests.integration.conftest import postgres_owner
from tests.server import account, server_app, session
from tests.web.conftest import BASE, routes
from tests.web.forms import INTERVIEW, NEXT_ROUND

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

# Ann's own words, in no one else's data: none may appear in an answer to anyone else.
ANNS = ("Zanzibar Ann Only Ltd", "Zelda Annonly", "Ann Annonly", "ann@example.org")
CSRF = "isolation-test-csrf-token"  # the double-submit cookie and header every request sends
NOBODY = {"token": "n0b0dysUnd0T0kenAtA11x"}  # an id of no one's (numbers: NOBODY_ID)
NOBODY_ID = 987654321
DAYS = "?from=2026-01-01&to=2026-12-31&format=csv"


@dataclass(frozen=True)
class Ask:
    """How to ask a route: the form or JSON a request sends, the query; `id` names which of
    Ann's ids fills the path (default: the path parameter's own name); `path` is a route
    whose parameter is no one's id (a rule's name): asked as it is. `shows`: Ann's own answer
    shows her words (the check that the route answers with data at all)."""

    form: dict[str, str] | None = None
    json: dict[str, Any] | None = None
    query: str = ""
    id: str = ""
    path: str = ""
    shows: bool = False
    own: int = 0


SENT = {"outcome": "sent", "next": "/"}
# Every route but those in NOT_ASKED, by (method, path) as the router has them.
ROUTES: dict[tuple[str, str], Ask] = {
    # The JSON API
    ("GET", "/api/csrf"): Ask(),
    ("GET", "/api/applications"): Ask(shows=True),
    ("GET", "/api/applications/{application_id}"): Ask(),
    ("GET", "/api/today"): Ask(),
    ("GET", "/api/due"): Ask(query="?within=2w"),
    ("GET", "/api/insights"): Ask(),
    ("POST", "/api/steps/{step_id}/done"): Ask(json={"outcome": "sent"}),
    ("POST", "/api/steps/{step_id}/call-back"): Ask(json={"on": "2027-01-15", "at": "10:00"}),
    ("POST", "/api/steps/{step_id}/skip"): Ask(json={}),
    ("POST", "/api/steps/{step_id}/snooze"): Ask(json={"until": "2027-01-15"}),
    ("POST", "/api/applications/{application_id}/decide"): Ask(json={"kind": "rejected"}),
    ("POST", "/api/applications/{application_id}/touches"): Ask(
        json={"channel": "email", "direction": "in", "note": "Bob was here"}
    ),
    ("POST", "/api/applications/{application_id}/stage"): Ask(json={"stage": "offer"}),
    ("GET", "/api/docs"): Ask(),
    ("GET", "/openapi.json"): Ask(),
    # Pages
    ("GET", "/"): Ask(shows=True),
    ("GET", "/pipeline"): Ask(shows=True),
    ("GET", "/contacts"): Ask(shows=True),
    ("GET", "/insights"): Ask(),
    ("GET", "/insights/activity"): Ask(query=DAYS, shows=True),
    ("GET", "/rules"): Ask(),
    ("GET", "/rules/{kind}"): Ask(path="/rules/thank-you"),
    ("GET", "/settings"): Ask(shows=True),
    ("GET", "/interviews/new"): Ask(),
    ("POST", "/interviews"): Ask(form=INTERVIEW),
    ("GET", "/applications/{application_id}"): Ask(),
    ("GET", "/applications/{application_id}/rounds/new"): Ask(),
    ("POST", "/applications/{application_id}/rounds"): Ask(form=NEXT_ROUND),
    ("GET", "/applications/{application_id}/debrief"): Ask(),
    ("POST", "/applications/{application_id}/debrief"): Ask(form={"topics": "dbt migration"}),
    ("POST", "/applications/{application_id}/decide"): Ask(form={"kind": "rejected"}),
    ("POST", "/applications/{application_id}/resume"): Ask(form={}),
    ("POST", "/applications/{application_id}/touches"): Ask(
        form={"channel": "email", "direction": "in", "note": "Bob was here"}
    ),
    ("POST", "/applications/{application_id}/stage"): Ask(form={"stage": "offer"}),
    ("GET", "/applications/{application_id}/delete"): Ask(),
    ("POST", "/applications/{application_id}/delete"): Ask(form={}),
    ("GET", "/contacts/{contact_id}"): Ask(),
    ("POST", "/contacts/{contact_id}"): Ask(
        form={"name": "Bob Was Here", "relation": "interviewer", "timezone": "Europe/London"}
    ),
    ("POST", "/contacts/{contact_id}/card"): Ask(form={}, own=422),
    ("GET", "/contacts/{contact_id}/delete"): Ask(),
    ("POST", "/contacts/{contact_id}/delete"): Ask(form={}),
    ("GET", "/steps/{step_id}/draft"): Ask(),
    ("POST", "/steps/{step_id}/draft"): Ask(form={"text": "Bob was here"}),
    ("POST", "/steps/{step_id}/draft/check"): Ask(form={"text": "Bob was here"}),
    ("POST", "/steps/{step_id}/approve"): Ask(form={"text": "Bob was here"}),
    ("GET", "/steps/{step_id}/send-yourself"): Ask(),
    ("GET", "/steps/{step_id}/message.eml"): Ask(),
    ("GET", "/steps/{step_id}/letter.pdf"): Ask(own=422),
    ("POST", "/steps/{step_id}/done"): Ask(form=SENT),
    ("POST", "/steps/{step_id}/skip"): Ask(form={"next": "/"}),
    ("POST", "/steps/{step_id}/snooze"): Ask(form={"until": "2027-01-15", "next": "/"}),
    ("POST", "/steps/{step_id}/promised"): Ask(
        form={"link": "https://example.org/bob"}, id="promised_step"
    ),
    ("POST", "/steps/{step_id}/promised/remove"): Ask(form={}, id="promised_step"),
    ("POST", "/undo/{token}"): Ask(form={"next": "/"}),
    ("POST", "/settings/profile"): Ask(
        form={"name": "Bob Bobson", "timezone": "Europe/London", "tone": "formal"}
    ),
    ("POST", "/settings/playbook"): Ask(form={}),
    ("POST", "/settings/feed"): Ask(form={"action": "new"}),
    ("POST", "/settings/mail"): Ask(  # the caller's own mail account; the config files untouched
        form={"smtp_host": "smtp.bob.example", "smtp_user": "bob", "smtp_secret": "hunter22"}
    ),
    # Coaching: a coach's pages of a job seeker, the job seeker's answers
    ("GET", "/caseload"): Ask(),
    ("GET", "/caseload.csv"): Ask(),
    ("GET", "/api/caseload"): Ask(),
    ("GET", "/caseload/{seeker_id}"): Ask(),
    ("GET", "/api/caseload/{seeker_id}"): Ask(),
    ("POST", "/caseload/{seeker_id}/end"): Ask(form={}),
    ("POST", "/caseload/{seeker_id}/notes"): Ask(form={"body": "Bob was here", "shared": "1"}),
    ("POST", "/caseload/{seeker_id}/nudges"): Ask(form={"body": "Bob was here"}),
    ("GET", "/coaches"): Ask(),
    ("POST", "/coaches"): Ask(form={"email": "coach@example.org"}),
    ("POST", "/coaches/{link_id}/accept"): Ask(form={}),
    ("POST", "/coaches/{link_id}/decline"): Ask(form={}),
    ("POST", "/coaches/{link_id}/drafts"): Ask(form={"shared": "0"}),
    ("POST", "/coaches/{link_id}/revoke"): Ask(form={}),
    ("POST", "/nudges/{nudge_id}/read"): Ask(form={}),
    ("POST", "/nudges/{nudge_id}/answered"): Ask(form={}),
    # Accounts
    ("GET", "/account"): Ask(),
    ("POST", "/account/password"): Ask(form={"current": "not it at all", "password": "x" * 12}),
    ("POST", "/account/sessions/{session_id}/end"): Ask(form={}),
    ("POST", "/account/tokens"): Ask(form={"name": "a script", "scope": "read"}),
    ("POST", "/account/tokens/{token_id}/revoke"): Ask(form={}),
    ("GET", "/people"): Ask(),
    ("POST", "/people/invite"): Ask(form={"email": "eve@example.org", "role": "seeker"}),
    ("POST", "/people/{account_id}/disable"): Ask(form={}),
    ("GET", "/sign-in"): Ask(),
    ("POST", "/sign-in"): Ask(form={"email": "someone@example.org", "password": "x" * 12}),
    ("POST", "/sign-out"): Ask(form={}),
    ("GET", "/sign-up"): Ask(),
    ("POST", "/sign-up"): Ask(form={"email": "someone@example.org"}),
    ("GET", "/reset"): Ask(),
    ("POST", "/reset"): Ask(form={"email": "someone@example.org"}),
    ("GET", "/export"): Ask(shows=True),
    ("GET", "/import"): Ask(),
    # Without a file (refused, 422): an upload goes into the caller's own account only, and
    # only an empty one (tests/integration/test_server_import.py).
    ("POST", "/import"): Ask(form={}),
}
NOT_ASKED = {
    ("GET", "/calendar/{token}.ics"): "its secret link is the key, signed in or not: "
    "test_a_calendar_feed_is_its_owners_by_its_link",
    ("HEAD", "/calendar/{token}.ics"): "as GET",
    ("HEAD", "/openapi.json"): "as GET",
    ("GET", "/caseload/{seeker_id}/applications/{application_id}"): "two ids: "
    "test_a_coach_sees_a_job_seekers_application_only_with_consent",
    ("POST", "/caseload/requests"): "a coach asks a job seeker by email: a request for the job "
    "seeker to answer, nothing of theirs shown (tests/web/test_coaching.py)",
    **{
        (method, path): "a secret link is the key, signed in or not (tests/web/test_accounts.py:"
        " single use, expiry)"
        for method in ("GET", "POST")
        for path in ("/reset/{token}", "/invitation/{token}")
    },
}
# Path parameters Bob has no id of his own for (a coach's pages of a job seeker: he is none).
NO_CONTROL = {"seeker_id", "account_id"}  # ... nor an admin's page of accounts
# Who finds an id of Ann's by its parameter (GET): Ann, or for a coach's pages of hers, the
# coach she shares with.
FINDS = {"seeker_id": "coach_active"}
# Who asks for Ann's data, each signed in: another job seeker; a coach Ann never asked; a coach
# whose coaching of Ann has ended.
VIEWERS = ("bob", "coach", "coach_ended")


@dataclass
class World:
    """One server-mode web app on one database: Ann's and Bob's demo data (Ann's made her
    own: ANNS), two coaches, and Ann's ids to ask for."""

    app: App
    web: FastAPI
    people: dict[str, Account]
    ids: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str) -> TestClient:
        client = TestClient(self.web, base_url=BASE, follow_redirects=False)
        client.cookies.set(SESSION_COOKIE, session(self.app, self.people[who]))
        client.cookies.set("followup_csrf", CSRF)
        client.headers["X-CSRF-Token"] = CSRF
        return client

    def rows(self, who: str) -> dict[str, list[dict[str, Any]]]:
        """Every row of `who`'s, in every table that has a user's rows (undos too)."""
        owner = self.people[who].id
        found = {}
        with self.app.store.reading() as repo:  # type: ignore[attr-defined]
            for table in metadata.sorted_tables:
                # hers, her coaching, notes and nudges, her sessions and tokens
                for column in ("user_id", "seeker_id", "account_id"):
                    if column in table.c:
                        query = f"SELECT * FROM {table.name} WHERE {column} = :owner"
                        rows = repo.connection.rows(query, {"owner": owner})
                        found[table.name] = sorted((dict(r) for r in rows), key=repr)
            users = repo.connection.rows("SELECT * FROM users WHERE id = :id", {"id": owner})
            found["users"] = [dict(r) for r in users]
        return found

    def ids_of(self, who: str) -> dict[str, Any]:
        """`who`'s ids to ask for, as their data is now: an application, a contact, a
        thank-you step, a send-promised step, the last action's undo token."""
        app, person = self.app, self.people[who]
        owner = {"owner": person.id}
        first = "SELECT min(id) FROM {} WHERE user_id = :owner"
        steps = first.format("steps") + " AND status = 'planned' AND kind = "
        offered = undo.offer(app.for_user(person.name).store, app.now())
        return {
            "application_id": _first(app, first.format("applications"), **owner),
            "contact_id": _first(app, first.format("contacts"), **owner),
            "step_id": _first(app, steps + "'thank-you'", **owner),
            "promised_step": _first(app, steps + "'send-promised'", **owner),
            "skippable": _first(app, steps + "'check-in-call'", **owner),
            "token": offered.token if offered else None,
            "seeker_id": person.id,  # a coach's page of a job seeker's (/caseload/{seeker_id})
            "account_id": person.id,  # an admin's page of an account's
            "link_id": _first(
                app, "SELECT max(id) FROM coaching WHERE seeker_id = :owner", **owner
            ),
            "nudge_id": _first(app, "SELECT max(id) FROM nudges WHERE seeker_id = :owner", **owner),
            "session_id": _first(
                app, "SELECT min(id) FROM sessions WHERE account_id = :owner", **owner
            ),
            "token_id": _first(
                app, "SELECT min(id) FROM api_tokens WHERE account_id = :owner", **owner
            ),
        }

    def config(self) -> dict[str, bytes]:
        """The server's own files (config directory): one for every account."""
        folder = self.app.settings.config_dir
        return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _sql(app: App, query: str, **given: Any) -> None:
    with app.store.transaction() as repo:  # type: ignore[attr-defined]
        repo.connection.execute(query, given)


def _first(app: App, query: str, **given: Any) -> Any:
    with app.store.reading() as repo:  # type: ignore[attr-defined]
        return repo.connection.scalar(query, given)


def _coached_then_ended(app: App, coach: Account, seeker: Account) -> None:
    now = app.now()
    values = {
        "coach_id": coach.id,
        "seeker_id": seeker.id,
        "asked_by": "seeker",
        "state": "active",
        "share_drafts": True,
        "created_at": now - timedelta(days=9),
        "accepted_at": now - timedelta(days=8),
    }
    with app.store.transaction() as repo:  # type: ignore[attr-defined]
        repo.connection.execute(insert("coaching", tuple(values)), values)
    _sql(
        app,
        "UPDATE coaching SET state = 'ended', ended_at = :now WHERE coach_id = :c",
        now=now - timedelta(days=1),
        c=coach.id,
    )


def _build(app: App) -> World:
    ann = account(app, "ann@example.org", seeded=True)
    bob = account(app, "bob@example.org", seeded=True)
    coach = account(app, "coach@example.org", Role.COACH)
    ended = account(app, "ended.coach@example.org", Role.COACH)
    _coached_then_ended(app, ended, ann)
    owner = {"owner": ann.id}
    _sql(app, "UPDATE applications SET company = :c WHERE user_id = :owner", c=ANNS[0], **owner)
    _sql(app, "UPDATE contacts SET name = :n WHERE user_id = :owner", n=ANNS[1], **owner)
    _sql(app, "UPDATE profiles SET name = :n WHERE user_id = :owner", n=ANNS[2], **owner)
    active = account(app, "active.coach@example.org", Role.COACH)
    coaching.share(app, ann, active.email)
    coaching.nudge(app, active, ann.id, "How are the thank-yous going?")
    accounts.create_token(app, ann, "a script", Scope.READ, app.now())
    session(app, ann)
    people = {"ann": ann, "bob": bob, "coach": coach, "coach_ended": ended, "coach_active": active}
    world = World(app, create_app(app), people)
    for who in ("ann", "bob"):  # an action of each's they can undo
        with world.client(who) as client:
            step = world.ids_of(who)["skippable"]
            assert client.post(f"/steps/{step}/skip", data={"next": "/"}).status_code == 303
    world.ids = world.ids_of("ann")
    world.ids.pop("skippable")
    assert None not in world.ids.values()
    return world


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with ExitStack() as stack:
        url = stack.enter_context(postgres_owner()) if request.param == "postgres" else None
        # A mail server that is not there (a closed loopback port): what mails refuses alike.
        mail = {"FOLLOWUP_SMTP_HOST": "127.0.0.1", "FOLLOWUP_SMTP_PORT": "9"}
        mail |= {"FOLLOWUP_SMTP_SECURITY": "none", "FOLLOWUP_MAIL_FROM": "f@careers.example.org"}
        app = server_app(Path(tmp_path_factory.mktemp("isolation")), url, **mail)
        stack.callback(app.store.close)
        yield _build(app)


def _router_routes(web: FastAPI) -> set[tuple[str, str]]:
    return {(m, r.path) for r in routes(web.routes) for m in (r.methods or ())}


def test_every_route_is_asked_or_has_a_reason(tmp_path: Path) -> None:
    web = create_app(server_app(tmp_path))
    found = _router_routes(web)
    missing = sorted(found - set(ROUTES) - set(NOT_ASKED))
    assert not missing, (
        f"say how to ask each in ROUTES (or why not, NOT_ASKED) in {__file__}: {missing}"
    )
    assert set(ROUTES) | set(NOT_ASKED) <= found  # no entry for a route gone


def _param(path: str) -> str | None:
    found = re.findall(r"{(\w+)}", path)
    assert len(found) <= 1, f"{path}: say in Ask which of Ann's ids fills which parameter"
    return found[0] if found else None


BY_ID = sorted(r for r, a in ROUTES.items() if _param(r[1]) and not a.path)
NO_ID = sorted(r for r, a in ROUTES.items() if not _param(r[1]) or a.path)


def _ask(client: TestClient, method: str, path: str, ask: Ask) -> Any:
    extra: dict[str, Any] = {}
    if ask.form is not None:
        extra["data"] = {**ask.form, "csrf_token": CSRF}
    if ask.json is not None:
        extra["json"] = ask.json
    return client.request(method, path + ask.query, **extra)


def _unsaid(text: str, route: tuple[str, str]) -> None:
    shown = [w for w in ANNS if w in text]
    assert not shown, f"{route}: Ann's {shown} in an answer to someone else"


def _same(ours: str, nobodys: str, *ids: str) -> bool:
    """Whether two answers are the same but for the ids asked for."""
    pattern = re.compile("|".join(rf"\b{re.escape(i)}\b" for i in ids))
    return pattern.sub("{id}", ours) == pattern.sub("{id}", nobodys)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("route", BY_ID, ids=" ".join)
def test_anothers_id_is_not_found_and_nothing_of_theirs_changes(
    world: World, route: tuple[str, str], viewer: str
) -> None:
    method, template = route
    ask = ROUTES[route]
    param = _param(template)
    assert param is not None
    anns = str(world.ids[ask.id or param])
    nobodys = NOBODY.get(param, str(NOBODY_ID))
    before, files = world.rows("ann"), world.config()
    with world.client(viewer) as client:
        theirs = _ask(client, method, template.replace(f"{{{param}}}", anns), ask)
        nobody = _ask(client, method, template.replace(f"{{{param}}}", nobodys), ask)
    assert theirs.status_code == 404, f"{route}: {theirs.status_code} {theirs.text[:300]}"
    assert nobody.status_code == 404, f"{route}: {nobody.status_code} {nobody.text[:300]}"
    assert _same(theirs.text, nobody.text, anns, nobodys), f"{route}: says Ann's id exists"
    _unsaid(theirs.text, route)
    assert world.rows("ann") == before, f"{route}: changed Ann's data"
    assert world.config() == files, f"{route}: changed the server's files"
    if method == "GET":  # the id is Ann's: she finds it (or the coach she shares with)
        with world.client(FINDS.get(param, "ann")) as client:
            hers = _ask(client, method, template.replace(f"{{{param}}}", anns), ask)
        assert hers.status_code != 404, f"{route}: not Ann's either"
    bobs = world.ids_of("bob")[ask.id or param]
    if viewer == "bob" and bobs is not None and param not in NO_CONTROL:  # an id of his: found
        with world.client(viewer) as client:
            his = _ask(client, method, template.replace(f"{{{param}}}", str(bobs)), ask)
        said = f"{route}: {his.status_code} {his.text[-900:]}"
        assert his.status_code == ask.own if ask.own else his.status_code not in (404, 422), said
        assert his.status_code < 500, said


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("route", NO_ID, ids=" ".join)
def test_a_route_without_an_id_answers_with_the_callers_data_only(
    world: World, route: tuple[str, str], viewer: str
) -> None:
    method, template = route
    ask = ROUTES[route]
    before, files = world.rows("ann"), world.config()
    with world.client(viewer) as client:
        answer = _ask(client, method, ask.path or template, ask)
    assert answer.status_code < 500, f"{route}: {answer.status_code} {answer.text[:300]}"
    _unsaid(answer.text, route)
    assert world.rows("ann") == before, f"{route}: changed Ann's data"
    assert world.config() == files, f"{route}: changed the server's files"
    if ask.shows:
        with world.client("ann") as client:
            hers = _ask(client, method, ask.path or template, ask)
        assert ANNS[0] in hers.text or ANNS[1] in hers.text or ANNS[2] in hers.text, route


def test_a_page_kept_for_one_account_is_never_served_to_another(world: World) -> None:
    """Pages kept until the data changes (render.kept: Today, Insights) are each account's,
    even when Ann's and Bob's revisions are the same number within the same minute."""
    ids = {"ann": world.people["ann"].id, "bob": world.people["bob"].id}
    _sql(world.app, "UPDATE users SET revision = 4242 WHERE id IN (:ann, :bob)", **ids)
    for path in ("/", "/insights", "/api/insights"):
        with world.client("ann") as ann, world.client("bob") as bob:
            hers = ann.get(path)  # worked out, and kept
            his = bob.get(path)
        assert hers.status_code == his.status_code == 200, path
        assert path != "/" or ANNS[0] in hers.text
        _unsaid(his.text, ("GET", path))


def test_each_account_is_offered_its_own_undo_only(world: World) -> None:
    token = world.ids["token"]
    with world.client("ann") as ann:
        assert f"/undo/{token}" in ann.get("/").text  # her last action
    for viewer in VIEWERS:
        with world.client(viewer) as other:
            assert f"/undo/{token}" not in other.get("/").text, viewer


def test_a_calendar_feed_is_its_owners_by_its_link(world: World) -> None:
    """A calendar program cannot sign in: the link alone says whose feed it is, looked up
    across every account; a link of no one's, or one replaced, is 404 with one message."""
    ann, bob = (world.app.for_user(world.people[w].name) for w in ("ann", "bob"))
    hers = calendar.new_feed_token(ann.store, world.app.now())
    his = calendar.new_feed_token(bob.store, world.app.now())
    with TestClient(world.web, base_url=BASE) as nobody, world.client("bob") as signed_in:
        for client in (nobody, signed_in):  # signed in as Bob or not: the link decides
            feed = client.get(f"/calendar/{hers}.ics")
            assert feed.status_code == 200 and ANNS[0] in feed.text
            assert ANNS[0] not in client.get(f"/calendar/{his}.ics").text
            assert client.head(f"/calendar/{hers}.ics").status_code == 200
        unknown = nobody.get(f"/calendar/{'x' * 43}.ics")
        calendar.new_feed_token(ann.store, world.app.now())  # Ann's link replaced
        replaced = nobody.get(f"/calendar/{hers}.ics")
    assert unknown.status_code == replaced.status_code == 404
    assert unknown.text == replaced.text and calendar.NO_FEED in unknown.text


def test_an_interview_at_anothers_company_is_a_new_application_of_ones_own(
    world: World,
) -> None:
    """The duplicate question ("you have an open application at ...") looks at the asker's
    applications only: Ann's at the same company and role are not his."""
    role = _first(
        world.app,
        "SELECT role FROM applications WHERE id = :id",
        id=world.ids["application_id"],
    )
    world.people["cat"] = account(world.app, "cat@example.org")  # her data: this test's
    form = {**INTERVIEW, "company": ANNS[0], "role": role, "csrf_token": CSRF}
    with world.client("cat") as cat:
        made = cat.post("/interviews", data=form)
        assert made.status_code == 303, made.text[-600:]
        again = form | {"start": "2026-12-15T10:00"}
        assert cat.post("/interviews", data=again).status_code == 409  # her own: asked


def test_an_accounts_drafts_never_use_the_servers_template_copies(world: World) -> None:
    """The config directory's `templates/` are the server's (its `followup templates edit`):
    an account's drafts use the shipped templates, so nothing of the server's shows."""
    from followup.services import drafts

    folder = world.app.settings.config_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "_signature.txt.j2"
    copy.write_text("The server's owner, Mallory Serverside\n")
    try:
        world.people["dan"] = account(world.app, "dan@example.org", seeded=True)  # untouched
        dans = world.app.for_user(world.people["dan"].name)
        step = world.ids_of("dan")["step_id"]
        with world.client("dan") as dan:
            page = dan.get(f"/steps/{step}/draft")
        assert page.status_code == 200 and "Mallory" not in page.text
        assert dans.templates == []
        would = drafts.review(dans.store, step, dans.now(), dans.proofreader, [folder])
        assert "Mallory Serverside" in would.draft.text  # the copy, where it were used
    finally:
        copy.unlink()


def test_the_servers_playbook_is_shown_not_offered_to_change(world: World) -> None:
    files = world.config()
    with world.client("bob") as bob:
        page = bob.get("/settings").text
        refused = bob.post("/settings/playbook", data={"csrf_token": CSRF, "nudges.gap": "1"})
    assert 'action="/settings/playbook"' not in page and "the server's" in page
    assert refused.status_code == 404
    assert "changing the playbook is not available in server mode" in refused.text
    assert world.config() == files


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_coach_sees_a_job_seekers_application_only_with_consent(
    world: World, viewer: str
) -> None:
    seeker, application = world.ids["seeker_id"], world.ids["application_id"]
    path = f"/caseload/{seeker}/applications/{application}"
    before = world.rows("ann")
    with world.client(viewer) as client:
        theirs = client.get(path)
        nobody = client.get(f"/caseload/{seeker}/applications/{NOBODY_ID}")
    assert theirs.status_code == 404 and nobody.status_code == 404, theirs.text[:300]
    assert _same(theirs.text, nobody.text, str(application), str(NOBODY_ID))
    _unsaid(theirs.text, ("GET", path))
    assert world.rows("ann") == before
    with world.client("coach_active") as client:
        assert client.get(path).status_code == 200
