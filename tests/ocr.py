"""Whether the OCR extra is installed: tests that need it skip without it, except under CI."""

import importlib.util
import os

import pytest

HAVE_OCR = importlib.util.find_spec("rapidocr") is not None
needs_ocr = pytest.mark.skipif(
    not HAVE_OCR and os.environ.get("CI", "").lower() != "true",
    reason='rapidocr is not installed (pip install "followup[ocr]")',
)
