"""Bulk writes that give way to kiosks: the registry import and the pull.

A bulk writer writes in short transactions (a chunk of rows with its place) and, before
each, asks the store whether another writer wants the write lock: every kiosk's and
desk's `Store.write()` says so (a shared lock on the database's `-writers` file) from
before its BEGIN until its end. If one does, the bulk writer waits until they are done,
then goes on. So a kiosk waits at most for the chunk being written when it came, and the
bulk writer, with nobody waiting, writes chunk after chunk without pausing.

Writers that say nothing (an older kiosk, the sqlite3 shell) are not starved: after
UNSAID_BURST_SECONDS of holding the lock chunk after chunk, the bulk writer leaves it free
for PAUSE_SECONDS, in which one of SQLite's busy-handler retries (1, 3, 8, 18, 33, 53, 78,
103, 128, 178, 228, then every 100 ms) falls.

Chunks are sized by time, so that one holds the lock about CHUNK_SECONDS: smaller when
writing slows down (a loaded machine, a big database), never below MIN_CHUNK_ROWS.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kiosk.store import Store, Transaction

CHUNK_ROWS = 5000
MIN_CHUNK_ROWS = 250
CHUNK_SECONDS = 0.04
UNSAID_BURST_SECONDS = 1.0
PAUSE_SECONDS = 0.05
# A writer holding its turn longer than this (a desk left in a debugger) is passed by.
GIVE_WAY_SECONDS = 2.0
LOOK_AGAIN_SECONDS = 0.002


class BulkWriter:
    """Short write transactions of a long job, giving way to other writers.

    `idle(seconds)` is how the writer spends a wait (default: sleep; the import reads
    ahead in it). `rows` is how many rows the next chunk should hold."""

    def __init__(
        self,
        store: Store,
        idle: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._idle = idle
        self._clock = clock
        # small chunks first, so the first write starts soon (a small file is few chunks)
        self.rows = max(MIN_CHUNK_ROWS, CHUNK_ROWS // 5)
        self._per_row = 0.0  # seconds of holding the lock per row, smoothed
        self._holding = 0.0  # seconds held since the lock was last free for a while
        self._free_since = 0.0  # when the last write ended
        self.gave_way = 0  # how many times another writer went first (for benchmarks)

    @contextmanager
    def write(self, count: int = 0) -> Iterator[Transaction]:
        """One transaction of `count` rows (0: not a chunk of rows; it does not size them)."""
        self._give_way()
        started = self._clock()
        with self._store.write() as db:
            yield db
        self._wrote(count, started)

    def _give_way(self) -> None:
        if self._clock() - self._free_since >= PAUSE_SECONDS:
            self._holding = 0.0  # the lock was free that long: as good as a pause
        if self._store.others_want_to_write():
            self.gave_way += 1
            until = self._clock() + GIVE_WAY_SECONDS
            while self._clock() < until:
                self._idle(LOOK_AGAIN_SECONDS)
                if not self._store.others_want_to_write():
                    break
            self._holding = 0.0
        elif self._holding >= UNSAID_BURST_SECONDS:
            self._idle(PAUSE_SECONDS)
            self._holding = 0.0

    def _wrote(self, count: int, started: float) -> None:
        self._free_since = self._clock()
        seconds = self._free_since - started
        self._holding += seconds
        if count <= 0:
            return
        per_row = seconds / count
        # slower at once, faster gradually: one slow chunk may be the first of several
        self._per_row = max(per_row, (self._per_row + per_row) / 2)
        fit = int(CHUNK_SECONDS / self._per_row) if self._per_row else CHUNK_ROWS
        self.rows = max(MIN_CHUNK_ROWS, min(CHUNK_ROWS, fit))
