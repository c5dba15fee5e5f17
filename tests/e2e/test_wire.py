"""What goes over the wire: the shipped config compresses the websocket (permessage-deflate)."""

from __future__ import annotations

import base64
import os
import socket
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.e2e


def handshake(url: str) -> str:
    """Open the app's websocket as a browser does and return the server's handshake answer."""
    where = urlparse(url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {where.netloc}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
        f"Origin: {url}\r\n\r\n"
    )
    with socket.create_connection((where.hostname, where.port), timeout=30) as conn:
        conn.sendall(request.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n\r\n")[0].decode("latin-1")


def test_the_websocket_is_compressed(app_url):
    answer = handshake(app_url)
    assert answer.startswith("HTTP/1.1 101"), answer
    extensions = [
        line.split(":", 1)[1].strip()
        for line in answer.splitlines()
        if line.lower().startswith("sec-websocket-extensions:")
    ]
    assert len(extensions) == 1, answer
    assert extensions[0].startswith("permessage-deflate"), answer
