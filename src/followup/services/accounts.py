"""Server mode's accounts, one use case a function: signing in and out (throttled), sessions,
password change and reset by an emailed link, invitations, sign-up (when open) and personal
API tokens.

Every secret handed out (a session's cookie, a link's token, an API token) is made here with
`secrets.token_urlsafe(32)` and kept only as its hash (`accounts.token_hash`). No answer says
whether an account exists: a wrong password and an unknown email are refused alike (after a
hash checked either way), and a reset is asked for alike.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from followup.adapters import password_hashes
from followup.domain.accounts import (
    ACCOUNT_THROTTLE,
    ADDRESS_THROTTLE,
    INVITATION_LASTS,
    REFUSED,
    RESET_LASTS,
    Account,
    Role,
    Scope,
    check_password,
    email_key,
    failure_keys,
    token_hash,
    wait_words,
)
from followup.domain.errors import (
    Conflict,
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    NotSent,
    SignInRefused,
    Throttled,
)
from followup.services import notices

if TYPE_CHECKING:
    from followup.adapters.sql.accounts import AccountRows, ApiToken, Invitation, Member, Session
    from followup.bootstrap import App


EMAIL_MAX = 320  # characters (RFC 5321's path limit)
LABEL_MAX = 100  # characters of a cohort or an API token's name


def new_token() -> str:
    """A random secret: 32 bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A new session: the account, and the token its cookie carries."""

    account: Account
    token: str


def _email(email: str) -> str:
    """An email as typed, checked: one line, an address (InvalidInput otherwise)."""
    if len(email) > EMAIL_MAX:
        raise InvalidInput(f"an email has at most {EMAIL_MAX} characters")
    email_key(email)  # InvalidInput for what is no address (a CR or LF included)
    return email.strip()


def _label(text: str | None, what: str) -> str | None:
    """A cohort or a token's name: one line of at most LABEL_MAX printable characters."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > LABEL_MAX:
        raise InvalidInput(f"{what} has at most {LABEL_MAX} characters")
    if not text.isprintable():
        raise InvalidInput(f"{what} cannot hold control characters or line breaks")
    return text


def _lasts(app: App) -> timedelta:
    return timedelta(days=app.settings["session_days"])


def _open(
    rows: AccountRows, app: App, who: Account, now: datetime, address: str | None, agent: str | None
) -> SignedIn:
    token = new_token()
    rows.open_session(who.id, token_hash(token), now, _lasts(app), agent, address)
    return SignedIn(who, token)


# -- signing in and out ---------------------------------------------------------------------


def _throttled(
    rows: AccountRows,
    keys: tuple[str, ...],
    now: datetime,
    what: str = "too many failed sign-ins",
) -> None:
    """Throttled when a key (an account's, then an address's) has had too many failures
    lately."""
    waits = []
    for key, throttle in zip(keys, (ACCOUNT_THROTTLE, ADDRESS_THROTTLE)[-len(keys) :], strict=True):
        wait = throttle.retry_after(rows.failures(key, now - throttle.window), now)
        if wait is not None:
            waits.append(wait)
    if waits:
        seconds = max(1, int(max(waits).total_seconds() + 0.999))
        raise Throttled(f"{what}: try again in {wait_words(seconds)}", retry_after=seconds)


def _mail_asked(app: App, address: str | None, now: datetime) -> None:
    """A request that mails someone (a reset, a sign-up) counts against its address as a
    failed sign-in would: no one mails an inbox full from one address. Throttled beyond."""
    key = failure_keys("", address)[1:]
    with app.accounts.transaction() as rows:
        _throttled(rows, key, now, "too many requests from your address")
        rows.record_failure(key, now)


def sign_in(
    app: App,
    email: str,
    password: str,
    address: str | None,
    user_agent: str | None,
    now: datetime,
    previous: str | None = None,
) -> SignedIn:
    """A new session for the account whose email and password these are (the `previous`
    session's token, if any, ended: a sign-in always gets a new cookie). Throttled after too
    many failures for the account or the address (before the password is checked);
    SignInRefused, with the same words, for a wrong password and for no such account."""
    keys = failure_keys(email[:EMAIL_MAX], address)
    with app.accounts.transaction() as rows:
        _throttled(rows, keys, now)
        try:
            found = rows.by_email(email) if len(email) <= EMAIL_MAX else None
        except InvalidInput:
            found = None
    stored = found[1] if found else None
    fits = len(password) <= 1024 and "\x00" not in password
    matched = password_hashes.verify(stored, password if fits else "")  # a hash either way
    with app.accounts.transaction() as rows:
        if not (found and matched and fits and stored):
            rows.record_failure(keys, now)
        else:
            who = found[0]
            if password_hashes.needs_rehash(stored):
                rows.set_password(who.id, password_hashes.hash_password(password))
            rows.forget_failures(keys[0])
            if previous:
                rows.end_session(token_hash(previous), now)
            return _open(rows, app, who, now, address, user_agent)
    raise SignInRefused(REFUSED)


def sign_out(app: App, token: str, now: datetime) -> None:
    with app.accounts.transaction() as rows:
        rows.end_session(token_hash(token), now)


@dataclass(frozen=True, slots=True)
class SessionShown:
    session: Session
    current: bool


def sessions(app: App, who: Account, current: str | None, now: datetime) -> list[SessionShown]:
    """`who`'s live sessions, the one of `current` (a cookie's token) marked."""
    mine = token_hash(current) if current else None
    with app.accounts.reading() as rows:
        return [SessionShown(s, s.token_hash == mine) for s in rows.sessions(who.id, now)]


def end_session(app: App, who: Account, session_id: int, now: datetime) -> None:
    """End one of `who`'s sessions (NotFound for another's or one ended)."""
    with app.accounts.transaction() as rows:
        if not rows.end_session_of(who.id, session_id, now):
            raise NotFound("no such session of yours: it has ended already")


def change_password(
    app: App, who: Account, current: str, new: str, keep: str | None, now: datetime
) -> None:
    """Change `who`'s password (the current one asked for, its failures counted as failed
    sign-ins); every other session ended, the one of `keep` (a cookie's token) kept."""
    check_password(new)
    keys = failure_keys(who.email, None)
    with app.accounts.transaction() as rows:
        _throttled(rows, keys, now)
        found = rows.by_email(who.email)
    stored = found[1] if found else None
    if not password_hashes.verify(stored, current[:1024]):
        with app.accounts.transaction() as rows:
            rows.record_failure(keys[:1], now)
        raise InvalidInput("the current password is not right: nothing was changed")
    with app.accounts.transaction() as rows:
        rows.set_password(who.id, password_hashes.hash_password(new))
        rows.end_sessions(who.id, now, keep=token_hash(keep) if keep else None)


# -- password resets ------------------------------------------------------------------------


def reset_link(rows: AccountRows, who: Account, base: str, now: datetime) -> str:
    """A new single-use link that sets `who`'s password, working for RESET_LASTS."""
    token = new_token()
    rows.add_reset(who.id, token_hash(token), now, RESET_LASTS)
    return f"{base.rstrip('/')}/reset/{token}"


# Runs a job after the answer has gone (the web's background tasks), so that how long the
# answer takes does not say whether a mail was sent: whether an account exists.
Later = Callable[[Callable[[], object]], None]


def _at_once(job: Callable[[], object]) -> None:
    job()


def request_reset(
    app: App,
    email: str,
    base: str,
    now: datetime,
    address: str | None = None,
    later: Later = _at_once,
) -> None:
    """Mail a reset link to the account of `email`, if there is one; the same answer (none)
    either way, the mail sent `later` (after the answer). NotSent only when the service has no
    mail server at all (whoever asks); Throttled after too many requests from `address`."""
    if app.system_mailer is None:
        raise NotSent("the service cannot send mail: ask your administrator to reset it")
    _mail_asked(app, address, now)
    try:
        _email(email)
    except InvalidInput:
        return
    with app.accounts.transaction() as rows:
        found = rows.by_email(email)
        if found is None:
            return
        who = found[0]
        link = reset_link(rows, who, base, now)
        body = (
            "Hello,\n\n"
            "Someone (you, we hope) asked to set a new password for your followup account.\n"
            f"This link sets it, once, within the next hour:\n\n{link}\n\n"
            "If it was not you, do nothing: your password stays as it is.\n"
        )
    subject = "Set a new password for followup"
    later(partial(notices.send_or_log, app, who.email, subject, body, now))


def reset_account(app: App, token: str) -> None:
    """Gone unless `token` is a reset link that still works (checked, not spent)."""
    with app.accounts.reading() as rows:
        if len(token) > 128 or not rows.reset_works(token_hash(token), app.now()):
            raise Gone(_RESET_GONE)


_RESET_GONE = "this reset link was used already, has expired or is not one: ask for a new one"


def complete_reset(app: App, token: str, password: str, now: datetime) -> Account:
    """Set the password of the reset link's account (the link spent); every session of the
    account ended. Gone when the link was used already or has expired."""
    check_password(password)
    hashed = password_hashes.hash_password(password)
    with app.accounts.transaction() as rows:
        who = rows.use_reset(token_hash(token), now) if len(token) <= 128 else None
        if who is None:
            raise Gone(_RESET_GONE)
        rows.set_password(who.id, hashed)
        rows.end_sessions(who.id, now)
        return who


# -- invitations and sign-up ----------------------------------------------------------------


def invite(
    app: App,
    by: Account | None,
    email: str,
    role: Role,
    cohort: str | None,
    base: str,
    now: datetime,
    later: Later | None = None,
) -> None:
    """Mail `email` an invitation to make an account with `role` (coach or job seeker), its
    link working for INVITATION_LASTS; `by` an admin (None: the command line, or sign-up).
    Nothing is kept when the mail cannot be sent, unless it is sent `later` (after the
    answer: sign-up's), when a failure is logged and the invitation left to expire."""
    if by is not None and by.role is not Role.ADMIN:
        raise Forbidden("only an admin invites people")
    if role is Role.ADMIN and by is not None:
        raise InvalidInput("invite coaches and job seekers; admins are added with the command")
    email = _email(email)
    cohort = _label(cohort, "a cohort")
    token = new_token()
    with app.accounts.transaction() as rows:
        if rows.exists(email):
            raise Conflict(f"{email} has an account already")
        rows.add_invitation(
            token_hash(token), email, role, cohort, by.id if by else None, now, INVITATION_LASTS
        )
        link = f"{base.rstrip('/')}/invitation/{token}"
        what = {Role.COACH: "a coach", Role.SEEKER: "a job seeker", Role.ADMIN: "an admin"}[role]
        body = (
            "Hello,\n\n"
            f"You are invited to followup, the careers service's tool, as {what}.\n"
            f"Set your password with this link (it works once, for 7 days):\n\n{link}\n\n"
            "If you did not expect this, ignore it: nothing happens without the link.\n"
        )
        if later is None:
            notices.send(app, email, "Your invitation to followup", body, now)
    if later is not None:
        later(partial(notices.send_or_log, app, email, "Your invitation to followup", body, now))


def _invitation(rows: AccountRows, token: str, now: datetime) -> Invitation:
    found = rows.invitation(token_hash(token)) if len(token) <= 128 else None
    if found is None:
        raise NotFound("no such invitation: check the link in the mail")
    if found.accepted_at is not None:
        raise Gone("this invitation was accepted already: sign in instead")
    if found.expires_at <= now:
        raise Gone("this invitation has expired: ask for a new one")
    return found


def invitation(app: App, token: str, now: datetime) -> Invitation:
    """The invitation of a link that still works (NotFound, Gone otherwise)."""
    with app.accounts.reading() as rows:
        return _invitation(rows, token, now)


def accept(
    app: App,
    token: str,
    password: str,
    address: str | None,
    user_agent: str | None,
    now: datetime,
) -> SignedIn:
    """Make the invitation's account with this password, and sign it in."""
    check_password(password)
    hashed = password_hashes.hash_password(password)
    with app.accounts.transaction() as rows:
        found = _invitation(rows, token, now)
        if not rows.accept_invitation(found.id, now):
            raise Gone("this invitation was accepted already: sign in instead")
        if rows.exists(found.email):
            raise Conflict(f"{found.email} has an account already: sign in instead")
        who = rows.create(found.email, found.role, now, hashed, found.cohort)
        return _open(rows, app, who, now, address, user_agent)


def sign_up(
    app: App,
    email: str,
    base: str,
    now: datetime,
    address: str | None = None,
    later: Later = _at_once,
) -> None:
    """Anyone's request for a job seeker account (only when `signup_open`): an invitation
    mailed to them (`later`: after the answer), so the address is theirs; for an address with
    an account, nothing (the same answer, as soon)."""
    if not app.settings["signup_open"]:
        raise NotFound("sign-up is by invitation only")
    email = _email(email)
    _mail_asked(app, address, now)
    with app.accounts.reading() as rows:
        if rows.exists(email):
            return
    invite(app, None, email, Role.SEEKER, None, base, now, later)


# -- accounts, for admins -------------------------------------------------------------------


def add(
    app: App,
    email: str,
    role: Role,
    cohort: str | None,
    password: str | None,
    base: str,
    now: datetime,
) -> tuple[Account, str | None]:
    """A new account (the command line's, for the first admin): with `password`, ready;
    without, with the single-use link that sets its password (returned)."""
    email = _email(email)
    cohort = _label(cohort, "a cohort")
    hashed = password_hashes.hash_password(check_password(password)) if password else None
    with app.accounts.transaction() as rows:
        who = rows.create(email, role, now, hashed, cohort)
        return who, None if hashed else reset_link(rows, who, base, now)


def members(app: App, by: Account | None) -> list[Member]:
    """Every account (for an admin; `by` None: the command line)."""
    if by is not None and by.role is not Role.ADMIN:
        raise NotFound("no such page")
    with app.accounts.reading() as rows:
        return rows.members()


def open_invitations(app: App, by: Account, now: datetime) -> list[Invitation]:
    if by.role is not Role.ADMIN:
        raise NotFound("no such page")
    with app.accounts.reading() as rows:
        return rows.open_invitations(now)


def disable_member(app: App, by: Account, account_id: int, now: datetime) -> Account:
    """An admin disables another's account (NotFound for anyone else, or no such enabled
    account; Conflict for their own: another admin must)."""
    if by.role is not Role.ADMIN:
        raise NotFound("no such page")
    if account_id == by.id:
        raise Conflict("you cannot disable your own account: another admin can")
    with app.accounts.reading() as rows:
        found = rows.by_id(account_id)
    if found is None:
        raise NotFound("no such account")
    return disable(app, found.email, now)


def disable(app: App, email: str, now: datetime) -> Account:
    """Disable the account of `email`: it signs in no more, its sessions and tokens end."""
    with app.accounts.transaction() as rows:
        who = rows.disable(_email(email), now)
        if who is None:
            raise NotFound(f"no enabled account has the email {email}")
        return who


# -- personal API tokens --------------------------------------------------------------------


def create_token(app: App, who: Account, name: str, scope: Scope, now: datetime) -> str:
    """A new API token of `who`'s: the token itself, shown this once."""
    named = _label(name, "a token's name")
    if named is None:
        raise InvalidInput("give the token a name (what uses it)")
    token = new_token()
    with app.accounts.transaction() as rows:
        rows.add_token(who.id, named, token_hash(token), scope, now)
    return token


def tokens(app: App, who: Account) -> list[ApiToken]:
    with app.accounts.reading() as rows:
        return rows.tokens(who.id)


def revoke_token(app: App, who: Account, token_id: int, now: datetime) -> None:
    with app.accounts.transaction() as rows:
        if not rows.revoke_token(who.id, token_id, now):
            raise NotFound("no such token of yours: it was revoked already")


def token_account(app: App, token: str, now: datetime) -> tuple[Account, Scope] | None:
    """The account and scope of an API token that works; None otherwise."""
    if len(token) > 128:
        return None
    with app.accounts.transaction() as rows:
        return rows.token_account(token_hash(token), now)
