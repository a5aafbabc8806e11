"""The terminal's Ed25519 key pair for e-vouchers.

The private key is a file readable by its owner only, never in the database. The
public keyring keeps every key this terminal has used, so vouchers signed before a
rotation still verify until they expire, and when each was retired, so a retired key
(copied before its rotation, say) verifies nothing issued after it.

The keyring is JSON: key id -> {"key": base64 raw key, "retired_at": seconds since the
epoch, absent while current}. Keyrings from before retirement times map a key id to
the base64 key alone; such a key reads as current.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.domain.voucher import MAX_TIME, key_id

PRIVATE = "kiosk-ed25519.pem"
KEYRING = "public-keys.json"


def keys_folder(database: Path) -> Path:
    return database.parent / "keys"


def _raw(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


class KeyringError(ValueError):
    """A keyring or key-line file that cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, Ed25519PublicKey] = field(default_factory=dict)
    retired: dict[str, int] = field(default_factory=dict)  # key id -> retired at (epoch s)


def _public(kid: object, raw: object) -> tuple[str, Ed25519PublicKey]:
    if not isinstance(kid, str) or not isinstance(raw, str):
        raise KeyringError("a key id or key is not text")
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise KeyringError(f"the key for {kid[:40]!r} is not base64") from None
    if len(data) != 32:
        raise KeyringError(f"the key for {kid[:40]!r} is not a 32-byte Ed25519 key")
    try:
        public = Ed25519PublicKey.from_public_bytes(data)
    except ValueError:
        raise KeyringError(f"the key for {kid[:40]!r} is not an Ed25519 key") from None
    if key_id(public) != kid.lower():
        raise KeyringError(f"{kid[:40]!r} is not the key id of its key")
    return kid.lower(), public


def _parse(text: str) -> Keyring:
    ring = Keyring()
    if text.startswith("{"):
        try:
            entries = json.loads(text)
        except ValueError:
            raise KeyringError("not JSON and not key lines") from None
        for kid, entry in entries.items():
            raw, retired_at = entry, None
            if isinstance(entry, dict):
                raw, retired_at = entry.get("key"), entry.get("retired_at")
                if retired_at is not None and not (
                    type(retired_at) is int and 0 <= retired_at <= MAX_TIME
                ):
                    raise KeyringError(
                        f"the retirement time of {str(kid)[:40]!r} is not a time in seconds"
                    )
            kid, public = _public(kid, raw)
            ring.keys[kid] = public
            if retired_at is not None:
                ring.retired[kid] = retired_at
    else:
        for line in text.splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2:
                raise KeyringError("not a keyring and not lines of a key id and a key")
            kid, public = _public(*parts)
            ring.keys[kid] = public
    if not ring.keys:
        raise KeyringError("holds no key")
    return ring


def read_keyring(path: Path) -> Keyring:
    """The keys and retirement times in a keyring, or in lines of exported keys.

    KeyringError if the file cannot be read or is not one (whatever is in it)."""
    try:
        text = path.read_bytes().decode("utf-8").strip()
    except OSError as err:
        raise KeyringError(f"cannot be read ({err.strerror or 'error'})") from None
    except UnicodeDecodeError:
        raise KeyringError("not UTF-8 text") from None
    return _parse(text)


def load_keyring(path: Path) -> dict[str, Ed25519PublicKey]:
    """Public keys by key id, from a keyring file or exported key lines (KeyringError)."""
    return read_keyring(path).keys


def _replace(path: Path, data: bytes, mode: int) -> None:
    """Write a file whole or not at all: a temporary file, synced, then renamed over it."""
    temporary = path.with_name(path.name + ".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def ensure_keys(folder: Path) -> bool:
    """Make a signing key if there is none, or if the keyring does not hold it as current
    (a rotation cut short); True if made. A keyring that cannot be read is left alone."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if (folder / PRIVATE).exists():
        try:
            ring = read_keyring(folder / KEYRING)
        except KeyringError:
            return False
        kid = key_id(signing_key(folder).public_key())
        if kid in ring.keys and kid not in ring.retired:
            return False
    rotate(folder)
    return True


def rotate(folder: Path, now: datetime.datetime | None = None) -> str:
    """A new signing key. The old public keys stay in the keyring, retired: the one this
    terminal signed with as of now, any other still marked current (only a keyring from
    before retirement times has one) as of the epoch, since when it stopped is unknown.
    Returns the new key id; KeyringError if the keyring there is not one."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    at = int((now or datetime.datetime.now(datetime.UTC)).timestamp())
    keyring_path = folder / KEYRING
    ring = read_keyring(keyring_path) if keyring_path.exists() else Keyring()
    signing = None
    if (folder / PRIVATE).exists():
        public = signing_key(folder).public_key()
        signing = key_id(public)
        ring.keys.setdefault(signing, public)
    for kid in ring.keys:
        if kid not in ring.retired:
            ring.retired[kid] = at if kid == signing else 0
    key = Ed25519PrivateKey.generate()
    kid = key_id(key.public_key())
    ring.keys[kid] = key.public_key()
    entries = {
        old: {
            "key": _raw(public),
            **({"retired_at": ring.retired[old]} if old in ring.retired else {}),
        }
        for old, public in ring.keys.items()
    }
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # The keyring first: cut short after it, the old key is retired and ensure_keys
    # rotates again; cut short before it, nothing changed.
    _replace(keyring_path, (json.dumps(entries, indent=2) + "\n").encode("utf-8"), 0o644)
    _replace(folder / PRIVATE, pem, 0o600)
    return kid


def signing_key(folder: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key((folder / PRIVATE).read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def export_public(folder: Path) -> str:
    """The current public key as one line: key id, then the raw key in base64."""
    public = signing_key(folder).public_key()
    return f"{key_id(public)} {_raw(public)}"
