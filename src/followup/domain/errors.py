"""One hierarchy of errors. Each carries the exit code (CLI) and HTTP status (web) it maps to."""


class FollowupError(Exception):
    """Base of every error followup reports to a person."""

    exit_code = 1
    http_status = 500


class InvalidInput(FollowupError):
    """A value the user gave cannot be right (malformed, impossible, unknown)."""

    exit_code = 2
    http_status = 422


class NotFound(FollowupError):
    """The application, contact or step named does not exist for this user."""

    exit_code = 3
    http_status = 404


class Conflict(FollowupError):
    """The action does not fit the current state (e.g. deciding a decided application)."""

    exit_code = 4
    http_status = 409


class Duplicate(Conflict):
    """An open application has the company and role of one being added: is it another round
    of that one (`application_id`), or a new application?"""

    def __init__(self, message: str, application_id: int) -> None:
        super().__init__(message)
        self.application_id = application_id


class StorageError(FollowupError):
    """The database could not be opened, migrated or written."""

    exit_code = 5
    http_status = 503


class ConfigError(FollowupError):
    """A setting or configuration file is malformed."""

    exit_code = 6
    http_status = 500


class NotSent(FollowupError):
    """The mail server could not be reached, or refused the message: it surely did not go."""

    exit_code = 7
    http_status = 502


class MailboxUnavailable(FollowupError):
    """The IMAP server could not be reached, refused the login, or has no such folder."""

    exit_code = 8
    http_status = 502


class MissingExtra(FollowupError):
    """A feature needs an optional extra that is not installed (e.g. `followup[ocr]`)."""

    exit_code = 9
    http_status = 501


class SignInRefused(FollowupError):
    """An email and password that do not match an account (which of the two, or whether there
    is such an account, is never said), or a secret token that opens nothing."""

    exit_code = 10
    http_status = 401


class Forbidden(FollowupError):
    """The signed-in account (or its API token) may not do this."""

    exit_code = 11
    http_status = 403


class Gone(FollowupError):
    """A single-use link used already, or expired (an invitation, a password reset)."""

    exit_code = 12
    http_status = 410


class Throttled(FollowupError):
    """Too many failed sign-ins lately: the next attempt is let through in `retry_after`
    seconds."""

    exit_code = 13
    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
