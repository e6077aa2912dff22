"""`SmtpMailer`: ports.Mailer over smtplib, and where mail passwords come from.

Security `none` (plain, for a server on this machine), `starttls` (port 587) or `tls` (port
465), with the system's certificate authorities. It logs in when a user is set, with the
password `passwords.password` finds (never stored).

What the server said decides what followup knows: everything up to the server's reply to the
message's end is a definite "not sent" (`NotSent`); a connection lost while the message was
being handed over leaves it in doubt (any other error), and the outbox never sends it again
blindly.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence

from followup.domain.errors import NotSent

TIMEOUT_SECONDS = 60


class SmtpMailer:
    def __init__(
        self, host: str, port: int, security: str, user: str | None, secret: str | None
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.user, self._secret = user, secret

    def __repr__(self) -> str:  # never the password
        return f"SmtpMailer({self.host}:{self.port}, {self.security}, user={self.user!r})"

    def _connect(self) -> smtplib.SMTP:
        where = f"{self.host}:{self.port}"
        try:
            if self.security == "tls":
                context = ssl.create_default_context()
                server: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=TIMEOUT_SECONDS, context=context
                )
            else:
                server = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
            try:
                if self.security == "starttls":
                    server.starttls(context=ssl.create_default_context())
                if self.user:
                    server.login(self.user, self._secret or "")
            except BaseException:
                server.close()
                raise
        except smtplib.SMTPAuthenticationError as exc:
            raise NotSent(
                f"the SMTP server {where} refused the login of {self.user}: {_said(exc)}"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise NotSent(f"no connection to the SMTP server {where}: {_said(exc)}") from None
        return server

    def send(self, message: bytes, sender: str, recipients: Sequence[str]) -> list[str]:
        server = self._connect()
        try:
            refused = server.sendmail(sender, list(recipients), message)
        except (
            smtplib.SMTPSenderRefused,
            smtplib.SMTPRecipientsRefused,
            smtplib.SMTPDataError,
            smtplib.SMTPNotSupportedError,
        ) as exc:  # the server answered no: nothing was delivered
            raise NotSent(f"the SMTP server refused the message: {_said(exc)}") from None
        finally:
            try:
                server.quit()
            except (smtplib.SMTPException, OSError):
                server.close()
        return sorted(refused)


def _said(exc: BaseException) -> str:
    """The server's words in an smtplib error, else the error's."""
    reply = getattr(exc, "smtp_error", None)
    if isinstance(reply, bytes):
        code = getattr(exc, "smtp_code", "")
        return f"{code} {reply.decode('utf-8', 'replace')}".strip()
    recipients = getattr(exc, "recipients", None)
    if isinstance(recipients, dict) and recipients:
        return "; ".join(
            f"{who}: {code} {said.decode('utf-8', 'replace')}"
            for who, (code, said) in recipients.items()
        )
    return str(exc) or type(exc).__name__
