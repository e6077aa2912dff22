"""The salutations check: one application's drafts greet people alike at one tone ("Dear Dr
Walsh" beside "Dear James" at a warm tone is the finding of issue #15)."""

from __future__ import annotations

from collections.abc import Iterator

from followup.domain.checks.salutations import addressed, salutations
from followup.domain.model import Contact, Relation
from tests.unit.check_cases import WARNING

WALSH = Contact("Dr Aoife Walsh", Relation.INTERVIEWER, title="Head of Data")
JAMES = Contact("James O'Brien", Relation.INTERVIEWER, title="Senior Engineer")
PROF = Contact("Hannah Berg", Relation.INTERVIEWER, title="Professor of Statistics")
LI = Contact("李明", Relation.REFERRAL)
PEOPLE = (WALSH, JAMES, PROF, LI)


def email(greeting: str) -> str:
    return f"Subject: Thank you\n\n{greeting}\n\nThank you for the interview.\n\nBest,\nAlex\n"


def letter(greeting: str) -> str:
    return f"Alex Morgan\n12 Rose Lane\n\n3 December 2026\n\nAcme\n\n{greeting}\n\nThanks.\n"


def check(text: str, tone: str, *others: str) -> list[tuple[str, str | None, str]]:
    pairs = [(f"step {n}'s thank-you", o) for n, o in enumerate(others, 1)]
    return [
        (text[f.start : f.end], f.suggestion, f.message)
        for f in salutations(text, tone, PEOPLE, pairs)
    ]


def test_dear_dr_walsh_beside_dear_james_at_a_warm_tone_is_found_on_the_formal_one():
    walsh, james = email("Dear Dr Walsh,"), email("Dear James,")
    [(written, right, message)] = check(walsh, "warm", james)
    assert (written, right) == ("Dr Walsh", "Aoife")
    assert message == (
        "'Dr Walsh' here, 'James' in step 1's thank-you: at a warm tone greet everyone by first"
        " name"
    )
    assert check(james, "warm", walsh) == []  # the draft that follows the rule is not flagged
    [finding] = salutations(walsh, "warm", PEOPLE, [("step 1's thank-you", james)])
    assert finding.check == "salutations" and finding.severity is WARNING


def test_at_a_formal_tone_the_first_name_is_the_one_that_strays():
    walsh, james = letter("Dear Dr Walsh,"), letter("Dear James,")
    [(written, right, message)] = check(james, "formal", walsh)
    assert (written, right) == ("James", "James O'Brien")
    assert "by title and surname when a title like Dr is known, else by full name" in message
    assert check(walsh, "formal", james) == []
    [(written, right, _)] = check(letter("Dear Hannah,"), "formal", walsh)
    assert (written, right) == ("Hannah", "Professor Berg")  # a title the contact's title gives


def test_forms_that_agree_are_no_finding():
    full = email("Dear James O'Brien,")
    for tone, a, b in (
        ("formal", "Dear Dr Walsh,", "Dear James O'Brien,"),
        ("formal", "Dear Dr. Walsh,", "Dear Professor Berg:"),
        ("warm", "Hi Aoife,", "Hello James!"),
        ("warm", "Dear Aoife,", "Hi James"),
    ):
        assert check(email(a), tone, email(b)) == [], (tone, a, b)
    assert check(full, "formal") == []  # nothing to compare with
    assert check(email("Dear James,"), "formal", email("Dear Hannah,")) == []  # all alike


def test_greetings_that_name_no_contact_are_not_compared():
    walsh = email("Dear Dr Walsh,")
    for greeting in ("Dear Acme team,", "Dear Hiring Manager,", "Dear 李明,", "Hi there,"):
        assert check(walsh, "warm", email(greeting)) == [], greeting
        assert check(email(greeting), "warm", email("Hi James,")) == [], greeting
    assert check(email("Hi James, it's Alex about the role."), "formal", walsh) == []
    assert check("Thank you for the interview.", "warm", email("Dear James,")) == []


def test_the_other_drafts_are_read_only_until_one_tells():
    read: list[str] = []

    def others() -> Iterator[tuple[str, str]]:
        for n, greeting in enumerate(("Dear Acme team,", "Dear James,", "Dear Hannah,")):
            read.append(greeting)
            yield f"step {n}", email(greeting)

    assert salutations(email("Dear Dr Walsh,"), "warm", PEOPLE, others()) != []
    assert read == ["Dear Acme team,", "Dear James,"]
    read.clear()
    assert salutations(email("Dear Aoife,"), "warm", PEOPLE, others()) == []
    assert read == []  # a draft that follows the rule needs no other


def test_how_a_greeting_names_a_contact():
    text = email("Dear Dr Walsh,")
    at = text.index("Dr Walsh")
    assert addressed(text, PEOPLE) == ("Dr Walsh", at, at + len("Dr Walsh"), WALSH, False)
    assert addressed(email("Hi Aoife,"), PEOPLE).by_first_name  # type: ignore[union-attr]
    assert not addressed(letter("Dear Aoife Walsh,"), PEOPLE).by_first_name  # type: ignore[union-attr]
    assert addressed(email("Dear Sam,"), PEOPLE) is None
    assert addressed(email("Dear James,"), PEOPLE) is not None
    assert addressed("Dear James,\n", ()) is None
