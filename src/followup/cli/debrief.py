"""`followup debrief APP`: right after an interview, record what it brought (the people met,
what happens next, promises, referrals, topics), from flags or by answering questions on a
terminal, and print the new plan."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from followup.cli.context import current
from followup.cli.entry import for_terminal
from followup.cli.output import Json
from followup.domain.debrief import interview_of
from followup.domain.errors import FollowupError, InvalidInput
from followup.domain.model import Application, Interview, Profile, Relation
from followup.input import debrief_form, parse
from followup.input.interview_form import Person

if TYPE_CHECKING:
    from followup.bootstrap import App

T = TypeVar("T")
PERSON = '"Name, Title, email, phone"'
FLAGS = "--person, --card, --decision-by, --contact-on, --promise, --referral, --topic"


def _person(spec: str, flag: str) -> Person:
    name, title, email, phone = parse.person_parts(spec, flag)
    return Person(
        "interviewer", name, title or "", email or "", phone or "", label=f"{flag} {spec!r}"
    )


def _card(app: "App", photo: Path) -> Person:
    """The person a business card's photo shows, read offline as `followup card` reads it."""
    from followup.adapters.ocr import read_lines
    from followup.services import cards

    found = cards.read_card(app.store, read_lines, photo)
    contact = cards.card_contact(found, Relation.INTERVIEWER)
    return Person(
        "interviewer",
        contact.name,
        contact.title or "",
        contact.email or "",
        contact.phone or "",
        label=f"the card {photo.name}",
    )


class _Asking:
    """Questions on the terminal: each answer checked as it is typed, and asked again after a
    mistake; Enter skips a question or ends a list."""

    def __init__(self, err: bool) -> None:
        self.err = err

    def say(self, text: str) -> None:
        typer.echo(for_terminal(text), err=self.err)

    def one(self, question: str, read: Callable[[str], T]) -> tuple[str, T] | None:
        while True:
            text = typer.prompt(question, default="", show_default=False, err=self.err).strip()
            if not text:
                return None
            try:
                return text, read(text)
            except FollowupError as exc:
                self.say(f"  {exc}")

    def several(self, question: str, read: Callable[[str], T]) -> list[tuple[str, T]]:
        answers = []
        while (answer := self.one(question, read)) is not None:
            answers.append(answer)
        return answers


def _ask(
    app: "App",
    application: Application,
    interview: Interview,
    profile: Profile | None,
    err: bool,
) -> debrief_form.Typed:
    """The answers, asked one question at a time (a list question until Enter)."""
    asking = _Asking(err)
    asking.say(
        f"Debrief of {application.company} — {application.role}, round {interview.round} "
        f"({interview.start:%a %d %b %Y %H:%M}, {interview.timezone})."
    )
    asking.say("Press Enter to skip a question or to end a list.")

    def met(text: str) -> Person:
        person = _person(text, "the person")
        debrief_form.person_met(person, application, interview)
        return person

    def photo(text: str) -> Person | None:
        path = Path(text.strip("'\"")).expanduser()  # a file dropped on a terminal is quoted
        person = _card(app, path)
        asking.say(f"  Read from {path.name}:")
        for name in ("name", "title", "email", "phone"):
            if getattr(person, name):
                asking.say(f"    {name}: {getattr(person, name)}")
        return person if typer.confirm("Add them?", default=True, err=err) else None

    people = [p for _, p in asking.several(f"Someone you met ({PERSON})", met)]
    cards = [p for _, p in asking.several("Photo of a business card (a file)", photo) if p]
    decision = asking.one(
        "Decision date (YYYY-MM-DD)",
        lambda text: debrief_form.day(text, "the decision date", interview),
    )
    contact = asking.one(
        "Date they asked you to get in touch (YYYY-MM-DD)",
        lambda text: debrief_form.day(text, "the contact date", interview),
    )
    promises = asking.several(
        'Something you promised ("what -> whom")', lambda text: parse.promise(text, "the promise")
    )
    referrals = asking.several(
        f"Someone they suggested you talk to ({PERSON})",
        lambda text: debrief_form.referral(text, "the referral", profile),
    )
    topics = asking.several("A topic you discussed", lambda text: debrief_form.topic(text))
    return debrief_form.Typed(
        people=(*people, *cards),
        decision_by=decision[0] if decision else "",
        contact_on=contact[0] if contact else "",
        promises=tuple(text for text, _ in promises),
        referrals=tuple(text for text, _ in referrals),
        topics=tuple(text for text, _ in topics),
    )


def debrief(
    app_id: Annotated[int, typer.Argument(help="The application's id.")],
    person: Annotated[
        list[str] | None,
        typer.Option(help=f"Someone you met, {PERSON} (as on their card). Repeatable."),
    ] = None,
    card: Annotated[
        list[Path] | None,
        typer.Option(help="A photo of someone's business card, read offline. Repeatable."),
    ] = None,
    decision_by: Annotated[
        str | None, typer.Option(help="The date they said they will decide by, YYYY-MM-DD.")
    ] = None,
    contact_on: Annotated[
        str | None, typer.Option(help="The date they asked you to get in touch, YYYY-MM-DD.")
    ] = None,
    promise: Annotated[
        list[str] | None,
        typer.Option(help='Something you promised to send, "what -> whom". Repeatable.'),
    ] = None,
    referral: Annotated[
        list[str] | None,
        typer.Option(help=f"Someone they suggested you talk to, {PERSON}. Repeatable."),
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option(help="A topic you discussed. Repeatable.")
    ] = None,
    json_: Json = False,
) -> None:
    """Right after an interview: record the people met, what happens next, promises,
    referrals and topics (flags, or questions on a terminal), and replan."""
    from followup import services
    from followup.cli.applications import _print_plan  # the plan, as `add` and `plan` print it
    from followup.services import debrief as debriefs

    app = current()
    now = app.now()
    application = services.applications.application(app.store, app_id)
    interview = interview_of(application, now)  # refused before any question is asked
    profile = services.people.profile(app.store)
    if any((person, card, decision_by, contact_on, promise, referral, topic)):
        met = [_person(spec, "--person") for spec in person or []]
        met += [_card(app, photo) for photo in card or []]
        typed = debrief_form.Typed(
            people=tuple(met),
            decision_by=decision_by or "",
            contact_on=contact_on or "",
            promises=tuple(promise or []),
            referrals=tuple(referral or []),
            topics=tuple(topic or []),
        )
    elif sys.stdin.isatty():
        typed = _ask(app, application, interview, profile, err=json_)
    else:
        raise InvalidInput(
            "followup debrief asks its questions on a terminal; without one, give the answers "
            f"as flags ({FLAGS})"
        )
    answers = debrief_form.debrief(typed, application, interview, profile)
    stored = debriefs.debrief(app.store, app_id, answers, app.playbook, now)
    _print_plan(stored, json_)


def register(cli: typer.Typer) -> None:
    cli.command()(debrief)
