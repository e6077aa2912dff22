"""What the background worker does, each job a plain function of the App and `now`:

- `send_approved`: settle messages in doubt, then send every approved message (sending.flush);
- `poll_inbox`: read new mail over IMAP and log the replies (replies.take_replies);
- `morning_digest`: at `digest_at` in the user's zone, once a day, email the user what is
  overdue and due (and show a desktop notification where the machine has `notify-send`); the
  mail is built by the one RFC 5322 builder, `domain/messages.build`, as every mail followup
  sends is, and goes through followup's own SMTP server (`App.system_mailer`; in server mode
  from the service's address, `services/notices.py`).

`adapters/queue.py` runs them on a schedule through Huey (in server mode for every user
served); `followup worker --once` runs them once, now. The last IMAP UID read is kept in the
queue's key-value store, passed in as `memory`, under the store's user name.

Exactly once, on any number of workers: approved mail through the outbox (`sending.flush`:
each message claimed by a compare-and-set before its SMTP conversation). The digest through a
claim of its day (`ports.JobClaims`), made BEFORE sending, `sending` then `sent`: of two
workers one claims the day and the other skips it. A worker that stops between claiming and
recording the server's answer leaves the claim `sending`; once `sending.STALE_AFTER` has passed
it becomes `uncertain` and that day's digest is NOT sent again (it may have gone: never twice
beats at least once; the next day's goes as usual). A refusal before the message left (no
connection, a refusal reply) withdraws the claim: the next run tries again.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.bootstrap import App
    from followup.ports import Claim

INBOX = "INBOX"
DIGEST = "digest"  # the digest's job name in its day claims


@dataclass(frozen=True, slots=True)
class Report:
    job: str
    done: int  # messages sent, replies logged, digests sent
    note: str


def send_approved(app: App, now: datetime) -> Report:
    from followup.services import sending

    mailer = app.mailer
    if mailer is None and app.settings["server"]:
        from followup.domain.outbox import OutboxState

        waiting = len(sending.entries(app.store, [OutboxState.APPROVED]))
        return Report(
            "send", 0, f"{app.store.user} has no mail account with an SMTP server: "
            f"{waiting} approved message(s) wait",
        )  # fmt: skip
    if mailer is None:
        return Report("send", 0, "no SMTP server set (FOLLOWUP_SMTP_HOST): nothing sent")
    settled = sending.flush(app.store, mailer, app.sent_folder, now)
    sent = [e for e in settled if e.state.value == "sent"]
    return Report("send", len(sent), f"{len(sent)} sent, {len(settled) - len(sent)} pending")


def poll_inbox(app: App, now: datetime, memory: MutableMapping[str, str]) -> Report:
    from followup.services import replies

    mailbox = app.mailbox
    if mailbox is None and app.settings["server"]:
        note = f"{app.store.user}'s mail account has no IMAP server: nothing read"
        return Report("poll", 0, note)
    if mailbox is None:
        return Report("poll", 0, "no IMAP server set (FOLLOWUP_IMAP_HOST): nothing read")
    key = f"imap-uid:{app.store.user}"
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


def morning_digest(app: App, now: datetime) -> Report:
    from followup import services
    from followup.domain import messages
    from followup.domain.drafts import Draft
    from followup.domain.errors import NotSent
    from followup.domain.model import Channel
    from followup.domain.values import zone
    from followup.services import notices
    from followup.services.sending import crash_point

    me = services.people.profile(app.store)
    if me is None or not me.email:
        return Report("digest", 0, "no profile email to send the digest to")
    local = now.astimezone(zone(me.timezone))
    if local.time() < time.fromisoformat(app.settings["digest_at"]):
        return Report("digest", 0, "not yet time")
    server = app.settings["server"]
    sender = notices.sender(app)[1] if server else me.email  # server mode: the service's own
    day, claims = local.date(), app.claims
    message_id = messages.message_id(uuid.uuid4().hex, sender)
    claim = claims.claim(DIGEST, day, message_id, now)
    if not claim.ours:
        return _claimed(app, claim, day, now)
    try:  # anything failing before the conversation: not sent, the claim withdrawn
        body, count = digest_text(app, now)
        subject = f"followup: {count} step(s) due {local:%A %d %B}"
        draft = Draft(kind="digest", channel=Channel.EMAIL, body=body, subject=subject)
        to_me = messages.Addressed(to=((me.name, me.email),), cc=())
        # Auto-Submitted, so that no one auto-replies to it. (Server mode: notices builds it.)
        text = "" if server else messages.build(me, draft, to_me, now, message_id, automatic=True)
    except Exception:
        claims.settle(DIGEST, day, "sending", None, now)
        raise
    notified = not server and _notify(f"followup: {count} step(s) due today")
    mailer = app.system_mailer
    if mailer is None:
        claims.settle(DIGEST, day, "sending", "sent", now, "no SMTP server: not mailed")
        return Report("digest", 0, "no SMTP server set; " + ("notified" if notified else ""))
    try:
        if server:  # from the service (`mail_from`), as its other mail
            notices.send(app, me.email, subject, body, now, me.name, message_id)
        else:
            mailer.send(text.encode("utf-8"), me.email, [me.email])
    except NotSent:  # surely not sent: the next run tries again
        claims.settle(DIGEST, day, "sending", None, now)
        raise
    except Exception as exc:
        why = f"the SMTP conversation broke off: {exc or type(exc).__name__}"
        claims.settle(DIGEST, day, "sending", "uncertain", now, why)
        raise
    crash_point("digest-after-smtp")
    claims.settle(DIGEST, day, "sending", "sent", now)
    return Report("digest", 1, f"sent to {me.email} with {count} step(s)")


def _claimed(app: App, claim: Claim, day: date, now: datetime) -> Report:
    """The digest's day claimed already: sent, being sent, or in doubt (never sent again)."""
    from followup.services.sending import STALE_AFTER

    if claim.state == "sending" and now - claim.claimed_at >= STALE_AFTER:
        died = "the worker sending it stopped before the server's answer was recorded"
        if app.claims.settle(DIGEST, day, "sending", "uncertain", now, died):
            return Report(
                "digest", 0, f"the digest of {day} may not have gone ({died}): "
                "it is not sent again",
            )  # fmt: skip
    if claim.state == "sending":
        return Report("digest", 0, "another worker is sending today's digest")
    if claim.state == "uncertain":
        return Report("digest", 0, "today's digest may have gone: it is not sent again")
    return Report("digest", 0, "already sent today")


def _notify(text: str) -> bool:
    """A desktop notification, where the machine has one; never fails."""
    tool = shutil.which("notify-send")
    if tool is None:
        return False
    try:
        return subprocess.run([tool, "followup", text], timeout=5, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def by_name(memory: MutableMapping[str, str]) -> dict[str, Callable[[App, datetime], Report]]:
    """Every job by its name, in the order they run: send, then read replies, then the digest."""
    return {
        "send": send_approved,
        "poll": lambda app, now: poll_inbox(app, now, memory),
        "digest": morning_digest,
    }


def run_all(app: App, now: datetime, memory: MutableMapping[str, str]) -> list[Report]:
    """Every job once, in order: send, then read replies, then the digest."""
    return [job(app, now) for job in by_name(memory).values()]
