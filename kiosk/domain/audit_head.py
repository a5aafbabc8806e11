"""A signed statement of where the audit chain ended: its last row's number and hash.

Exported off the machine now and then (`kiosk audit export-head`), it makes even a
wholesale rewrite of the log detectable: a rewritten chain cannot carry the old
hash at the old row number, and a cut chain no longer reaches it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEAD_TYPE = "kiosk-audit-head/1"


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    at: str
    terminal: str
    key_id: str
    type: str = HEAD_TYPE

    def message(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode()


class HeadRefused(ValueError):
    """The head file is not a valid signed head (its reason is the message)."""


def sign_head(head: Head, key: Ed25519PrivateKey) -> str:
    """The head and its signature as one JSON document."""
    signature = base64.b64encode(key.sign(head.message())).decode("ascii")
    return json.dumps({**asdict(head), "signature": signature}, sort_keys=True, indent=2) + "\n"


def read_head(text: str, keys: dict[str, Ed25519PublicKey]) -> Head:
    try:
        data = json.loads(text)
        signature = base64.b64decode(data.pop("signature"), validate=True)
        head = Head(**data)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise HeadRefused("not a head file") from None
    if head.type != HEAD_TYPE:
        raise HeadRefused("not a head file")
    public = keys.get(head.key_id)
    if public is None:
        raise HeadRefused("signed with an unknown key")
    try:
        public.verify(signature, head.message())
    except InvalidSignature:
        raise HeadRefused("bad signature") from None
    return head
