"""Every letter kind, printed as the demo user prints it, looked at: at A4 and at US Letter, one
page; each block of the page (the letterhead, the window's address, the date, the heading,
the signature) once in its text layer (pypdf); and the page as pdftoppm (Debian's
poppler-utils) draws it, at the paper's size in pixels, with the address inside the window
and nothing in the bottom margin.

The data is the demo's (services/demo.py) in a real SQLite file: each letter template is
printed for a demo step of its kind, moved to the letter channel, its recipient given a
postal address; the paper follows the sender's country (GB: A4, US: Letter)."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from followup import bootstrap
from followup.adapters.letters import A4, US_LETTER, Layout, layout_for, pdf
from followup.adapters.templates import template_names
from followup.config import settings
from followup.domain.dates import written_date
from followup.domain.drafts import Letter
from followup.domain.model import Channel, Profile, Recipient, Relation, Step, StepStatus
from followup.domain.values import Region, zone
from followup.services import demo, drafts
from tests.web.conftest import environ

LETTERS = [n for n in template_names() if ".letter." in n and not n.startswith("_")]
PAPERS = {"A4": Region("GB", "ENG"), "Letter": Region("US", "NY")}
DPI = 100  # pdftoppm's resolution: pixels per inch
PAPER_MM = {A4.page: (210, 297), US_LETTER.page: (215.9, 279.4)}  # 8.5 x 11 in
ADDRESS = "1 Data Street\nLondon EC1A 1AA"
# A line that is a date: "18 December 2026", "Friday 18 December 2026", "December 18, 2026".
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
A_DATE = re.compile(
    rf"([A-Z][a-z]+,? )?(\d{{1,2}} ({MONTHS}) \d{{4}}|({MONTHS}) \d{{1,2}}, \d{{4}})"
)


def pdftoppm() -> str:
    """pdftoppm's path. Without it the page tests skip, except under CI=true, where they fail:
    .ci/system-deps installs poppler-utils."""
    found = shutil.which("pdftoppm")
    if found is None:
        reason = "pdftoppm (Debian's poppler-utils) is not installed"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason}; .ci/system-deps installs it for CI", pytrace=False)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> bootstrap.App:
    wired = bootstrap.build(settings.load(environ(tmp_path_factory.mktemp("letters"))))
    demo.seed(wired.store, wired.playbook, wired.now())
    return wired


def as_letter(app: bootstrap.App, name: str, paper: str) -> tuple[Step, Profile]:
    """The demo step of the template's kind, moved to the letter channel, its recipient given
    a postal address; the profile set to the template's tone and the paper's country. A kind
    the demo has not planned yet on its date (keep-in-touch, status-check, referral-outreach)
    is a step added to Acme Analytics for its interviewer, or for a referral its reference."""
    kind, _, tone, *_ = name.split(".")
    with app.store.transaction() as repo:
        profile = repo.get_profile()
        assert profile is not None
        profile = dataclasses.replace(profile, tone=tone, region=PAPERS[paper])
        repo.save_profile(profile)
        whole = [repo.get_application(a.id) for a in repo.list_applications()]
        found = [(a, s) for a in whole for s in a.steps if s.kind == kind and s.recipients]
        if found:
            application, step = found[0]
        else:
            application = next(a for a in whole if a.company == "Acme Analytics")
            model = next(s for s in application.steps if s.kind == "thank-you")
            wanted = Relation.REFERENCE if kind == "referral-outreach" else Relation.INTERVIEWER
            person = next(c for c in application.contacts if c.relation is wanted)
            to = Recipient(person.name, person.relation, person.title, contact_id=person.id)
            step = dataclasses.replace(model, kind=kind, key=f"{kind}:letter", id=None,
                                       recipients=(to,), status=StepStatus.PLANNED)  # fmt: skip
        assert application.id is not None
        lettered = dataclasses.replace(step, channel=Channel.LETTER, draft=None)
        others = [s for s in application.steps if s.id is None or s.id != step.id]
        saved = repo.save_steps(application.id, [*others, lettered])
        for contact in application.contacts:
            if contact.id == step.recipients[0].contact_id and not contact.address:
                repo.update_contact(dataclasses.replace(contact, address=ADDRESS))
    return next(s for s in saved if s.key == lettered.key), profile


def printed(app: bootstrap.App, step: Step, on: date | None = None) -> tuple[Letter, bytes]:
    """The letter the service hands to the printer, and the PDF printed from it."""
    seen: list[Letter] = []

    def printer(letter: Letter) -> bytes:
        seen.append(letter)
        return pdf(letter)

    assert step.id is not None
    document = drafts.letter(
        app.store, step.id, app.now(), app.proofreader, app.templates, printer, on
    )
    return seen[0], document


def ink(image: Image.Image, box: tuple[float, float, float, float]) -> bool:
    """Whether anything is drawn inside `box` (millimetres: left, top, right, bottom)."""
    per_mm = DPI / 25.4
    left, top, right, bottom = (round(v * per_mm) for v in box)
    return (
        image.crop((left, top, right, bottom)).point(lambda v: v < 128 and 255).getbbox()
        is not None
    )


def mm(length: str) -> float:
    number = float(length[:-2])
    return number * 25.4 if length.endswith("in") else number


def window(layout: Layout) -> tuple[float, float, float, float]:
    """The part of the envelope's window below the return line: where the address shows."""
    left, top = mm(layout.window_left), mm(layout.window_top)
    return left, top + 6, left + mm(layout.window_width), top + mm(layout.window_height)


def test_every_letter_template_is_looked_at() -> None:
    kinds = {n.split(".")[0] for n in LETTERS}
    assert len(LETTERS) == 2 * len(kinds) >= 16  # formal and warm for every kind


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", LETTERS)
def test_every_letter_is_one_page_with_each_block_once(
    app: bootstrap.App, name: str, paper: str, tmp_path: Path
) -> None:
    drawer = pdftoppm()
    step, profile = as_letter(app, name, paper)
    letter, document = printed(app, step)
    reader = pypdf.PdfReader(io.BytesIO(document))
    assert len(reader.pages) == 1, f"{name} on {paper} runs to {len(reader.pages)} pages"
    text = reader.pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]

    # The letterhead: your address and how to reach you, once (the window's return line
    # names you and your address again, on one line, once).
    address = letter.sender_address.strip().splitlines()
    assert text.count(letter.sender_contact) == 1
    assert text.count(", ".join([letter.sender_name, *address])) == 1
    assert lines.count(address[0]) == 1
    # The recipient, once, in the window.
    assert text.count(letter.recipient_block) == 1, text
    # One date: today in your time zone (the demo's now), as the recipient's country writes
    # it, on a line of its own; no other line is a date (the body may name the interview's).
    assert letter.on == app.now().astimezone(zone(profile.timezone)).date()
    dated = [line for line in lines if A_DATE.fullmatch(line)]
    assert dated == [written_date(letter.on, letter.recipient_country)], text
    # The heading, once.
    heading = letter.body.splitlines()[0]
    assert heading and lines.count(heading) == 1, text
    if ".formal." in name:
        assert heading.startswith("Re: ") and text.count("Re: ") == 1
    # The signature: one sign-off, then your name on a line of its own, once.
    sign_off = "Yours sincerely," if ".formal." in name else "With best wishes,"
    assert lines.count(sign_off) == 1
    assert lines.count(letter.sender_name) == 2  # the letterhead's first line and the signature
    assert lines.index(sign_off) < len(lines) - 1 - lines[::-1].index(letter.sender_name)

    # Looked at: the page as it prints, at the paper's size in pixels.
    layout = layout_for(letter.sender_country)
    assert layout is (A4 if paper == "A4" else US_LETTER)
    (tmp_path / "letter.pdf").write_bytes(document)
    subprocess.run(
        [drawer, "-png", "-gray", "-r", str(DPI), "-singlefile",
         str(tmp_path / "letter.pdf"), str(tmp_path / "page")],
        check=True, timeout=60,
    )  # fmt: skip
    with Image.open(tmp_path / "page.png") as image:
        expected = [v / 25.4 * DPI for v in PAPER_MM[layout.page]]  # A4: 826.8 x 1169.3
        assert all(abs(got - want) <= 1 for got, want in zip(image.size, expected, strict=True))
        assert ink(image.convert("L"), window(layout))  # the address shows in the window
        width, height = image.size[0] * 25.4 / DPI, image.size[1] * 25.4 / DPI
        assert not ink(image.convert("L"), (0, height - 15, width, height))  # margin left


def dates_on(document: bytes) -> list[str]:
    text = pypdf.PdfReader(io.BytesIO(document)).pages[0].extract_text()
    return [line.strip() for line in text.splitlines() if A_DATE.fullmatch(line.strip())]


def test_the_letter_is_dated_today_where_you_are_or_the_day_you_set(app: bootstrap.App) -> None:
    step, profile = as_letter(app, "thank-you.letter.formal.txt.j2", "Letter")
    with app.store.transaction() as repo:  # 16:30 UTC on 18 December is the 19th in Auckland
        repo.save_profile(dataclasses.replace(profile, timezone="Pacific/Auckland"))
    try:
        assert dates_on(printed(app, step)[1]) == ["19 December 2026"]  # a GB reader's way
        letter, document = printed(app, step, on=date(2027, 1, 4))
        assert letter.on == date(2027, 1, 4) and dates_on(document) == ["4 January 2027"]
    finally:
        with app.store.transaction() as repo:
            repo.save_profile(profile)


def test_a_letter_kept_before_the_page_took_the_addresses_prints_them_once(
    app: bootstrap.App,
) -> None:
    """A draft edited and kept when the letter frame still wrote your address, the date and
    the recipient's address: the page prints each once all the same."""
    step, profile = as_letter(app, "status-check.letter.formal.txt.j2", "A4")
    assert step.id is not None
    words = drafts.review(app.store, step.id, app.now(), app.proofreader, app.templates)
    old_frame = (
        f"{profile.name}\n{profile.address}\n{profile.phone}\n{profile.email}\n\n"
        f"Wednesday 2 December 2026\n\nPriya Shah\nHead of Data\nAcme Analytics\n{ADDRESS}\n\n"
    )
    drafts.keep_edit(
        app.store, step.id, old_frame + words.draft.text, app.now(), app.proofreader, app.templates
    )
    letter, document = printed(app, step)
    assert letter.body == words.draft.text
    text = pypdf.PdfReader(io.BytesIO(document)).pages[0].extract_text()
    assert "2 December 2026" not in text and text.count(letter.recipient_block) == 1
    assert text.count(letter.sender_contact) == 1 and text.count(ADDRESS) == 1
