"""Verify an argon2id hash with as many threads as there are cores to spare.

argon2-cffi's `verify` runs one thread per lane (`p=4`: four threads), and the four lanes
meet at a barrier twelve times per hash. On a two-core hall machine, where other
terminals draw screens at the same moment, four threads on two cores wait at those
barriers for each other: a verify took 90-112 ms with four threads and 74-86 ms with two
(tools/argon2 figures in docs/benchmarks.md, Hall notes). The number of threads is not a
parameter of the hash: the lanes, memory and passes stay as stored, and the result is
the same bytes (tests/unit/test_argon2_verify.py checks against argon2-cffi's verify).

argon2-cffi exposes the C library's `argon2_ctx` as `low_level.core`; its context
structure may change between releases, which the test above would catch.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from argon2 import Type, extract_parameters
from argon2.exceptions import InvalidHashError
from argon2.low_level import core, ffi, lib


def verify_with_threads(stored_hash: str, password: str, threads: int) -> bool:
    """True when `password` matches the argon2id `stored_hash`, computed with `threads`
    threads (at most the hash's lanes). InvalidHashError for a hash it cannot read."""
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
            "allocate_cbk": ffi.NULL,
            "free_cbk": ffi.NULL,
            # Wipe the password buffer and the memory after use, as argon2_verify does.
            "flags": lib.ARGON2_DEFAULT_FLAGS,
        },
    )
    if core(context, Type.ID.value) != lib.ARGON2_OK:
        raise InvalidHashError("argon2 refused the hash's parameters")
    return hmac.compare_digest(bytes(ffi.buffer(out, len(digest))), digest)


def _unb64(text: str) -> bytes:
    if not text:
        raise ValueError("empty")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
