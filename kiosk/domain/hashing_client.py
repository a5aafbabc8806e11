"""The kiosk's side of the hall's hashing service (issue 14: memory per served kiosk).

argon2 with the chosen parameters (m=64 MiB) allocates 64 MiB for every hash and every
verify. Under `kiosk serve` each browser connection is its own kiosk process, so each
login would lift that process by 64 MiB; instead the server hosts one hashing service for
the hall (kiosk/web/hashing.py) with at most two hashes at once, and each kiosk it starts
asks it over a Unix socket (`kiosk run --hash-socket PATH`, a hidden option).

Protocol: one connection per request; the request is one JSON object on one line
({"op": "hash", "password": ...} or {"op": "verify", "hash": ..., "password": ...}), the
reply one JSON line, {"result": ...} or {"error": "..."}. Passwords are never logged.

When no service is configured, or it cannot be reached or gives no usable answer,
`ask` returns None and the caller hashes in its own process (a kiosk must keep working);
the first such failure is logged once.
"""

from __future__ import annotations

import json
import logging
import socket
import threading

# Longest request or reply line, in bytes: a password of HARD_LIMIT characters, each
# escaped as a JSON surrogate pair (12 bytes), and a stored hash fit well inside.
MAX_LINE = 4096
# How long a kiosk waits for an answer: the service runs two hashes at once and a hall
# may have ten kiosks asking, each taking about a second on a busy machine.
TIMEOUT = 60.0

log = logging.getLogger("kiosk")

_path: str | None = None
_warned = threading.Event()


def configure(path: str | None) -> None:
    """Ask the service at this socket path from now on (None: hash locally)."""
    global _path
    _path = path
    _warned.clear()


def configured() -> bool:
    return _path is not None


def read_line(sock: socket.socket) -> bytes:
    """One line (without its newline) of at most MAX_LINE bytes; ValueError otherwise."""
    data = b""
    while b"\n" not in data:
        chunk = sock.recv(MAX_LINE + 1 - len(data))
        if not chunk:
            raise ValueError("connection closed before a whole line")
        data += chunk
        if len(data) > MAX_LINE and b"\n" not in data:
            raise ValueError("line too long")
    return data.split(b"\n", 1)[0]


def request(path: str, message: dict[str, str], timeout: float = TIMEOUT) -> dict[str, object]:
    """Send one request to the service at `path` and return its reply (raises OSError or
    ValueError when there is no well-formed reply)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(path)
        sock.sendall(json.dumps(message).encode("utf-8") + b"\n")
        reply = json.loads(read_line(sock))
    if not isinstance(reply, dict):
        raise ValueError("reply is not an object")
    return reply


def ask(message: dict[str, str]) -> object | None:
    """The service's result for `message`, or None: not configured, or no usable answer
    (then the caller hashes locally; the first failure is logged, without the request)."""
    path = _path
    if path is None:
        return None
    try:
        reply = request(path, message)
        if "error" in reply:
            raise ValueError(f"service refused: {reply['error']}")
        return reply["result"]
    except (OSError, ValueError, KeyError) as err:
        if not _warned.is_set():
            _warned.set()
            log.warning("hashing service at %s not usable (%s); hashing in this process", path, err)
        return None
