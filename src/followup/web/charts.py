"""Horizontal bar charts as inline SVG, drawn on the server (no script, no inline style).

Each chart is `<svg role="img">` named by its `<title>` and described by a `<desc>` that
reads every bar's label and value, so it is one image to a screen reader; the page follows
it with a table of the same numbers. Colours are SVG presentation attributes (the Content
Security Policy forbids inline styles); the size comes from the `chart` class in
followup.css. Every text is escaped: `Markup.format` escapes what it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

INK = "#1a1a1a"  # the page's text colour: 17:1 on white
BAR = "#0b4f9c"  # the page's link colour: 8.6:1 on white
WIDTH = 640
LABEL_WIDTH = 200  # labels end here, right-aligned; bars start just after
VALUE_ROOM = 150  # room after the longest bar for its value
ROW = 30
BAR_HEIGHT = 20
FONT = 14
LONGEST_LABEL = 26  # characters; a longer label is cut with "…" (the desc and table keep it)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float  # the bar's length, on the chart's scale
    shown: str  # the value as people read it: "3", "75% (3 of 4)"


def _cut(label: str) -> str:
    return label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1] + "…"


def bar_chart(name: str, title: str, bars: Sequence[Bar], scale: float | None = None) -> Markup:
    """An SVG chart with one horizontal bar a row. `name` makes the ids of its title and
    description (unique on the page); `scale` is the value of a full-length bar (default: the
    largest value)."""
    full = scale if scale is not None else max((b.value for b in bars), default=0.0)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    height = ROW * len(bars) + 10
    reading = "; ".join(f"{b.label}: {b.shown}" for b in bars)
    parts = [
        Markup(
            '<svg class="chart" role="img" aria-labelledby="{0}-title {0}-desc" '
            'viewBox="0 0 {1} {2}" width="{1}" height="{2}" focusable="false">'
            '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}.</desc>'
        ).format(name, WIDTH, height, title, reading)
    ]
    for row, bar in enumerate(bars):
        top = 5 + row * ROW
        middle = top + ROW // 2
        length = round(room * bar.value / full) if full > 0 else 0
        parts.append(
            Markup(
                '<text x="{0}" y="{1}" text-anchor="end" dominant-baseline="middle" '
                'font-size="{2}" fill="{3}">{4}</text>'
                '<rect x="{5}" y="{6}" width="{7}" height="{8}" fill="{9}"></rect>'
                '<text x="{10}" y="{1}" dominant-baseline="middle" font-size="{2}" '
                'fill="{3}">{11}</text>'
            ).format(
                LABEL_WIDTH - 8,
                middle,
                FONT,
                INK,
                _cut(bar.label),
                LABEL_WIDTH,
                middle - BAR_HEIGHT // 2,
                length,
                BAR_HEIGHT,
                BAR,
                LABEL_WIDTH + length + 6,
                bar.shown,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
