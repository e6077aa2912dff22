"""What was promised, kept with the thing itself: a file to attach, or a link to give.

A send-promised step names its promise in its key (`send-promised:p7`); what the user attaches
to the step is kept with that promise (`Promised`), so a replan that rebuilds the step keeps
it. A file goes out as a MIME part of the email (services/sending.py); a link goes in the
body, where the template puts it. Pure: the bytes, the size limit and the names are passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from followup.domain.errors import InvalidInput
from followup.domain.model import Step
from followup.domain.values import ADDRESS, SHORT, one_line

MB = 2**20  # a megabyte, as the size limit counts it (the setting `attachment_max_mb`)
MAX_ATTACHMENT_MB = 25  # the most that setting may be: what the big mail services accept
_KEY = re.compile(r"send-promised:p(\d+)")
_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*", re.IGNORECASE)


class TooLarge(InvalidInput):
    """A file over the size limit: refused, nothing kept (413 on the web)."""

    http_status = 413


@dataclass(frozen=True, slots=True)
class Promised:
    """What a promise is kept with: a file (its name, type and size; the bytes are read only
    to send it) or a link, never both."""

    promise_id: int
    file_name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    link: str | None = None

    def __post_init__(self) -> None:
        if (self.file_name is None) == (self.link is None):
            raise InvalidInput("attach either a file or a link")

    @property
    def shown(self) -> str:
        """`notebook.pdf (application/pdf, 12 KB)` or the link."""
        if self.link is not None:
            return self.link
        return f"{self.file_name} ({self.mime_type}, {size_text(self.size or 0)})"


def size_text(size: int) -> str:
    """A size for people: `512 bytes`, `12 KB`, `10.5 MB`."""
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    return f"{size / MB:.1f} MB".replace(".0 MB", " MB")


def promise_id(step: Step) -> int | None:
    """The promise a send-promised step keeps (its key names it), else None."""
    found = _KEY.fullmatch(step.key) if step.kind == "send-promised" else None
    return int(found.group(1)) if found else None


def check_link(url: str) -> str:
    """`url` if it is a web link people can open: http or https, with a host, one line."""
    url = one_line(url.strip(), "the link", ADDRESS)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in url:
        raise InvalidInput(f"the link {url!r} is not a web address: give one starting https://")
    return url


def check_file(file_name: str, size: int, mime_type: str, limit_mb: int) -> tuple[str, str]:
    """(name, type) of a file that may be attached: named (its base name, one line), a
    MIME type, not empty, at most `limit_mb` megabytes (TooLarge above)."""
    name = re.split(r"[\\/]", file_name.strip())[-1]
    if not name or name in (".", ".."):
        raise InvalidInput("the file has no name: give one with a name")
    one_line(name, "the file's name", SHORT)
    if not _MIME_TYPE.fullmatch(mime_type):
        raise InvalidInput(f"{mime_type!r} is not a MIME type such as application/pdf")
    if size == 0:
        raise InvalidInput(f"{name} is empty: nothing was attached")
    if size > limit_mb * MB:
        raise TooLarge(
            f"{name} is {size_text(size)} ({size:,} bytes), over the {limit_mb} MB limit "
            f"({limit_mb * MB:,} bytes, the setting attachment_max_mb): nothing was attached; "
            "share a link to it instead"
        )
    return name, mime_type.lower()
