"""Bytes on the wire: a counting TCP proxy between the browser and the server.

Chromium's DevTools protocol reports websocket frames *after* permessage-deflate
decompression (the payload). What the network really carries is counted here,
at the TCP level: the browser talks to the proxy, the proxy to Streamlit, and
every byte the server sends is added to the connection's counter. A connection
whose first request is ``GET /_stcore/stream`` is the websocket; every other
one is plain HTTP (the page, scripts, styles, component files).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass, field


@dataclass
class Counter:
    """Bytes the server sent, by kind of connection (thread-safe)."""

    websocket: int = 0
    http: int = 0
    upstream: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, kind: str, n: int) -> None:
        """Add ``n`` bytes to ``kind`` (``websocket``, ``http`` or ``upstream``)."""
        with self._lock:
            setattr(self, kind, getattr(self, kind) + n)

    def snapshot(self) -> dict[str, int]:
        """Return the counters so far."""
        with self._lock:
            return {"websocket": self.websocket, "http": self.http, "upstream": self.upstream}


class CountingProxy:
    """Forward ``127.0.0.1:port`` to ``target_port`` and count the bytes.

    Use as a context manager; ``url`` is what the browser opens instead of
    the server's own address.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.counter = Counter()
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.port = int(self._server.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        """Return the proxy's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> CountingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._server.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=600)
        except OSError:
            client.close()
            return
        first = client.recv(65536)
        kind = "websocket" if first.startswith(b"GET /_stcore/stream") else "http"
        self.counter.add("upstream", len(first))
        upstream.sendall(first)
        up = threading.Thread(target=self._pipe, args=(client, upstream, "upstream"), daemon=True)
        up.start()
        self._pipe(upstream, client, kind)
        up.join(timeout=1)

    def _pipe(self, source: socket.socket, sink: socket.socket, kind: str) -> None:
        try:
            while chunk := source.recv(262144):
                self.counter.add(kind, len(chunk))
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


__all__ = ["Counter", "CountingProxy"]
