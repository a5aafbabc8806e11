"""Password hashing with argon2id, and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4) are
# above the OWASP minimum (m=19 MiB, t=2, p=1).
_HASHER = PasswordHasher()

MIN_LENGTH = 8
MAX_LENGTH = 64
# Anything longer is refused before it reaches the hasher: a 1 MB paste must
# not cost a megabyte of hashing.
HARD_LIMIT = 128


def hash_password(password: str) -> str:
    if len(password) > HARD_LIMIT:
        raise ValueError("password too long to hash")
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when the password matches; never raises for a wrong password or a bad hash."""
    if len(password) > HARD_LIMIT:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True for hashes made with weaker parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
