"""Reviewing a step's draft (services/drafts.py) on the in-memory fakes: an email that
continues a conversation answers it, under the thread's subject, and the checks leave the
other side's words in that subject alone; a draft's greeting is checked beside the
application's other drafts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from followup import services
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Direction,
    Profile,
    Recipient,
    Relation,
    Touch,
)
from followup.domain.personalisation import date_country
from followup.domain.values import Region
from followup.services import drafts

from .fakes import FakeProofreader, FakeStore
from .service_cases import NOW, PLAYBOOK, recorded

# An applicant-tracking system's subject: a tag in brackets and a TODO, which the placeholders
# check would take for unfilled placeholders (errors) in the user's own words.
THEIRS = "[Acme] RE: Re: Your interview - TODO before Friday"


def test_a_draft_in_a_conversation_answers_it_under_its_subject() -> None:
    store = FakeStore()
    services.people.update_profile(store, {"name": "Alex Morgan", "email": "alex@example.org"})
    app = recorded(store)
    assert app.id is not None
    [priya] = app.contacts
    [thanks] = [s for s in app.steps if s.kind == "thank-you" and s.id is not None]
    before = drafts.review(store, thanks.id or 0, NOW, FakeProofreader(), [])
    assert before.draft.subject is not None and not before.draft.subject.startswith("Re:")

    reply = Touch(Channel.EMAIL, Direction.IN, NOW - timedelta(minutes=30),
                  note=f"{THEIRS}\nFrom: priya@acme.example", message_id="<r1@acme.example>",
                  contact_id=priya.id, references=("<r0@acme.example>",))  # fmt: skip
    services.applications.log_touch(store, app.id, reply, PLAYBOOK, NOW)
    reviewed = drafts.review(store, thanks.id or 0, NOW, FakeProofreader(), [])
    assert reviewed.draft.subject == "Re: [Acme] RE: Re: Your interview - TODO before Friday"
    assert reviewed.draft.body == before.draft.body
    assert not reviewed.errors  # "[Acme]" and "TODO" are theirs, not the user's to fill in

    # The user's own text is checked as ever: a placeholder they left is an error...
    mine = f"Subject: Thanks, [Name]\n\n{reviewed.draft.body}"
    edited = drafts.review(store, thanks.id or 0, NOW, FakeProofreader(), [], mine)
    assert [mine[f.start : f.end] for f in edited.errors] == ["[Name]"]
    # ...and the thread's subject kept in an edit is still theirs.
    again = reviewed.draft.text.replace("\n\n", "\n\nHi again.\n\n", 1)
    kept = drafts.review(store, thanks.id or 0, NOW, FakeProofreader(), [], again)
    assert kept.draft.subject == reviewed.draft.subject and not kept.errors


def test_a_draft_is_checked_beside_its_applications_other_drafts_for_its_greeting() -> None:
    """Issue #15: two interviewers, one greeted "Dear Dr Walsh", the other "Dear James", at a
    warm tone: the finding is on the draft that strays, in `draft`, the editor's live check
    and `followup check`, with the right greeting; kept edits are read as the other drafts."""
    store = FakeStore()
    services.people.update_profile(store, {"name": "Alex Morgan", "tone": "warm"})
    walsh = Contact("Dr Aoife Walsh", Relation.INTERVIEWER, email="aoife@acme.example")
    james = Contact("James O'Brien", Relation.INTERVIEWER, email="james@acme.example")
    app = recorded(store, contacts=(walsh, james))
    thanks = {s.recipients[0].name: s for s in app.steps if s.kind == "thank-you"}
    to_walsh, to_james = thanks["Dr Aoife Walsh"].id or 0, thanks["James O'Brien"].id or 0

    def greeted(reviewed: drafts.Reviewed) -> list[tuple[str, str | None]]:
        text = reviewed.draft.text
        return [(text[f.start : f.end], f.suggestion) for f in reviewed.findings
                if f.check == "salutations"]  # fmt: skip

    # The drafts as written follow the warm rule (first names): nothing to say.
    assert greeted(drafts.review(store, to_walsh, NOW, FakeProofreader(), [])) == []
    assert greeted(drafts.review(store, to_james, NOW, FakeProofreader(), [])) == []
    written = drafts.review(store, to_walsh, NOW, FakeProofreader(), []).draft.text
    assert "Dear Aoife," in written
    mine = written.replace("Dear Aoife,", "Dear Dr Walsh,")
    assert greeted(drafts.review(store, to_walsh, NOW, FakeProofreader(), [], mine)) == [
        ("Dr Walsh", "Aoife")
    ]
    found = drafts.check_text(store, app.id or 0, mine, "", Channel.EMAIL, NOW, FakeProofreader())
    assert [(f.check, mine[f.start : f.end]) for f in found] == [("salutations", "Dr Walsh")]

    # Kept, the stray greeting is still the one flagged (the kept text is what is read), and
    # James's draft, which follows the rule, is not flagged for standing beside it.
    drafts.keep_edit(store, to_walsh, mine, NOW, FakeProofreader(), [])
    assert greeted(drafts.review(store, to_walsh, NOW, FakeProofreader(), [])) == [
        ("Dr Walsh", "Aoife")
    ]
    assert greeted(drafts.review(store, to_james, NOW, FakeProofreader(), [])) == []


def test_dates_are_checked_for_the_recipients_country_else_the_interviews_else_yours() -> None:
    me = Profile("Alex Morgan", region=Region("GB"))
    ana = Contact("Ana Ruiz", Relation.INTERVIEWER, region=Region("US"), id=7)
    app = Application("Acme", "Analyst", contacts=(ana,))
    [step] = [s for s in recorded(FakeStore()).steps if s.kind == "thank-you"]
    to_ana = replace(step, recipients=(Recipient("Ana Ruiz", Relation.INTERVIEWER, contact_id=7),))
    assert date_country(app, to_ana, me) == "US"
    assert date_country(app, step, me) == "GB"  # not to her: the user's country
    interview = replace(recorded(FakeStore()).interviews[0], region=Region("DE"))
    assert date_country(replace(app, interviews=(interview,)), step, me) == "DE"
    assert date_country(app, None, None) is None
    context = drafts.context(me, app, "", Channel.EMAIL, NOW, FakeProofreader(), None, to_ana)
    assert context.country == "US"
