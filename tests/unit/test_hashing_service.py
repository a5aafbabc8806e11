"""The hall's hashing service and its protocol (kiosk/web/hashing.py and
kiosk/domain/hashing_client.py), over a real Unix socket."""

from __future__ import annotations

import concurrent.futures
import logging
import socket
from collections.abc import Iterator

import pytest

from kiosk.domain import hashing_client
from kiosk.domain.hashing_client import MAX_LINE, read_line, request
from kiosk.domain.passwords import (
    HARD_LIMIT,
    hash_locally,
    hash_password,
    verify_locally,
    verify_password,
)
from kiosk.web.hashing import HashService

PASSWORD = "Correct-Horse-9"


@pytest.fixture
def service() -> Iterator[HashService]:
    with HashService() as running:
        yield running
    hashing_client.configure(None)


def raw(service: HashService, data: bytes) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(service.path)
        sock.sendall(data)
        return read_line(sock)


def test_verify_says_right_and_wrong(service):
    stored = hash_locally(PASSWORD)
    right = request(service.path, {"op": "verify", "hash": stored, "password": PASSWORD})
    wrong = request(service.path, {"op": "verify", "hash": stored, "password": "nope-nope"})
    assert right == {"result": True} and wrong == {"result": False}
    odd = request(service.path, {"op": "verify", "hash": "not a hash", "password": PASSWORD})
    assert odd == {"result": False}
    assert service.hashes == 3


def test_a_hash_made_there_verifies_here(service):
    reply = request(service.path, {"op": "hash", "password": PASSWORD})
    stored = reply["result"]
    assert isinstance(stored, str) and stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert verify_locally(stored, PASSWORD) and not verify_locally(stored, "nope-nope")


@pytest.mark.parametrize(
    "line",
    [
        b"not json\n",
        b"[1, 2]\n",
        b'{"op": "hash"}\n',
        b'{"op": "format-disk", "password": "x"}\n',
        b'{"op": "verify", "password": "x"}\n',
        b'{"op": "verify", "password": "x", "hash": 7}\n',
        b'{"op": "hash", "password": 12345678}\n',
        b"\xff\xfe\n",
        b"x" * (MAX_LINE + 10) + b"\n",
        b'{"op": "hash", "password": "no newline, then the client hangs up"}',
    ],
)
def test_a_bad_request_gets_an_error_and_the_service_goes_on(service, line):
    assert raw(service, line) == b'{"error": "bad request"}'
    assert service.hashes == 0
    assert request(service.path, {"op": "hash", "password": PASSWORD})["result"]


def test_an_over_long_password_is_refused_before_hashing(service):
    long = "x" * (HARD_LIMIT + 1)
    assert request(service.path, {"op": "hash", "password": long}) == {"error": "too long"}
    stored = hash_locally(PASSWORD)
    reply = request(service.path, {"op": "verify", "hash": stored, "password": long})
    assert reply == {"error": "too long"}
    assert service.hashes == 0


def test_the_socket_is_private(service):
    assert (service.folder.stat().st_mode & 0o777) == 0o700
    folder = service.folder
    service.close()
    assert not folder.exists()


def test_the_password_functions_ask_the_service_when_configured(service):
    hashing_client.configure(service.path)
    stored = hash_password(PASSWORD)
    assert verify_password(stored, PASSWORD) and not verify_password(stored, "nope-nope")
    assert service.hashes == 3
    with pytest.raises(ValueError):
        hash_password("x" * (HARD_LIMIT + 1))
    assert not verify_password(stored, "x" * (HARD_LIMIT + 1))
    assert service.hashes == 3  # over-long ones never leave the kiosk


def test_without_the_service_a_kiosk_hashes_itself_and_says_so_once(service, tmp_path):
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("kiosk")
    logger.addHandler(handler)
    try:
        hashing_client.configure(str(tmp_path / "gone.sock"))
        stored = hash_password(PASSWORD)
        assert verify_password(stored, PASSWORD) and not verify_password(stored, "nope-nope")
    finally:
        logger.removeHandler(handler)
    warnings = [line for line in lines if "hashing in this process" in line]
    assert len(warnings) == 1, lines
    assert PASSWORD not in " ".join(lines)


def test_verifies_at_once_reuse_at_most_one_arena_each(service):
    stored = hash_locally(PASSWORD)
    ask = {"op": "verify", "hash": stored, "password": PASSWORD}
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as pool:
        replies = list(pool.map(lambda _: request(service.path, ask), range(6)))
    assert replies == [{"result": True}] * 6
    assert 1 <= service.arenas_made <= service.workers
