"""Settings as data: each has a name, a type, a default and help text.

A value comes from the environment (`FOLLOWUP_<NAME>`), else from `config.toml` in the
config directory, else the default. `followup config` lists them with their sources.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from followup.config import folders
from followup.config.clock import parse_now
from followup.domain.errors import ConfigError

ENV_PREFIX = "FOLLOWUP_"
TRUE = frozenset({"1", "true", "yes", "on"})


def _port(value: str) -> int:
    port = int(value)
    if not 0 < port < 65536:
        raise ValueError(value)
    return port


def _megabytes(value: str) -> int:
    """A size limit in whole megabytes, 1 to MAX_ATTACHMENT_MB."""
    from followup.domain.promised import MAX_ATTACHMENT_MB

    size = int(value)
    if not 1 <= size <= MAX_ATTACHMENT_MB:
        raise ValueError(value)
    return size


def _clock_time(value: str) -> str:
    """A wall-clock time like 07:30, kept as written."""
    from datetime import time

    time.fromisoformat(str(value).strip())
    return str(value).strip()


def _flag(value: Any) -> bool:
    """A yes/no setting: 1, true, yes or on (any case) for yes; anything else no."""
    return value is True or str(value).strip().lower() in TRUE


def _days(value: str) -> int:
    days = int(value)
    if not 1 <= days <= 365:
        raise ValueError(value)
    return days


def _thresholds(name: str) -> Callable[[str], str]:
    """Two whole numbers, yellow then red ("7,14"), kept as written."""

    def check(value: str) -> str:
        from followup.domain.caseload import pair
        from followup.domain.errors import InvalidInput

        try:
            yellow, red = pair(str(value), name)
        except InvalidInput:
            raise ValueError(value) from None
        return f"{yellow},{red}"

    return check


def _one_of(*choices: str) -> Callable[[str], str]:
    def choose(value: str) -> str:
        if str(value).strip().lower() not in choices:
            raise ValueError(value)
        return str(value).strip().lower()

    return choose


# A URL's password: in its user information (`scheme://user:PASSWORD@host`, up to the last @,
# so a password holding /, ? or @ is hidden whole; an @ later in the URL hides more than needed,
# never less), and any parameter whose name says pass (`?password=`, `sslpassword=`).
# (Patterns compiled when first used: every command imports this module.)
_URL_PASSWORD = r"(?s)^(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/?#]*:).*(?=@)"
_PASSWORD_PARAMETER = r"(?i)(?P<name>(?:^|[?&;\s])[^=&;\s#]*pass[^=&;\s#]*=)[^&;\s#]*"
HIDDEN = "***"

Secret = Literal["password", "url"] | None


def hide_password(url: str) -> str:
    """`url` with its password, if any, as `***`: `postgresql://me:***@host/db`."""
    url = re.sub(_URL_PASSWORD, rf"\g<head>{HIDDEN}", url)
    return re.sub(_PASSWORD_PARAMETER, rf"\g<name>{HIDDEN}", url)


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name, type, default and help."""

    name: str
    type: Callable[[str], Any]
    default: Any
    help: str
    # "password": never shown, only whether it is set; "url": shown with its password hidden.
    secret: Secret = None

    def shown(self, value: Any) -> Any:
        """`value` as it may be shown on screen, in JSON or in a message: a password as "set"
        (None when not set), a URL without its password."""
        if value is None or self.secret is None:
            return value
        if self.secret == "password":
            return "set"
        return hide_password(str(value))


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        str,
        None,
        "Database URL. Unset: a SQLite file in the data directory. "
        "PostgreSQL: postgresql://user@host:5432/dbname (psycopg 3).",
        secret="url",
    ),
    Setting(
        "user",
        str,
        "local",
        "Whose data the commands act on. One local user by default; `make run` uses `demo`.",
    ),
    Setting(
        "now",
        parse_now,
        None,
        "An ISO 8601 moment with offset that replaces the clock, for what-if views and tests.",
    ),
    Setting(
        "smtp_host", str, None, "The SMTP server that sends your mail. Unset: `send` writes .eml."
    ),
    Setting("smtp_port", _port, 587, "The SMTP server's port (587 for starttls, 465 for tls)."),
    Setting("smtp_user", str, None, "The SMTP login name (often your email address)."),
    Setting(
        "smtp_security",
        _one_of("none", "starttls", "tls"),
        "starttls",
        "How to secure the SMTP connection: none, starttls or tls.",
    ),
    Setting(
        "smtp_password",
        str,
        None,
        "The SMTP password, from the environment only (or the system keyring); never stored.",
        secret="password",
    ),
    Setting("imap_host", str, None, "The IMAP server to read replies from. Unset: no polling."),
    Setting("imap_port", _port, 993, "The IMAP server's port (993 for tls, 143 otherwise)."),
    Setting("imap_user", str, None, "The IMAP login name."),
    Setting(
        "imap_security",
        _one_of("none", "starttls", "tls"),
        "tls",
        "How to secure the IMAP connection: none, starttls or tls.",
    ),
    Setting(
        "imap_password",
        str,
        None,
        "The IMAP password, from the environment only (or the system keyring); never stored.",
        secret="password",
    ),
    Setting("imap_sent_folder", str, "Sent", "The IMAP folder where your sent mail is kept."),
    Setting(
        "jobs_backend",
        _one_of("sqlite", "redis", "postgres"),
        "sqlite",
        "Where background jobs queue: sqlite (a file in the data directory), redis or postgres "
        "(for workers on several machines).",
    ),
    Setting("jobs_url", str, None, "The Redis or PostgreSQL URL of the job queue.", secret="url"),
    Setting(
        "digest_at",
        _clock_time,
        "07:30",
        "When the morning digest is sent (HH:MM, your time zone).",
    ),
    Setting(
        "attachment_max_mb",
        _megabytes,
        10,
        "The largest file `promise attach` and `send --attach` take, in MB (1 MB = 1,048,576 "
        "bytes; 1 to 25): above it the file is refused and nothing is kept.",
    ),
    Setting(
        "allowed_hosts",
        str,
        None,
        "Host names the web app answers to besides 127.0.0.1, localhost and [::1], separated "
        "by commas (followup.example.com, 192.168.1.5:8765): for `serve --allow-remote`.",
    ),
    Setting(
        "server",
        _flag,
        False,
        "Server mode (`followup serve --server`): accounts and sign-in for a careers service, "
        "on PostgreSQL only, with `secret_key` set; answers on any address `public_url` names.",
    ),
    Setting(
        "secret_key",
        str,
        None,
        "Server mode's secret (at least 32 characters, from the environment): mail passwords "
        "are encrypted at rest with a key made from it. Changing it makes them unreadable.",
        secret="password",
    ),
    Setting(
        "public_url",
        str,
        None,
        "Server mode: the address people reach the server at (https://followup.example.org): "
        "the links in invitation and reset mails, and a host the web app answers to.",
    ),
    Setting(
        "mail_from",
        str,
        None,
        "Server mode: who the service's own mail (invitations, reset links, nudges, digests) "
        'is from, e.g. "Careers Service <followup@careers.example.org>"; else smtp_user.',
    ),
    Setting(
        "signup_open",
        _flag,
        False,
        "Server mode: anyone may create a job seeker account (otherwise by invitation only).",
    ),
    Setting(
        "session_days",
        _days,
        14,
        "Server mode: how many days a sign-in lasts without being used (1 to 365).",
    ),
    Setting(
        "caseload_quiet_days",
        _thresholds("caseload_quiet_days"),
        "7,14",
        "Server mode: days without activity that flag a job seeker yellow, then red (7,14).",
    ),
    Setting(
        "caseload_overdue_steps",
        _thresholds("caseload_overdue_steps"),
        "1,3",
        "Server mode: overdue steps that flag a job seeker yellow, then red (1,3).",
    ),
    Setting(
        "debug",
        _flag,
        False,
        "Show the full traceback of an unexpected error instead of one line.",
    ),
)

BY_NAME = {s.name: s for s in SETTINGS}


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`$XDG_DATA_HOME/followup`, else `~/.local/share/followup`."""
    return Path(folders.data_dir(os.environ if environ is None else environ))


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CONFIG_HOME/followup`, else `~/.config/followup`."""
    return Path(folders.config_dir(os.environ if environ is None else environ))


@dataclass(frozen=True, slots=True)
class Value:
    """A setting's value and where it came from."""

    setting: Setting
    value: Any
    source: str  # "default", "env FOLLOWUP_X" or "config <path>"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting's value, and the folders followup reads and writes."""

    values: dict[str, Value]
    data_dir: Path
    config_dir: Path

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value

    @property
    def database_url(self) -> str:
        url = self["database_url"]
        return str(url) if url else f"sqlite:///{self.data_dir / 'followup.db'}"


def read_config(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    import tomllib

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply)") from None
    unknown = sorted(set(data) - set(BY_NAME) - {"playbook"})
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (see `followup config`)")
    return data


def not_utf8(text: str) -> bool:
    """Whether `text` holds a lone surrogate: bytes that were not UTF-8, as Python keeps them
    (in os.environ, arguments, file names), which can be neither stored nor printed."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def convert(setting: Setting, raw: Any, source: str) -> Any:
    if isinstance(raw, str) and not_utf8(raw):
        raise ConfigError(f"setting {setting.name} from {source} is not valid UTF-8 text")
    try:
        return setting.type(raw)
    except (TypeError, ValueError):
        shown = setting.shown(raw) if isinstance(raw, str) else raw
        raise ConfigError(f"setting {setting.name} from {source}: bad value {shown!r}") from None


def load(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    cdir = config_dir(env)
    config_path = cdir / "config.toml"
    from_file = read_config(config_path)
    values: dict[str, Value] = {}
    for setting in SETTINGS:
        env_name = ENV_PREFIX + setting.name.upper()
        if env.get(env_name):
            source = f"env {env_name}"
            value = convert(setting, env[env_name], source)
        elif setting.name in from_file:
            source = f"config {config_path}"
            value = convert(setting, from_file[setting.name], source)
        else:
            source, value = "default", setting.default
        values[setting.name] = Value(setting, value, source)
    return Settings(values=values, data_dir=data_dir(env), config_dir=cdir)
