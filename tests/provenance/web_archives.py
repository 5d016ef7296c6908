"""Web archives made at test time by the formats' writers: WARC (warcio), WACZ (a zip per its spec), MHTML (email)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from email.message import EmailMessage

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TOWNS = ["Marsk", "Korrin", "Vell", "Dravonia Port", "Ostrava Lin", "Tesk"]


def news_page(n: int, *, town: str | None = None) -> bytes:
    """An invented news page (HTML) whose text is its own: the n-th report of The Marsk Herald."""
    town = town or TOWNS[n % len(TOWNS)]
    sentences = " ".join(
        f"Observers in {town} counted {n * 11 + i} trucks crossing the Vell bridge in dispatch {n}." for i in range(14)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{town} dispatch {n}</title>"
        "<meta property='og:site_name' content='The Marsk Herald'></head><body><article>"
        f"<h1>{town} dispatch {n}</h1><p>By Ilse Varnholt, The Marsk Herald, 3 March 2031.</p>"
        f"<p>{sentences}</p><p>The council of {town} said convoy {n} carried grain, fuel and medicine.</p>"
        "</article></body></html>"
    ).encode()


class Warc:
    """A WARC built record by record with warcio's writer; .data is the file's bytes, .members each record's."""

    def __init__(self, *, gzip: bool = True) -> None:
        self.gzip = gzip
        self.members: list[bytes] = []
        self.ids: list[str] = []

    def _write(self, record) -> str:
        buffer = io.BytesIO()
        WARCWriter(buffer, gzip=self.gzip).write_record(record)
        self.members.append(buffer.getvalue())
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        self.ids.append(record_id)
        return record_id

    @property
    def _writer(self) -> WARCWriter:
        return WARCWriter(io.BytesIO(), gzip=self.gzip)

    def warcinfo(self, filename: str = "crawl.warc.gz") -> str:
        return self._write(self._writer.create_warcinfo_record(filename, {"software": "test crawler 1.0"}))

    def response(
        self,
        url: str,
        body: bytes,
        *,
        content_type: str = "text/html; charset=utf-8",
        status: str = "200 OK",
        date: str = "2031-03-03T08:30:00Z",
        extra_headers: list[tuple[str, str]] = (),
    ) -> str:
        headers = StatusAndHeaders(
            status, [("Content-Type", content_type), ("Server", "veloria-httpd"), *extra_headers], protocol="HTTP/1.1"
        )
        record = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date}
        )
        return self._write(record)

    def request(self, url: str, *, concurrent_to: str) -> str:
        headers = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "marskherald.example"), ("User-Agent", "test crawler")], is_http_request=True
        )
        record = self._writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=headers,
            warc_headers_dict={"WARC-Concurrent-To": concurrent_to},
        )
        return self._write(record)

    def metadata(self, url: str, *, refers_to: str, fields: str = "via: https://marskherald.example/\r\n") -> str:
        record = self._writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(fields.encode()),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Concurrent-To": refers_to},
        )
        return self._write(record)

    def revisit(self, url: str, *, body: bytes) -> str:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = self._writer.create_revisit_record(
            url,
            digest="sha1:" + hashlib.sha1(body).hexdigest().upper(),
            refers_to_uri=url,
            refers_to_date="2031-03-03T08:30:00Z",
            http_headers=headers,
        )
        return self._write(record)

    @property
    def data(self) -> bytes:
        return b"".join(self.members)


def wacz(
    warcs: dict[str, bytes],
    *,
    pages: list[dict] = (),
    signed: bool = False,
    signer=None,
    raw_signature: bool = False,
    tamper: bool = False,
) -> bytes:
    """A WACZ 1.1.1 file per the spec: archive/ WARCs, pages/pages.jsonl, datapackage.json and its digest.

    signed: a domain signature that does not verify (made-up values). signer: an EC private key that
    signs the package anonymously, as the WACZ signing spec says (ECDSA-SHA256 over the hash string;
    DER, or raw r||s as WebCrypto writes it with raw_signature).
    """
    files: dict[str, bytes] = {f"archive/{name}": data for name, data in warcs.items()}
    files["pages/pages.jsonl"] = "\n".join(
        json.dumps(line) for line in [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}, *pages]
    ).encode()
    package = {
        "profile": "data-package",
        "wacz_version": "1.1.1",
        "title": "Marsk Herald, March 2031",
        "created": "2031-03-04T10:00:00Z",
        "software": "test packer 1.0",
        "resources": [
            {
                "name": path.rsplit("/", 1)[-1],
                "path": path,
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
            for path, data in files.items()
        ],
    }
    if tamper:  # a WARC changed after the package was written
        first = next(iter(warcs))
        files[f"archive/{first}"] = files[f"archive/{first}"] + b"\r\n"
    package_bytes = json.dumps(package, indent=1).encode()
    package_hash = "sha256:" + hashlib.sha256(package_bytes).hexdigest()
    digest: dict = {"path": "datapackage.json", "hash": package_hash}
    if signed:
        digest["signedData"] = {
            "hash": package_hash,
            "created": package["created"],
            "software": "authsign 0.6",
            "domain": "signer.marskherald.example",
            "signature": "MEUCIQDfakefakefake",
            "domainCert": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            "timeSignature": "MIIfake",
            "timestampCert": "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
        }
    if signer is not None:
        digest["signedData"] = _anonymous_signature(signer, package_hash, package["created"], raw=raw_signature)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for path, data in files.items():
            bundle.writestr(path, data, compress_type=zipfile.ZIP_STORED)
        bundle.writestr("datapackage.json", package_bytes, compress_type=zipfile.ZIP_DEFLATED)
        bundle.writestr("datapackage-digest.json", json.dumps(digest).encode(), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _anonymous_signature(key, package_hash: str, created: str, *, raw: bool) -> dict:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    signature = key.sign(package_hash.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    if raw:
        r, s = decode_dss_signature(signature)
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {
        "hash": package_hash,
        "signature": base64.b64encode(signature).decode(),
        "publicKey": base64.b64encode(public).decode(),
        "created": created,
        "software": "test signer 1.0",
    }


def mhtml(html: bytes, *, url: str, date: str = "Mon, 03 Mar 2031 08:30:00 +0000", charset: str = "utf-8") -> bytes:
    """An MHTML snapshot as a browser saves one: multipart/related, the page first, then an image."""
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = url
    message["Subject"] = "Marsk dispatch"
    message["Date"] = date
    message["MIME-Version"] = "1.0"
    message.make_related()
    message.add_related(
        html.decode("utf-8"), subtype="html", charset=charset, cte="quoted-printable", cid="<frame-1@mhtml.blink>"
    )
    message.get_payload()[0]["Content-Location"] = url
    message.add_related(b"\x89PNG\r\n\x1a\n" + b"\0" * 16, maintype="image", subtype="png", cid="<image-1@mhtml.blink>")
    return message.as_bytes()
