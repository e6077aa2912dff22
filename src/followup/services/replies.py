"""Replies: mail that arrived, logged as touches on the applications it belongs to.

The IMAP adapter reads the mail (`IncomingMail`); here it is matched, logged and planned for
(`domain/replies.py` says how). Nothing is decided for the user: an offer or a rejection is
flagged on the touch, to be confirmed with `followup decide`. A reply pauses nudges until the
user answers it or goes on without answering (`resume`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from followup.domain import planner, replies
from followup.domain.mail import IncomingMail
from followup.domain.model import AUTO_REPLY, Application, Touch
from followup.domain.playbook import Playbook
from followup.domain.replies import Reply
from followup.ports import Applications, Store
from followup.services.applications import _home, replan


def take_replies(
    store: Store, mails: Sequence[IncomingMail], playbook: Playbook, now: datetime
) -> list[Reply]:
    """Log each mail that belongs to an application as an incoming email touch and replan that
    application, in one transaction; return what was logged, oldest first.

    Skipped: mail whose Message-ID is already on a touch or in the outbox (read twice, or our
    own), mail from the user's own address, and mail that matches no application (not stored).
    An auto-reply is logged but changes no plan (the planner ignores it), except an
    out-of-office reply that names a return date: its writer's open steps move after it."""
    with store.transaction() as repo:
        index = repo.mail_index().with_messages(repo.sent_message_ids())
        me = repo.get_profile()
        own = me.email.lower() if me and me.email else None
        logged: list[Reply] = []
        for mail in sorted(mails, key=lambda m: m.at):
            key = replies.message_id(mail.message_id)
            if key in index.messages or mail.sender.strip().lower() == own:
                continue
            application_id = replies.match(mail, index)
            if application_id is None:
                continue
            contact_id = replies.sender_contact(mail, index, application_id)
            touch = repo.add_touch(application_id, replies.touch_for(mail, contact_id))
            # Later mail in this batch may answer this one, or be this one again.
            index = index.with_messages({key: application_id})
            current = _after_absence(repo, application_id, mail, touch, playbook)
            replanned = replan(repo, application_id, playbook, now, current)
            logged.append(replies.reply_on(replanned, touch))
        return logged


def _after_absence(
    repo: Applications, application_id: int, mail: IncomingMail, touch: Touch, playbook: Playbook
) -> Application | None:
    """The application with its sender's open steps moved after the return date their
    out-of-office reply names (`planner.away`); None when it names none (nothing changes)."""
    if touch.outcome != AUTO_REPLY or touch.contact_id is None:
        return None
    back = replies.return_date(mail)
    if back is None:
        return None
    current = repo.get_application(application_id)
    moved = planner.away(current, touch.contact_id, back, playbook, _home(repo))
    return dataclasses.replace(current, steps=moved)


def resume(store: Store, application_id: int, playbook: Playbook, now: datetime) -> Application:
    """Go on after a reply without answering it: the act is stored (`planner.resume`: a touch
    out, outcome `resumed`) and the application replanned, its next nudge spaced from now."""
    with store.transaction() as repo:
        current = repo.get_application(application_id)
        repo.add_touch(application_id, planner.resume(current, now))
        return replan(repo, application_id, playbook, now)


def pause(application: Application, timezone: str) -> Reply | None:
    """The latest reply the user has not acted on, while it pauses the application's nudges
    (`Reply.paused` says so); None when nothing of its own pauses them."""
    waiting = planner.unanswered(application)
    if not waiting:
        return None
    latest = max(waiting, key=lambda t: (t.at, t.id or 0))
    return dataclasses.replace(replies.reply_on(application, latest), timezone=timezone)


def replies_to_show(store: Store, now: datetime) -> list[Reply]:
    """Replies (auto-replies aside) the user has not acted on since, newest first: what
    `today` shows at its top."""
    with store.transaction() as repo:
        return replies.to_show(repo.unanswered_replies(), now, _home(repo).timezone)
