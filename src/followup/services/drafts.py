"""Use cases about drafts: render and check a step's draft, keep the user's edit, check any
text, and print a letter. Errors found by the checks block printing (and, later, sending)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from followup.adapters.templates import render
from followup.domain import checks, messages, personalisation
from followup.domain.checks.frames import WRITTEN
from followup.domain.checks.salutations import salutations
from followup.domain.drafts import CheckContext, Draft, Finding, Letter, Severity
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.messages import Attachment
from followup.domain.model import (
    OPEN_STATUSES,
    Application,
    Channel,
    Contact,
    Profile,
    Step,
    StepStatus,
)
from followup.domain.promised import Promised
from followup.domain.values import text_block, zone
from followup.ports import Proofreader, Repository, Store
from followup.services.promised import kept

_SUBJECT = re.compile(r"Subject:[ \t]*(?P<subject>[^\n]*)\n\n?")


@dataclass(frozen=True, slots=True)
class Addressees:
    """A draft's To and Cc: (name, email address or None) each."""

    to: tuple[tuple[str, str | None], ...]
    cc: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class Reviewed:
    step: Step
    draft: Draft
    findings: list[Finding]
    edited: bool  # the text is the user's, kept with the step
    application: Application  # as read for the review, so callers need not read it again
    profile: Profile
    kept: Promised | None = None  # the file or link a send-promised step sends

    @property
    def addressees(self) -> Addressees:
        """Whom the draft goes to and who is copied, each with the address mail would use
        (None when unknown): what every draft view shows before approval."""
        draft, app = self.draft, self.application
        to = tuple((r.name, messages.address_of(app, r)) for r in draft.to)
        return Addressees(to, tuple((r.name, messages.address_of(app, r)) for r in draft.cc))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def refuse_errors(self, then: str = "") -> None:
        """Error findings block printing and sending: refuse, naming the first."""
        if self.errors:
            step_id, first = self.step.id, self.errors[0]
            fix = f"`followup draft {step_id} --edit`"
            if first.check == "promised" and self.kept is None:
                fix = f"`followup promise attach {step_id} FILE` (or --link URL)"
            raise Conflict(
                f"the draft of step {step_id} has {len(self.errors)} error(s), e.g. "
                f"{first.message}; fix it with {fix}{then}"
            )


def _words(*texts: str | None) -> frozenset[str]:
    return frozenset(w.lower() for t in texts if t for w in re.findall(r"[^\W\d_]+", t))


def context(
    profile: Profile | None,
    application: Application,
    kind: str,
    channel: Channel,
    now: datetime,
    proofreader: Proofreader,
    earliest: datetime | None = None,
    step: Step | None = None,
    promised: tuple[str | None, Promised | None] = (None, None),
) -> CheckContext:
    """What the checks compare a text with, for one application (and one of its steps)."""
    return CheckContext(
        kind=kind,
        channel=channel,
        company=application.company,
        role=application.role,
        skills=profile.skills if profile else (),
        contacts=application.contacts,
        known_words=_words(
            profile.name if profile else None,
            profile.signature if profile else None,
            *(profile.skills if profile else ()),
            promised[1].file_name if promised[1] else None,  # the attachment's name
        ),
        earliest=earliest,
        now=now,
        country=personalisation.date_country(application, step, profile),
        unknown_words=proofreader.unknown_words,
        suggest=proofreader.suggest,
        style=proofreader.style,
        promised=promised[0],
        kept=promised[1],
    )


def _greetings(
    profile: Profile,
    application: Application,
    now: datetime,
    templates: Sequence[Path],
    apart_from: Step | None = None,
) -> Iterator[tuple[str, str]]:
    """The application's other letters and emails, each (what it is, its text): the text
    kept with a step to do or done, else the step's draft rendered. Rendered only as the
    salutations check reads them: it stops at the first that tells."""
    for step in application.steps:
        if step.channel not in WRITTEN or (apart_from and step.id == apart_from.id):
            continue
        if step.status not in OPEN_STATUSES and not (step.status is StepStatus.DONE and step.draft):
            continue
        label = f"step {step.id}'s {step.kind}"
        if step.draft:
            yield label, step.draft
            continue
        try:
            yield label, render(profile, application, step, now, templates).text
        except InvalidInput:  # a template the user broke is named when that step is drafted
            continue


def _stored_draft(step: Step, rendered: Draft, text: str) -> Draft:
    """The user's text as a Draft (an email's first line is its subject)."""
    match = _SUBJECT.match(text) if step.channel is Channel.EMAIL else None
    if match:
        return dataclasses.replace(
            rendered, subject=match["subject"].strip(), body=text[match.end() :]
        )
    return dataclasses.replace(rendered, body=text)


def review_in(
    repo: Repository,
    step_id: int,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path],
    text: str | None = None,
    attached: Sequence[Attachment] = (),
) -> Reviewed:
    """`review` inside the caller's transaction (sending approves in the same one)."""
    step = repo.get_step(step_id)
    if step.application_id is None:
        raise InvalidInput(f"step {step_id} belongs to no application")
    application = repo.get_application(step.application_id)
    profile = repo.get_profile()
    what, item = kept(repo, application, step, attached)
    draft = render(profile, application, step, now, templates, item)
    assert profile is not None  # render refuses to draft without one
    # An email that continues a conversation answers it: `Re: ` and the mail's subject.
    thread = messages.thread_of(application, draft)
    draft = thread.answer(draft)
    mine = step.draft if text is None else text
    if mine:
        draft = _stored_draft(step, draft, mine)
    found = checks.check(
        draft.text,
        context(
            profile,
            application,
            step.kind,
            step.channel,
            now,
            proofreader,
            step.earliest,
            step,
            (what, item),
        ),
    )
    if step.channel in WRITTEN:  # its greeting, beside the application's other messages
        others = _greetings(profile, application, now, templates, apart_from=step)
        found = checks.ordered(
            found + salutations(draft.text, profile.tone, application.contacts, others)
        )
    if quoted := thread.quoted(draft):  # the other side's subject is not the user's to fix
        found = [f for f in found if not (quoted[0] <= f.start and f.end <= quoted[1])]
    return Reviewed(step, draft, found, bool(mine), application, profile, item)


def review(
    store: Store,
    step_id: int,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path],
    text: str | None = None,
    attached: Sequence[Attachment] = (),
) -> Reviewed:
    """The step's draft (the user's kept edit, else rendered from its template) and what the
    checks find in it. With `text`: that text checked as the step's draft, kept nowhere (the
    editor's live checks). `attached`: files the user attaches as they approve it."""
    if text is not None:
        text_block(text, "the draft")
    with store.transaction() as repo:
        return review_in(repo, step_id, now, proofreader, templates, text, attached)


def keep_edit(
    store: Store,
    step_id: int,
    text: str,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path],
) -> Reviewed:
    """Keep the user's edited text with the step, and check it again."""
    if not text.strip():
        raise InvalidInput("the edited draft is empty; nothing was kept")
    text_block(text, "the edited draft")
    with store.transaction() as repo:
        step = repo.get_step(step_id)
        if step.application_id is None:
            raise InvalidInput(f"step {step_id} belongs to no application")
        siblings = repo.get_application(step.application_id).steps
        edited = dataclasses.replace(step, draft=text)
        repo.save_steps(step.application_id, [edited if s.id == step_id else s for s in siblings])
        return review_in(repo, step_id, now, proofreader, templates)


def check_text(
    store: Store,
    application_id: int,
    text: str,
    kind: str,
    channel: Channel,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path] = (),
) -> list[Finding]:
    """What the checks find in any text, in the context of one application, its greeting
    beside the application's letters and emails."""
    text_block(text, "the text to check")
    with store.transaction() as repo:
        application = repo.get_application(application_id)
        profile = repo.get_profile()
    found = checks.check(text, context(profile, application, kind, channel, now, proofreader))
    if profile is not None and channel in WRITTEN:
        others = _greetings(profile, application, now, templates)
        found += salutations(text, profile.tone, application.contacts, others)
    return checks.ordered(found)


def _recipient_contact(application: Application, step: Step) -> Contact:
    ids = [r.contact_id for r in step.recipients]
    found = next((c for c in application.contacts if c.id is not None and c.id in ids), None)
    if found is None:
        raise InvalidInput(f"step {step.id} has no recipient to write to")
    return found


def _words_only(body: str, sender: str, recipient: str) -> str:
    """The draft's words for the page. A letter edited and kept before the page took over the
    addresses and the date began with them (your name and address, the date, the recipient's
    address); those three paragraphs are dropped here, so that they are not printed twice."""
    parts = body.split("\n\n")
    if (
        len(parts) > 3
        and parts[0].splitlines()[0] == sender
        and "\n" not in parts[1].strip()
        and parts[2].splitlines()[0] == recipient
    ):
        return "\n\n".join(parts[3:])
    return body


def letter(
    store: Store,
    step_id: int,
    now: datetime,
    proofreader: Proofreader,
    templates: Sequence[Path],
    printer: Callable[[Letter], bytes],
    on: date | None = None,
) -> bytes:
    """The step's draft as a printed letter, refused while the checks find errors. It carries
    one date: `on` if the user sets one, else the day it is printed, in the user's time zone.
    The draft holds the words (heading to signature); the page adds the addresses and date."""
    with store.transaction() as repo:
        reviewed = review_in(repo, step_id, now, proofreader, templates)
    step, application, profile = reviewed.step, reviewed.application, reviewed.profile
    reviewed.refuse_errors()
    if not profile.address:
        raise InvalidInput('a letter needs your postal address: followup init --address "..."')
    to = _recipient_contact(application, step)
    if not to.address:
        raise InvalidInput(
            f'{to.name} has no postal address: followup contacts edit {to.id} --address "..."'
        )
    block = "\n".join(x for x in (to.name, to.title, to.organisation, to.address) if x)
    return printer(
        Letter(
            sender_name=profile.name,
            sender_address=profile.address,
            sender_contact=" · ".join(x for x in (profile.email, profile.phone) if x),
            recipient_block=block,
            on=on or now.astimezone(zone(profile.timezone)).date(),
            body=_words_only(reviewed.draft.body, profile.name, to.name),
            sender_country=profile.region.country if profile.region else None,
            recipient_country=personalisation.date_country(application, step, profile),
        )
    )
