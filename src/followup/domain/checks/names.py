"""The names check: contacts' names and titles exactly as on the record (ERROR)."""

from __future__ import annotations

from followup.domain.checks.slips import name_candidates
from followup.domain.checks.titles import wrong_titles
from followup.domain.drafts import CheckContext, Finding


def names(text: str, context: CheckContext) -> list[Finding]:
    """Contacts' names and titles exactly as on the record."""
    candidates = name_candidates(text, context)
    asks = sorted({s.token.low for s in candidates if not s.kept(())})
    unknown = context.unknown_words(asks) if context.unknown_words and asks else set()
    slips = [s for s in candidates if s.kept(unknown)]
    return [s.finding() for s in slips] + wrong_titles(text, context, slips)
