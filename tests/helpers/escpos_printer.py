"""A network ESC/POS printer for tests: a real TCP server on 127.0.0.1 that records every
byte it is sent and answers the real-time status queries (DLE EOT n) as a printer does."""

from __future__ import annotations

import os
import socket
import threading
import time
import tty

ONLINE = b"\x16"  # DLE EOT 1: bit 3 clear, the printer is online
OFFLINE = b"\x1e"  # bit 3 set
PAPER_OK = b"\x12"  # DLE EOT 4: paper adequate
NO_PAPER = b"\x72"  # paper-end sensors set


class RecordingPrinter:
    def __init__(self, online: bytes = ONLINE, paper: bytes = PAPER_OK) -> None:
        self.answers = {b"\x10\x04\x01": online, b"\x10\x04\x04": paper}
        self.received = bytearray()
        self.closed = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        with self._server:
            self._server.settimeout(60)  # a hang guard, not a timing
            connection, _ = self._server.accept()
        with connection:
            connection.settimeout(60)
            while chunk := connection.recv(65536):
                self.received += chunk
                for query, answer in self.answers.items():
                    if self.received.endswith(query):
                        connection.sendall(answer)
        self.closed.set()

    def wait_closed(self) -> bytes:
        """Every byte the kiosk sent, once it has closed the connection."""
        assert self.closed.wait(60), "the kiosk never closed its connection"
        return bytes(self.received)


def closed_port() -> int:
    """A local port nothing listens on: a connection to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SerialPrinter:
    """A serial ESC/POS printer for tests: the far end of a real pseudo-terminal, whose
    device file the kiosk opens as it would /dev/ttyUSB0. It records every byte and answers
    the real-time status queries as RecordingPrinter does."""

    def __init__(self, online: bytes = ONLINE, paper: bytes = PAPER_OK) -> None:
        self.answers = {b"\x10\x04\x01": online, b"\x10\x04\x04": paper}
        self.received = bytearray()
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # bytes as they are: no echo, no newline translation
        self.device: str = os.ttyname(self._slave)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # the master closed (close())
                return
            if not chunk:
                return
            self.received += chunk
            for query, answer in self.answers.items():
                if self.received.endswith(query):
                    os.write(self._master, answer)

    def wait_for(self, ending: bytes) -> bytes:
        """Every byte the kiosk sent, once the last ones are `ending` (a hang guard)."""
        deadline = time.monotonic() + 60
        while not self.received.endswith(ending):
            assert time.monotonic() < deadline, bytes(self.received[-64:])
            time.sleep(0.01)
        return bytes(self.received)

    def close(self) -> None:
        os.close(self._slave)
        os.close(self._master)
