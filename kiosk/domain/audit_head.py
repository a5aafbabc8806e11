"""A signed statement of where the audit chain ended: its last row's number and hash.

Exported off the machine now and then (`kiosk audit export-head`), it makes even a
wholesale rewrite of the log detectable: a rewritten chain cannot carry the old
hash at the old row number, and a cut chain no longer reaches it. A head also carries
the hashes of some rows before the last (checkpoints), so a rewrite can be placed: the
first checkpoint that no longer matches bounds where it began. Heads written before
checkpoints existed ("kiosk-audit-head/1") are still read.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEAD_TYPE = "kiosk-audit-head/2"
HEAD_TYPES = ("kiosk-audit-head/1", HEAD_TYPE)


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    at: str
    terminal: str
    key_id: str
    type: str = HEAD_TYPE
    checkpoints: dict[str, str] | None = None  # row number (as text) -> its hash; not in /1

    def fields(self) -> dict[str, Any]:
        data = asdict(self)
        if data["checkpoints"] is None:  # a /1 head: signed without the field
            del data["checkpoints"]
        return data

    def message(self) -> bytes:
        return json.dumps(self.fields(), sort_keys=True, separators=(",", ":")).encode()


def checkpoint_seqs(last: int) -> list[int]:
    """The rows besides the last whose hashes a head carries: each of the 32 before it,
    then 64, 128, 256... rows before it, and the first row. A rewrite that began in the
    last 32 rows is placed exactly, one further back within the gap around it."""
    seqs = {seq for seq in range(last - 32, last) if seq >= 1}
    step = 64
    while last - step >= 1:
        seqs.add(last - step)
        step *= 2
    if last > 1:
        seqs.add(1)
    return sorted(seqs)


def rewrite_began(head: Head, found: dict[int, str]) -> tuple[int, int] | None:
    """Where a rewrite began, as (first, last) possible row, from the hashes the log holds
    now at the head's checkpoints: after the last checkpoint that still matches, at or
    before the first that does not. None when the head has no checkpoints."""
    if head.checkpoints is None:
        return None
    points = sorted((int(seq), digest) for seq, digest in head.checkpoints.items())
    matched = 0
    for seq, digest in [*points, (head.seq, head.hash)]:
        if found.get(seq) != digest:
            return matched + 1, seq
        matched = seq
    return None


class HeadRefused(ValueError):
    """The head file is not a valid signed head (its reason is the message)."""


def sign_head(head: Head, key: Ed25519PrivateKey) -> str:
    """The head and its signature as one JSON document."""
    signature = base64.b64encode(key.sign(head.message())).decode("ascii")
    return json.dumps({**head.fields(), "signature": signature}, sort_keys=True, indent=2) + "\n"


def read_head(text: str, keys: dict[str, Ed25519PublicKey]) -> Head:
    try:
        data = json.loads(text)
        signature = base64.b64decode(data.pop("signature"), validate=True)
        head = Head(**data)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise HeadRefused("not a head file") from None
    points = head.checkpoints
    if head.type not in HEAD_TYPES or (
        points is not None
        and not (
            isinstance(points, dict)
            and all(
                isinstance(k, str) and k.isascii() and k.isdigit() and isinstance(v, str)
                for k, v in points.items()
            )
        )
    ):
        raise HeadRefused("not a head file")
    public = keys.get(head.key_id)
    if public is None:
        raise HeadRefused("signed with an unknown key")
    try:
        public.verify(signature, head.message())
    except InvalidSignature:
        raise HeadRefused("bad signature") from None
    return head
