"""adapters.ocr without its extra installed."""

import pytest


def test_without_the_ocr_extra_the_message_says_how_to_install_it(monkeypatch, tmp_path):
    import sys

    from followup.adapters import ocr
    from followup.domain.errors import MissingExtra

    ocr._engine.cache_clear()
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    with pytest.raises(MissingExtra, match=r'pip install "followup\[ocr\]"'):
        ocr.read_lines(tmp_path / "card.png")
    ocr._engine.cache_clear()
