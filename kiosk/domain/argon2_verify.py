"""Verify an argon2id hash with as many threads as there are cores to spare.

argon2-cffi's `verify` runs one thread per lane (`p=4`: four threads), and the four lanes
meet at a barrier twelve times per hash. On a two-core hall machine, where other
terminals draw screens at the same moment, four threads on two cores wait at those
barriers for each other: a verify took 90-112 ms with four threads and 74-86 ms with two
(docs/benchmarks.md, the Hall notes). The number of threads is not a
parameter of the hash: the lanes, memory and passes stay as stored, and the result is
the same bytes (tests/unit/test_argon2_verify.py checks against argon2-cffi's verify).

A verify can also run in an `Arena`: memory kept from one verify to the next, so that
the 64 MiB are not mapped, faulted in page by page and handed back every time (a fifth of
a verify's CPU: 152 ms -> 120 ms on one thread). argon2 wipes the memory itself before it
lets go of it (its clear_internal_memory), so nothing of a password stays in an arena
between verifies. The hall's hashing service keeps one arena per hash it runs at once.

argon2-cffi exposes the C library's `argon2_ctx` as `low_level.core`; its context
structure may change between releases, which the test above would catch.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import threading
from typing import Any

from argon2 import Type, extract_parameters
from argon2.exceptions import InvalidHashError
from argon2.low_level import core, ffi, lib

# argon2's code for a failed allocation: an arena too small for a hash's memory.
_NO_MEMORY = -22
_current = threading.local()  # the arena of the verify running in this thread


class Arena:
    """Memory for argon2 that stays between verifies (made resident when made)."""

    def __init__(self, kib: int) -> None:
        self.size = kib * 1024
        self.memory = ffi.new("uint8_t[]", self.size)  # zeroed, so every page is in
        self.lent = 0  # verifies that ran in it


def _lend(memory: Any, size: int) -> int:
    arena: Arena | None = getattr(_current, "arena", None)
    if arena is None or size > arena.size:
        return _NO_MEMORY
    memory[0] = arena.memory
    arena.lent += 1
    return 0


def _take_back(memory: Any, size: int) -> None:
    """Nothing to free: argon2 has already wiped the memory, and the arena keeps it."""


_allocate = ffi.callback("int(uint8_t **, size_t)", _lend)
_release = ffi.callback("void(uint8_t *, size_t)", _take_back)


def verify_with_threads(
    stored_hash: str, password: str, threads: int, arena: Arena | None = None
) -> bool:
    """True when `password` matches the argon2id `stored_hash`, computed with `threads`
    threads (at most the hash's lanes), in `arena` when it is large enough for the hash
    (else in memory of its own). InvalidHashError for a hash it cannot read."""
    params = extract_parameters(stored_hash)
    if params.type is not Type.ID:
        raise InvalidHashError("not argon2id")
    parts = stored_hash.split("$")
    if len(parts) != 6:
        raise InvalidHashError("not an encoded argon2 hash")
    try:
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except (binascii.Error, ValueError) as err:
        raise InvalidHashError("bad base64") from err
    use_arena = arena is not None and params.memory_cost * 1024 <= arena.size
    secret = password.encode("utf-8")
    out = ffi.new("uint8_t[]", len(digest))
    pwd = ffi.new("uint8_t[]", secret)
    salt_buffer = ffi.new("uint8_t[]", salt)
    context = ffi.new(
        "argon2_context *",
        {
            "out": out,
            "outlen": len(digest),
            "pwd": pwd,
            "pwdlen": len(secret),
            "salt": salt_buffer,
            "saltlen": len(salt),
            "secret": ffi.NULL,
            "secretlen": 0,
            "ad": ffi.NULL,
            "adlen": 0,
            "t_cost": params.time_cost,
            "m_cost": params.memory_cost,
            "lanes": params.parallelism,
            "threads": max(1, min(threads, params.parallelism)),
            "version": params.version,
            "allocate_cbk": _allocate if use_arena else ffi.NULL,
            "free_cbk": _release if use_arena else ffi.NULL,
            # As argon2_verify; the working memory is wiped by argon2 in any case.
            "flags": lib.ARGON2_DEFAULT_FLAGS,
        },
    )
    _current.arena = arena if use_arena else None
    try:
        status = core(context, Type.ID.value)
    finally:
        _current.arena = None
    if status != lib.ARGON2_OK:
        raise InvalidHashError("argon2 refused the hash's parameters")
    return hmac.compare_digest(bytes(ffi.buffer(out, len(digest))), digest)


def _unb64(text: str) -> bytes:
    if not text:
        raise ValueError("empty")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
