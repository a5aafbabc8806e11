"""The audit log's hash chain: each row carries the hash of the row before it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def chain_hash(prev_hash: str, at: str, actor: str, action: str, subject: str, detail: str) -> str:
    """SHA-256 over the previous hash and this row's fields, in a fixed encoding."""
    body = json.dumps(
        [prev_hash, at, actor, action, subject, detail], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first row where the chain does not hold, and what happened to it.

    problem:
      "content"   row `seq` was edited: its content does not match its own hash
      "replaced"  row `seq` was edited and its hash recomputed: row `seq + 1` holds another
                  hash for it (or the rows after it were removed and renumbered)
      "moved"     row `seq` is not where it belongs: it follows row `other`
      "inserted"  rows `seq`..`until` were put in: row `until + 1` follows row `other`
                  (0: the start of the chain)
      "numbered"  row `seq` has a number below 1, outside the log's sequence
      "unlinked"  row `seq` (the first) does not start from the beginning of the chain
      "missing"   rows `seq`..`until` are gone, rows after them remain
      "cut"       rows `seq`..`until` are gone from the end (the highest number given
                  is `until`)
    """

    seq: int
    problem: str
    until: int | None = None
    other: int | None = None


def first_break(
    rows: Iterable[Sequence[Any]],
    high_water: int | None = None,
    seq_of_hash: Callable[[str], int | None] | None = None,
) -> ChainBreak | None:
    """Walk rows (seq, at, actor, action, subject, detail, prev_hash, hash) in seq order.

    Numbers run 1, 2, 3... with no gap (the store gives the next one, never twice), so a
    gap is a deletion and a number below 1 an insertion. `high_water` is the highest
    number ever given: rows missing above the last are a cut tail. `seq_of_hash` finds the
    row holding a hash, to tell a moved or inserted row from an edited one at a link
    that does not hold.
    """
    before_seq, before_hash = 0, GENESIS
    for seq, at, actor, action, subject, detail, prev_hash, digest in rows:
        if seq < 1:
            return ChainBreak(seq, "numbered")
        if seq > before_seq + 1:
            return ChainBreak(before_seq + 1, "missing", until=seq - 1)
        if prev_hash != before_hash:
            return _link_break(seq, prev_hash, seq_of_hash)
        if chain_hash(prev_hash, at, actor, action, subject or "", detail or "") != digest:
            return ChainBreak(seq, "content")
        before_seq, before_hash = seq, digest
    if high_water is not None and high_water > before_seq:
        return ChainBreak(before_seq + 1, "cut", until=high_water)
    return None


def _link_break(
    seq: int, prev_hash: str, seq_of_hash: Callable[[str], int | None] | None
) -> ChainBreak:
    """Row `seq` does not carry the hash of row `seq - 1`, whose own content holds."""
    other = seq_of_hash(prev_hash) if seq_of_hash else None
    if other is None and prev_hash == GENESIS:
        other = 0
    if other is not None and other > seq:
        return ChainBreak(seq, "moved", other=other)
    if other is not None and other < seq - 1:
        return ChainBreak(other + 1, "inserted", until=seq - 1, other=other)
    if seq == 1:
        return ChainBreak(seq, "unlinked")
    return ChainBreak(seq - 1, "replaced")
