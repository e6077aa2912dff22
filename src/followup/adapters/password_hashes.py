"""Account passwords as argon2id hashes (argon2-cffi, its default parameters: RFC 9106's
second recommended option), checked in constant time and rehashed when the parameters move on."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(stored: str | None, password: str) -> bool:
    """Whether `password` is the one `stored` was made from. With nothing stored, a hash is
    still checked, so that a missing account takes as long as a wrong password."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        matched = _hasher().verify(stored or _dummy(), password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and stored is not None


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)


@cache
def _dummy() -> str:
    return _hasher().hash("not a password of anyone's")
