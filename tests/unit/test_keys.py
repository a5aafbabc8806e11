import base64
import datetime
import json
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.domain.voucher import key_id
from kiosk.services.keys import (
    KEYRING,
    PRIVATE,
    KeyringError,
    ensure_keys,
    export_public,
    load_keyring,
    read_keyring,
    rotate,
    signing_key,
)


def test_keys_are_made_once_and_the_private_key_is_owner_only(tmp_path):
    folder = tmp_path / "keys"
    assert ensure_keys(folder) is True
    assert ensure_keys(folder) is False
    mode = stat.S_IMODE((folder / PRIVATE).stat().st_mode)
    assert mode == 0o600


def test_rotation_keeps_old_public_keys(tmp_path):
    folder = tmp_path / "keys"
    ensure_keys(folder)
    first = export_public(folder).split()[0]
    second = rotate(folder)
    ring = load_keyring(folder / KEYRING)
    assert set(ring) == {first, second}
    assert export_public(folder).split()[0] == second
    assert signing_key(folder).public_key().public_bytes_raw() == ring[second].public_bytes_raw()


def test_an_exported_line_is_a_keyring_of_one(tmp_path):
    folder = tmp_path / "keys"
    ensure_keys(folder)
    line = tmp_path / "public.txt"
    line.write_text(export_public(folder) + "\n")
    assert list(load_keyring(line)) == [export_public(folder).split()[0]]


def test_rotation_records_when_the_old_key_was_retired(tmp_path):
    import datetime

    folder = tmp_path / "keys"
    ensure_keys(folder)
    first = export_public(folder).split()[0]
    when = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC)
    second = rotate(folder, now=when)
    ring = read_keyring(folder / KEYRING)
    assert ring.retired == {first: int(when.timestamp())}
    assert set(ring.keys) == {first, second}
    third = rotate(folder, now=when + datetime.timedelta(days=1))
    ring = read_keyring(folder / KEYRING)
    assert ring.retired == {first: int(when.timestamp()), second: int(when.timestamp()) + 86400}
    assert third not in ring.retired


def test_a_keyring_from_before_retirement_times_still_reads(tmp_path):
    """An old keyring ({key id: key}) reads as all current; the next rotation retires the
    signing key now and any other key (retired at an unknown time) as of the epoch."""
    folder = tmp_path / "keys"
    ensure_keys(folder)
    current = export_public(folder).split()
    older = Ed25519PrivateKey.generate().public_key()
    older_id = key_id(older)
    raw = base64.b64encode(older.public_bytes_raw()).decode()
    (folder / KEYRING).write_text(json.dumps({older_id: raw, current[0]: current[1]}))
    ring = read_keyring(folder / KEYRING)
    assert set(ring.keys) == {older_id, current[0]} and ring.retired == {}
    assert ensure_keys(folder) is False  # the signing key is in the keyring, current
    rotate(folder, now=datetime.datetime.fromtimestamp(1_795_000_000, datetime.UTC))
    assert read_keyring(folder / KEYRING).retired == {older_id: 0, current[0]: 1_795_000_000}


def test_a_signing_key_retired_or_missing_from_the_keyring_is_replaced(tmp_path):
    """A rotation cut short (keyring written, private key not yet) must not leave the
    terminal signing with a retired key."""
    folder = tmp_path / "keys"
    ensure_keys(folder)
    pem = (folder / PRIVATE).read_bytes()
    old = export_public(folder).split()[0]
    rotate(folder)
    (folder / PRIVATE).write_bytes(pem)  # as if the new private key never landed
    assert ensure_keys(folder) is True
    now_signing = export_public(folder).split()[0]
    ring = read_keyring(folder / KEYRING)
    assert now_signing in ring.keys and now_signing not in ring.retired and old in ring.retired


def test_several_exported_lines_are_one_keyring(tmp_path):
    lines = []
    for name in ("a", "b"):
        ensure_keys(tmp_path / name)
        lines.append(export_public(tmp_path / name))
    path = tmp_path / "public.txt"
    path.write_text("\n".join(lines) + "\n\n")
    assert list(load_keyring(path)) == [line.split()[0] for line in lines]


def test_a_key_under_another_key_id_is_refused(tmp_path):
    ensure_keys(tmp_path / "k")
    _, raw = export_public(tmp_path / "k").split()
    path = tmp_path / "public.txt"
    path.write_text(f"0123456789abcdef {raw}\n")
    with pytest.raises(KeyringError):
        load_keyring(path)
