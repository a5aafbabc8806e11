"""Verifying (and redeeming) e-vouchers, as a pharmacy or clinic would, offline."""

from __future__ import annotations

import datetime
from pathlib import Path

from kiosk.domain.voucher import Voucher, VoucherRefused, verify_voucher
from kiosk.services.keys import KeyringError, read_keyring
from kiosk.store import redeemed as redeemed_store

__all__ = ["KeyringError", "Voucher", "VoucherRefused", "check_voucher"]


def check_voucher(
    text: str, keyring_path: Path, *, now: datetime.datetime, skew_seconds: int = 120,
    redeem_store: Path | None = None,
) -> Voucher:
    """Verify a voucher's text; with a redeem store, also refuse a second use.

    VoucherRefused names why a voucher does not verify; KeyringError, why the keyring
    cannot be used."""
    keyring = read_keyring(keyring_path)
    voucher = verify_voucher(
        text.strip(), keyring.keys, int(now.timestamp()), skew_seconds, retired=keyring.retired
    )
    if redeem_store is not None and not redeemed_store.redeem(
        redeem_store, voucher.number, now.isoformat()
    ):
        raise VoucherRefused("already redeemed")
    return voucher


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules for a voucher (True is dark), quiet zone of 2 included, level M."""
    import qrcode

    # A fixed mask pattern: qrcode otherwise builds the code eight times to score every
    # mask, which is most of a refresh; any mask decodes alike.
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                       mask_pattern=2)
    qr.add_data(text)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


class VoucherIssuer:
    """Issues this terminal's e-vouchers for a logged-in holder or an active family member."""

    def __init__(self, keys: Path, terminal: str, valid_seconds: int = 300) -> None:
        self.keys = keys
        self.terminal = terminal
        self.valid_seconds = valid_seconds

    def issue(self, name: str, now: datetime.datetime) -> tuple[str, Voucher]:
        import secrets

        from kiosk.domain.voucher import key_id, mask_name, sign_voucher
        from kiosk.services.keys import ensure_keys, signing_key

        ensure_keys(self.keys)
        key = signing_key(self.keys)
        issued = int(now.timestamp())
        voucher = Voucher(
            # A voucher number of its own: the ID number never goes into the code.
            number=secrets.token_hex(5).upper(), masked_name=mask_name(name),
            key_id=key_id(key.public_key()), issued_at=issued,
            expires_at=issued + self.valid_seconds, terminal=self.terminal,
        )
        return sign_voucher(voucher, key), voucher
