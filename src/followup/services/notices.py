"""The service's own mail in server mode: invitations, reset links, nudges, digests. Each is
one plain-text message built by the one RFC 5322 builder (`domain/messages.build`), marked
`Auto-Submitted` (no one auto-replies to it), sent through the server's SMTP settings (`smtp_*`,
`App.system_mailer`) from `mail_from`."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from email.utils import parseaddr
from typing import TYPE_CHECKING

from followup.domain.errors import ConfigError, FollowupError, NotSent

if TYPE_CHECKING:
    from followup.bootstrap import App


log = logging.getLogger("followup.notices")


def sender(app: App) -> tuple[str, str]:
    """(name, address) the service's mail is from: `mail_from`, else `smtp_user`."""
    name, address = parseaddr(app.settings["mail_from"] or "")
    address = address or (app.settings["smtp_user"] or "")
    if "@" not in address:
        raise ConfigError(
            "the service's mail needs an address to come from: set FOLLOWUP_MAIL_FROM "
            '(e.g. "Careers Service <followup@careers.example.org>")'
        )
    return name or "followup", address


def send(
    app: App,
    to: str,
    subject: str,
    body: str,
    now: datetime,
    name: str = "",
    message_id: str | None = None,
) -> str:
    """Mail `body` to `to` (a checked address) now; the Message-ID (`message_id`, when the
    caller recorded it before sending). NotSent when no SMTP server is set or it refuses."""
    from followup.domain import messages
    from followup.domain.drafts import Draft
    from followup.domain.model import Channel, Profile

    mailer = app.system_mailer
    if mailer is None:
        raise NotSent("the service cannot send mail: set FOLLOWUP_SMTP_HOST (and its settings)")
    from_name, from_address = sender(app)
    me = Profile(name=from_name, email=from_address)
    draft = Draft(kind="notice", channel=Channel.EMAIL, body=body, subject=subject)
    addressed = messages.Addressed(to=((name or to, to),), cc=())
    message_id = message_id or messages.message_id(uuid.uuid4().hex, from_address)
    text = messages.build(me, draft, addressed, now, message_id, automatic=True)
    mailer.send(text.encode("utf-8"), from_address, [to])
    return message_id


def send_or_log(app: App, to: str, subject: str, body: str, now: datetime) -> bool:
    """`send`, for a notice whose failure no one is waiting to hear of (the answer has gone,
    or the app shows the same): whether it went; a failure is logged."""
    try:
        send(app, to, subject, body, now)
    except FollowupError as exc:
        log.warning("the mail %r was not sent: %s", subject, exc)
        return False
    return True
