"""Reading a card's photo or scan offline with RapidOCR (the optional `ocr` extra).

The ONNX models come inside the rapidocr wheel (3.10+): PP-OCRv6 small detection and
multilingual recognition (Latin letters with their accents: ë, ñ, å, ß, ...) and the PP-OCR
mobile v2.0 orientation classifier, all Apache-2.0. Each is named by its path inside the
installed package, so RapidOCR never takes its download path: a missing file is an error,
never a download.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from followup.domain.cards import OcrLine
from followup.domain.errors import InvalidInput, MissingExtra

INSTALL = 'business cards need the OCR extra: pip install "followup[ocr]"'
MODELS = {  # RapidOCR stage -> model file inside the rapidocr wheel's models/ folder
    "Det": "PP-OCRv6_det_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",  # its alphabet is stored in the model itself
}


@cache
def _engine() -> Any:
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except ImportError:
        raise MissingExtra(INSTALL) from None
    folder = Path(rapidocr.__file__).parent / "models"
    paths = {stage: folder / name for stage, name in MODELS.items()}
    missing = [path.name for path in paths.values() if not path.is_file()]
    if missing:
        raise MissingExtra(
            f"the installed rapidocr lacks {', '.join(missing)} (it needs rapidocr 3.10+): "
            'pip install --upgrade "followup[ocr]"'
        )
    params: dict[str, Any] = {"Global.log_level": "warning"}
    params.update({f"{stage}.model_path": str(path) for stage, path in paths.items()})
    return RapidOCR(params=params)


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
    found = engine(pixels)
    if found.boxes is None or found.txts is None or found.scores is None:
        return []
    lines = [
        OcrLine(str(text), float(score), tuple((float(x), float(y)) for x, y in box))
        for box, text, score in zip(found.boxes, found.txts, found.scores, strict=True)
    ]
    return sorted(lines, key=lambda line: line.top)
