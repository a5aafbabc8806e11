"""Connections and transactions.

One connection per thread (sqlite3 refuses to share one across threads), WAL so
readers never wait for the writer, synchronous=FULL so a committed enrollment
survives a power cut, and write transactions that take the write lock at BEGIN.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 5000
# After the busy timeout, BEGIN IMMEDIATE is tried again a few times: a terminal
# must not show "database is locked" because another desk held a long write.
BEGIN_RETRIES = 3


class StoreError(Exception):
    """The database cannot be used: `kind` is missing, damaged, read_only, full or busy."""

    def __init__(self, message: str, kind: str = "damaged") -> None:
        super().__init__(message)
        self.kind = kind


class StoreBusy(StoreError):
    """Another terminal kept the write lock longer than we are willing to wait."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "busy")


def _raise_classified(err: sqlite3.DatabaseError) -> NoReturn:
    store_error = classify(err)
    if store_error is None:
        raise err
    raise store_error from err


def classify(err: sqlite3.DatabaseError) -> StoreError | None:
    """The StoreError for a failure no retry can fix (full, read-only, damaged), else None."""
    text = str(err).lower()
    if "full" in text:
        return StoreError(str(err), "full")
    if "readonly" in text or "read-only" in text:
        return StoreError(str(err), "read_only")
    if any(word in text for word in ("malformed", "not a database", "corrupt", "i/o error")):
        return StoreError(str(err), "damaged")
    return None


class Store:
    """A database file, and a connection to it for each thread that asks."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()

    @property
    def db(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = _connect(self.path)
        return db

    @contextmanager
    def write(self) -> Iterator[Database]:
        """A write transaction that holds the write lock from its first statement."""
        db = self.db
        for attempt in range(BEGIN_RETRIES + 1):
            try:
                db.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) and "busy" not in str(err):
                    _raise_classified(err)
                if attempt == BEGIN_RETRIES:
                    raise StoreBusy(str(err)) from err
                time.sleep(0.05 * (attempt + 1))
        try:
            yield db
            db.conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            # Nothing of the transaction stays: a full disk or a damaged page
            # never leaves half a record behind.
            self._roll_back(db)
            _raise_classified(err)
        except BaseException:
            self._roll_back(db)
            raise

    @contextmanager
    def read(self) -> Iterator[Database]:
        """A read transaction (deferred BEGIN): one consistent view for several queries."""
        db = self.db
        try:
            db.conn.execute("BEGIN")
        except sqlite3.DatabaseError as err:
            _raise_classified(err)
        try:
            yield db
            db.conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            self._roll_back(db)
            _raise_classified(err)
        except BaseException:
            self._roll_back(db)
            raise

    @staticmethod
    def _roll_back(db: Database) -> None:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")

    def close(self) -> None:
        """Close this thread's connection, if it has one."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


def _connect(path: Path) -> Database:
    # isolation_level=None: the driver never opens a transaction behind our back;
    # every write goes through Store.write() (or sqlite-utils' own atomic()).
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db = Database(conn, execute_plugins=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    # 32 MB of page cache per connection (the default is 2 MB): a busy hall's
    # recent cards stay in memory.
    conn.execute("PRAGMA cache_size = -32000")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    _drill(conn)
    return db


def _drill(conn: sqlite3.Connection) -> None:
    """KIOSK_DRILL=full or read_only: rehearse a full disk or a read-only file.

    The database file is not touched: the limit holds for this process's
    connections only (see docs/reliability.md).
    """
    drill = os.environ.get("KIOSK_DRILL", "")
    if drill == "full":
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
    elif drill == "read_only":
        conn.execute("PRAGMA query_only = ON")
