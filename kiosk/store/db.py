"""Connections and transactions.

One connection per thread (sqlite3 refuses to share one across threads), WAL so
readers never wait for the writer, synchronous=FULL so a committed enrollment
survives a power cut, and write transactions that take the write lock at BEGIN.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, TypeAlias

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 5000
# Beside the database (as SQLite's -wal and -shm): the file whose shared locks say that
# writers want the write lock (Store.write, Store.others_want_to_write).
WANTING_SUFFIX = "-writers"
# After the busy timeout, BEGIN IMMEDIATE is tried again a few times: a terminal
# must not show "database is locked" because another desk held a long write.
BEGIN_RETRIES = 3


# What a service's transaction is: the connection a `Store.write()` or `Store.read()`
# yields, passed to the store's query functions. Services annotate with this name and
# never import sqlite-utils themselves.
Transaction: TypeAlias = Database


class RecordsUnusable(Exception):
    """The database cannot be used: `kind` is missing, damaged, read_only, full or busy."""

    def __init__(self, message: str, kind: str = "damaged") -> None:
        super().__init__(message)
        self.kind = kind


class TerminalBusy(RecordsUnusable):
    """Another terminal kept the write lock longer than we are willing to wait (`kind` busy)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "busy")


# An I/O error on a filesystem with less free space than this is called a full disk.
LOW_SPACE_BYTES = 1024 * 1024


def _raise_classified(err: sqlite3.DatabaseError, path: Path | None = None) -> NoReturn:
    store_error = classify(err, path)
    if store_error is None:
        raise err
    raise store_error from err


def classify(err: sqlite3.DatabaseError, path: Path | None = None) -> RecordsUnusable | None:
    """The RecordsUnusable for a failure no retry can fix (full, read-only, damaged), else None.

    With the database's `path`, an I/O error or a file that cannot be opened is put down
    to the filesystem when it is full or read-only: at start-up SQLite reports a full disk
    as an I/O error on the -shm file, and a read-only filesystem as "unable to open".
    """
    text = str(err).lower()
    name = getattr(err, "sqlite_errorname", "") or ""
    if "full" in text or name == "SQLITE_FULL":
        return RecordsUnusable(str(err), "full")
    if "readonly" in text or "read-only" in text or name.startswith("SQLITE_READONLY"):
        return RecordsUnusable(str(err), "read_only")
    if path is not None and (
        name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN"))
        or "i/o error" in text
        or "unable to open" in text
    ):
        kind = _filesystem_kind(path)
        if kind is not None:
            return RecordsUnusable(str(err), kind)
    if any(word in text for word in ("malformed", "not a database", "corrupt", "i/o error")):
        return RecordsUnusable(str(err), "damaged")
    return None


@contextmanager
def reported(path: Path, doing: str) -> Iterator[None]:
    """Turns an SQLite failure inside the block into RecordsUnusable: classified (full,
    read-only, damaged) when it can be, else "`doing` `path`: the error"."""
    try:
        yield
    except sqlite3.DatabaseError as err:
        raise classify(err, path) or RecordsUnusable(f"{doing} {path}: {err}") from err


def _filesystem_kind(path: Path) -> str | None:
    """'read_only' or 'full' when the database's folder or file says so, else None."""
    folder = Path(path).parent
    try:
        fs = os.statvfs(folder)
    except OSError:
        return None
    if fs.f_flag & os.ST_RDONLY:
        return "read_only"
    if fs.f_bavail * fs.f_frsize < LOW_SPACE_BYTES:
        return "full"
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        return "read_only"
    return None


class Store:
    """A database file, and a connection to it for each thread that asks."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        # Read-only: for checking tools, which must work on a backup or a write-protected copy.
        self.read_only = read_only
        self._local = threading.local()

    @property
    def db(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            connect = _connect_read_only if self.read_only else _connect
            db = self._local.db = connect(self.path)
        return db

    def _wanting(self) -> int | None:
        """This thread's descriptor of the database's `-writers` file (None: it cannot be
        had, as on a read-only disk: then this store's writers say nothing)."""
        fd: int | None = getattr(self._local, "wanting", -2)
        if fd == -2:
            try:
                fd = os.open(
                    f"{self.path}{WANTING_SUFFIX}", os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644
                )
            except OSError:
                fd = None
            self._local.wanting = fd
        return fd

    def others_want_to_write(self) -> bool:
        """Whether another writer (a kiosk, a desk) is waiting for or holding the write lock.

        Every `write()` holds a shared lock on the `-writers` file from before its BEGIN to
        its end; a bulk writer (an import, a pull) looks between its transactions and lets
        them go first (see services/bulk_writes.py). Outside its own transaction."""
        fd = self._wanting()
        if fd is None:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """A write transaction that holds the write lock from its first statement."""
        wanting = self._wanting()
        if wanting is not None:
            fcntl.flock(wanting, fcntl.LOCK_SH)  # a bulk writer sees it and waits for us
        try:
            with self._write() as db:
                yield db
        finally:
            if wanting is not None:
                fcntl.flock(wanting, fcntl.LOCK_UN)

    @contextmanager
    def _write(self) -> Iterator[Transaction]:
        db = self.db
        for attempt in range(BEGIN_RETRIES + 1):
            try:
                db.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) and "busy" not in str(err):
                    _raise_classified(err, self.path)
                if attempt == BEGIN_RETRIES:
                    raise TerminalBusy(str(err)) from err
                time.sleep(0.05 * (attempt + 1))
        try:
            yield db
            db.conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            # Nothing of the transaction stays: a full disk or a damaged page
            # never leaves half a record behind.
            self._roll_back(db)
            _raise_classified(err, self.path)
        except BaseException:
            self._roll_back(db)
            raise

    @contextmanager
    def read(self) -> Iterator[Transaction]:
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
        wanting = getattr(self._local, "wanting", None)
        if wanting is not None and wanting >= 0:
            os.close(wanting)
        self._local.wanting = -2


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


def _connect_read_only(path: Path) -> Database:
    """A connection that never writes to the file or creates anything beside it.

    SQLite needs to create the -shm file to read a WAL database, which a write-protected
    folder refuses; when there is no -wal (nothing committed is outside the main file)
    the file is read as immutable instead.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError:
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            conn.close()
            raise
        conn.close()
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only = ON")
    return Database(conn, execute_plugins=False)


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
