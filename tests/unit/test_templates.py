"""Drafts from templates: every template renders for realistic data, user copies win, and the
sandbox keeps user-edited templates away from Python internals (adapters/templates.py).

The steps come from the planner with the default playbook (tests/unit/draft_cases.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from followup.adapters.templates import render, template_names, template_source
from followup.domain.errors import InvalidInput
from followup.domain.model import Application, Channel, Contact, Profile, Step
from followup.domain.names import salutation
from tests.unit.draft_cases import (
    LIFE,
    MESSAGE_TEMPLATES,
    NOW,
    PLANNED,
    PLAYBOOK,
    SHAH,
    ZOE,
    application,
    at,
    done,
    replan,
    template_case,
    thank_you,
)

LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|\[|\]|\bNone\b|\bUndefined\b")


def test_the_planner_makes_every_kind_and_a_template_covers_every_step_it_makes() -> None:
    kinds = {rule for rule in PLAYBOOK.rules if rule != "pipeline-review"}
    assert {kind for kind, _ in PLANNED} == kinds
    for tone in ("formal", "warm"):
        names = {f"{kind}.{channel}.{tone}.txt.j2" for kind, channel in PLANNED}
        assert names <= set(MESSAGE_TEMPLATES)
    assert len(MESSAGE_TEMPLATES) == 54  # 27 (kind, channel) pairs, formal and warm


@pytest.mark.parametrize("name", MESSAGE_TEMPLATES)
def test_every_template_renders_for_realistic_data_with_nothing_left_unfilled(name: str) -> None:
    app, step = template_case(name)
    draft = render(replace(ZOE, tone=name.split(".")[2]), app, step, NOW, [])
    text = draft.text
    assert not LEFTOVERS.search(text), text
    assert app.role in text and "  " not in text and not re.search(r"\n\n\n", text)
    assert draft.body.endswith("\n") and not draft.body.endswith("\n\n")
    assert (draft.subject is not None) == (step.channel is Channel.EMAIL)
    assert ZOE.name in text or "Zoë" in text  # the user's name, accents intact
    first = draft.to[0] if draft.to else None
    if first is not None and step.channel is Channel.EMAIL:
        greeting = salutation(first.name, first.title, name.split(".")[2])
        assert draft.body.startswith(greeting + "\n\n")
    elif first is not None and step.channel is Channel.LETTER:  # the page prints the address
        greeting = salutation(first.name, first.title, name.split(".")[2])
        assert f"\n\n{greeting}\n\n" in draft.body
    elif first is not None:  # call scripts name the recipient in full
        assert first.name in text


@pytest.mark.parametrize(("app", "step"), LIFE, ids=[f"{s.kind}.{s.channel}" for _, s in LIFE])
def test_every_planned_step_renders_in_both_tones(app: Application, step: Step) -> None:
    for tone in ("formal", "warm"):
        draft = render(replace(ZOE, tone=tone), app, step, NOW, [])
        assert not LEFTOVERS.search(draft.text)
        assert draft.kind == step.kind and draft.channel is step.channel


@pytest.mark.parametrize("contacts", [(SHAH,), ()], ids=["only-hr", "nobody"])
def test_steps_render_when_only_hr_or_nobody_is_known(contacts: tuple[Contact, ...]) -> None:
    app = replan(replace(application(SHAH), contacts=contacts, promises=()), NOW)
    call = next(s for s in app.steps if s.kind == "check-in-call")
    outcome = "no-answer" if call.channel is Channel.PHONE else None  # Priya has no phone
    app = done(app, "check-in-call", at("2026-03-17T10:00"), outcome)
    bare = Profile(name="Sam Lee")  # no skills, no address, no phone: nothing to fill in
    for step, tone in [(s, t) for s in app.steps for t in ("formal", "warm")]:
        for channel in ("email", "letter", "phone"):
            if f"{step.kind}.{channel}.formal.txt.j2" in MESSAGE_TEMPLATES:
                moved = replace(step, channel=Channel(channel))
                text = render(replace(bare, tone=tone), app, moved, NOW, []).text
                assert not LEFTOVERS.search(text) and "Data Engineer" in text
                assert ("Priya" in text) == bool(contacts), text


def test_thank_you_to_an_interviewer_copies_hr_and_ties_skills_to_the_notes() -> None:
    app, step = next((a, s) for a, s in LIFE if s.key == "thank-you:i1:c1")
    draft = render(ZOE, app, step, NOW, [])
    assert [r.name for r in draft.to] == ["Dr Jürgen Müller"]
    assert [r.name for r in draft.cc] == ["Priya Shah"]
    assert draft.subject == "Thank you: Data Engineer interview"
    assert draft.body.startswith("Dear Dr Müller,\n\nThank you for interviewing me today")
    # Python is in the interview notes, data modelling in his contact notes: each phrased by
    # what it is, a tool worked with, a practice with an approach.
    assert "working with Python and your approach to data modelling" in draft.body
    assert "work I know well" not in draft.body
    assert "a link to my portfolio" in draft.body
    assert draft.body.endswith(
        "Kind regards,\nZoë Ó Súilleabháin\n+44 20 7946 0123\nzoe@example.org\n"
    )


def test_thank_you_letter_and_helper_note_differ_from_the_interviewers_email() -> None:
    letter_app, letter = next((a, s) for a, s in LIFE if s.key == "thank-you:i1:c2")
    text = render(ZOE, letter_app, letter, NOW, []).body
    assert letter.channel is Channel.LETTER
    assert "Dear María José de la Cruz," in text
    # The words only: the page prints the addresses and the one date (adapters/letters.py).
    assert "1 King Street" not in text and "12 Rose Lane" not in text
    assert not re.search(r"(^|\n\n)[^\n]*\d{4}\n\n", text.split("\n\n", 1)[1])  # no date line
    assert text.rstrip().endswith("Zoë Ó Súilleabháin")
    assert "cc:" not in text  # HR is copied once: on the lead's (Dr Müller's) email
    helper_app, helper = next((a, s) for a, s in LIFE if s.key == "thank-you:i1:c4")
    note = render(replace(ZOE, tone="warm"), helper_app, helper, NOW, [])
    assert note.body.startswith("Dear Jean-Luc,\n\nThank you so much for your help")
    assert "interviewing me" not in note.body and note.cc == ()


def test_check_in_call_has_a_call_script_and_a_voicemail_script() -> None:
    app, step = next((a, s) for a, s in LIFE if s.kind == "check-in-call")
    assert step.channel is Channel.PHONE
    draft = render(ZOE, app, step, NOW, [])
    assert draft.subject is None
    assert "If you reach Dr Müller:" in draft.body  # the call script
    assert "If no one answers, leave this message:" in draft.body  # the voicemail script
    assert "Number: +44 20 7946 0958" in draft.body and "+44 20 7946 0123" in draft.body


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_the_reverse_cover_letter_restates_strong_points_in_prose(tone: str) -> None:
    app, step = next((a, s) for a, s in LIFE if s.kind == "keep-in-touch" and s.channel == "letter")
    body = render(replace(ZOE, tone=tone), app, step, NOW, []).body
    assert not re.search(r"^\s*[-*•]", body, re.MULTILINE)  # short paragraphs, never a list
    assert "hands-on experience with Python" in body
    assert "a track record in data modelling and stakeholder communication" in body
    assert "working with Python" in body  # discussed at the interview, said once


def test_send_promised_names_what_is_sent() -> None:
    app, step = next((a, s) for a, s in LIFE if s.key == "send-promised:p22")
    draft = render(ZOE, app, step, NOW, [])
    assert step.channel is Channel.LETTER and "my AWS certificate" in draft.body
    assert "portfolio" not in draft.body


def test_a_missing_profile_asks_for_followup_init() -> None:
    app, step = LIFE[0]
    with pytest.raises(InvalidInput, match="followup init --name"):
        render(None, app, step, NOW, [])


def test_a_users_copy_wins_over_the_packages(tmp_path: Path) -> None:
    (tmp_path / "thank-you.email.formal.txt.j2").write_text(
        "Subject: Thanks from {{ profile.name }}\n\n{{ salutation }}\n\nMy own words.\n"
    )
    draft = render(ZOE, *thank_you(), NOW, [tmp_path])
    assert draft.subject == "Thanks from Zoë Ó Súilleabháin"
    assert draft.body == "Dear Dr Müller,\n\nMy own words.\n"
    text, path, overridden = template_source("thank-you.email.formal", [tmp_path])
    assert overridden and path == tmp_path / "thank-you.email.formal.txt.j2" and "My own" in text
    text, path, overridden = template_source("thank-you.email.warm.txt.j2", [tmp_path])
    assert not overridden and path.name == "thank-you.email.warm.txt.j2" and "extends" in text


def test_a_copy_added_while_running_is_used_at_once(tmp_path: Path) -> None:
    before = render(ZOE, *thank_you(), NOW, [tmp_path])
    (tmp_path / "thank-you.email.formal.txt.j2").write_text("Subject: Thanks\n\nMine.\n")
    after = render(ZOE, *thank_you(), NOW, [tmp_path])
    assert before.body != after.body == "Mine.\n"


def test_a_user_can_override_the_frame_of_every_email(tmp_path: Path) -> None:
    (tmp_path / "_signature.txt.j2").write_text("{{ profile.name }} (she/her)\n")
    draft = render(ZOE, *thank_you(), NOW, [tmp_path])
    assert draft.body.endswith("Kind regards,\nZoë Ó Súilleabháin (she/her)\n")


def test_a_tone_without_its_own_template_falls_back_to_formal(tmp_path: Path) -> None:
    (tmp_path / "thank-you.voicemail.formal.txt.j2").write_text("Call {{ recipient.name }}.\n")
    app, step = thank_you()
    draft = render(replace(ZOE, tone="warm"), app, replace(step, channel=Channel.VOICEMAIL),
                            NOW, [tmp_path])  # fmt: skip
    assert draft.body == "Call Dr Jürgen Müller.\n"
    with pytest.raises(InvalidInput, match="no template for thank-you by voicemail"):
        render(ZOE, app, replace(step, channel=Channel.VOICEMAIL), NOW, [])


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
        render(ZOE, *thank_you(), NOW, [tmp_path])


def test_an_unknown_value_names_the_template_and_the_value(tmp_path: Path) -> None:
    (tmp_path / "thank-you.email.formal.txt.j2").write_text(
        "Subject: Hi\n\n{{ salutation }}\n{{ recipient.nickname }}\n"
    )
    with pytest.raises(InvalidInput) as error:
        render(ZOE, *thank_you(), NOW, [tmp_path])
    message = str(error.value)
    assert "thank-you.email.formal.txt.j2 line 4" in message and "nickname" in message
    (tmp_path / "thank-you.email.formal.txt.j2").write_text("Subject: Hi\n\n{{ signature }}\n")
    with pytest.raises(InvalidInput, match="'signature' is undefined"):
        render(ZOE, *thank_you(), NOW, [tmp_path])


def test_broken_templates_are_reported_not_raised(tmp_path: Path) -> None:
    template = tmp_path / "thank-you.email.formal.txt.j2"
    template.write_text("Subject: Hi\n\n{% if %}\n")
    with pytest.raises(InvalidInput, match="line 3"):
        render(ZOE, *thank_you(), NOW, [tmp_path])
    template.write_text("No subject line\n")
    with pytest.raises(InvalidInput, match="Subject:"):
        render(ZOE, *thank_you(), NOW, [tmp_path])
    template.write_text("Subject: Hi\n\n{% include 'nowhere.txt.j2' %}\n")
    with pytest.raises(InvalidInput, match="nowhere"):
        render(ZOE, *thank_you(), NOW, [tmp_path])


def test_template_names_and_unknown_names(tmp_path: Path) -> None:
    (tmp_path / "thank-you.voicemail.warm.txt.j2").write_text("Hello\n")
    names = template_names([tmp_path])
    assert "thank-you.voicemail.warm.txt.j2" in names and "_email.txt.j2" in names
    assert "thank-you.voicemail.warm.txt.j2" not in template_names()
    for bad in ("nope.email.formal", "../secrets", "a/b.txt.j2"):
        with pytest.raises(InvalidInput):
            template_source(bad, [tmp_path])
