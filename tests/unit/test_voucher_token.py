"""E-voucher tokens: signed, short-lived, verifiable with the public key alone."""

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.domain.voucher import (
    PREFIX,
    Voucher,
    VoucherRefused,
    key_id,
    mask_name,
    sign_voucher,
    verify_voucher,
)

NOW = 1_795_000_000


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


def voucher(key, **changes):
    fields = dict(
        number="V7K2M9Q4XW",
        masked_name="王*明",
        key_id=key_id(key.public_key()),
        issued_at=NOW,
        expires_at=NOW + 300,
        terminal="KIOSK-01",
    )
    fields.update(changes)
    return Voucher(**fields)


def keyring(key):
    return {key_id(key.public_key()): key.public_key()}


def test_a_signed_voucher_verifies_with_the_public_key(key):
    text = sign_voucher(voucher(key), key)
    assert text.startswith(PREFIX)
    checked = verify_voucher(text, keyring(key), now=NOW + 10)
    assert checked.number == "V7K2M9Q4XW" and checked.masked_name == "王*明"
    assert checked.terminal == "KIOSK-01"


def test_it_fits_a_qr_of_version_10_at_level_m(key):
    text = sign_voucher(voucher(key), key)
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    assert qr.version <= 10
    assert all(c.isupper() or c.isdigit() or c in " $%*+-./:" for c in text)  # alphanumeric


def test_one_changed_character_is_refused(key):
    text = sign_voucher(voucher(key), key)
    for position in (len(PREFIX) + 5, len(text) // 2, len(text) - 3):
        swapped = "A" if text[position] != "A" else "B"
        tampered = text[:position] + swapped + text[position + 1 :]
        with pytest.raises(VoucherRefused) as caught:
            verify_voucher(tampered, keyring(key), now=NOW)
        assert caught.value.reason in ("bad signature", "malformed")


@pytest.mark.parametrize(
    ("now", "reason"),
    [(NOW + 300 + 121, "expired"), (NOW - 121, "not yet valid")],
)
def test_outside_the_time_window_is_refused(key, now, reason):
    with pytest.raises(VoucherRefused) as caught:
        verify_voucher(sign_voucher(voucher(key), key), keyring(key), now=now)
    assert caught.value.reason == reason


def test_clock_skew_within_two_minutes_is_tolerated(key):
    text = sign_voucher(voucher(key), key)
    verify_voucher(text, keyring(key), now=NOW - 119)
    verify_voucher(text, keyring(key), now=NOW + 300 + 119)


def test_an_unknown_key_and_a_wrong_type_are_refused(key):
    other = Ed25519PrivateKey.generate()
    with pytest.raises(VoucherRefused) as caught:
        verify_voucher(sign_voucher(voucher(key), key), keyring(other), now=NOW)
    assert caught.value.reason == "unknown key"
    wrong = sign_voucher(voucher(key, token_type="boarding-pass"), key)
    with pytest.raises(VoucherRefused) as caught:
        verify_voucher(wrong, keyring(key), now=NOW)
    assert caught.value.reason == "wrong type"


def test_a_signature_from_another_key_with_the_same_key_id_is_refused(key):
    impostor = Ed25519PrivateKey.generate()
    forged = sign_voucher(voucher(key), impostor)  # claims key's id, signed by another
    with pytest.raises(VoucherRefused) as caught:
        verify_voucher(forged, keyring(key), now=NOW)
    assert caught.value.reason == "bad signature"


@pytest.mark.parametrize("text", ["", "MV1:", "HC1:ABC", "MV1:!!!!", "MV1:" + "0" * 5000])
def test_garbage_is_malformed(key, text):
    with pytest.raises(VoucherRefused) as caught:
        verify_voucher(text, keyring(key), now=NOW)
    assert caught.value.reason == "malformed"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("王小明", "王*明"),
        ("李娜", "李*"),
        ("欧阳娜娜", "欧**娜"),
        ("Ana María López", "A** M**** L****"),
    ],
)
def test_names_are_masked(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("retired_at", "verifies"),
    [
        (NOW + 5, True),  # issued before the retirement
        (NOW - 120, True),  # after it, but within the clock skew
        (NOW - 121, False),  # after it, beyond the skew
        (0, False),  # retired at an unknown time: nothing it signs verifies
    ],
)
def test_a_retired_key_verifies_only_what_it_signed_before_retirement(key, retired_at, verifies):
    text = sign_voucher(voucher(key), key)
    retired = {key_id(key.public_key()): retired_at}
    if verifies:
        verify_voucher(text, keyring(key), now=NOW + 10, retired=retired)
        return
    with pytest.raises(VoucherRefused) as caught:
        verify_voucher(text, keyring(key), now=NOW + 10, retired=retired)
    assert caught.value.reason == "retired key"


@pytest.mark.parametrize(
    "changes",
    [
        dict(expires_at=10**30),
        dict(issued_at=-1),
        dict(issued_at=True),
        dict(expires_at=1.0),
        dict(number=7),
        dict(masked_name=None),
        dict(terminal=b"K1"),
        dict(expires_at=NOW + 86_401),
        dict(expires_at=NOW - 1),  # longer than a day, or backwards
    ],
)
def test_claims_of_the_wrong_type_or_range_are_malformed(key, changes):
    text = sign_voucher(voucher(key, **changes), key)
    with pytest.raises(VoucherRefused) as caught:
        verify_voucher(text, keyring(key), now=NOW)
    assert caught.value.reason == "malformed"
