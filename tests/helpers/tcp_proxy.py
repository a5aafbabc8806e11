"""A local TCP proxy for simulating a network cut between a hall and the central office.

It listens on a free local port and relays every connection to the target, byte for byte,
in threads. `cut()` closes every relayed connection at once (both sides see the connection
end mid-transfer) and refuses new ones until `restore()`; `cut_after(n)` does the same by
itself once n bytes have gone from the clients to the server, in the middle of whatever
is being sent then.
"""

from __future__ import annotations

import contextlib
import socket
import threading

CHUNK = 16384


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._down = False
        self._closed = False
        self.sent = 0  # bytes from the clients to the server, over every connection
        self._cut_at: int | None = None
        self.cuts = 0  # how many times the line was cut
        self._thread = threading.Thread(target=self._accept, name="tcp-proxy", daemon=True)

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what a test does -----------------------------------------------------------------

    def cut(self) -> None:
        """Cut the line now: every relayed connection is closed, new ones are refused."""
        with self._lock:
            self._down = True
            self._cut_at = None
            self.cuts += 1
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def cut_after(self, more_bytes: int) -> None:
        """Cut the line once `more_bytes` more have gone from the clients to the server."""
        with self._lock:
            self._cut_at = self.sent + more_bytes

    def restore(self) -> None:
        with self._lock:
            self._down = False

    def close(self) -> None:
        self._closed = True
        self.cut()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._thread.join(10)

    # --- the relay -------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                client.close()  # the line is cut: the client sees the connection end
                continue
            try:
                server = socket.create_connection(self.target, timeout=10)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, server))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        try:
            while True:
                data = source.recv(CHUNK)
                if not data:
                    break
                if upstream:
                    with self._lock:
                        cut_at = self._cut_at
                        if cut_at is not None and self.sent + len(data) >= cut_at:
                            data = data[: max(0, cut_at - self.sent)]
                        self.sent += len(data)
                    if data:
                        sink.sendall(data)
                    if cut_at is not None and self.sent >= cut_at:
                        self.cut()  # mid-transfer: part of this chunk went, the rest never
                        return
                else:
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._sockets.discard(source)
            with contextlib.suppress(OSError):
                source.close()
