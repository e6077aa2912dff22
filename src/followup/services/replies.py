"""Replies: mail that arrived, logged as touches on the applications it belongs to.

The IMAP adapter reads the mail (`IncomingMail`); here it is matched, logged and planned for
(`domain/replies.py` says how). Nothing is decided for the user: an offer or a rejection is
flagged on the touch, to be confirmed with `followup decide`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from followup.domain import replies
from followup.domain.mail import IncomingMail
from followup.domain.playbook import Playbook
from followup.domain.replies import Reply
from followup.ports import Store
from followup.services.applications import replan


def take_replies(
    store: Store, mails: Sequence[IncomingMail], playbook: Playbook, now: datetime
) -> list[Reply]:
    """Log each mail that belongs to an application as an incoming email touch and replan that
    application, in one transaction; return what was logged, oldest first.

    Skipped: mail whose Message-ID is already on a touch or in the outbox (read twice, or our
    own), mail from the user's own address, and mail that matches no application (not stored).
    An auto-reply is logged but changes no plan (the planner ignores it)."""
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
            logged.append(replies.reply_on(replan(repo, application_id, playbook, now), touch))
        return logged


def replies_to_show(store: Store, now: datetime) -> list[Reply]:
    """Replies (auto-replies aside) the user has not acted on since, newest first: what
    `today` shows at its top."""
    with store.transaction() as repo:
        return replies.to_show(repo.unanswered_replies(), now)
