"""Drafts from templates: every template renders for realistic data, salutations are right,
user copies win, and the sandbox keeps user-edited templates away from Python internals.

The steps come from the planner with the default playbook, driven through an application's
life (interview, check-in call with no answer, keep-in-touch rotation, rejection, offer), so
the drafts are rendered for the recipients the planner really picks.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup import drafting
from followup.bootstrap import default_playbook
from followup.domain import planner
from followup.domain.errors import InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Interview,
    Profile,
    Promise,
    Relation,
    Source,
    Stage,
    Step,
)
from followup.domain.values import Region

PLAYBOOK = default_playbook()
GB = Region("GB", "ENG")
HOME = planner.Home(GB, "Europe/London")
LONDON = ZoneInfo("Europe/London")
_ids = count(500)

ZOE = Profile(
    name="Zoë Ó Súilleabháin",
    email="zoe@example.org",
    phone="+44 20 7946 0123",
    address="12 Rose Lane\nLeeds LS1 4AB",
    skills=("Python", "data modelling", "stakeholder communication"),
    region=GB,
    timezone="Europe/London",
)
MUELLER = Contact(
    "Dr Jürgen Müller",
    Relation.INTERVIEWER,
    title="Head of Data Platforms",
    email="j.mueller@acme.example",
    phone="+44 20 7946 0958",
    notes="Asked a lot about data modelling.",
    id=1,
)
DE_LA_CRUZ = Contact(  # no email: her thank-you goes by post
    "María José de la Cruz",
    Relation.INTERVIEWER,
    title="Senior Engineer",
    address="1 King Street\nLondon EC2V 8AU",
    id=2,
)
SHAH = Contact("Priya Shah", Relation.HR, title="Talent Partner", email="p.shah@acme.example", id=3)
ONEILL = Contact("Jean-Luc O'Neill", Relation.HELPER, email="jl@example.net", id=4)
AGENT = Contact(
    "Siobhán Ní Bhriain", Relation.RECRUITER, title="Consultant", organisation="Hays",
    email="siobhan@hays.example", id=5,
)  # fmt: skip
AGENT_BY_PHONE = Contact(
    "Łukasz Żółkiewski", Relation.RECRUITER, organisation="Reed", phone="+44 20 7946 0111", id=6
)
REFERENCE = Contact(
    "Ngozi Okonjo-Iweala", Relation.REFERENCE, title="Former Manager", email="n.okonjo@example.com",
    id=7,
)  # fmt: skip
REFERENCE_BY_PHONE = Contact("Søren Ågård", Relation.REFERENCE, phone="+44 20 7946 0222", id=8)
REFERRAL = Contact(
    "李明", Relation.REFERRAL, title="CTO", organisation="Nordlys", email="li@nordlys.example", id=9
)
REFERRAL_BY_PHONE = Contact("Chloé Dubois", Relation.REFERRAL, phone="+44 20 7946 0333", id=10)
REFERRAL_BY_POST = Contact("Ana Lúcia Gonçalves", Relation.REFERRAL, address="3 Mill Road", id=11)
EVERYONE = (
    MUELLER, DE_LA_CRUZ, SHAH, ONEILL, AGENT, AGENT_BY_PHONE, REFERENCE, REFERENCE_BY_PHONE,
    REFERRAL, REFERRAL_BY_PHONE, REFERRAL_BY_POST,
)  # fmt: skip
INTERVIEW = Interview(  # Tuesday 10 March 2026
    start=datetime(2026, 3, 10, 10, 0, tzinfo=LONDON),
    end=datetime(2026, 3, 10, 11, 0, tzinfo=LONDON),
    timezone="Europe/London",
    region=GB,
    notes="Talked through their Python pipelines and the move to dbt.",
    id=1,
)
NOW = datetime(2026, 3, 10, 13, 5, tzinfo=LONDON)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def application(*contacts: Contact, **changes: object) -> Application:
    contacts = contacts or EVERYONE
    agency = any(c.relation is Relation.RECRUITER for c in contacts)
    app = Application(
        company="Nørrebro Analytics",
        role="Data Engineer",
        source=Source.AGENCY if agency else Source.DIRECT,
        stage=Stage.INTERVIEWING,
        interviews=(INTERVIEW,),
        contacts=contacts,
        promises=(
            Promise("a link to my portfolio", "Dr Jürgen Müller", id=21),
            Promise("my AWS certificate", "María José de la Cruz", id=22),
        ),
        id=1,
    )
    return replan(replace(app, **changes), NOW)


def replan(app: Application, now: datetime) -> Application:
    steps = planner.plan(app, PLAYBOOK, now, HOME)
    return replace(app, steps=tuple(s if s.id else replace(s, id=next(_ids)) for s in steps))


def done(app: Application, kind: str, when: datetime, outcome: str | None = None) -> Application:
    (step,) = [s for s in app.steps if s.kind == kind and s.status == "planned"]
    step = planner.complete(app, step, outcome, when, PLAYBOOK, HOME)
    return replan(
        replace(app, steps=tuple(step if s.id == step.id else s for s in app.steps)), when
    )


def decided(app: Application, kind: DecisionKind, stage: Stage, when: datetime) -> Application:
    return replan(replace(app, decisions=(Decision(kind, when),), stage=stage), when)


def life() -> list[tuple[Application, Step]]:
    """Every step the planner makes over an application's life, with its application."""
    after_interview = application()
    no_answer = done(after_interview, "check-in-call", at("2026-03-17T10:00"), "no-answer")
    lead_by_post = application(DE_LA_CRUZ, SHAH)
    by_post = done(lead_by_post, "check-in-call", at("2026-03-17T10:00"), "no-answer")
    rotation = [done(no_answer, "check-in-call", at("2026-03-18T10:00"))]
    for day in ("2026-03-26", "2026-04-03"):  # keep-in-touch: phone, then email, then letter
        rotation.append(done(rotation[-1], "keep-in-touch", at(f"{day}T10:00")))
    rejected = decided(rotation[-1], DecisionKind.REJECTED, Stage.REJECTED, at("2026-04-14T09:00"))
    rejected_by_post = decided(lead_by_post, DecisionKind.REJECTED, Stage.REJECTED, NOW)
    offer = decided(after_interview, DecisionKind.OFFER, Stage.OFFER, at("2026-03-20T15:00"))
    hired = decided(after_interview, DecisionKind.HIRED, Stage.HIRED, at("2026-03-20T15:00"))
    apps = [
        after_interview,
        no_answer,
        by_post,
        *rotation,
        rejected,
        rejected_by_post,
        offer,
        hired,
    ]
    return [(app, step) for app in apps for step in app.steps if step.status == "planned"]


LIFE = life()
PLANNED = {(s.kind, s.channel.value) for _, s in LIFE}


def template_case(name: str) -> tuple[Application, Step]:
    """A planned step for the template's kind, moved to its channel."""
    kind, channel, _tone, *_ = name.split(".")
    app, step = next((a, s) for a, s in LIFE if s.kind == kind)
    return app, replace(step, channel=Channel(channel))


MESSAGE_TEMPLATES = [n for n in drafting.template_names() if not n.startswith("_")]
LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|\[|\]|\bNone\b|\bUndefined\b")


def test_the_planner_makes_every_kind_and_a_template_covers_every_step_it_makes() -> None:
    kinds = {rule for rule in PLAYBOOK.rules if rule != "pipeline-review"}
    assert {kind for kind, _ in PLANNED} == kinds
    for tone in ("formal", "warm"):
        names = {f"{kind}.{channel}.{tone}.txt.j2" for kind, channel in PLANNED}
        assert names <= set(MESSAGE_TEMPLATES)
    assert len(MESSAGE_TEMPLATES) == 46  # 23 (kind, channel) pairs, formal and warm


@pytest.mark.parametrize("name", MESSAGE_TEMPLATES)
def test_every_template_renders_for_realistic_data_with_nothing_left_unfilled(name: str) -> None:
    app, step = template_case(name)
    draft = drafting.render(replace(ZOE, tone=name.split(".")[2]), app, step, NOW, [])
    text = draft.text
    assert not LEFTOVERS.search(text), text
    assert app.role in text and "  " not in text and not re.search(r"\n\n\n", text)
    assert draft.body.endswith("\n") and not draft.body.endswith("\n\n")
    assert (draft.subject is not None) == (step.channel is Channel.EMAIL)
    assert ZOE.name in text or "Zoë" in text  # the user's name, accents intact
    first = draft.to[0] if draft.to else None
    if first is not None and step.channel is Channel.EMAIL:
        salutation = drafting.salutation(first.name, first.title, name.split(".")[2])
        assert draft.body.startswith(salutation + "\n\n")
    elif first is not None:  # letters and call scripts name the recipient in full
        assert first.name in text


@pytest.mark.parametrize(("app", "step"), LIFE, ids=[f"{s.kind}.{s.channel}" for _, s in LIFE])
def test_every_planned_step_renders_in_both_tones(app: Application, step: Step) -> None:
    for tone in ("formal", "warm"):
        draft = drafting.render(replace(ZOE, tone=tone), app, step, NOW, [])
        assert not LEFTOVERS.search(draft.text)
        assert draft.kind == step.kind and draft.channel is step.channel


@pytest.mark.parametrize("contacts", [(SHAH,), ()], ids=["only-hr", "nobody"])
def test_steps_render_when_only_hr_or_nobody_is_known(contacts: tuple[Contact, ...]) -> None:
    app = replan(replace(application(SHAH), contacts=contacts, promises=()), NOW)
    app = done(app, "check-in-call", at("2026-03-17T10:00"), "no-answer")
    bare = Profile(name="Sam Lee")  # no skills, no address, no phone: nothing to fill in
    for step, tone in [(s, t) for s in app.steps for t in ("formal", "warm")]:
        for channel in ("email", "letter", "phone"):
            if f"{step.kind}.{channel}.formal.txt.j2" in MESSAGE_TEMPLATES:
                moved = replace(step, channel=Channel(channel))
                text = drafting.render(replace(bare, tone=tone), app, moved, NOW, []).text
                assert not LEFTOVERS.search(text) and "Data Engineer" in text
                assert ("Priya" in text) == bool(contacts), text


def test_thank_you_to_an_interviewer_copies_hr_and_ties_skills_to_the_notes() -> None:
    app, step = next((a, s) for a, s in LIFE if s.key == "thank-you:i1:c1")
    draft = drafting.render(ZOE, app, step, NOW, [])
    assert [r.name for r in draft.to] == ["Dr Jürgen Müller"]
    assert [r.name for r in draft.cc] == ["Priya Shah"]
    assert draft.subject == "Thank you: Data Engineer interview"
    assert draft.body.startswith("Dear Dr Müller,\n\nThank you for interviewing me today")
    # Python is in the interview notes, data modelling in his contact notes.
    assert "Python and data modelling" in draft.body
    assert "a link to my portfolio" in draft.body
    assert draft.body.endswith(
        "Kind regards,\nZoë Ó Súilleabháin\n+44 20 7946 0123\nzoe@example.org\n"
    )


def test_thank_you_letter_and_helper_note_differ_from_the_interviewers_email() -> None:
    letter_app, letter = next((a, s) for a, s in LIFE if s.key == "thank-you:i1:c2")
    text = drafting.render(ZOE, letter_app, letter, NOW, []).body
    assert letter.channel is Channel.LETTER
    assert "María José de la Cruz\nSenior Engineer\nNørrebro Analytics\n1 King Street" in text
    assert "Dear María José de la Cruz," in text and "Tuesday 10 March 2026" in text
    assert text.rstrip().endswith("cc: Priya Shah")
    helper_app, helper = next((a, s) for a, s in LIFE if s.key == "thank-you:i1:c4")
    note = drafting.render(replace(ZOE, tone="warm"), helper_app, helper, NOW, [])
    assert note.body.startswith("Dear Jean-Luc,\n\nThank you so much for your help")
    assert "interviewing me" not in note.body and note.cc == ()


def test_check_in_call_has_a_call_script_and_a_voicemail_script() -> None:
    app, step = next((a, s) for a, s in LIFE if s.kind == "check-in-call")
    assert step.channel is Channel.PHONE
    draft = drafting.render(ZOE, app, step, NOW, [])
    assert draft.subject is None
    assert "If you reach Dr Müller:" in draft.body  # the call script
    assert "If no one answers, leave this message:" in draft.body  # the voicemail script
    assert "Number: +44 20 7946 0958" in draft.body and "+44 20 7946 0123" in draft.body


def test_the_reverse_cover_letter_restates_strong_points() -> None:
    app, step = next((a, s) for a, s in LIFE if s.kind == "keep-in-touch" and s.channel == "letter")
    body = drafting.render(ZOE, app, step, NOW, []).body
    assert "- Python, which we discussed at the interview\n" in body
    assert "- stakeholder communication\n" in body


def test_send_promised_names_what_is_sent() -> None:
    app, step = next((a, s) for a, s in LIFE if s.key == "send-promised:p22")
    draft = drafting.render(ZOE, app, step, NOW, [])
    assert step.channel is Channel.LETTER and "my AWS certificate" in draft.body
    assert "portfolio" not in draft.body


@pytest.mark.parametrize(
    ("name", "title", "formal", "warm"),
    [
        ("Priya Shah", "Talent Partner", "Dear Priya Shah,", "Dear Priya,"),
        ("Dr Jürgen Müller", None, "Dear Dr Müller,", None),
        ("Jürgen Müller", "Professor of Economics", "Dear Professor Müller,", None),
        ("María José de la Cruz", None, "Dear María José de la Cruz,", "Dear María,"),
        ("Jean-Luc O'Neill", "CTO", "Dear Jean-Luc O'Neill,", "Dear Jean-Luc,"),
        ("Mrs van der Berg", None, "Dear Mrs van der Berg,", None),
        ("Prof. Dr. Anna-Lena von Essen", None, "Dear Prof. Dr. von Essen,", None),
        ("Sir Elton John", None, "Dear Sir Elton,", None),
        ("Wei Zhang, PhD", None, "Dear Wei Zhang,", "Dear Wei,"),
        ('Robert "Bob" Smith Jr.', None, "Dear Robert Smith Jr.,", "Dear Bob,"),
        ("Director Jane Doe", None, "Dear Director Jane Doe,", "Dear Jane,"),
        ("李明", None, "Dear 李明,", None),
        ("  Zoë   Ó Súilleabháin ", None, "Dear Zoë Ó Súilleabháin,", "Dear Zoë,"),
        ("dr jürgen müller", None, "Dear Dr müller,", None),
    ],
)
def test_salutation(name: str, title: str | None, formal: str, warm: str | None) -> None:
    """No Mr or Ms is guessed; an honorific typed (or an academic title) is used in both tones."""
    assert drafting.salutation(name, title, "formal") == formal
    assert drafting.salutation(name, title, "warm") == (warm or formal)


def test_a_missing_profile_asks_for_followup_init() -> None:
    app, step = LIFE[0]
    with pytest.raises(InvalidInput, match="followup init --name"):
        drafting.render(None, app, step, NOW, [])


def thank_you() -> tuple[Application, Step]:
    return next((a, s) for a, s in LIFE if s.key == "thank-you:i1:c1")


def test_a_users_copy_wins_over_the_packages(tmp_path: Path) -> None:
    (tmp_path / "thank-you.email.formal.txt.j2").write_text(
        "Subject: Thanks from {{ profile.name }}\n\n{{ salutation }}\n\nMy own words.\n"
    )
    draft = drafting.render(ZOE, *thank_you(), NOW, [tmp_path])
    assert draft.subject == "Thanks from Zoë Ó Súilleabháin"
    assert draft.body == "Dear Dr Müller,\n\nMy own words.\n"
    text, path, overridden = drafting.template_source("thank-you.email.formal", [tmp_path])
    assert overridden and path == tmp_path / "thank-you.email.formal.txt.j2" and "My own" in text
    text, path, overridden = drafting.template_source("thank-you.email.warm.txt.j2", [tmp_path])
    assert not overridden and path.name == "thank-you.email.warm.txt.j2" and "extends" in text


def test_a_copy_added_while_running_is_used_at_once(tmp_path: Path) -> None:
    before = drafting.render(ZOE, *thank_you(), NOW, [tmp_path])
    (tmp_path / "thank-you.email.formal.txt.j2").write_text("Subject: Thanks\n\nMine.\n")
    after = drafting.render(ZOE, *thank_you(), NOW, [tmp_path])
    assert before.body != after.body == "Mine.\n"


def test_a_user_can_override_the_frame_of_every_email(tmp_path: Path) -> None:
    (tmp_path / "_signature.txt.j2").write_text("{{ profile.name }} (she/her)\n")
    draft = drafting.render(ZOE, *thank_you(), NOW, [tmp_path])
    assert draft.body.endswith("Kind regards,\nZoë Ó Súilleabháin (she/her)\n")


def test_a_tone_without_its_own_template_falls_back_to_formal(tmp_path: Path) -> None:
    (tmp_path / "thank-you.phone.formal.txt.j2").write_text("Call {{ recipient.name }}.\n")
    app, step = thank_you()
    draft = drafting.render(replace(ZOE, tone="warm"), app, replace(step, channel=Channel.PHONE),
                            NOW, [tmp_path])  # fmt: skip
    assert draft.body == "Call Dr Jürgen Müller.\n"
    with pytest.raises(InvalidInput, match="no template for thank-you by phone"):
        drafting.render(ZOE, app, replace(step, channel=Channel.PHONE), NOW, [])


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ recipient.__class__ }}",
        "{% set x = profile.skills.append %}{{ x('rm') }}",
        "{{ salutation.format.__globals__ }}",
    ],
)
def test_the_sandbox_refuses_a_template_that_reaches_for_python_internals(
    tmp_path: Path, attack: str
) -> None:
    (tmp_path / "thank-you.email.formal.txt.j2").write_text(f"Subject: Hi\n\n{attack}\n")
    refused = r"template thank-you.email.formal.txt.j2 line 3 is not allowed"
    with pytest.raises(InvalidInput, match=refused):
        drafting.render(ZOE, *thank_you(), NOW, [tmp_path])


def test_an_unknown_value_names_the_template_and_the_value(tmp_path: Path) -> None:
    (tmp_path / "thank-you.email.formal.txt.j2").write_text(
        "Subject: Hi\n\n{{ salutation }}\n{{ recipient.nickname }}\n"
    )
    with pytest.raises(InvalidInput) as error:
        drafting.render(ZOE, *thank_you(), NOW, [tmp_path])
    message = str(error.value)
    assert "thank-you.email.formal.txt.j2 line 4" in message and "nickname" in message
    (tmp_path / "thank-you.email.formal.txt.j2").write_text("Subject: Hi\n\n{{ signature }}\n")
    with pytest.raises(InvalidInput, match="'signature' is undefined"):
        drafting.render(ZOE, *thank_you(), NOW, [tmp_path])


def test_broken_templates_are_reported_not_raised(tmp_path: Path) -> None:
    template = tmp_path / "thank-you.email.formal.txt.j2"
    template.write_text("Subject: Hi\n\n{% if %}\n")
    with pytest.raises(InvalidInput, match="line 3"):
        drafting.render(ZOE, *thank_you(), NOW, [tmp_path])
    template.write_text("No subject line\n")
    with pytest.raises(InvalidInput, match="Subject:"):
        drafting.render(ZOE, *thank_you(), NOW, [tmp_path])
    template.write_text("Subject: Hi\n\n{% include 'nowhere.txt.j2' %}\n")
    with pytest.raises(InvalidInput, match="nowhere"):
        drafting.render(ZOE, *thank_you(), NOW, [tmp_path])


def test_template_names_and_unknown_names(tmp_path: Path) -> None:
    (tmp_path / "thank-you.phone.warm.txt.j2").write_text("Hello\n")
    names = drafting.template_names([tmp_path])
    assert "thank-you.phone.warm.txt.j2" in names and "_email.txt.j2" in names
    assert "thank-you.phone.warm.txt.j2" not in drafting.template_names()
    for bad in ("nope.email.formal", "../secrets", "a/b.txt.j2"):
        with pytest.raises(InvalidInput):
            drafting.template_source(bad, [tmp_path])


def test_context_is_plain_data_without_none() -> None:
    app, step = thank_you()
    values = drafting.context(ZOE, app, step, NOW)

    def walk(value: object) -> None:
        assert value is not None
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert isinstance(value, str | int | bool)

    walk(values)
    assert values["interview"]["date"] == "Tuesday 10 March 2026"
    assert values["interview"]["when"] == "today"
    assert values["key_skills"] == ["Python", "data modelling"]


def test_dates_read_naturally() -> None:
    day = datetime(2026, 3, 10).date()
    assert drafting.natural_date(day) == "Tuesday 10 March 2026"
    assert drafting.natural_date(day, us=True) == "Tuesday, March 10, 2026"
    assert drafting.relative_day(day, day) == "today"
    assert drafting.relative_day(day, datetime(2026, 3, 11).date()) == "yesterday"
    assert drafting.relative_day(day, datetime(2026, 3, 13).date()) == "on Tuesday"
    assert drafting.relative_day(day, datetime(2026, 3, 20).date()) == "on 10 March"
    assert drafting.relative_day(day, datetime(2027, 1, 5).date()) == "on 10 March, 2026"
