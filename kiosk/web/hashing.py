"""The hall's hashing service: `kiosk serve` hashes and verifies passwords for the kiosks
it starts, at most `workers` at a time (issue 14: memory per served kiosk).

argon2's 64 MiB per hash then lives in the server process, at most two hashes at once for
the whole hall, instead of 64 MiB in each kiosk at each login. The socket lives in a
private folder (0700) made at start and removed at the end; the kiosk's side and the
protocol are in kiosk/domain/hashing_client.py. Nothing sent here is logged.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import secrets
import shutil
import socketserver
import tempfile
import threading
from pathlib import Path

from kiosk.domain.argon2_verify import Arena
from kiosk.domain.hashing_client import read_line
from kiosk.domain.passwords import HARD_LIMIT, cores, hash_locally, new_arena, verify_locally
from kiosk.logs import log

MAX_HASH = 512  # an argon2 hash string is about 100 characters
READ_TIMEOUT = 10.0  # seconds a client has to send its request


# The niceness of a thread that hashes: argon2's lanes would otherwise take both cores
# from every kiosk drawing a screen while someone logs in (benchmarks/hall.py: a tap on
# "Log in" at one terminal held up a plain screen change at another by 500 ms).
HASHING_NICENESS = 10


def _yield_to_screens() -> None:
    """Lower this thread's priority (Linux: per thread, inherited by argon2's own threads)."""
    try:
        tid = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, tid) < HASHING_NICENESS:
            os.setpriority(os.PRIO_PROCESS, tid, HASHING_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not allowed: hash as is
        pass


def workers_for_this_machine() -> int:
    """At most two hashes at once, and no more than the machine has cores."""
    return max(1, min(2, os.cpu_count() or 1))


class _Handler(socketserver.BaseRequestHandler):
    server: _UnixServer

    def handle(self) -> None:
        self.request.settimeout(READ_TIMEOUT)
        try:
            line = read_line(self.request)
        except (OSError, ValueError):
            reply: dict[str, object] = {"error": "bad request"}
        else:
            reply = self.server.service.answer(line)
        with contextlib.suppress(OSError):
            self.request.sendall(json.dumps(reply).encode("utf-8") + b"\n")


class _UnixServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True
    service: HashService


class HashService:
    """A Unix-socket server in a thread of its own; each request is answered in its
    connection's thread, the hashing itself limited to `workers` at once."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or workers_for_this_machine()
        # A fresh name; the folder itself is made (0700, exclusively) by start().
        self.folder = Path(tempfile.gettempdir()) / f"kiosk-hash-{secrets.token_hex(8)}"
        self.path = str(self.folder / "hash.sock")
        self.hashes = 0  # hashes and verifies done (a count for the log and the tests)
        self._running = 0  # verifies running now
        # Memory for verifies, one arena per hash at once, made at the first verify that
        # finds none free and kept (64 MiB each: mapping and faulting in 64 MiB anew was
        # a fifth of every verify's CPU).
        self._arenas: queue.SimpleQueue[Arena] = queue.SimpleQueue()
        self.arenas_made = 0  # at most `workers` (a figure for the tests)
        self._slots = threading.BoundedSemaphore(self.workers)
        self._lock = threading.Lock()
        self._server: _UnixServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.folder.mkdir(mode=0o700)
        server = _UnixServer(self.path, _Handler)
        server.service = self
        os.chmod(self.path, 0o600)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, name="hashing-service", daemon=True
        )
        self._thread.start()
        log.info("hashing service for the hall at %s (%d at once)", self.path, self.workers)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            log.info("hashing service closed after %d hashes", self.hashes)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> HashService:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def answer(self, line: bytes) -> dict[str, object]:
        """The reply to one request line: {"result": ...} or {"error": ...}."""
        try:
            message = json.loads(line)
        except ValueError:
            return {"error": "bad request"}
        if not isinstance(message, dict):
            return {"error": "bad request"}
        op, password = message.get("op"), message.get("password")
        stored = message.get("hash")
        if not isinstance(password, str):
            return {"error": "bad request"}
        if len(password) > HARD_LIMIT:  # refused before any hashing
            return {"error": "too long"}
        _yield_to_screens()
        if op == "hash":
            with self._slots:
                result: object = hash_locally(password)
        elif op == "verify" and isinstance(stored, str) and len(stored) <= MAX_HASH:
            with self._slots:
                result = self._verify(stored, password)
        else:
            return {"error": "bad request"}
        with self._lock:
            self.hashes += 1
        return {"result": result}

    def _verify(self, stored: str, password: str) -> bool:
        """A verify that shares the cores with the ones running beside it: alone it takes
        every core, beside another one each (more threads than cores only wait for each
        other at argon2's barriers)."""
        with self._lock:
            self._running += 1
            threads = max(1, cores() // self._running)
        arena = self._take_arena()
        try:
            return verify_locally(stored, password, threads, arena)
        finally:
            self._arenas.put(arena)
            with self._lock:
                self._running -= 1

    def _take_arena(self) -> Arena:
        try:
            return self._arenas.get_nowait()
        except queue.Empty:  # only ever `workers` verifies run at once: at most that many
            with self._lock:
                self.arenas_made += 1
            return new_arena()
