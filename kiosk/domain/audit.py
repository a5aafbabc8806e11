"""The audit log's hash chain: each row carries the hash of the row before it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GENESIS = "0" * 64


def chain_hash(prev_hash: str, at: str, actor: str, action: str, subject: str, detail: str) -> str:
    """SHA-256 over the previous hash and this row's fields, in a fixed encoding."""
    body = json.dumps(
        [prev_hash, at, actor, action, subject, detail], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first row where the chain does not hold, and how."""

    seq: int
    problem: str  # "content": the row was edited; "link": a row before it is missing or moved


def first_break(rows: Iterable[Sequence]) -> ChainBreak | None:
    """Walk rows (seq, at, actor, action, subject, detail, prev_hash, hash) in seq order."""
    prev = GENESIS
    for seq, at, actor, action, subject, detail, prev_hash, digest in rows:
        if prev_hash != prev:
            return ChainBreak(seq, "link")
        if chain_hash(prev_hash, at, actor, action, subject or "", detail or "") != digest:
            return ChainBreak(seq, "content")
        prev = digest
    return None
