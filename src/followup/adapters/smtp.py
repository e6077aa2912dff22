"""`SmtpMailer`: ports.Mailer over smtplib, and where mail passwords come from.

Security `none` (plain, for a server on this machine), `starttls` (port 587) or `tls` (port
465), with the system's certificate authorities. It logs in when a user is set, with the
password `passwords.password` finds (never stored).

What the server said decides what followup knows: any failure before the DATA command (no
connection, a refused login or address, a local error such as an address the server cannot
take) and the server's refusal of the message are a definite "not sent" (`NotSent`): not a
byte of the message reached the server, or the server said no. A connection lost while the
message was being handed over leaves it in doubt (any other error), and the outbox never
sends it again blindly.

An international message (an address with a non-ASCII local part, UTF-8 headers) goes with
SMTPUTF8 (RFC 6531), and only to a server that offers it; any other server is told nothing
and the message is not sent.

The message goes byte for byte as given (smtplib mends the line ends of text, not of bytes):
one with a bare LF or CR, or a line over 998 octets, which standards-strict servers refuse
(`500 Line too long`, `550 bare LF`), is not sent at all. `domain/messages.build` writes every
message followup sends so that this never happens.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from typing import Any

from followup.domain.errors import NotSent
from followup.domain.messages import unfit

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
        except Exception as exc:  # nothing of the message has left yet
            raise NotSent(f"no connection to the SMTP server {where}: {_said(exc)}") from None
        return server

    def send(self, message: bytes, sender: str, recipients: Sequence[str]) -> list[str]:
        if fault := unfit(message):
            raise NotSent(f"the message was not sent, as mail servers would refuse it: {fault}")
        international = not (
            message.isascii() and sender.isascii() and all(r.isascii() for r in recipients)
        )
        server = self._connect()
        try:
            self._envelope(server, sender, len(message), international)
            refused = self._recipients(server, recipients)
            try:
                code, said = server.data(message)  # from here on, a failure is in doubt
            except smtplib.SMTPDataError as exc:  # the server answered no to DATA
                raise NotSent(f"the SMTP server refused the message: {_said(exc)}") from None
            if code != 250:  # the server answered no to the message: nothing was delivered
                reply = smtplib.SMTPDataError(code, said)
                raise NotSent(f"the SMTP server refused the message: {_said(reply)}")
        finally:
            try:
                server.quit()
            except (smtplib.SMTPException, OSError):
                server.close()
        return sorted(refused)

    def _envelope(self, server: smtplib.SMTP, sender: str, size: int, international: bool) -> None:
        """MAIL FROM (with SIZE where offered, and SMTPUTF8 for an international message), as
        smtplib's sendmail says it. Nothing of the message has left yet: any failure is "not
        sent"."""
        where = f"{self.host}:{self.port}"
        try:
            server.ehlo_or_helo_if_needed()
            options = [f"SIZE={size}"] if server.has_extn("size") else []
            if international:
                if not server.has_extn("smtputf8"):
                    raise NotSent(
                        f"the SMTP server {where} does not accept international addresses "
                        "(SMTPUTF8), which this message has: send it through another server, "
                        "or write to an ASCII address"
                    )
                options += ["SMTPUTF8", *(["BODY=8BITMIME"] if server.has_extn("8bitmime") else [])]
            code, said = server.mail(sender, options)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, said, sender)
        except NotSent:
            raise
        except Exception as exc:
            raise _not_sent(exc) from None

    def _recipients(self, server: smtplib.SMTP, recipients: Sequence[str]) -> dict[str, Any]:
        """RCPT TO for each: those the server refused. All refused, or any failure, is "not
        sent" (the message has not left)."""
        refused: dict[str, Any] = {}
        try:
            for recipient in recipients:
                code, said = server.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = (code, said)
            if len(refused) == len(recipients):
                raise smtplib.SMTPRecipientsRefused(refused)
        except Exception as exc:
            raise _not_sent(exc) from None
        return refused


def _not_sent(exc: BaseException) -> NotSent:
    """A failure before the message was handed over: the server's refusal, or the
    conversation (or an address it could not carry) stopping before the message."""
    if isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
        return NotSent(f"the SMTP server refused the message: {_said(exc)}")
    return NotSent(
        f"the message was not sent (the SMTP conversation stopped before it): {_said(exc)}"
    )


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
