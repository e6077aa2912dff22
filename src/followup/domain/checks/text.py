"""Words compared as the checks compare them: without accents or case, by edits, and texts in
lower case for a quick look before a search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words_of(phrases: Iterable[str | None]) -> set[str]:
    return {m.group().replace("’", "'").casefold() for p in phrases if p for m in _WORD.finditer(p)}


def nfc(word: str) -> str:
    return unicodedata.normalize("NFC", word)


def fold(word: str) -> str:
    """`word` without accents or case: what tells "Jurgen" from "Jürgen" apart is only this."""
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def edits(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap neighbours) that turn `a` into `b`."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb)))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def caseless(text: str) -> str:
    """`text` in lower case, such that each ASCII word that a case-blind pattern finds in
    `text` is in it: casefold, and the two letters that match "i" without folding to it."""
    return text.casefold().replace("\u0307", "").replace("ı", "i")


def body_start(text: str) -> int:
    """Where the body begins: after the "Subject: ..." line of `Draft.text`, if any."""
    m = re.match(r"Subject:[^\n]*\n\s*", text)
    return m.end() if m else 0
