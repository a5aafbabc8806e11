"""Verifying (and redeeming) e-vouchers, as a pharmacy or clinic would, offline."""

from __future__ import annotations

import datetime
from pathlib import Path

from kiosk.domain.voucher import Voucher, VoucherRefused, verify_voucher
from kiosk.services.keys import load_keyring
from kiosk.store import redeemed as redeemed_store

__all__ = ["Voucher", "VoucherRefused", "check_voucher"]


def check_voucher(
    text: str, keyring_path: Path, *, now: datetime.datetime, skew_seconds: int = 120,
    redeem_store: Path | None = None,
) -> Voucher:
    """Verify a voucher's text; with a redeem store, also refuse a second use."""
    voucher = verify_voucher(
        text.strip(), load_keyring(keyring_path), int(now.timestamp()), skew_seconds
    )
    if redeem_store is not None and not redeemed_store.redeem(
        redeem_store, voucher.number, now.isoformat()
    ):
        raise VoucherRefused("already redeemed")
    return voucher
