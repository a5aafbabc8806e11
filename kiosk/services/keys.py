"""The terminal's Ed25519 key pair for e-vouchers.

The private key is a file readable by its owner only, never in the database. The
public keyring keeps every key this terminal has used, so vouchers signed before a
rotation still verify until they expire.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.domain.voucher import key_id

PRIVATE = "kiosk-ed25519.pem"
KEYRING = "public-keys.json"


def keys_folder(database: Path) -> Path:
    return database.parent / "keys"


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(path, 0o600)


def _raw(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def load_keyring(path: Path) -> dict[str, Ed25519PublicKey]:
    """Public keys by key id, from a keyring file or a single exported key line."""
    text = path.read_text(encoding="utf-8").strip()
    entries = json.loads(text) if text.startswith("{") else dict([text.split()[:2]])
    return {
        kid: Ed25519PublicKey.from_public_bytes(base64.b64decode(raw))
        for kid, raw in entries.items()
    }


def ensure_keys(folder: Path) -> bool:
    """Create the key pair and keyring if there is none; True if created."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if (folder / PRIVATE).exists():
        return False
    rotate(folder)
    return True


def rotate(folder: Path) -> str:
    """A new signing key; the old public keys stay in the keyring. Returns the new key id."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    keyring_path = folder / KEYRING
    entries = json.loads(keyring_path.read_text(encoding="utf-8")) if keyring_path.exists() else {}
    kid = key_id(key.public_key())
    entries[kid] = _raw(key.public_key())
    keyring_path.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    _write_private(folder / PRIVATE, key)
    return kid


def signing_key(folder: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key((folder / PRIVATE).read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def export_public(folder: Path) -> str:
    """The current public key as one line: key id, then the raw key in base64."""
    public = signing_key(folder).public_key()
    return f"{key_id(public)} {_raw(public)}"
