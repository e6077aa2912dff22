"""What the background worker does, each job a plain function of the App and `now`:

- `send_approved`: settle messages in doubt, then send every approved message (sending.flush);
- `poll_inbox`: read new mail over IMAP and log the replies (replies.take_replies);
- `morning_digest`: at `digest_at` in the user's zone, once a day, email the user what is
  overdue and due (and show a desktop notification where the machine has `notify-send`); the
  mail is built by the one RFC 5322 builder, `domain/messages.build`, as every mail followup
  sends is.

`adapters/queue.py` runs them on a schedule through Huey; `followup worker --once` runs them
once, now. Job state (the last IMAP UID read, the day of the last digest) is kept in the
queue's key-value store, passed in as `memory`.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.bootstrap import App

INBOX = "INBOX"


@dataclass(frozen=True, slots=True)
class Report:
    job: str
    done: int  # messages sent, replies logged, digests sent
    note: str


def send_approved(app: App, now: datetime) -> Report:
    from followup.services import sending

    mailer = app.mailer
    if mailer is None:
        return Report("send", 0, "no SMTP server set (FOLLOWUP_SMTP_HOST): nothing sent")
    settled = sending.flush(app.store, mailer, app.sent_folder, now)
    sent = [e for e in settled if e.state.value == "sent"]
    return Report("send", len(sent), f"{len(sent)} sent, {len(settled) - len(sent)} pending")


def poll_inbox(app: App, now: datetime, memory: MutableMapping[str, str]) -> Report:
    from followup.services import replies

    mailbox = app.mailbox
    if mailbox is None:
        return Report("poll", 0, "no IMAP server set (FOLLOWUP_IMAP_HOST): nothing read")
    key = f"imap-uid:{app.settings['user']}"
    mails = mailbox.fetch_since(INBOX, memory.get(key))
    logged = replies.take_replies(app.store, mails, app.playbook, now)
    uids = [int(m.uid) for m in mails if m.uid and m.uid.isdigit()]
    if uids:
        memory[key] = str(max(uids))
    return Report("poll", len(logged), f"{len(mails)} read, {len(logged)} replies logged")


def digest_text(app: App, now: datetime) -> tuple[str, int]:
    """The digest's body and how many steps it lists."""
    from followup import services

    agenda = services.agenda.today(app.store, app.playbook, now)
    lines = []
    for title, steps in (("Overdue", agenda.overdue), ("To do today", agenda.due)):
        if steps:
            lines.append(f"{title}:")
            for s in steps:
                to = ", ".join(r.name for r in s.recipients) or "you"
                lines.append(f"  #{s.id or '-'} {s.kind} by {s.channel.value} to {to}, "
                             f"due {s.due:%a %d %b %H:%M} ({s.timezone})")  # fmt: skip
            lines.append("")
    for reply in agenda.replies:
        lines.append(f"Reply from {reply.sender} about {reply.company}: {reply.subject}")
    if not lines:
        lines.append("Nothing is due today.")
    lines.append("")
    lines.append("Open followup (`followup today`) for the drafts and the reasons.")
    return "\n".join(lines), len(agenda.overdue) + len(agenda.due)


def morning_digest(app: App, now: datetime, memory: MutableMapping[str, str]) -> Report:
    from followup import services
    from followup.domain import messages
    from followup.domain.drafts import Draft
    from followup.domain.model import Channel
    from followup.domain.values import zone

    me = services.people.profile(app.store)
    if me is None or not me.email:
        return Report("digest", 0, "no profile email to send the digest to")
    local = now.astimezone(zone(me.timezone))
    key = f"digest:{app.settings['user']}"
    if (
        local.time() < time.fromisoformat(app.settings["digest_at"])
        or memory.get(key) == local.date().isoformat()
    ):
        return Report("digest", 0, "not yet time, or already sent today")
    body, count = digest_text(app, now)
    notified = _notify(f"followup: {count} step(s) due today")
    mailer = app.mailer
    if mailer is None:
        memory[key] = local.date().isoformat()
        return Report("digest", 0, "no SMTP server set; " + ("notified" if notified else ""))
    subject = f"followup: {count} step(s) due {local:%A %d %B}"
    draft = Draft(kind="digest", channel=Channel.EMAIL, body=body, subject=subject)
    to_me = messages.Addressed(to=((me.name, me.email),), cc=())
    message_id = messages.message_id(uuid.uuid4().hex, me.email)
    # Auto-Submitted, so that no one auto-replies to it.
    text = messages.build(me, draft, to_me, now, message_id, automatic=True)
    mailer.send(text.encode("utf-8"), me.email, [me.email])
    memory[key] = local.date().isoformat()
    return Report("digest", 1, f"sent to {me.email} with {count} step(s)")


def _notify(text: str) -> bool:
    """A desktop notification, where the machine has one; never fails."""
    tool = shutil.which("notify-send")
    if tool is None:
        return False
    try:
        return subprocess.run([tool, "followup", text], timeout=5, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def run_all(app: App, now: datetime, memory: MutableMapping[str, str]) -> list[Report]:
    """Every job once, in order: send, then read replies, then the digest."""
    return [
        send_approved(app, now),
        poll_inbox(app, now, memory),
        morning_digest(app, now, memory),
    ]
