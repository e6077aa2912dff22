"""Coaching with consent (domain/coaching.py): asking, accepting, declining, revoking; the
caseload; a coach's read-only view of a job seeker's data, each view written to the access log;
notes and nudges.

A coach (or an admin: the same rule) sees a job seeker only through an active link: without
one, every question about that job seeker is NotFound (404), never "forbidden", so not even the
account's existence shows through a coach's pages. A job seeker's data is read through their
own App (`App.for_user`), which only reads here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from followup.domain import caseload as rules
from followup.domain import coaching
from followup.domain.accounts import Account, Role
from followup.domain.coaching import Access, AskedBy, Coaching, Note, Nudge
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.values import one_line

if TYPE_CHECKING:
    from followup.adapters.sql.coaching import CoachingRows
    from followup.bootstrap import App

CASELOAD_LOGGED_EVERY = timedelta(hours=1)  # a caseload's view logged once an hour a job seeker
NO_SUCH_SEEKER = "no such job seeker on your caseload"


def _staff(who: Account) -> Account:
    if not who.staff:
        raise NotFound("the caseload is for coaches")
    return who


def _seeker(who: Account) -> Account:
    if who.role is not Role.SEEKER:
        raise NotFound("sharing with coaches is for job seekers")
    return who


def _account_by_email(app: App, email: str) -> Account | None:
    with app.accounts.reading() as rows:
        found = rows.by_email(email)
    return found[0] if found else None


def _email(value: str) -> str:
    text = one_line(value.strip(), "email", 320)
    if "@" not in text:
        raise InvalidInput(f"{text!r} is not an email address")
    return text


# -- consent -----------------------------------------------------------------------------------


def ask(app: App, coach: Account, seeker_email: str) -> Coaching:
    """A coach asks a job seeker (by email) for access: it waits for their answer."""
    _staff(coach)
    seeker = _account_by_email(app, _email(seeker_email))
    if seeker is None or seeker.role is not Role.SEEKER:
        raise InvalidInput(f"no job seeker has the address {seeker_email.strip()}")
    asked = _asked(app, coach.id, seeker.id, AskedBy.COACH)
    where = (app.settings["public_url"] or "").rstrip("/")
    body = (
        f"Your careers service's coach {coach.email} asks to see your job search: your plan, "
        "applications and insights, read-only (never your mail or, unless you choose, your "
        "drafts).\n\nNothing is shared until you accept. Accept or decline on your Coaches "
        f"page{f': {where}/coaches' if where else ''}; you can take it back at any time.\n"
    )
    _notify(app, seeker, "A coach asks to see your job search", body, app.now())
    return asked


def _notify(app: App, seeker: Account, subject: str, body: str, now: datetime) -> bool:
    """Mail the job seeker a notice; False (the app still shows it) when it cannot go."""
    from followup.services import notices

    return notices.send_or_log(app, seeker.email, subject, body, now)


def share(app: App, seeker: Account, coach_email: str) -> Coaching:
    """A job seeker shares with a coach (by email): active at once (a coach's waiting request
    with it)."""
    _seeker(seeker)
    coach = _account_by_email(app, _email(coach_email))
    if coach is None or not coach.staff:
        raise InvalidInput(f"no coach has the address {coach_email.strip()}")
    return _asked(app, coach.id, seeker.id, AskedBy.SEEKER)


def _asked(app: App, coach_id: int, seeker_id: int, by: AskedBy) -> Coaching:
    now = app.now()
    with app.coaching.transaction() as rows:
        rows.hold(seeker_id)
        made = coaching.asked(coach_id, seeker_id, by, now, rows.open_link(coach_id, seeker_id))
        rows.save(made)
        found = rows.open_link(coach_id, seeker_id)
    assert found is not None
    return found


def _seekers_link(rows: CoachingRows, seeker: Account, link_id: int) -> Coaching:
    found = rows.link(link_id)
    if found is None or found.seeker_id != seeker.id:
        raise NotFound("no such coach or request")
    return found


def answer(app: App, seeker: Account, link_id: int, accepted: bool) -> Coaching:
    """The job seeker accepts or declines a coach's request."""
    _seeker(seeker)
    now = app.now()
    with app.coaching.transaction() as rows:
        found = _seekers_link(rows, seeker, link_id)
        if found.asked_by is not AskedBy.COACH:
            raise NotFound("no such request")
        made = coaching.accept(found, now) if accepted else coaching.decline(found, now)
        rows.save(made)
    return made


def revoke(app: App, seeker: Account, link_id: int) -> Coaching:
    """The job seeker takes access back: from now on the coach sees nothing of theirs."""
    _seeker(seeker)
    with app.coaching.transaction() as rows:
        made = coaching.end(_seekers_link(rows, seeker, link_id), app.now())
        rows.save(made)
    return made


def step_back(app: App, coach: Account, seeker_id: int) -> Coaching:
    """The coach ends their access to a job seeker (or withdraws a request)."""
    _staff(coach)
    with app.coaching.transaction() as rows:
        found = rows.open_link(coach.id, seeker_id)
        if found is None:
            raise NotFound(NO_SUCH_SEEKER)
        made = coaching.end(found, app.now())
        rows.save(made)
    return made


def share_drafts(app: App, seeker: Account, link_id: int, shared: bool) -> Coaching:
    """The job seeker lets a coach read their drafts' text, or stops."""
    _seeker(seeker)
    with app.coaching.transaction() as rows:
        made = coaching.share_drafts(_seekers_link(rows, seeker, link_id), shared)
        rows.save(made)
    return made


@dataclass(frozen=True, slots=True)
class Sharing:
    """What a job seeker's Coaches page shows: the coaches and requests, the shared notes,
    the nudges and the access log."""

    links: list[Coaching]
    notes: list[Note]
    nudges: list[Nudge]
    access: list[Access]


def sharing(app: App, seeker: Account) -> Sharing:
    _seeker(seeker)
    with app.coaching.reading() as rows:
        return Sharing(
            rows.links_of_seeker(seeker.id),
            rows.notes(seeker.id, shared_only=True),
            rows.nudges(seeker.id),
            rows.access(seeker.id),
        )


def requests(app: App, coach: Account) -> list[Coaching]:
    """A coach's requests still waiting for the job seeker's answer."""
    _staff(coach)
    with app.coaching.reading() as rows:
        return [c for c in rows.links_of_coach(coach.id) if not c.active]


# -- the caseload ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Caseload:
    rows: list[rules.Row]
    cohorts: list[str]
    cohort: str | None
    sort: str
    limits: rules.Thresholds


def thresholds(app: App) -> rules.Thresholds:
    s = app.settings
    return rules.Thresholds(
        quiet=rules.pair(s["caseload_quiet_days"], "caseload_quiet_days"),
        overdue=rules.pair(s["caseload_overdue_steps"], "caseload_overdue_steps"),
    )


def caseload(
    app: App, coach: Account, sort: str = "flag", cohort: str | None = None, what: str = "Caseload"
) -> Caseload:
    """Every job seeker the coach sees, a row each (of `cohort` only, when given), sorted; the
    view logged for each job seeker ("Caseload" at most once an hour; a download each time)."""
    _staff(coach)
    rules.sort_key(sort)
    cohort = one_line(cohort, "cohort", 100) if cohort else None
    now = app.now()
    limits = thresholds(app)
    since = now - CASELOAD_LOGGED_EVERY if what == "Caseload" else None
    with app.coaching.transaction() as rows:
        counts = rows.counts(coach.id, now, cohort)
        groups = rows.cohorts(coach.id)
        rows.log_caseload(coach.id, now, what, cohort, since)
    return Caseload(rules.caseload(counts, now, limits, sort), groups, cohort, sort, limits)


# -- a job seeker seen by their coach ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Seen:
    """A job seeker as their coach may see them: the account, the link, their App (to read)."""

    seeker: Account
    link: Coaching
    app: App


def seeker_view(app: App, coach: Account, seeker_id: int, what: str) -> Seen:
    """The job seeker `seeker_id` for `coach` to look at (NotFound without an active link),
    the view written to the access log as `what` ("Today", "Application 12"...)."""
    _staff(coach)
    now = app.now()
    with app.coaching.transaction() as rows:
        found = rows.open_link(coach.id, seeker_id)
        if found is None or not found.active:
            raise NotFound(NO_SUCH_SEEKER)
        rows.log(seeker_id, coach.id, now, what)
    with app.accounts.reading() as accounts:
        seeker = accounts.by_id(seeker_id)
    if seeker is None:
        raise NotFound(NO_SUCH_SEEKER)
    return Seen(seeker, found, app.for_user(seeker.name))


def _active(rows: CoachingRows, coach: Account, seeker_id: int) -> Coaching:
    found = rows.open_link(_staff(coach).id, seeker_id)
    if found is None or not found.active:
        raise NotFound(NO_SUCH_SEEKER)
    return found


def notes(app: App, coach: Account, seeker_id: int) -> list[Note]:
    """Every note on the job seeker, staff-only ones too (for their coach)."""
    with app.coaching.reading() as rows:
        _active(rows, coach, seeker_id)
        return rows.notes(seeker_id, shared_only=False)


def nudges(app: App, coach: Account, seeker_id: int) -> list[Nudge]:
    """The nudges the job seeker has had (from any coach), the newest first."""
    with app.coaching.reading() as rows:
        _active(rows, coach, seeker_id)
        return rows.nudges(seeker_id)


def add_note(app: App, coach: Account, seeker_id: int, body: str, shared: bool) -> Note:
    """A note on the job seeker: shared with them, or for staff only."""
    note = Note(seeker_id, coach.id, coaching.note_text(body), shared, app.now())
    with app.coaching.transaction() as rows:
        _active(rows, coach, seeker_id)
        rows.add_note(note)
    return note


@dataclass(frozen=True, slots=True)
class Nudged:
    nudge: Nudge
    emailed: bool


def nudge(app: App, coach: Account, seeker_id: int, body: str) -> Nudged:
    """A nudge to the job seeker: in the app at once, and by email. Conflict (409) saying when
    the next is allowed while the cap says no (one a week, unless the last was answered)."""
    text = coaching.nudge_text(body)
    now = app.now()
    with app.coaching.transaction() as rows:
        _active(rows, coach, seeker_id)
        rows.hold(seeker_id)
        recent = rows.nudges(seeker_id, limit=1)
        coaching.may_nudge(recent[0] if recent else None, now)
        made = Nudge(seeker_id, coach.id, text, now, coach_email=coach.email)
        nudge_id = rows.add_nudge(made)
        made = replace(made, id=nudge_id)
    with app.accounts.reading() as accounts:
        seeker = accounts.by_id(seeker_id)
    emailed = False
    if seeker is not None:
        emailed = _email_nudge(app, coach, seeker, text, now)
    if emailed:
        with app.coaching.transaction() as rows:
            rows.emailed(nudge_id, now)
    return Nudged(made, emailed)


def _email_nudge(app: App, coach: Account, seeker: Account, text: str, now: datetime) -> bool:
    where = (app.settings["public_url"] or "").rstrip("/")
    body = (
        f"Your coach {coach.email} sent you a nudge:\n\n{text}\n\n"
        f"Read it and answer on your Coaches page{f': {where}/coaches' if where else ''}.\n"
    )
    return _notify(app, seeker, "A nudge from your coach", body, now)


def mark_nudge(app: App, seeker: Account, nudge_id: int, answered: bool) -> None:
    """The job seeker has read a nudge, or answered it (which lets the next one come)."""
    _seeker(seeker)
    column = "answered_at" if answered else "read_at"
    with app.coaching.transaction() as rows:
        if not rows.mark_nudge(seeker.id, nudge_id, column, app.now()):
            raise NotFound("no such nudge")
