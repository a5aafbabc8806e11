"""Signed statements shared by the e-voucher and the contributions certificate.

Claims in CBOR, signed as COSE_Sign1 (RFC 9052) with Ed25519, base45-encoded behind a
versioned prefix: the way EU digital COVID certificates are built (less their zlib
step, which made these small, signature-heavy messages longer), so the text is QR
alphanumeric and a verifier needs only the public key. Each kind of statement has its
own prefix and its own token type (claim 1), so one is never taken for the other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

import base45
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

COSE_SIGN1_TAG = 18
ALG_EDDSA = -8
TYPE = 1  # claim 1 of every statement: its token type
MAX_TIME = 253_402_300_799  # 9999-12-31T23:59:59Z: times in claims are 0 to this, in seconds


class TokenRefused(ValueError):
    """Why a signed statement does not verify (the `reason` names which, in English)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Opened:
    """A statement whose signature holds: its key id and its claims, not yet checked."""

    key_id: str
    claims: dict[Any, Any]


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign(prefix: str, claims: Mapping[int, object], kid: str, key: Ed25519PrivateKey) -> str:
    """The text of a statement: `claims` signed with `key` (whose id is `kid`)."""
    protected = cbor2.dumps({1: ALG_EDDSA, 4: bytes.fromhex(kid)})
    payload = cbor2.dumps(dict(claims))
    signature = key.sign(_sig_structure(protected, payload))
    message = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    encoded: bytes = base45.b45encode(message)  # base45 ships no types
    return prefix + encoded.decode("ascii")


def open_signed(
    text: str,
    prefix: str,
    max_text: int,
    public_keys: Mapping[str, Ed25519PublicKey],
    refused: type[TokenRefused] = TokenRefused,
) -> Opened:
    """Decode a statement and check its signature against the key it names.

    Raises `refused` with "malformed", "unknown key" or "bad signature"; the claims
    are returned as they are, for the caller to check type, values and times.
    """
    try:
        if not text.startswith(prefix):
            raise ValueError("prefix")
        if len(text) > max_text:
            raise ValueError("length")
        tag = cbor2.loads(base45.b45decode(text[len(prefix) :]))
        if not isinstance(tag, cbor2.CBORTag) or tag.tag != COSE_SIGN1_TAG:
            raise ValueError("tag")
        protected, _unprotected, payload, signature = tag.value
        if not all(isinstance(part, bytes) for part in (protected, payload, signature)):
            raise ValueError("parts")
        header = cbor2.loads(protected)
        kid = header[4].hex()
        claims = cbor2.loads(payload)
        if header.get(1) != ALG_EDDSA or not isinstance(claims, dict):
            raise ValueError("header")
    except Exception:  # any decoding failure of untrusted text is one answer
        raise refused("malformed") from None
    key = public_keys.get(kid)
    if key is None:
        raise refused("unknown key")
    try:
        key.verify(signature, _sig_structure(protected, payload))
    except InvalidSignature:
        raise refused("bad signature") from None
    return Opened(kid, claims)


def is_time(value: object) -> TypeGuard[int]:
    """A time in a claim: an int (not bool, not float) from 0 to MAX_TIME seconds."""
    return type(value) is int and 0 <= value <= MAX_TIME


def check_window(
    key_id: str,
    issued: int,
    expires: int,
    now: int,
    skew: int,
    retired: Mapping[str, int] | None,
    refused: type[TokenRefused] = TokenRefused,
) -> None:
    """The key's retirement and the validity window, with `skew` seconds either way.

    `retired` maps a key id to when that key was retired (seconds since the epoch): such a
    key verifies only statements issued before then, give or take the skew."""
    retired_at = (retired or {}).get(key_id)
    if retired_at is not None and issued > retired_at + skew:
        raise refused("retired key")
    if now + skew < issued:
        raise refused("not yet valid")
    if now - skew > expires:
        raise refused("expired")


def key_id(public_key: Ed25519PublicKey) -> str:
    """The first 8 bytes of SHA-256 over the raw public key, in hex."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]
