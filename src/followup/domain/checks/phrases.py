"""The tone rules as data: phrases that plead, press or oversell, each with why, how bad, and
a better phrase where one reads well."""

from __future__ import annotations

from dataclasses import dataclass

from followup.domain.drafts import Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

PLEADING = "sounds pleading: show enthusiasm, not desperation"
PRESSURE = "puts pressure on them: be patient and mindful of their time"
HARD_SELL = "is a hard sell: let your skills speak, without pushing"
_MINE = r"\bI(?:'ll| will| can| shall)\b"  # "I'll send it by tomorrow" is a promise, not pressure


@dataclass(frozen=True, slots=True)
class Phrase:
    pattern: str  # a regular expression, case-insensitive, between word boundaries
    why: str
    severity: Severity = WARNING
    fix: str | None = None  # a replacement for the phrase, where one reads well
    unless: str | None = None  # not when this is in the same sentence


# The project's own tone rules (000, 002, 004: enthusiastic, not desperate; no hard sell).
# ERROR for the few that no reader takes well: begging, demands, "you'd be crazy not to".
PHRASES = (
    Phrase(
        r"I (?:really |truly |desperately |so )?need this (?:job|role|position)", PLEADING, ERROR
    ),
    Phrase(r"I'm begging|I am begging|I beg (?:of )?you", PLEADING, ERROR),
    Phrase(r"I(?:'ll| will) do anything", PLEADING, ERROR),
    Phrase(r"(?:you are |you're )?my (?:last|only) hope", PLEADING, ERROR),
    Phrase(r"please,? please", PLEADING, fix="please"),
    Phrase(r"please consider me", PLEADING),
    Phrase(r"desperate", PLEADING, fix="keen"),
    Phrase(r"desperately", PLEADING),
    Phrase(r"give me a chance", PLEADING),
    Phrase(r"I(?:'ll| will) (?:take|accept) any (?:job|role|position)", PLEADING),
    Phrase(r"I (?:won't|will not) let you down", PLEADING),
    Phrase(r"I can't afford to (?:lose|miss) this", PLEADING),
    Phrase(r"I expect to hear", PRESSURE, fix="I look forward to hearing"),
    Phrase(r"you must(?! (?:be|have)\b)", PRESSURE),
    Phrase(r"by tomorrow", PRESSURE, unless=_MINE),
    Phrase(r"(?:final|last) chance", PRESSURE),
    Phrase(r"ASAP", PRESSURE, fix="at your convenience", unless=_MINE),
    Phrase(r"I need (?:an answer|a decision|to know)", PRESSURE),
    Phrase(r"I demand", PRESSURE, ERROR),
    Phrase(r"why (?:haven't|have you not|didn't|did you not)(?: you)?", PRESSURE, ERROR),
    Phrase(r"(?:reply|respond|answer|get back to me|call me) (?:immediately|right away)", PRESSURE),
    Phrase(r"without (?:further )?delay", PRESSURE),
    Phrase(r"I have (?:other|several|multiple) offers", PRESSURE),
    Phrase(r"don't keep me waiting", PRESSURE),
    Phrase(
        r"I(?:'m| am) (?:clearly |obviously |simply )?the (?:best|perfect|ideal|only) "
        r"(?:candidate|person|choice|fit)",
        HARD_SELL,
    ),
    Phrase(
        r"the (?:best|perfect|ideal) candidate you(?:'ll| will)? (?:ever )?(?:find|meet|see)",
        HARD_SELL,
    ),
    Phrase(r"you (?:won't|will not) regret", HARD_SELL),
    Phrase(
        r"you(?:'d| would) be (?:crazy|mad|foolish|making a (?:big |huge )?mistake) not to",
        HARD_SELL,
        ERROR,
    ),
    Phrase(r"look no further", HARD_SELL),
    Phrase(r"(?:no one|nobody) else (?:can|could|will)", HARD_SELL),
    Phrase(r"hire me (?:now|today|immediately)|you should hire me", HARD_SELL),
    Phrase(r"I guarantee", HARD_SELL),
    Phrase(r"don't miss (?:out|this)", HARD_SELL),
    Phrase(r"once[-\s]in[-\s]a[-\s]lifetime", HARD_SELL),
    Phrase(r"act (?:now|fast|quickly)", HARD_SELL),
)
