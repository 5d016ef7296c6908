"""A real HTTP server on 127.0.0.1 for the capture tests: pages, encodings, redirects, slow and big answers, robots."""

from __future__ import annotations

import gzip
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli

from tests.provenance.web_archives import news_page

ROBOTS = b"User-agent: *\nDisallow: /members/\n"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # quiet: the tests say what matters
        return

    def _send(self, status: int, body: bytes, *, content_type: str = "text/html; charset=utf-8", headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # the name http.server calls
        self.server.requests.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path
        port = self.server.server_address[1]
        if path == "/robots.txt":
            return self._send(200, ROBOTS, content_type="text/plain")
        if path.startswith(("/page/", "/members/")):
            return self._send(200, news_page(int(path.rsplit("/", 1)[1])), headers=[("X-Served-By", "marsk-1")])
        if path == "/gzip":
            return self._send(200, gzip.compress(news_page(7)), headers=[("Content-Encoding", "gzip")])
        if path == "/brotli":
            return self._send(200, brotli.compress(news_page(8)), headers=[("Content-Encoding", "br")])
        if path == "/latin":
            body = news_page(9).replace(b"dispatch 9</h1>", "dispatch 9 – café</h1>".encode()).decode()
            return self._send(200, body.encode("cp1252"), content_type="text/html; charset=windows-1252")
        if path.startswith("/hop/"):  # /hop/3 -> /hop/2 -> /hop/1 -> /page/1
            left = int(path.rsplit("/", 1)[1])
            target = f"/hop/{left - 1}" if left > 1 else "/page/1"
            return self._send(302, b"", headers=[("Location", target)])
        if path == "/loop":
            return self._send(301, b"", headers=[("Location", "/loop")])
        if path == "/to-private":
            return self._send(302, b"", headers=[("Location", "http://10.20.30.40/page/1")])
        if path == "/to-metadata":
            return self._send(302, b"", headers=[("Location", "http://169.254.169.254/latest/meta-data/")])
        if path == "/to-localhost":
            return self._send(302, b"", headers=[("Location", f"http://localhost:{port}/page/1")])
        if path == "/to-ftp":
            return self._send(302, b"", headers=[("Location", "ftp://127.0.0.1/page/1")])
        if path == "/slow":  # answers only once the test is over
            self.server.release.wait(30)
            return self._send(200, news_page(10))
        if path == "/trickle":  # headers at once, then the body a little at a time, never all of it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(300):
                self.wfile.write(b"<p>" + b"x" * 20)
                self.wfile.flush()
                if self.server.release.wait(0.05):
                    return
            return
        if path == "/big":  # no Content-Length: the size is only known by reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"Marsk " * 2000 + b"</p>"
            for _ in range(50):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
            return
        if path == "/declared-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(500 * 1024 * 1024))
            self.end_headers()
            return
        if path == "/report.pdf":
            return self._send(200, b"%PDF-1.7 ...", content_type="application/pdf")
        if path == "/gone":
            return self._send(404, b"<html><body>Not here</body></html>")
        return self._send(404, b"no such page")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"


@contextmanager
def running_server(*, tls: ssl.SSLContext | None = None) -> Iterator[_Server]:
    """The server on a free port of 127.0.0.1; over HTTPS with tls (a server-side SSL context)."""
    server = _Server(tls)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
