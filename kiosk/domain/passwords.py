"""Password hashing with argon2id, and the rules a new password must meet."""

from __future__ import annotations

import base64
import os
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.domain import hashing_client
from kiosk.domain.argon2_verify import Arena, verify_with_threads

# argon2-cffi's defaults (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4) are
# above the OWASP minimum (m=19 MiB, t=2, p=1).
_HASHER = PasswordHasher()

MIN_LENGTH = 8
MAX_LENGTH = 64
# Anything longer is refused before it reaches the hasher: a 1 MB paste must
# not cost a megabyte of hashing.
HARD_LIMIT = 128


def hash_password(password: str) -> str:
    """The argon2id hash of `password`: made by the hall's hashing service when this
    kiosk was started by `kiosk serve` (kiosk/domain/hashing_client.py), else here."""
    if len(password) > HARD_LIMIT:
        raise ValueError("password too long to hash")
    hashed = hashing_client.ask({"op": "hash", "password": password})
    return hashed if isinstance(hashed, str) else hash_locally(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when the password matches; never raises for a wrong password or a bad hash.

    Asked of the hashing service when there is one, the same way for every caller, so
    a refusal costs the same whether the ID is unknown (the dummy hash) or not.
    """
    if len(password) > HARD_LIMIT:
        return False
    matched = hashing_client.ask({"op": "verify", "hash": stored_hash, "password": password})
    return matched if isinstance(matched, bool) else verify_locally(stored_hash, password)


def new_arena() -> Arena:
    """Memory for verifies of hashes made with today's parameters (64 MiB)."""
    return Arena(_HASHER.memory_cost)


def hash_locally(password: str) -> str:
    """argon2id in this process (64 MiB for the moment it takes)."""
    if len(password) > HARD_LIMIT:
        raise ValueError("password too long to hash")
    return _HASHER.hash(password)


def verify_locally(
    stored_hash: str, password: str, threads: int | None = None, arena: Arena | None = None
) -> bool:
    """Verify in this process with `threads` threads (default: one per core, at most one
    per lane), in `arena` if given (kiosk/domain/argon2_verify.py says why)."""
    if len(password) > HARD_LIMIT:
        return False
    try:
        return verify_with_threads(stored_hash, password, threads or cores(), arena)
    except InvalidHashError:
        pass  # not argon2id, or not readable here: argon2-cffi's own verify decides
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def unmatchable_hash() -> str:
    """An encoded argon2id hash that no password matches, whose verify costs what a real
    one costs: today's parameters, a random salt and random bytes as the hash.

    Made without hashing: a hash made here would cost the first refusal of an unknown ID
    number in each new kiosk process (each terminal connection of `kiosk serve` is one) a
    second argon2 run, and tell it apart from a wrong password.
    """
    params = _HASHER
    salt, digest = secrets.token_bytes(params.salt_len), secrets.token_bytes(params.hash_len)
    return (
        f"$argon2id$v=19$m={params.memory_cost},t={params.time_cost},p={params.parallelism}"
        f"${_b64(salt)}${_b64(digest)}"
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def needs_rehash(stored_hash: str) -> bool:
    """True for hashes made with weaker parameters than today's.

    Always answered here: it reads the parameters written in the hash and hashes nothing.
    """
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


# The most common choices in leaked password lists, Chinese and international.
COMMON = frozenset(
    """
    12345678 123456789 1234567890 87654321 11111111 00000000 88888888 66666666 12341234
    11223344 12121212 123123123 147258369 123456abc abc12345 abcd1234 a1234567 a12345678
    a123456789 1qaz2wsx qwertyui qwertyuiop asdfghjk zxcvbnm1 password password1 password123
    passw0rd iloveyou woaini1314 woaini520 5201314520 1314520520 aa123456 qq123456
    abcdefgh abcd12345 admin123 admin1234 welcome1 sunshine princess football baseball
    dragon12 monkey12 letmein1 trustno1 superman 1q2w3e4r 1q2w3e4r5t qazwsxedc zaq12wsx
    """.split()
)


def password_problems(password: str, id_number: str, birth_date: str) -> str | None:
    """The catalog key of the first rule a new password breaks, or None if it is fine.

    `birth_date` is ISO (YYYY-MM-DD); the password may not be the ID number or the
    birth date written as 19850302 or 1985-03-02.
    """
    if not password:
        return "password.empty"
    if len(password) > MAX_LENGTH:  # also everything over HARD_LIMIT
        return "password.too_long"
    if len(password) < MIN_LENGTH:
        return "password.too_short"
    if password.lower() in COMMON:
        return "password.common"
    forbidden = {id_number.lower(), birth_date, birth_date.replace("-", "")}
    if password.lower() in forbidden:
        return "password.like_id"
    return None
