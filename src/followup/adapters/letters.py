"""Print-ready letters (PDF, through weasyprint): the page size of the sender's country, the
addresses placed for a windowed envelope, the date as the recipient's country writes it.

Windowed envelopes: for A4 the recipient's address sits in the DIN 5008 / DL window
(20 mm from the left, 45 mm from the top, 85 × 45 mm), which C5, C6/5 and DL envelopes
share; for US Letter it sits in the window of a #10 envelope (7/8 in from the left,
2 1/8 in from the top of the folded sheet, 4 × 1 1/8 in).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from followup.domain.dates import written_date
from followup.domain.drafts import Letter

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


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.strip().splitlines())


def _paragraphs(text: str, signer: str) -> str:
    """The draft's paragraphs. A first line of its own that is not a greeting ("Dear Priya,")
    is the heading, in bold; the last paragraph that is only the signer's name is the
    signature, with room above it to sign by hand, kept on the page of the sign-off."""
    blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
    signed = max((i for i, b in enumerate(blocks) if b == signer.strip()), default=None)
    headed = len(blocks) > 1 and "\n" not in blocks[0] and not blocks[0].endswith(",")
    kinds = {signed: ' class="signature"', 0 if headed else None: ' class="heading"'}
    return "\n".join(f"<p{kinds.get(i, '')}>{_lines(b)}</p>" for i, b in enumerate(blocks))


# The page furniture is placed once, on the first page: the sender at the top right, the
# recipient in the envelope's window (absolute, not fixed: a fixed box repeats on every page),
# the date below the window. The draft's text (heading, greeting, letter, sign-off, name, cc)
# flows after it and is all that a second page would carry.
MARGIN_TOP, MARGIN_LEFT = "18mm", "25mm"


def html(letter: Letter) -> str:
    """The letter as a self-contained HTML page (all user text escaped)."""
    page = layout_for(letter.sender_country)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
@page {{ size: {page.page}; margin: {MARGIN_TOP} 20mm 18mm {MARGIN_LEFT}; }}
body {{ font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 10.5pt;
       line-height: 1.35; margin: 0; }}
p {{ margin: 0 0 0.8em; orphans: 2; widows: 2; }}
.sender {{ position: absolute; top: 0; right: 0; text-align: right; font-size: 9.5pt; }}
.window {{ position: absolute; left: calc({page.window_left} - {MARGIN_LEFT});
          top: calc({page.window_top} - {MARGIN_TOP});
          width: {page.window_width}; height: {page.window_height}; overflow: hidden; }}
.return {{ font-size: 7pt; border-bottom: 0.3pt solid #444; margin-bottom: 2mm; }}
.date {{ margin: calc({page.window_top} + {page.window_height} - {MARGIN_TOP} + 6mm) 0 6mm;
        text-align: right; }}
.heading {{ font-weight: bold; break-after: avoid; }}
.signature {{ margin-top: 12mm; break-before: avoid; }}
</style></head><body>
<div class="sender"><strong>{escape(letter.sender_name)}</strong><br>
{_lines(letter.sender_address)}<br>{escape(letter.sender_contact)}</div>
<div class="window"><div class="return">{escape(letter.sender_name)},
{escape(", ".join(letter.sender_address.strip().splitlines()))}</div>
<div class="recipient">{_lines(letter.recipient_block)}</div></div>
<div class="date">{escape(written_date(letter.on, letter.recipient_country))}</div>
<div class="body">{_paragraphs(letter.body, letter.sender_name)}</div>
</body></html>"""


def pdf(letter: Letter) -> bytes:
    """The letter as PDF bytes. Fonts come from the system; nothing is fetched."""
    from weasyprint import HTML

    document: bytes = HTML(string=html(letter), base_url=None).write_pdf()
    return document
