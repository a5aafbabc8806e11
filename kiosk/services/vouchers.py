"""Verifying (and redeeming) e-vouchers, as a pharmacy or clinic would, offline."""

from __future__ import annotations

import datetime
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.voucher import Voucher, VoucherRefused, verify_voucher
from kiosk.services.keys import KeyringError, read_keyring
from kiosk.store import family as family_store
from kiosk.store import records as records_store
from kiosk.store import redeemed as redeemed_store

if TYPE_CHECKING:
    from kiosk.services.accounts import CitizenSession
    from kiosk.store import Store

__all__ = ["KeyringError", "NotIssued", "Shown", "Voucher", "VoucherRefused", "check_voucher"]


class NotIssued(Exception):
    """No e-voucher for this person: `status` is their registry status (suspended,
    terminated...), or "not_linked" for someone who is not an active family member."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Shown:
    """What the e-voucher screen draws: the code and whose it is, or why there is none
    (`refused`: a registry status, or "not_linked")."""

    text: str = ""
    masked_name: str = ""
    matrix: list[list[bool]] = field(default_factory=list)
    refused: str = ""


def check_voucher(
    text: str,
    keyring_path: Path,
    *,
    now: datetime.datetime,
    skew_seconds: int = 120,
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
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
    qr.add_data(text)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


class VoucherIssuer:
    """Issues this terminal's e-vouchers for a logged-in holder or an active family member.

    A voucher says to whoever scans it that the person is insured, so it is made only
    while the registry says so: nobody gets a code whose insurance is not active.
    """

    def __init__(
        self,
        keys: Path,
        terminal: str,
        valid_seconds: int = 300,
        *,
        store: Store,
        chance: random.Random | None = None,
    ) -> None:
        self.keys = keys
        # Where voucher numbers come from: the system's secure source unless fixed.
        self.chance = chance or secrets.SystemRandom()
        self.terminal = terminal
        self.valid_seconds = valid_seconds
        self.store = store

    def issue(
        self, session: CitizenSession, now: datetime.datetime, member: str | None = None
    ) -> tuple[str, Voucher]:
        """The holder's own voucher, or with `member` (an application number) that
        member's; raises NotIssued unless the person is linked and insured now."""
        db = self.store.db
        person_id = session.id_number
        if member is not None:
            link = family_store.member_of_application(db, session.id_number, member)
            if link is None or link["status"] != "active":
                raise NotIssued("not_linked")
            person_id = link["member_id"]
        person = records_store.person(db, person_id)
        if person is None or person["status"] != "active":
            raise NotIssued(person["status"] if person else "not_linked")
        return self._sign(person["name"], now)

    def shown(
        self, session: CitizenSession, now: datetime.datetime, member: str | None = None
    ) -> Shown:
        """issue(), with the QR modules drawn, or the reason there is no code."""
        try:
            text, voucher = self.issue(session, now, member)
        except NotIssued as refused:
            return Shown(refused=refused.status)
        return Shown(text, voucher.masked_name, qr_matrix(text))

    def _sign(self, name: str, now: datetime.datetime) -> tuple[str, Voucher]:
        from kiosk.domain.voucher import key_id, mask_name, sign_voucher
        from kiosk.services.keys import ensure_keys, signing_key

        ensure_keys(self.keys)
        key = signing_key(self.keys)
        issued = int(now.timestamp())
        voucher = Voucher(
            # A voucher number of its own: the ID number never goes into the code.
            number=self.chance.randbytes(5).hex().upper(),
            masked_name=mask_name(name),
            key_id=key_id(key.public_key()),
            issued_at=issued,
            expires_at=issued + self.valid_seconds,
            terminal=self.terminal,
        )
        return sign_voucher(voucher, key), voucher
