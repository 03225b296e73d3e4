"""A loopback proxy in front of a provider that changes one character of every answer's body."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import requests

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host",
               "accept-encoding"}
_LAST_DIGIT = re.compile(rb"[0-9](?=[^0-9]*$)")


def tamper(body: bytes) -> bytes:
    """Change the last digit (an amount, a date, a signature...): still well-formed, no longer what was signed."""
    return _LAST_DIGIT.sub(lambda m: b"1" if m.group(0) != b"1" else b"2", body, count=1)


class TamperingProxy:
    """Forwards every request to ``upstream`` unchanged and returns each answer with its body tampered."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.session = requests.Session()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                answer = proxy.session.request(self.command, proxy.upstream + self.path, data=body or None,
                                               headers=headers, timeout=10, allow_redirects=False)
                changed = tamper(answer.content)
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(changed)))
                self.end_headers()
                self.wfile.write(changed)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
        self.session.close()

    def __enter__(self) -> TamperingProxy:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
