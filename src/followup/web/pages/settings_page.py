"""The Settings page: the profile, the playbook's numbers, the mail servers and the calendar
feed's secret link, each a form of its own that posts and redirects back with "Saved"; and the
calendar feed itself at `/calendar/<token>.ics`.

A mistake re-renders the page with 422, the message and what was typed, and saves nothing.
Saving the playbook or the mail settings writes the file in the config directory
(`config_files`) and rebuilds the App the web app serves, so the next request uses them.
The feed's link is shown once, on the page the form that makes it redirects to (a cookie of
that page's own carries it there, for a few minutes and one showing): only its hash is kept.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup import bootstrap, services
from followup.bootstrap import App
from followup.config import user_files
from followup.config.settings import Settings
from followup.domain.errors import ConfigError, InvalidInput, NotFound
from followup.domain.values import one_line
from followup.input import parse
from followup.services import calendar
from followup.web.render import Next, Text, Wired, back, local_only, page

router = APIRouter(include_in_schema=False)

# The Settings page is kept by no cache; its forms' requests carry its Origin (with
# `no-referrer` a browser sends `Origin: null`, and the CSRF check refuses the form). The
# feed, whose address is the secret, sends no referrer either.
NO_STORE = {"Cache-Control": "private, no-store"}
PRIVATE = {**NO_STORE, "Referrer-Policy": "no-referrer"}
CALENDAR = "text/calendar; charset=utf-8"
TONES = ("formal", "warm")
MAIL = {
    "smtp": ("smtp_host", "smtp_port", "smtp_user", "smtp_security"),
    "imap": ("imap_host", "imap_port", "imap_user", "imap_security", "imap_sent_folder"),
}
SECURITY = ("none", "starttls", "tls")
SECRET_LENGTH = 1000  # a mail password typed on the page, at most


def _profile_form(app: App) -> dict[str, str]:
    me = services.people.profile(app.store)
    if me is None:
        return {"timezone": "UTC", "tone": "formal"}
    return {
        "name": me.name,
        "email": me.email or "",
        "phone": me.phone or "",
        "address": me.address or "",
        "skills": "\n".join(me.skills),
        "country": str(me.region) if me.region else "",
        "timezone": me.timezone,
        "signature": me.signature or "",
        "tone": me.tone,
    }


def _playbook_rows(app: App) -> dict[str, list[dict[str, Any]]]:
    """The playbook's numbers by rule (first the working hours and nudges), with their units."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for field, unit in user_files.playbook_fields().items():
        tables, _, name = field.rpartition(".")
        group = tables.removeprefix("rules.") if tables.startswith("rules.") else "general"
        value = user_files.playbook_value(app.playbook, field)
        groups.setdefault(group, []).append(
            {"field": field, "name": name, "unit": unit, "value": value}
        )
    return groups


def _password(app: App, kind: str) -> str:
    """ "set" or "not set": whether a password is at hand (never the password itself)."""
    from followup.adapters.passwords import password

    s = app.settings
    user = s[f"{kind}_user"] or (s["smtp_user"] if kind == "imap" else None)
    try:
        found = password(kind, s[f"{kind}_password"], s[f"{kind}_host"] or "", user)
    except ConfigError:
        found = None
    return "set" if found else "not set"


def _mail(app: App) -> list[dict[str, Any]]:
    servers = []
    for kind, names in MAIL.items():
        fields = []
        for name in names:
            v = app.settings.values[name]
            fields.append(
                {
                    "name": name,
                    "value": "" if v.value is None else str(v.value),
                    "source": v.source,
                    "from_env": user_files.from_environment(v),
                    "help": v.setting.help,
                }
            )
        servers.append({"kind": kind, "fields": fields, "password": _password(app, kind)})
    return servers


def _render(
    request: Request,
    app: App,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **given: Any,
) -> HTMLResponse:
    context = {
        "title": "Settings",
        "profile": _profile_form(app),
        "tones": TONES,
        "playbook": _playbook_rows(app),
        "mail": _mail(app),
        "security": SECURITY,
        "config_dir": app.settings.config_dir,
        "server": app.settings["server"],  # the playbook is the server's: no form
        "feed_since": calendar.feed_token_since(app.store),
        "feed_url": _new_feed_url(request, app),
        "errors": {},
        "saved": request.query_params.get("saved"),
        # Where saving the profile leads (Today's first run asks to come back), else here.
        "next": request.query_params.get("next", "") if request.method == "GET" else "",
        **given,
    }
    response = page(request, "settings.html", context, status)
    response.headers.update({**NO_STORE, **(headers or {})})
    return response


NEW_FEED = "followup_new_feed"  # the cookie that carries a new feed link to the page, once


def _new_feed_url(request: Request, app: App) -> str | None:
    """The feed link just made, if the cookie carries the current one (a GET shows it once)."""
    token = request.cookies.get(NEW_FEED, "") if request.method == "GET" else ""
    if not token or not calendar.is_current_token(app.store, token):
        return None
    return str(request.base_url).rstrip("/") + calendar.FEED_PATH.format(token=token)


def _saved(section: str) -> RedirectResponse:
    return RedirectResponse(f"/settings?saved={section}#{section}", status_code=303)


def _rewired(request: Request, app: App, settings: Settings | None = None) -> None:
    """Serve from now on an App built again (the files just written read afresh)."""
    process = request.app.state.app  # its store (server mode: not the signed-in account's)
    request.app.state.app = bootstrap.build(settings or app.settings, process.store)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, app: Wired) -> HTMLResponse:
    response = _render(request, app)
    if NEW_FEED in request.cookies:
        response.delete_cookie(NEW_FEED, path="/settings", httponly=True, samesite="strict")
    return response


@router.post("/settings/profile", response_model=None)
def save_profile(
    request: Request,
    app: Wired,
    name: Text = "",
    email: Text = "",
    phone: Text = "",
    address: Text = "",
    skills: Text = "",
    country: Text = "",
    timezone: Text = "",
    signature: Text = "",
    tone: Text = "formal",
    next_: Next = "",
) -> Response:
    typed = {
        "name": name,
        "email": email,
        "phone": phone,
        "address": address,
        "skills": skills,
        "country": country,
        "timezone": timezone,
        "signature": signature,
        "tone": tone,
    }
    try:
        changes: dict[str, Any] = {
            "name": name.strip(),
            "timezone": timezone.strip(),
            "tone": tone.strip(),
            "skills": tuple(s.strip() for s in skills.splitlines() if s.strip()),
            "region": parse.region(country.strip() or None),
        }
        for optional in ("email", "phone", "address", "signature"):
            changes[optional] = typed[optional].strip() or None
        services.people.update_profile(app.store, changes)
    except InvalidInput as exc:
        return _render(request, app, 422, profile=typed, errors={"profile": str(exc)}, next=next_)
    return back(next_, did="profile") if next_ else _saved("profile")


@router.post("/settings/playbook", response_model=None)
async def save_playbook(request: Request, app: Wired) -> Response:
    local_only(app, "changing the playbook")  # server mode: one file for every account
    form = await request.form()
    given = {f: str(form[f]) for f in user_files.playbook_fields() if f in form}
    try:
        user_files.save_playbook(app.settings.config_dir, bootstrap.default_playbook(), given)
    except InvalidInput as exc:
        return _render(request, app, 422, errors={"playbook": str(exc)})
    _rewired(request, app)
    return _saved("playbook")


@router.post("/settings/mail", response_model=None)
async def save_mail(request: Request, app: Wired) -> Response:
    form = await request.form()
    editable = [
        name
        for names in MAIL.values()
        for name in names
        if not user_files.from_environment(app.settings.values[name])
    ]
    given = {name: str(form[name]) for name in editable if name in form}
    secrets = {kind: str(form.get(f"{kind}_secret") or "") for kind in MAIL}
    try:
        for secret in secrets.values():
            one_line(secret, "a password", SECRET_LENGTH)
        saved = user_files.save_settings(app.settings, given)
    except InvalidInput as exc:
        return _render(request, app, 422, errors={"mail": str(exc)})
    _rewired(request, app, saved)
    try:
        _keep_passwords(request.app.state.app, secrets)
    except (ConfigError, InvalidInput) as exc:
        problem = f"the mail settings are saved, but not the password: {exc}"
        return _render(request, app, 422, errors={"mail": problem})
    return _saved("mail")


def _keep_passwords(app: App, secrets: dict[str, str]) -> None:
    """Each password typed kept in the system keyring for its server's user (never by
    followup itself): where `adapters.passwords.password` finds it when mail is sent or
    read."""
    from followup.adapters.passwords import keep

    for kind, secret in secrets.items():
        if not secret:
            continue
        s = app.settings
        user = s[f"{kind}_user"] or (s["smtp_user"] if kind == "imap" else None)
        if not user:
            raise InvalidInput(f"a {kind.upper()} password needs its user: fill in {kind}_user")
        keep(kind, str(user), secret)


@router.post("/settings/feed", response_model=None)
def feed_link(request: Request, app: Wired, action: Text = "") -> Response:
    if action == "revoke":
        calendar.revoke_feed_token(app.store)
        return _saved("feed")
    if action != "new":
        return _render(request, app, 422, errors={"feed": "choose to create or revoke the link"})
    token = calendar.new_feed_token(app.store, app.now())
    response = _saved("feed")
    response.headers.update(NO_STORE)
    response.set_cookie(
        NEW_FEED, token, max_age=300, path="/settings", httponly=True, samesite="strict"
    )
    return response


@router.api_route("/calendar/{token}.ics", methods=["GET", "HEAD"], response_model=None)
def calendar_feed(request: Request, token: str) -> Response:
    """The calendar feed, for the current secret link only (no CSRF: it changes nothing).

    Its ETag is a hash of the document, which stays the same bytes until the plan changes: a
    calendar asking again with `If-None-Match` gets 304 and no body. HEAD answers the headers
    of GET without the body. `no-store` keeps shared caches from holding the plan; calendar
    programs keep the ETag and ask again with it all the same."""
    try:
        app = _feed_owner(request, token)
        document = calendar.feed_for_token(app.store, token, app.now())
    except NotFound as exc:
        context = {"title": "Error 404", "message": str(exc)}
        response = page(request, "error.html", context, 404)
        response.headers.update(PRIVATE)
        return response
    tag = f'"{hashlib.sha256(document).hexdigest()[:32]}"'
    headers = {**PRIVATE, "ETag": tag}
    if _matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(document))
        return Response(media_type=CALENDAR, headers=headers)
    return Response(document, media_type=CALENDAR, headers=headers)


def _feed_owner(request: Request, token: str) -> App:
    """The App of the feed's owner, without a sign-in (calendar programs cannot sign in): the
    one user's in local mode; in server mode the account whose current link it is, found
    across every account (NotFound for a link of no one's)."""
    app: App = request.app.state.app
    if not app.settings["server"]:
        return app
    with app.accounts.reading() as rows:
        owner = rows.feed_owner(calendar.feed_hash(token))
    if owner is None:
        raise NotFound(calendar.NO_FEED)
    return app.for_user(owner)


def _matches(if_none_match: str | None, tag: str) -> bool:
    """Whether `If-None-Match` names the tag (RFC 9110 13.1.2: `*`, or a list of tags
    compared weakly, so `W/"x"` matches `"x"`)."""
    if not if_none_match:
        return False
    given = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in given or tag in given
