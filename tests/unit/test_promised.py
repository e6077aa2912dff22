"""What a promise is kept with: links, files and their size limit, the step's promise."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from followup.domain.errors import InvalidInput
from followup.domain.model import Channel, Step
from followup.domain.promised import (
    MB,
    Promised,
    TooLarge,
    check_file,
    check_link,
    promise_id,
    size_text,
)

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def step(kind: str, key: str) -> Step:
    return Step(kind, Channel.EMAIL, AT, AT, key=key)


def test_a_send_promised_step_names_its_promise():
    assert promise_id(step("send-promised", "send-promised:p12")) == 12
    assert promise_id(step("thank-you", "thank-you:i3:c7")) is None
    assert promise_id(step("send-promised", "send-promised")) is None


@pytest.mark.parametrize(
    "link", ["https://example.org/a?b=1#c", "http://host.example/x", " HTTPS://EXAMPLE.ORG "]
)
def test_web_links_are_taken(link):
    assert check_link(link) == link.strip()


@pytest.mark.parametrize(
    "link",
    ["ftp://example.org/x", "javascript:alert(1)", "example.org/x", "https://", "https://a b",
     "https://example.org/\nx", ""],
)  # fmt: skip
def test_anything_but_a_web_link_is_refused(link):
    with pytest.raises(InvalidInput):
        check_link(link)


def test_a_file_up_to_the_limit_is_taken_and_one_byte_more_is_refused():
    assert check_file("notebook.PDF", 10 * MB, "Application/PDF", 10) == (
        "notebook.PDF",
        "application/pdf",
    )
    over = r"notebook\.pdf is 10 MB \(10,485,761 bytes\), over the 10 MB limit \(10,485,760"
    with pytest.raises(TooLarge, match=over):
        check_file("notebook.pdf", 10 * MB + 1, "application/pdf", 10)
    assert TooLarge.http_status == 413 and issubclass(TooLarge, InvalidInput)


def test_a_file_is_named_by_its_base_name_and_must_have_content_and_a_type():
    assert check_file("C:\\Users\\alex\\cv.pdf", 3, "application/pdf", 1)[0] == "cv.pdf"
    assert check_file("/home/alex/cv.pdf", 3, "application/pdf", 1)[0] == "cv.pdf"
    for name, size, kind in (("cv.pdf", 0, "application/pdf"), ("", 3, "text/plain"),
                             ("a\nb", 3, "text/plain"), ("cv.pdf", 3, "pdf")):  # fmt: skip
        with pytest.raises(InvalidInput):
            check_file(name, size, kind, 1)


def test_a_promise_is_kept_with_a_file_or_a_link_never_both_nor_neither():
    assert Promised(1, link="https://x.example").shown == "https://x.example"
    assert Promised(1, "a.pdf", "application/pdf", 2048).shown == "a.pdf (application/pdf, 2 KB)"
    with pytest.raises(InvalidInput):
        Promised(1)
    with pytest.raises(InvalidInput):
        Promised(1, "a.pdf", "application/pdf", 1, link="https://x.example")
    assert [size_text(n) for n in (5, 2048, 3 * MB, MB + MB // 2)] == [
        "5 bytes", "2 KB", "3 MB", "1.5 MB"
    ]  # fmt: skip
