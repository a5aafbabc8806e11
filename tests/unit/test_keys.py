import stat

from kiosk.services.keys import (
    KEYRING,
    PRIVATE,
    ensure_keys,
    export_public,
    load_keyring,
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
