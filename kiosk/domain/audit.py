"""The audit log's hash chain: each row carries the hash of the row before it."""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64


def chain_hash(prev_hash: str, at: str, actor: str, action: str, subject: str, detail: str) -> str:
    """SHA-256 over the previous hash and this row's fields, in a fixed encoding."""
    body = json.dumps(
        [prev_hash, at, actor, action, subject, detail], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
