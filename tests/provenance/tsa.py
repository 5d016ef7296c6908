"""A time-stamping authority for the tests: OpenSSL's `openssl ts -reply` behind an HTTP server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONFIG = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {folder}
serial = {folder}/serial
crypto_device = builtin
signer_cert = {folder}/tsa.pem
certs = {folder}/tsa.pem
signer_key = {folder}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[ tsa_ext ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
"""


def _openssl(*args: str, folder: Path) -> None:
    subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)


def make_tsa(folder: Path, *, name: str = "Marsk Test TSA") -> Path:
    """A root CA and a TSA certificate it signs (critical timeStamping EKU); returns the root's PEM path."""
    (folder / "tsa.cnf").write_text(CONFIG.format(folder=folder))
    (folder / "serial").write_text("01\n")
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
             "-out", "ca.pem", "-days", "3650", "-subj", f"/CN={name} Root", folder=folder)  # fmt: skip
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key",
             "-out", "tsa.csr", "-subj", f"/CN={name}", folder=folder)  # fmt: skip
    _openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
             "tsa.pem", "-days", "3650", "-extfile", "tsa.cnf", "-extensions", "tsa_ext", folder=folder)  # fmt: skip
    return folder / "ca.pem"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # quiet
        pass

    def do_POST(self) -> None:  # the name http.server calls
        server: _Server = self.server  # type: ignore[assignment]
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server.requests.append(len(query))
        if server.failing:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with server.lock, tempfile.TemporaryDirectory() as work:
            (Path(work) / "query.tsq").write_bytes(query)
            subprocess.run(
                ["openssl", "ts", "-reply", "-config", str(server.folder / "tsa.cnf"), "-queryfile", "query.tsq",
                 "-out", "reply.tsr"],
                cwd=work, check=True, capture_output=True,
            )  # fmt: skip
            reply = (Path(work) / "reply.tsr").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.folder = folder
        self.requests: list[int] = []
        self.failing = False
        self.lock = threading.Lock()  # openssl ts keeps its serial in one file


@contextmanager
def running_tsa(folder: Path) -> Iterator[_Server]:
    root = make_tsa(folder)
    server = _Server(folder)
    server.root = root
    server.url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
