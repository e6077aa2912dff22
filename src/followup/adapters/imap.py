"""`ImapMailbox`: the user's mail over IMAP (imap-tools): whether a folder holds a message
(`contains`, to confirm a send after a crash) and what arrived in a folder after a UID
(`fetch_since`, for replies). Nothing is changed on the server: messages are read with PEEK,
so they stay unread. `SentFolder` is ports.SentFolder on the configured Sent folder.

Security `none`, `starttls` or `tls`, as for SMTP; the password from `passwords.password`.
Errors become MailboxUnavailable.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from followup.domain.errors import MailboxUnavailable
from followup.domain.mail import IncomingMail
from followup.domain.values import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from imap_tools import BaseMailBox, MailMessage

TIMEOUT_SECONDS = 60


class ImapMailbox:
    def __init__(
        self,
        host: str,
        port: int,
        security: str,
        user: str,
        secret: str | None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.user, self._secret, self._clock = user, secret, clock

    def __repr__(self) -> str:  # never the password
        return f"ImapMailbox({self.host}:{self.port}, {self.security}, user={self.user!r})"

    @contextmanager
    def _folder(self, folder: str) -> Iterator[BaseMailBox]:
        import imaplib

        from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted

        where = f"{self.user} at {self.host}:{self.port}"
        try:
            host, port = self.host, self.port
            if self.security == "none":
                box: BaseMailBox = MailBoxUnencrypted(host, port, TIMEOUT_SECONDS)
            else:
                kind = MailBox if self.security == "tls" else MailBoxStartTls
                context = ssl.create_default_context()
                box = kind(host, port, TIMEOUT_SECONDS, ssl_context=context)
            with box.login(self.user, self._secret or "", initial_folder=folder) as opened:
                yield opened
        except MailboxUnavailable:
            raise
        except (OSError, imaplib.IMAP4.error, ValueError) as exc:
            raise MailboxUnavailable(f"IMAP {where}, folder {folder!r}: {exc}") from None
        except Exception as exc:  # imap-tools' own errors
            if type(exc).__module__.startswith("imap_tools"):
                raise MailboxUnavailable(f"IMAP {where}, folder {folder!r}: {exc}") from None
            raise

    def contains(self, folder: str, message_id: str) -> bool:
        """Whether `folder` holds a message with this Message-ID."""
        from imap_tools import AND, H

        with self._folder(folder) as box:
            return bool(box.uids(AND(header=H("Message-ID", message_id.strip()))))

    def fetch_since(self, folder: str, uid: str | None) -> list[IncomingMail]:
        """The messages in `folder` with a UID above `uid` (all of them for None), oldest first."""
        from imap_tools import AND, U

        after = int(uid) if uid else 0
        with self._folder(folder) as box:
            found = box.fetch(AND(uid=U(str(after + 1), "*")), mark_seen=False, bulk=True)
            mails = [self._incoming(m, folder) for m in found if int(m.uid or 0) > after]
        return sorted(mails, key=lambda m: int(m.uid or 0))

    def _incoming(self, mail: MailMessage, folder: str) -> IncomingMail:
        headers: dict[str, str] = {}
        for name, value in mail.obj.items():
            headers.setdefault(name.lower(), str(value))
        message_id = headers.get("message-id", "").strip()
        if not message_id:  # a stable stand-in, so the same mail is known when read again
            message_id = f"<uid-{mail.uid}.{re.sub(r'[^A-Za-z0-9]+', '-', folder)}@{self.host}>"
        at = mail.date
        if not FIRST_YEAR <= at.year <= LAST_YEAR:  # no Date header, one that does not parse
            # or a date no mail was sent on
            at = self._clock()
        elif at.tzinfo is None or at.utcoffset() is None:
            at = at.replace(tzinfo=UTC)
        references = tuple(headers.get("references", "").split())
        return IncomingMail(
            message_id=message_id,
            sender=mail.from_.strip().lower(),
            subject=mail.subject,
            at=at,
            text=(mail.text or html_text(mail.html)).replace("\r\n", "\n"),
            in_reply_to=headers.get("in-reply-to", "").strip() or None,
            references=references,
            headers=headers,
            uid=mail.uid,
        )


class SentFolder:
    """ports.SentFolder: `folder` of `mailbox`."""

    def __init__(self, mailbox: ImapMailbox, folder: str) -> None:
        self.mailbox, self.folder = mailbox, folder

    def contains(self, message_id: str) -> bool:
        return self.mailbox.contains(self.folder, message_id)


class _Text(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML body: tags dropped, block ends as line breaks, blank runs squeezed."""
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
