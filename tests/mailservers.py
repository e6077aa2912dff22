"""Real mail servers on loopback for the tests (a pytest plugin: tests/conftest.py loads it).

- `smtp_server`: an aiosmtpd server on a free port of 127.0.0.1 that keeps every message it
  accepts with its envelope; `smtp_server_with_login` asks for a login first;
  `smtp_server_utf8` offers SMTPUTF8 (international addresses), which the others do not. Set
  `refuse` to an SMTP reply ("550 ...") to have it refuse messages. Each keeps the MAIL FROM
  commands it was given (`mail_froms`), so a test can tell that nothing at all was begun.
- `smtp_server_strict`: as `smtp_server`, refusing in DATA what standards-strict servers
  refuse (`wire_faults`): a bare LF or CR (Postfix's smtpd_forbid_bare_newline, Exchange,
  Gmail), a line over 998 octets (RFC 5322 2.1.1), 8-bit bytes not announced with
  BODY=8BITMIME or SMTPUTF8, no From or Date. aiosmtpd itself only refuses a "line" (up to a
  CRLF) over 1001 octets: a message with bare LFs over 1000 octets is one such line (`500
  Line too long`), a shorter one gets through.
- `Received.checked()`: a received message read as an independent, strict reader reads it
  (Python's `email` under `policy.default`): CRLF lines of at most 998 octets, encoded body
  lines of at most 76 (RFC 2045 6.7, 6.8), the required headers once each, no defects.
- `dovecot`: Debian's Dovecot (package dovecot-imapd) with a throwaway configuration: IMAP on
  a free port of 127.0.0.1, plain-text login allowed, one user from a passwd file, Maildir
  in a temporary directory, folders INBOX and Sent. `deliver(raw, folder)` puts a message
  in a folder (IMAP APPEND), as a mail program or the server's delivery would.
Without Dovecot the tests that need it are skipped, except under CI=true, where
`.ci/system-deps` must have installed it: there they fail.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import textwrap
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

DOVECOT = "/usr/sbin/dovecot"
SMTP_USER, SMTP_PASSWORD = "alex@example.org", "s3cret-smtp"
IMAP_USER, IMAP_PASSWORD = "alex", "s3cret-imap"


def pytest_configure(config: pytest.Config) -> None:
    # The test server takes a login without TLS on loopback, on purpose.
    config.addinivalue_line(
        "filterwarnings", "ignore:Requiring AUTH while not requiring TLS:UserWarning"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


REQUIRED_HEADERS = ("Date", "Message-ID", "From", "To", "Subject", "MIME-Version")
_BARE_EOL = re.compile(rb"\r(?!\n)|(?<!\r)\n")


def wire_faults(data: bytes, mail_options: Sequence[str] = ()) -> list[str]:
    """What a standards-strict server refuses in a message's DATA, as its SMTP reply ("550
    ..."): nothing when the message is fit to send. `data` as received, transparency dots
    removed (aiosmtpd's `original_content`)."""
    faults = []
    if bare := _BARE_EOL.search(data):
        kind = "LF" if bare.group() == b"\n" else "CR"
        faults.append(f"550 5.6.0 bare {kind} at octet {bare.start()}: lines end with CRLF")
    lines = data.split(b"\r\n")
    if (longest := max((len(line) for line in lines), default=0)) > 998:
        faults.append(f"500 5.5.2 Line too long ({longest} octets; at most 998, RFC 5322)")
    declared = {o.upper() for o in mail_options} & {"BODY=8BITMIME", "SMTPUTF8"}
    if not data.isascii() and not declared:
        faults.append("554 5.6.1 8-bit data without BODY=8BITMIME or SMTPUTF8")
    head = data.split(b"\r\n\r\n", 1)[0].lower()
    for name in (b"from", b"date"):
        if not re.search(rb"(?m)^" + name + rb":", head):
            faults.append(f"550 5.7.1 not RFC 5322: no {name.decode().title()} header")
    return faults


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes  # the message as the server received it (CRLF line ends)
    mail_options: list[str] = field(default_factory=list)  # e.g. ["SMTPUTF8"]

    @property
    def message(self) -> Any:
        """The message as a receiver reads it (`policy.default`); UTF-8 headers (SMTPUTF8)
        are read as text, as RFC 6532 says."""
        from email import message_from_bytes, message_from_string, policy

        if "SMTPUTF8" in self.mail_options:
            return message_from_string(self.data.decode("utf-8"), policy=policy.default)
        return message_from_bytes(self.data, policy=policy.default)

    def checked(self) -> Any:
        """`message`, once a strict reader finds nothing wrong with it (AssertionError naming
        every fault otherwise): the wire form a strict server takes (`wire_faults`), every
        header in REQUIRED_HEADERS exactly once, MIME-Version 1.0, no defect in any part or
        header (but a non-ASCII local part, with SMTPUTF8), and each quoted-printable or
        base64 body at most 76 characters a line."""
        from email.errors import NonASCIILocalPartDefect

        faults = wire_faults(self.data, self.mail_options)
        message = self.message
        for name in REQUIRED_HEADERS:
            if len(message.get_all(name) or []) != 1:
                faults.append(f"{name}: {len(message.get_all(name) or [])} times, not once")
        if str(message.get("MIME-Version", "")).strip() != "1.0":
            faults.append(f"MIME-Version: {message.get('MIME-Version')!r}")
        # The email package calls a non-ASCII local part a defect even where RFC 6532 allows it.
        allowed = (NonASCIILocalPartDefect,) if "SMTPUTF8" in self.mail_options else ()
        for part in message.walk():
            faults += [f"defect in {part.get_content_type()}: {d!r}" for d in part.defects]
            for name, value in part.items():
                found = getattr(value, "defects", ())
                faults += [f"defect in {name}: {d!r}" for d in found if not isinstance(d, allowed)]
            encoding = part.get("Content-Transfer-Encoding", "").lower()
            if not part.is_multipart() and encoding in ("quoted-printable", "base64"):
                wide = [line for line in part.get_payload().splitlines() if len(line) > 76]
                if wide:
                    faults.append(f"{encoding} line of {len(wide[0])} characters: {wide[0]!r}")
        assert not faults, f"{message['Subject']!r}: " + "; ".join(faults)
        return message


@dataclass
class SmtpServer:
    host: str
    port: int
    user: str | None = None
    password: str | None = None
    messages: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    refuse: str | None = None  # e.g. "550 5.1.1 no such mailbox": refuse every message
    smtputf8: bool = False  # offer SMTPUTF8
    mail_froms: list[str] = field(default_factory=list)
    strict: bool = False  # refuse what standards-strict servers refuse (`wire_faults`)
    refused: list[str] = field(default_factory=list)  # the replies it refused messages with

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.mail_froms.append(address)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        data = envelope.original_content or envelope.content
        if self.strict and (faults := wire_faults(data, envelope.mail_options)):
            self.refused.append(faults[0])
            return faults[0]
        received = Received(
            envelope.mail_from, list(envelope.rcpt_tos), data, list(envelope.mail_options)
        )
        self.messages.append(received)
        return "250 OK: queued"

    def env(self) -> dict[str, str]:
        """The settings that send through this server."""
        env = {
            "FOLLOWUP_SMTP_HOST": self.host,
            "FOLLOWUP_SMTP_PORT": str(self.port),
            "FOLLOWUP_SMTP_SECURITY": "none",
        }
        if self.user:
            env["FOLLOWUP_SMTP_USER"] = self.user
            env["FOLLOWUP_SMTP_PASSWORD"] = self.password or ""
        return env


def _serve(server: SmtpServer) -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticate(
        smtp: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == server.user
            and data.password.decode() == server.password
        )
        if ok:
            server.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 535 on failure

    options: dict[str, Any] = {"enable_SMTPUTF8": server.smtputf8}
    if server.user:
        options |= {
            "authenticator": authenticate,
            "auth_required": True,
            "auth_require_tls": False,
        }
    controller = Controller(server, hostname=server.host, port=server.port, **options)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An SMTP server on loopback that accepts and keeps every message; no login."""
    yield from _serve(SmtpServer("127.0.0.1", free_port()))


@pytest.fixture
def smtp_server_utf8() -> Iterator[SmtpServer]:
    """As `smtp_server`, offering SMTPUTF8: international addresses (`ölga@example.com`)."""
    yield from _serve(SmtpServer("127.0.0.1", free_port(), smtputf8=True))


@pytest.fixture
def smtp_server_strict() -> Iterator[SmtpServer]:
    """As `smtp_server`, refusing what a standards-strict server refuses (`wire_faults`)."""
    yield from _serve(SmtpServer("127.0.0.1", free_port(), strict=True))


@pytest.fixture
def smtp_server_with_login() -> Iterator[SmtpServer]:
    """As `smtp_server`, but mail is taken only after logging in as SMTP_USER."""
    yield from _serve(SmtpServer("127.0.0.1", free_port(), SMTP_USER, SMTP_PASSWORD))


@dataclass
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    root: Path

    def env(self, sent_folder: str = "Sent") -> dict[str, str]:
        """The settings that read this mailbox."""
        return {
            "FOLLOWUP_IMAP_HOST": self.host,
            "FOLLOWUP_IMAP_PORT": str(self.port),
            "FOLLOWUP_IMAP_SECURITY": "none",
            "FOLLOWUP_IMAP_USER": self.user,
            "FOLLOWUP_IMAP_PASSWORD": self.password,
            "FOLLOWUP_IMAP_SENT_FOLDER": sent_folder,
        }

    def _login(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(self.user, self.password)
        return client

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        client = self._login()
        try:
            status, said = client.append(folder, None, None, raw)
            assert status == "OK", said
        finally:
            client.logout()

    def count(self, folder: str = "INBOX") -> int:
        client = self._login()
        try:
            status, data = client.select(folder, readonly=True)
            assert status == "OK", data
            return int(data[0] or 0)
        finally:
            client.logout()


def _dovecot_config(root: Path, port: int) -> str:
    """A configuration for a Dovecot of its own: nothing outside `root` is read or written."""
    if os.geteuid() == 0:  # mail is never handled as root: as `nobody`, owning the mail
        mail = pwd.getpwnam("nobody")
        users = ""
    else:
        mail = pwd.getpwuid(os.getuid())
        users = f"default_internal_user = {mail.pw_name}\ndefault_login_user = {mail.pw_name}\n"
    home = root / "home"
    home.mkdir()
    if os.geteuid() == 0:
        os.chown(home, mail.pw_uid, mail.pw_gid)
    (root / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}::::::\n")
    return users + textwrap.dedent(
        f"""\
        base_dir = {root}/run
        state_dir = {root}/state
        log_path = {root}/dovecot.log
        protocols = imap
        listen = 127.0.0.1
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        first_valid_uid = 1
        auth_failure_delay = 0
        passdb {{
          driver = passwd-file
          args = scheme=PLAIN username_format=%u {root}/passwd
        }}
        userdb {{
          driver = static
          args = uid={mail.pw_uid} gid={mail.pw_gid} home={home}/%u
        }}
        mail_location = maildir:~/Maildir
        namespace inbox {{
          inbox = yes
          mailbox Sent {{
            special_use = \\Sent
            auto = create
          }}
        }}
        service imap-login {{
          inet_listener imap {{
            address = 127.0.0.1
            port = {port}
          }}
          inet_listener imaps {{
            port = 0
          }}
          chroot =
        }}
        service anvil {{
          chroot =
          unix_listener anvil-auth-penalty {{
            mode = 0
          }}
        }}
        """
    )


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                if s.recv(200).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.05)
    said = log.read_text(errors="replace") if log.exists() else ""
    raise RuntimeError(f"Dovecot did not start on port {port}: {said[-2000:]}")


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A Dovecot IMAP server of the test's own, stopped and removed afterwards."""
    if not Path(DOVECOT).exists():
        reason = f"Dovecot is not installed ({DOVECOT}: apt-get install dovecot-imapd)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason}; .ci/system-deps installs it for CI")
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
    root.chmod(0o755)  # the login and mail processes run as other users
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(_dovecot_config(root, port))
    output = root / "output.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)], stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        _wait_for(port, process, output)
        yield Dovecot("127.0.0.1", port, IMAP_USER, IMAP_PASSWORD, root)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
