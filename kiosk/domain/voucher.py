"""The insurance e-voucher as a signed, short-lived token a pharmacy can verify offline.

Claims in CBOR, signed as COSE_Sign1 with Ed25519 and base45-encoded behind the prefix
"MV1:" (kiosk/domain/cose.py, shared with the contributions certificate), so the text is
QR alphanumeric and a verifier needs only the public key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.domain.cose import (
    ALG_EDDSA,
    COSE_SIGN1_TAG,
    MAX_TIME,
    TYPE,
    TokenRefused,
    check_window,
    is_time,
    key_id,
    open_signed,
    sign,
)

__all__ = [
    "ALG_EDDSA",
    "COSE_SIGN1_TAG",
    "EXPIRES",
    "ISSUED",
    "MAX_TEXT",
    "MAX_TIME",
    "MAX_VALID_SECONDS",
    "NAME",
    "NUMBER",
    "PREFIX",
    "TERMINAL",
    "TOKEN_TYPE",
    "TYPE",
    "Voucher",
    "VoucherRefused",
    "key_id",
    "mask_name",
    "sign_voucher",
    "verify_voucher",
]

PREFIX = "MV1:"
TOKEN_TYPE = "mi-ev/1"  # short: every byte grows the QR
# Claim keys: small integers keep the QR small (TYPE, 1, is every statement's type).
NUMBER, NAME, ISSUED, EXPIRES, TERMINAL = 2, 3, 4, 5, 6
MAX_TEXT = 1024  # a voucher is about 210 characters; anything far longer is not one
# The longest validity a terminal can be configured to give (voucher.valid_seconds): a
# longer-lived voucher, such as one minted with a stolen key to outlive a rotation, is not one.
MAX_VALID_SECONDS = 86_400


class VoucherRefused(TokenRefused):
    """Why a token does not verify: malformed, bad signature, unknown key, wrong type,
    retired key, expired or not yet valid (the `reason` names which)."""


@dataclass(frozen=True)
class Voucher:
    number: str
    masked_name: str
    key_id: str
    issued_at: int
    expires_at: int
    terminal: str
    token_type: str = TOKEN_TYPE


def sign_voucher(voucher: Voucher, key: Ed25519PrivateKey) -> str:
    """The QR text for a voucher, signed with the terminal's private key."""
    claims = {
        TYPE: voucher.token_type,
        NUMBER: voucher.number,
        NAME: voucher.masked_name,
        ISSUED: voucher.issued_at,
        EXPIRES: voucher.expires_at,
        TERMINAL: voucher.terminal,
    }
    return sign(PREFIX, claims, voucher.key_id, key)


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
    opened = open_signed(text, PREFIX, MAX_TEXT, public_keys, VoucherRefused)
    claims = opened.claims
    if claims.get(TYPE) != TOKEN_TYPE:
        raise VoucherRefused("wrong type")
    issued, expires = claims.get(ISSUED), claims.get(EXPIRES)
    number, name, terminal = claims.get(NUMBER), claims.get(NAME), claims.get(TERMINAL)
    if (
        not (is_time(issued) and is_time(expires))
        or not isinstance(number, str)
        or not isinstance(name, str)
        or not isinstance(terminal, str)
    ):
        raise VoucherRefused("malformed")
    if not 0 <= expires - issued <= MAX_VALID_SECONDS:
        raise VoucherRefused("malformed")
    check_window(opened.key_id, issued, expires, now, skew, retired, VoucherRefused)
    return Voucher(
        number=number,
        masked_name=name,
        key_id=opened.key_id,
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
