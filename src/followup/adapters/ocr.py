"""Reading a card's photo or scan offline with RapidOCR (the optional `ocr` extra).

The ONNX models come inside the rapidocr_onnxruntime wheel: nothing is downloaded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from followup.domain.cards import OcrLine
from followup.domain.errors import InvalidInput, MissingExtra

INSTALL = 'business cards need the OCR extra: pip install "followup[ocr]"'


@cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise MissingExtra(INSTALL) from None
    return RapidOCR()


def _image(path: Path) -> Any:
    """The image as an RGB array, or one clear error when it is missing or not an image."""
    try:
        import numpy
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise MissingExtra(INSTALL) from None
    try:
        with Image.open(path) as image:
            return numpy.asarray(image.convert("RGB"))
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InvalidInput(f"{path}: not an image this can read ({exc})") from None


def read_lines(path: Path) -> list[OcrLine]:
    """The lines of text on the card at `path`, top to bottom, with confidences and boxes."""
    engine = _engine()
    pixels = _image(path)
    found, _ = engine(pixels)
    lines = [
        OcrLine(str(text), float(score), tuple((float(x), float(y)) for x, y in box))
        for box, text, score in found or []
    ]
    return sorted(lines, key=lambda line: line.top)
