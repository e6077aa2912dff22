"""Commands about applications: add, list, show, plan, log, decide."""

from typing import TYPE_CHECKING, Annotated

import typer

from followup import views
from followup.cli.agenda import step_lines
from followup.cli.context import current
from followup.cli.output import Json, emit, emit_lines, fields, safe, table
from followup.cli.screen import BOLD, Screen, clean
from followup.domain.errors import Duplicate
from followup.domain.model import (
    Application,
    Channel,
    DecisionKind,
    Direction,
    Step,
    Touch,
    choice,
)
from followup.input import parse

if TYPE_CHECKING:
    from rich.console import Console

PERSON = '"Name, Title, email, phone" (or "Name - Title <email>", "Name (Title)")'


def add(
    company: Annotated[
        str | None, typer.Option(help="The employer's name (required for a new application).")
    ] = None,
    role: Annotated[
        str | None, typer.Option(help="The job title applied for (required for a new one).")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            help='Interview start, "YYYY-MM-DD HH:MM" in --tz (without it, --applied records '
            "an application not at interview yet)."
        ),
    ] = None,
    duration: Annotated[str, typer.Option(help="Interview length: 60m, 1h, 1h30m.")] = "60m",
    tz: Annotated[
        str | None, typer.Option(help="IANA time zone of the interview (default: profile's).")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            help="Country[-subdivision] of the interview, e.g. GB-ENG (default: profile's)."
        ),
    ] = None,
    interviewer: Annotated[
        list[str] | None, typer.Option(help=f"An interviewer, {PERSON}. Repeatable.")
    ] = None,
    hr: Annotated[list[str] | None, typer.Option(help=f"HR contact, {PERSON}. Repeatable.")] = None,
    agency: Annotated[
        str | None, typer.Option(help=f"The agency's recruiter, {PERSON}: source becomes agency.")
    ] = None,
    decision_by: Annotated[
        str | None, typer.Option(help="The date the employer said they will decide by.")
    ] = None,
    contact_on: Annotated[
        str | None, typer.Option(help="The date the employer asked to be contacted on.")
    ] = None,
    next_round: Annotated[str | None, typer.Option(help="Date of the next round, if set.")] = None,
    promise: Annotated[
        list[str] | None, typer.Option(help='Something you promised, "what -> whom". Repeatable.')
    ] = None,
    reference: Annotated[
        list[str] | None, typer.Option(help=f"One of your references, {PERSON}. Repeatable.")
    ] = None,
    referral: Annotated[
        list[str] | None,
        typer.Option(help=f"A person suggested at the interview, {PERSON}. Repeatable."),
    ] = None,
    helper: Annotated[
        list[str] | None,
        typer.Option(help=f"Someone who helped you get the interview, {PERSON}. Repeatable."),
    ] = None,
    recruiter: Annotated[
        list[str] | None, typer.Option(help=f"The employer's recruiter, {PERSON}. Repeatable.")
    ] = None,
    format: Annotated[str, typer.Option(help="in-person, phone or video.")] = "in-person",
    round: Annotated[
        int | None,
        typer.Option(help="Interview round: 1 for the first; with --app, the next by default."),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="direct, agency or referral (default: direct).")
    ] = None,
    notes: Annotated[
        str | None, typer.Option(help="What was discussed: skills, projects, next steps.")
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            help='A topic discussed, e.g. "their move to dbt"; one naming an interviewer is '
            "theirs in the thank-you. Repeatable."
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Change a playbook number for this application, RULE.FIELD=VALUE "
            "(e.g. check-in-call.earliest=7). Repeatable.",
        ),
    ] = None,
    app_id: Annotated[
        int | None,
        typer.Option(
            "--app",
            help="Record another round of this application (its id): the interview, the "
            "people met at it, promises. --company, --role, --source, --agency, --set and "
            "--applied belong to a new application and are refused with it.",
        ),
    ] = None,
    applied: Annotated[
        str | None, typer.Option(help="The day you applied, YYYY-MM-DD (shown and exported).")
    ] = None,
    new: Annotated[
        bool,
        typer.Option(
            "--new",
            help="A new application even when one with this company and role is open "
            "(without it, that is refused: --app ID records another round of it).",
        ),
    ] = False,
    json_: Json = False,
) -> None:
    """Record an application with its interview, or another round of one (--app), and print
    its plan."""
    from followup import services
    from followup.cli.profile import profile_to_plan_with
    from followup.input import interview_form

    app = current()
    _refuse_for_a_round(
        app_id, company=company, role=role, source=source, agency=agency, set=set_, applied=applied
    )
    given = {
        "interviewer": interviewer,
        "hr": hr,
        "recruiter": recruiter,
        "agency": [agency] if agency else [],
        "reference": reference,
        "referral": referral,
        "helper": helper,
    }
    people = []
    for kind, specs in given.items():
        for spec in specs or []:
            name, title, email, phone = parse.person_parts(spec, f"--{kind}")
            label = f"--{kind} {spec!r}"
            people.append(
                interview_form.Person(
                    kind, name, title or "", email or "", phone or "", label=label
                )
            )
    typed = interview_form.Typed(
        company=company or "",
        role=role or "",
        at=at or "",
        duration=duration,
        tz=tz or "",
        country=country or "",
        format=format,
        round=str(round) if round is not None else ("" if app_id is not None else "1"),
        source=source or "",
        notes=notes or "",
        decision_by=decision_by or "",
        contact_on=contact_on or "",
        next_round=next_round or "",
        people=tuple(people),
        promises=tuple(promise or []),
        settings=tuple(set_ or []),
        applied=applied or "",
        topics=tuple(topic or []),
    )
    me = profile_to_plan_with(app)  # on the first run, asked for (or refused): never UTC unasked
    if app_id is not None:
        known = services.applications.application(app.store, app_id)
        made = interview_form.another_round(typed, known, me, app.playbook)
        stored = services.applications.add_round(
            app.store, app_id, *made, playbook=app.playbook, now=app.now()
        )
    else:
        application = interview_form.application(typed, me, app.playbook)
        try:
            stored = services.applications.record_interview(
                app.store, application, app.playbook, app.now(), as_new=new
            )
        except Duplicate as exc:
            raise Duplicate(
                f"{exc} Record another round of it with --app {exc.application_id}, or a new "
                "application with --new",
                exc.application_id,
            ) from None
    _print_plan(stored, json_)


def _refuse_for_a_round(app_id: int | None, **given: object) -> None:
    """With --app, the options that belong to a new application are refused, all named; without
    it, --company and --role are required."""
    from followup.domain.errors import InvalidInput

    if app_id is None:
        missing = [f"--{k}" for k in ("company", "role") if given[k] is None]
        if missing:
            verb = "is" if len(missing) == 1 else "are"
            raise InvalidInput(
                f"{' and '.join(missing)} {verb} required for a new application "
                "(or --app ID to record another round of one)"
            )
        return
    refused = [f"--{k}" for k, v in given.items() if v not in (None, [])]
    if refused:
        one = len(refused) == 1
        raise InvalidInput(
            f"--app {app_id} records another round of that application; {', '.join(refused)} "
            f"{'is' if one else 'are'} only for a new application: leave {'it' if one else 'them'} "
            "out"
        )


def _print_plan(application: Application, as_json: bool) -> None:
    steps = sorted(application.steps, key=lambda s: (s.earliest, s.due, s.id or 0))
    records = [views.step_record(s) for s in steps]
    data = {"application": views.application_record(application), "steps": records}

    def human(screen: "Screen") -> None:
        bold = screen.style(BOLD)
        screen.line(
            f"{bold(f'#{application.id}')} {clean(application.company)} — "
            f"{clean(application.role)} ({clean(application.stage.value)})"
        )
        step_lines(screen, records)

    emit_lines(data, as_json, human)


def steps_table(screen: "Screen", steps: list[Step]) -> None:
    """Each step as a short block (`agenda.step_lines`)."""
    step_lines(screen, [views.step_record(s) for s in steps])


def list_(json_: Json = False) -> None:
    """List applications with their stage."""
    from followup import services

    rows = services.applications.applications(current().store)

    def human(screen: "Screen") -> None:
        if not rows:
            screen.line("No applications yet: record one with `followup add`.")
            return
        screen.table(
            ["id", "company", "role", "stage", "applied", "last interview"],
            [
                (
                    r.id,
                    r.company,
                    r.role,
                    r.stage.value,
                    r.applied_at.isoformat() if r.applied_at else "",
                    f"{r.last_interview:%Y-%m-%d}" if r.last_interview else "",
                )
                for r in rows
            ],
        )

    emit_lines([views.summary_record(r) for r in rows], json_, human)


def show(
    app_id: Annotated[int, typer.Argument(help="The application's id.")], json_: Json = False
) -> None:
    """Show one application: interviews, contacts, promises, touches, decisions, steps."""
    from followup import services

    a = services.applications.application(current().store, app_id)

    def human(out: "Console") -> None:
        fields(
            out,
            f"#{a.id} {a.company} — {a.role}",
            [
                ("stage", a.stage.value),
                ("source", a.source.value),
                ("applied", a.applied_at.isoformat() if a.applied_at else None),
                ("notes", a.notes),
            ],
        )
        for i in a.interviews:
            out.print(
                f"Interview round {i.round}: {i.start:%a %d %b %Y %H:%M}–{i.end:%H:%M} "
                f"{safe(i.timezone)} ({safe(i.format.value)})"
                + (f", decision by {i.decision_by}" if i.decision_by else "")
                + (f", contact on {i.contact_on}" if i.contact_on else "")
            )
            met = [c.name for c in a.contacts if any(m is i for m in a.met_at(c))]
            if met:
                out.print(f"   met: {', '.join(map(safe, met))}")
            if i.topics:
                out.print(f"   topics discussed: {safe('; '.join(i.topics))}")
        if a.contacts:
            table(
                out,
                "Contacts",
                ["id", "name", "title", "relation", "email", "phone"],
                [(c.id, c.name, c.title, c.relation.value, c.email, c.phone) for c in a.contacts],
            )
        for p in a.promises:
            out.print(f"Promised: {safe(p.what)} → {safe(p.to)}{' (done)' if p.done else ''}")
        for t in a.touches:
            out.print(
                f"Touch: {t.at:%Y-%m-%d %H:%M} {safe(t.direction.value)} {safe(t.channel.value)}"
                + (f" — {safe(t.note)}" if t.note else "")
            )
        for d in a.decisions:
            out.print(f"Decision: {safe(d.kind.value)} on {d.at:%Y-%m-%d}")
        screen = Screen.here()  # after what Rich printed above
        steps_table(screen, sorted(a.steps, key=lambda s: (s.earliest, s.due)))
        screen.write()

    emit(views.application_detail(a), json_, human)


def plan(
    app_id: Annotated[int, typer.Argument(help="The application's id.")], json_: Json = False
) -> None:
    """The application's steps in time order."""
    from followup import services

    _print_plan(services.applications.application(current().store, app_id), json_)


def log(
    app_id: Annotated[int, typer.Argument(help="The application's id.")],
    channel: Annotated[
        str, typer.Option(help="email, phone, voicemail, letter, in-person, other.")
    ],
    direction: Annotated[str, typer.Option(help="out (you contacted them) or in (they did).")],
    note: Annotated[str | None, typer.Option(help="What was said.")] = None,
    outcome: Annotated[str | None, typer.Option(help="How it went, in a word or two.")] = None,
    when: Annotated[
        str | None, typer.Option("--at", help='When, "YYYY-MM-DD HH:MM" (default: now).')
    ] = None,
    tz: Annotated[
        str | None, typer.Option(help="Time zone of --at (default: your profile's, else UTC).")
    ] = None,
    json_: Json = False,
) -> None:
    """Record a touch: a contact that happened, in either direction (never in the future)."""
    from followup import services

    app = current()
    if when and tz is None:
        me = services.people.profile(app.store)
        tz = me.timezone if me else "UTC"
    touch = Touch(
        channel=choice(Channel, channel, "channel"),
        direction=choice(Direction, direction, "direction"),
        at=parse.moment(when, tz or "UTC", "--at") if when else app.now(),
        outcome=outcome,
        note=note,
    )
    stored = services.applications.log_touch(app.store, app_id, touch, app.playbook, app.now())
    emit(
        views.touch_record(stored),
        json_,
        lambda out: out.print(
            f"Logged {safe(stored.direction.value)} {safe(stored.channel.value)} touch "
            f"#{stored.id} "
            f"on application {app_id}."
        ),
    )


def decide(
    app_id: Annotated[int, typer.Argument(help="The application's id.")],
    kind: Annotated[str, typer.Argument(help="offer, rejected, withdrawn, hired or closed.")],
    note: Annotated[str | None, typer.Option(help="Anything worth keeping about it.")] = None,
    by: Annotated[
        str | None,
        typer.Option(
            help="Who told you (a contact of the application, by name): the feedback request "
            "thanks them, or says you heard it from them."
        ),
    ] = None,
    json_: Json = False,
) -> None:
    """Record the employer's (or your) decision on an application."""
    from followup import services

    app = current()
    decided = services.applications.decide(
        app.store,
        app_id,
        choice(DecisionKind, kind, "decision"),
        app.playbook,
        app.now(),
        note,
        by=by,
    )
    _print_plan(decided, json_)


def register(cli: typer.Typer) -> None:
    cli.command()(add)
    cli.command("list")(list_)
    cli.command()(show)
    cli.command()(plan)
    cli.command()(log)
    cli.command()(decide)
