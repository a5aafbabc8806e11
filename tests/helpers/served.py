"""`kiosk serve` for real, shared by tests/unit/test_serve.py and tests/browser: a server
process on a free local port over a test database, stopped (with every kiosk it started)
when the test ends."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

# seconds: only a hang gets this far (CI runs two test workers and Chromium on 2 cores)
HANG_GUARD = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait(condition: Callable[[], object], what: str, guard: float = HANG_GUARD) -> None:
    """Poll until `condition()` holds; only a hang reaches the guard."""
    deadline = time.monotonic() + guard
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"hang guard: {what}")
        time.sleep(0.1)


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Served:
    def __init__(self, process: subprocess.Popen, port: int) -> None:
        self.process = process
        self.port = port
        self.base = f"http://127.0.0.1:{port}/"
        self.ws_url = f"ws://127.0.0.1:{port}/ws?width=100&height=40"

    def kiosks(self) -> list[psutil.Process]:
        """The kiosk processes the server started (one per connection)."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        alive = []
        for child in children:
            try:
                if child.status() != psutil.STATUS_ZOMBIE:
                    alive.append(child)
            except psutil.NoSuchProcess:
                pass
        return alive


def write_config(
    path: Path, tmp_path: Path, language: str = "en", extra: str = "", font_size: int = 20
) -> Path:
    """A configuration file for the served kiosks (a language, a log file, a serve title);
    `extra` is TOML put before the [serve] table."""
    path.write_text(
        f'language = "{language}"\nlog_file = "{tmp_path / "kiosk.log"}"\n{extra}'
        f'[serve]\nport = 1\nfont_size = {font_size}\ntitle = "Test Hall"\n',
        encoding="utf-8",
    )
    return path


@contextmanager
def serving(db_path: Path, config_file: Path, mode: str = "citizen") -> Iterator[Served]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "serve", "--db", str(db_path)]
        + ["--config", str(config_file), "--port", str(port), "--mode", mode],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait(lambda: listening(port) or process.poll() is not None, "server start")
        assert process.poll() is None, "kiosk serve stopped at start"
        yield Served(process, port)
    finally:
        leftovers = Served(process, port).kiosks()
        process.terminate()
        try:
            process.wait(HANG_GUARD)
        except subprocess.TimeoutExpired:
            process.kill()
        for child in leftovers:
            if child.is_running():
                child.kill()
