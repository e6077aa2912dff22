"""Print-ready letters (PDF, through weasyprint): the page size of the sender's country, the
addresses placed for a windowed envelope, the date as the recipient's country writes it.

Windowed envelopes: for A4 the recipient's address sits in the DIN 5008 / DL window
(20 mm from the left, 45 mm from the top, 85 × 45 mm), which C5, C6/5 and DL envelopes
share; for US Letter it sits in the window of a #10 envelope (7/8 in from the left,
2 1/8 in from the top of the folded sheet, 4 × 1 1/8 in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from followup.domain.drafts import Letter
from followup.domain.vocabulary import MONTH_FIRST

# Countries that use US Letter paper; everyone else uses A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO"})


@dataclass(frozen=True, slots=True)
class Layout:
    page: str  # CSS page size
    window_left: str
    window_top: str
    window_width: str
    window_height: str


A4 = Layout("A4", "20mm", "45mm", "85mm", "45mm")
US_LETTER = Layout("letter", "0.875in", "2.125in", "4in", "1.125in")


def layout_for(country: str | None) -> Layout:
    return US_LETTER if country in LETTER_COUNTRIES else A4


def written_date(day: date, country: str | None) -> str:
    """The date as the recipient's country writes it in an English letter."""
    month = day.strftime("%B")
    if country in MONTH_FIRST:
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}"


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.strip().splitlines())


def _paragraphs(text: str) -> str:
    blocks = [b for b in text.strip().split("\n\n") if b.strip()]
    return "\n".join(f"<p>{_lines(block)}</p>" for block in blocks)


def html(letter: Letter) -> str:
    """The letter as a self-contained HTML page (all user text escaped)."""
    page = layout_for(letter.sender_country)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
@page {{ size: {page.page}; margin: 20mm 20mm 20mm 25mm; }}
body {{ font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 11pt;
       line-height: 1.4; margin: 0; }}
.sender {{ position: absolute; top: 0; right: 0; text-align: right; font-size: 10pt; }}
.window {{ position: fixed; left: calc({page.window_left} - 25mm);
          top: calc({page.window_top} - 20mm);
          width: {page.window_width}; height: {page.window_height}; overflow: hidden; }}
.return {{ font-size: 7pt; border-bottom: 0.3pt solid #444; margin-bottom: 2mm; }}
.date {{ margin-top: calc({page.window_top} + {page.window_height} - 10mm);
        text-align: right; }}
.signature {{ margin-top: 12mm; }}
</style></head><body>
<div class="sender"><strong>{escape(letter.sender_name)}</strong><br>
{_lines(letter.sender_address)}<br>{escape(letter.sender_contact)}</div>
<div class="window"><div class="return">{escape(letter.sender_name)},
{escape(", ".join(letter.sender_address.strip().splitlines()))}</div>
<div class="recipient">{_lines(letter.recipient_block)}</div></div>
<div class="date">{escape(written_date(letter.on, letter.recipient_country))}</div>
<div class="body">{_paragraphs(letter.body)}</div>
<div class="signature">{_lines(letter.signature)}</div>
</body></html>"""


def pdf(letter: Letter) -> bytes:
    """The letter as PDF bytes. Fonts come from the system; nothing is fetched."""
    from weasyprint import HTML

    document: bytes = HTML(string=html(letter), base_url=None).write_pdf()
    return document
