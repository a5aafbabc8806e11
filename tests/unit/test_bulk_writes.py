"""A bulk writer (the import, the pull) gives way to kiosks that say they want to write,
leaves the lock free now and then for writers that say nothing, and sizes its chunks by
time. Real database files; the kiosk in a thread of its own, as in `kiosk serve`."""

from __future__ import annotations

import threading

from kiosk.services.bulk_writes import (
    CHUNK_ROWS,
    CHUNK_SECONDS,
    MIN_CHUNK_ROWS,
    PAUSE_SECONDS,
    UNSAID_BURST_SECONDS,
    BulkWriter,
)
from kiosk.services.database import open_database
from kiosk.store import Store
from kiosk.store.db import WANTING_SUFFIX

NOTHING = "UPDATE kiosk_meta SET value = value WHERE key = 'no such key'"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.idled: list[float] = []

    def __call__(self) -> float:
        return self.now

    def idle(self, seconds: float) -> None:
        self.idled.append(seconds)
        self.now += seconds


def test_a_bulk_writer_waits_for_a_kiosk_that_wants_to_write(tmp_path) -> None:
    path = tmp_path / "k.db"
    open_database(path, create=True).close()
    kiosk, bulk = Store(path), Store(path)
    inside, done = threading.Event(), threading.Event()
    order: list[str] = []

    def kiosk_writes() -> None:
        with kiosk.write() as db:
            inside.set()
            db.execute(NOTHING)
            done.wait(10)
            order.append("kiosk")
        kiosk.close()

    thread = threading.Thread(target=kiosk_writes)
    thread.start()
    assert inside.wait(10)
    assert bulk.others_want_to_write()

    def idle(seconds: float) -> None:
        done.set()  # the kiosk ends its transaction while the bulk writer waits

    writer = BulkWriter(bulk, idle)
    with writer.write(1) as db:
        db.execute(NOTHING)
        order.append("bulk")
    thread.join(10)
    assert order == ["kiosk", "bulk"]
    assert writer.gave_way == 1
    assert not bulk.others_want_to_write()  # a kiosk that ended says nothing more
    assert (tmp_path / f"k.db{WANTING_SUFFIX}").exists()


def test_nobody_waiting_means_no_pause_until_a_long_burst(tmp_path) -> None:
    store = open_database(tmp_path / "k.db", create=True)
    clock = Clock()
    writer = BulkWriter(store, clock.idle, clock)
    held = 0.0
    while held < UNSAID_BURST_SECONDS:  # chunk after chunk, 40 ms each
        with writer.write(1000):
            clock.now += 0.04
        held += 0.04
        clock.now += 0.001
        assert clock.idled == []
    with writer.write(1000):  # a writer that says nothing gets this pause
        pass
    assert clock.idled == [PAUSE_SECONDS]
    assert writer.gave_way == 0


def test_chunks_get_smaller_when_writing_slows_down(tmp_path) -> None:
    store = open_database(tmp_path / "k.db", create=True)
    clock = Clock()
    writer = BulkWriter(store, clock.idle, clock)
    assert writer.rows < CHUNK_ROWS  # the first chunks are small: writing starts soon
    with writer.write(CHUNK_ROWS // 4):
        clock.now += CHUNK_SECONDS / 2
    assert writer.rows == CHUNK_ROWS // 2
    writer = BulkWriter(store, clock.idle, clock)
    with writer.write(CHUNK_ROWS):  # one chunk took twice as long as a chunk should
        clock.now += 2 * CHUNK_SECONDS
    assert writer.rows == CHUNK_ROWS // 2
    with writer.write(writer.rows):  # a stall: never below the floor
        clock.now += 1.0
    assert writer.rows == MIN_CHUNK_ROWS
    for _ in range(20):  # fast again: back to full chunks
        with writer.write(writer.rows):
            clock.now += 0.001
    assert writer.rows == CHUNK_ROWS
