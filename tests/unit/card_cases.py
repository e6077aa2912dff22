"""A business card as the card reader gives it: OCR lines, top to bottom."""

from __future__ import annotations

from followup.domain.cards import OcrLine


def lines(*texts: str, tall: int = 0) -> list[OcrLine]:
    """OCR lines top to bottom; line `tall` is printed larger (the name on most cards)."""
    height = [40 if i == tall else 25 for i in range(len(texts))]
    return [
        OcrLine(t, 0.95, ((0.0, i * 50.0), (300.0, i * 50.0 + h)))
        for i, (t, h) in enumerate(zip(texts, height, strict=True))
    ]
