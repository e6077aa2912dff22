"""The shared word lists: one of each, for every module that reads people's names and titles.

- HONORIFICS: what may stand before a name ("Dr", "Frau", "Sir"). The salutations keep them
  (domain/names.py); the draft checks read a name after them and leave them out of a
  contact's name parts (domain/checks/). Job words that nameparser also calls titles
  ("Director", "Chief") are not among them: a job word before a name is kept as typed.
- TITLE_WORDS: the words that make a phrase a job title ("Head of Sales", "Talent Partner"):
  a business card's title line (domain/cards.py), a wrong title after a contact's name in a
  draft (domain/checks/titles.py).
- FUNCTION_WORDS: the words that say little by themselves ("the", "which", "we"): a clause
  said twice is a finding only with other words in it (domain/checks/repeats.py).
- MONTH_FIRST: the countries that write a date month first.
- EMPLOYER_SIDE: the relations of the people who work for the employer: they are dated in the
  interview's zone (domain/planner.py) and belong to the company (domain/personalisation.py).
All words are lower case; the country codes are ISO 3166's, in capitals.
"""

from __future__ import annotations

from followup.domain.model import Relation


def _words(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


HONORIFICS = _words(
    "mr mrs ms miss mx dr doctor prof professor sir dame lord lady",
    "rev revd reverend fr father rabbi imam hon judge justice",
    "capt captain major col colonel gen general lt sgt",
    "herr frau mme madame mlle monsieur m sr sra srta señor señora dott ing mag",
)
FIRST_NAME_HONORIFICS = _words("sir dame")  # Sir Elton John -> Dear Sir Elton
ACADEMIC_HONORIFICS = _words("dr doctor prof professor")  # honoured from a contact's title

TITLE_WORDS = _words(
    "head director manager lead leader officer engineer vp president chief partner chair",
    "chairman chairwoman founder owner executive principal senior junior staff associate",
    "assistant supervisor ceo cto cfo coo cio cpo administrator adviser advisor architect",
    "designer developer scientist researcher analyst consultant specialist coordinator",
    "strategist representative agent recruiter recruitment counsel accountant professor dean",
    "editor hr human resources talent acquisition people operations product sales marketing",
    "finance",
)

FUNCTION_WORDS = _words(
    "a an the and or but nor so yet if as at by for from in into of off on onto out over to up",
    "with about after before than that this these those then there here when where which who",
    "whom whose what while i me my mine we us our you your yours he him his she her it its",
    "they them their is am are was were be been being do does did have has had will would",
    "shall should can could may might must not no very just also too all any some more most",
    "much many such own same other each both again further once only please thank thanks let",
)

EMPLOYER_SIDE = frozenset({Relation.INTERVIEWER, Relation.HR})

# The countries that write a date month first ("December 3, 2026"): letters are dated so
# (adapters/letters.py), and the dates check reads drafts to them so (domain/checks/dates.py).
MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW"})
