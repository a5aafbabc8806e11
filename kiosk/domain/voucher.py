"""The insurance e-voucher as a signed, short-lived token a pharmacy can verify offline.

Claims in CBOR, signed as COSE_Sign1 (RFC 9052) with Ed25519, base45-encoded behind a
versioned prefix: the way EU digital COVID certificates are built (less their zlib
step, which made these small, signature-heavy messages longer), so the text is QR
alphanumeric and a verifier needs only the public key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeGuard

import base45
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "MV1:"
TOKEN_TYPE = "mi-ev/1"  # short: every byte grows the QR
COSE_SIGN1_TAG = 18
ALG_EDDSA = -8
# Claim keys: small integers keep the QR small.
TYPE, NUMBER, NAME, ISSUED, EXPIRES, TERMINAL = 1, 2, 3, 4, 5, 6
MAX_TEXT = 1024  # a voucher is about 210 characters; anything far longer is not one
MAX_TIME = 253_402_300_799  # 9999-12-31T23:59:59Z: times in claims are 0 to this, in seconds
# The longest validity a terminal can be configured to give (voucher.valid_seconds): a
# longer-lived voucher, such as one minted with a stolen key to outlive a rotation, is not one.
MAX_VALID_SECONDS = 86_400


class VoucherRefused(ValueError):
    """Why a token does not verify: malformed, bad signature, unknown key, wrong type,
    retired key, expired or not yet valid (the `reason` names which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Voucher:
    number: str
    masked_name: str
    key_id: str
    issued_at: int
    expires_at: int
    terminal: str
    token_type: str = TOKEN_TYPE


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign_voucher(voucher: Voucher, key: Ed25519PrivateKey) -> str:
    """The QR text for a voucher, signed with the terminal's private key."""
    protected = cbor2.dumps({1: ALG_EDDSA, 4: bytes.fromhex(voucher.key_id)})
    payload = cbor2.dumps(
        {
            TYPE: voucher.token_type,
            NUMBER: voucher.number,
            NAME: voucher.masked_name,
            ISSUED: voucher.issued_at,
            EXPIRES: voucher.expires_at,
            TERMINAL: voucher.terminal,
        }
    )
    signature = key.sign(_sig_structure(protected, payload))
    message = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    encoded: bytes = base45.b45encode(message)  # base45 ships no types
    return PREFIX + encoded.decode("ascii")


def _time(value: object) -> TypeGuard[int]:
    return type(value) is int and 0 <= value <= MAX_TIME  # not bool, not float, in range


def verify_voucher(
    text: str,
    public_keys: Mapping[str, Ed25519PublicKey],
    now: int,
    skew: int = 120,
    retired: Mapping[str, int] | None = None,
) -> Voucher:
    """Check the signature first, then the claims, the key's retirement and the time window.

    `retired` maps a key id to when that key was retired (seconds since the epoch): such a
    key verifies only vouchers issued before then, give or take the skew.
    """
    try:
        if not text.startswith(PREFIX):
            raise ValueError("prefix")
        if len(text) > MAX_TEXT:
            raise ValueError("length")
        tag = cbor2.loads(base45.b45decode(text[len(PREFIX) :]))
        if not isinstance(tag, cbor2.CBORTag) or tag.tag != COSE_SIGN1_TAG:
            raise ValueError("tag")
        protected, _unprotected, payload, signature = tag.value
        if not all(isinstance(part, bytes) for part in (protected, payload, signature)):
            raise ValueError("parts")
        header = cbor2.loads(protected)
        key_id = header[4].hex()
        claims = cbor2.loads(payload)
        if header.get(1) != ALG_EDDSA or not isinstance(claims, dict):
            raise ValueError("header")
    except Exception:  # any decoding failure of untrusted text is one answer
        raise VoucherRefused("malformed") from None
    key = public_keys.get(key_id)
    if key is None:
        raise VoucherRefused("unknown key")
    try:
        key.verify(signature, _sig_structure(protected, payload))
    except InvalidSignature:
        raise VoucherRefused("bad signature") from None
    if claims.get(TYPE) != TOKEN_TYPE:
        raise VoucherRefused("wrong type")
    issued, expires = claims.get(ISSUED), claims.get(EXPIRES)
    number, name, terminal = claims.get(NUMBER), claims.get(NAME), claims.get(TERMINAL)
    if (
        not (_time(issued) and _time(expires))
        or not isinstance(number, str)
        or not isinstance(name, str)
        or not isinstance(terminal, str)
    ):
        raise VoucherRefused("malformed")
    if not 0 <= expires - issued <= MAX_VALID_SECONDS:
        raise VoucherRefused("malformed")
    retired_at = (retired or {}).get(key_id)
    if retired_at is not None and issued > retired_at + skew:
        raise VoucherRefused("retired key")
    if now + skew < issued:
        raise VoucherRefused("not yet valid")
    if now - skew > expires:
        raise VoucherRefused("expired")
    return Voucher(
        number=number,
        masked_name=name,
        key_id=key_id,
        issued_at=issued,
        expires_at=expires,
        terminal=terminal,
        token_type=TOKEN_TYPE,
    )


def mask_name(name: str) -> str:
    """王小明 -> 王*明, 李娜 -> 李*, Ana María López -> A*** M**** L****."""
    if " " in name.strip():
        return " ".join(part[0] + "*" * (len(part) - 1) for part in name.split())
    if len(name) <= 2:
        return name[:1] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def key_id(public_key: Ed25519PublicKey) -> str:
    """The first 8 bytes of SHA-256 over the raw public key, in hex."""
    import hashlib

    from cryptography.hazmat.primitives import serialization

    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]
