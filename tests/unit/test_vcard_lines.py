"""A vCard file as cards of logical lines: encodings, line ends, folds and soft line breaks in;
75-octet folding on character boundaries out."""

from __future__ import annotations

import pytest

from followup.adapters.vcard_lines import (
    Line,
    cards,
    components,
    decode,
    escape,
    fold,
    read_line,
    unescape,
)
from followup.domain.errors import InvalidInput

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ng\r\nEND:VCARD\r\n"


@pytest.mark.parametrize(
    "data",
    [
        CARD.encode("utf-8"),
        b"\xef\xbb\xbf" + CARD.encode("utf-8"),  # a UTF-8 byte order mark
        b"\xff\xfe" + CARD.encode("utf-16-le"),  # Windows' "Unicode"
        b"\xfe\xff" + CARD.encode("utf-16-be"),
        CARD.replace("FN:", "FN;CHARSET=ISO-8859-1:").encode("latin-1"),
        CARD.encode("cp1252"),  # no CHARSET: not UTF-8, so Windows-1252
    ],
)
def test_a_file_is_read_in_the_encoding_it_was_written_in(data: bytes) -> None:
    [card] = cards(decode(data))
    assert read_line(card.lines[1]).value == "Zoë Ng"


def test_each_line_is_read_in_its_own_charset() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:" + "佐藤".encode("shift_jis")
        + b"\r\nNOTE;CHARSET=UTF-8:" + "Zoë".encode() + b"\r\nTITLE:" + "Chargé".encode("cp1252")
        + b"\r\nEND:VCARD\r\n"
    )  # fmt: skip
    [card] = cards(decode(data))
    assert [read_line(line).value for line in card.lines[1:]] == ["佐藤", "Zoë", "Chargé"]


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r", "\r\r\n"])
def test_every_line_end_and_fold(end: str) -> None:
    text = f"junk{end}BEGIN:VCARD{end}FN:Ann{end} Lee{end}NOTE:a{end}\tb{end}END:VCARD{end}"
    [card] = cards(text)
    assert (card.number, card.kind, card.lines) == (1, "VCARD", ["FN:AnnLee", "NOTE:ab"])


def test_quoted_printable_soft_line_breaks_and_bare_parameters() -> None:
    [card] = cards(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;quoted-printable;CHARSET=UTF-8:Zo=C3=\r\n"
        "=AB and=0D=0Aon=\r\n\r\nTEL;WORK;VOICE:+44 20 7946 0018\r\nEND:VCARD\r\n"
    )
    note, phone = (read_line(line) for line in card.lines[1:])
    assert note == Line("NOTE", "Zoë and\\non")  # decoded; the line break escaped; no CHARSET
    assert phone == Line("TEL", "+44 20 7946 0018", (("TYPE", ("WORK", "VOICE")),))
    photo = read_line("PHOTO;ENCODING=BASE64;JPEG:/9j/")
    assert photo.params == (("ENCODING", ("b",)), ("TYPE", ("JPEG",)))
    assert read_line('TEL;TYPE="voice,cell":1').types() == ["voice", "cell"]
    with pytest.raises(InvalidInput, match="is not a vCard line"):
        read_line("no colon here")


def test_a_card_never_closed_or_too_deep_says_why() -> None:
    deep = "BEGIN:VCARD\r\n" * 4 + "END:VCARD\r\n" * 4
    first, second, third = cards(CARD + deep + "BEGIN:VCARD\r\nFN:X\r\n")
    assert first.problem is None and first.lines == ["VERSION:3.0", "FN:Zoë Ng"]
    assert (second.number, second.problem, second.lines) == (2, "cards nested more than 3 deep", [])
    assert (third.number, third.problem) == (3, "it is never closed (no END:VCARD)")


def test_values_unescape_and_split_as_vcard_3_says() -> None:
    assert unescape(r"a\,b\;c\\d\ne, f; g") == "a,b;c\\d\ne, f; g"
    assert components(r"Doe\;Smith;Ann,Bo;;a\\;") == ["Doe;Smith", "Ann,Bo", "", "a\\", ""]
    assert escape("a,b;c\\d\ne") == r"a\,b\;c\\d\ne"


def test_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    line = "NOTE:" + "é" * 100 + "日本語" * 30 + "x" * 80
    folded = fold(line)
    pieces = folded.split("\r\n")[:-1]
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == line
    assert len(pieces[0].encode()) == 75  # "NOTE:" and 35 é: as full as it can be
    assert fold("FN:Ann") == "FN:Ann\r\n"
