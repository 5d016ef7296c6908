"""Does the evidence still hold? Each capture's bytes against its SHA-256 and archive digest, each token against both.

Reads only: `manage.py verify`, the admin and the API show what it finds. A token is checked fully
(signature, certificate chain to a trusted TSA root, the hash it signs) when CAPTURE_TSA_CA_CERTS
names the roots; otherwise what can be checked without them is, and the result says what was not.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

from provenance.models import Capture, CaptureTimestamp

OK = "ok"
CHANGED = "changed bytes"
BAD_TOKEN = "bad token"
# Headers under which the archive's payload digest was taken over other bytes than the ones we keep.
_RECODED = ("content-encoding", "transfer-encoding")


# For a backup's manifest and its restore (config/backup.py, on a raw connection to any copy of the
# database): one digest for every capture's SHA-256 (sorted, one per line), and the captures whose bytes no
# longer hash to their recorded SHA-256.
CAPTURE_DIGEST_SQL = """
    SELECT count(*), encode(sha256(convert_to(coalesce(string_agg(sha256, E'\\n' ORDER BY sha256, id), ''), 'UTF8')),
           'hex')
      FROM provenance_capture
"""
CAPTURES_NOT_MATCHING_BYTES_SQL = (
    "SELECT id, sha256 FROM provenance_capture WHERE encode(sha256(data), 'hex') <> sha256 ORDER BY id LIMIT 20"
)


@dataclass(frozen=True)
class TokenCheck:
    tsa_url: str
    tsa_name: str
    gen_time: str
    ok: bool
    chain_checked: bool
    detail: str

    def as_dict(self) -> dict:
        return {
            "tsa_url": self.tsa_url,
            "tsa_name": self.tsa_name,
            "gen_time": self.gen_time,
            "ok": self.ok,
            "chain_checked": self.chain_checked,
            "detail": self.detail,
        }


@dataclass
class CaptureCheck:
    capture_id: int
    label: str
    sha256: str
    bytes_ok: bool
    bytes_detail: str
    archive_digest: str = ""
    archive_digest_ok: bool = True
    tokens: list[TokenCheck] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        if not (self.bytes_ok and self.archive_digest_ok):
            return CHANGED
        if any(not token.ok for token in self.tokens):
            return BAD_TOKEN
        return OK

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    def as_dict(self) -> dict:
        return {
            "capture": self.capture_id,
            "label": self.label,
            "outcome": self.outcome,
            "sha256": self.sha256,
            "bytes": self.bytes_detail,
            "archive_digest": self.archive_digest,
            "timestamps": [token.as_dict() for token in self.tokens],
        }


def captures_to_verify(capture_ids: Iterable[int] | None = None) -> QuerySet[Capture]:
    """The captures named (all when None), oldest first, with their tokens: two queries per chunk read."""
    captures = Capture.objects.order_by("id").prefetch_related(
        Prefetch("timestamps", queryset=CaptureTimestamp.objects.order_by("gen_time", "id"))
    )
    return captures if capture_ids is None else captures.filter(pk__in=list(capture_ids))


def verify_capture(capture: Capture, *, roots: list[x509.Certificate] | None = None) -> CaptureCheck:
    data = bytes(capture.data)
    actual = hashlib.sha256(data).hexdigest()
    if actual != capture.sha256:
        detail = f"the bytes hash to {actual}, not the stored {capture.sha256}"
    elif len(data) != capture.size:
        detail = f"{len(data)} bytes, not the stored {capture.size}"
    else:
        detail = "the bytes hash to the stored SHA-256"
    check = CaptureCheck(
        capture_id=capture.pk,
        label=capture.url or capture.filename or f"capture {capture.pk}",
        sha256=capture.sha256,
        bytes_ok=detail.startswith("the bytes hash to the stored"),
        bytes_detail=detail,
    )
    if capture.archive_digest:
        check.archive_digest, check.archive_digest_ok = archive_digest_check(capture, data)
    roots = trusted_tsa_roots() if roots is None else roots
    check.tokens = [check_token(stamp, digest=bytes.fromhex(actual), roots=roots) for stamp in capture.timestamps.all()]
    return check


def archive_digest_check(capture: Capture, data: bytes) -> tuple[str, bool]:
    """The archive's payload digest against our bytes: (what was found, whether it holds)."""
    algorithm, _, value = capture.archive_digest.partition(":")
    algorithm = algorithm.strip().lower().replace("-", "")
    if algorithm not in ("sha1", "sha256", "sha512", "md5") or not value:
        return f"not checked: {capture.archive_digest!r} is no digest we can compute", True
    recoded = [name for name, _ in capture.http_headers if str(name).lower() in _RECODED]
    if recoded:
        return (
            f"not comparable: the archive's digest covers the body as sent ({', '.join(recoded)}), we keep it decoded",
            True,
        )
    digest = hashlib.new(algorithm, data).digest()
    if _same_digest(value.strip(), digest):
        return f"the bytes match the archive's {algorithm} digest", True
    if capture.archive_info.get("digests") == "mismatch":
        return "differs from the archive's digest, as it already did when the archive was imported", True
    return f"the bytes no longer match the archive's {algorithm} digest {capture.archive_digest}", False


def _same_digest(value: str, digest: bytes) -> bool:
    spellings = {
        base64.b32encode(digest).decode().rstrip("="),
        digest.hex(),
        base64.b64encode(digest).decode().rstrip("="),
    }
    return value.rstrip("=") in spellings or value.lower() == digest.hex()


def check_token(stamp: CaptureTimestamp, *, digest: bytes, roots: list[x509.Certificate]) -> TokenCheck:
    """One token against the capture's current hash and, with trusted roots, its signature and chain."""

    def result(ok: bool, detail: str, *, chain_checked: bool = False) -> TokenCheck:
        return TokenCheck(
            tsa_url=stamp.tsa_url,
            tsa_name=stamp.tsa_name,
            gen_time=stamp.gen_time.isoformat(),
            ok=ok,
            chain_checked=chain_checked,
            detail=detail,
        )

    try:
        answer = decode_timestamp_response(bytes(stamp.token))
    except ValueError as error:
        return result(False, f"the stored token cannot be read ({error})")
    imprint = answer.tst_info.message_imprint.message
    if imprint.hex() != stamp.message_imprint:
        return result(False, "the token signs another hash than the one recorded with it")
    if imprint != digest:
        return result(False, "the token signs another hash than the capture's bytes have now")
    if answer.tst_info.gen_time != stamp.gen_time:
        return result(False, "the token's time differs from the one recorded with it")
    if not roots:
        return result(
            True,
            "the token signs the capture's hash; its signature and certificate chain were not checked "
            "(no trusted TSA certificate: set CAPTURE_TSA_CA_CERTS)",
        )
    try:
        verifier = VerifierBuilder(roots=list(roots)).build()
        verifier.verify(answer, digest)
    except (VerificationError, ValueError) as error:
        return result(False, f"the signature or certificate chain does not hold ({error})")
    return result(True, "signature valid, chain to a trusted TSA root, signs the capture's hash", chain_checked=True)


def trusted_tsa_roots() -> list[x509.Certificate]:
    """The certificates in the PEM files of CAPTURE_TSA_CA_CERTS (a missing or bad file is an error naming it)."""
    roots: list[x509.Certificate] = []
    for name in settings.CAPTURE_TSA_CA_CERTS:
        try:
            roots.extend(x509.load_pem_x509_certificates(Path(name).read_bytes()))
        except (OSError, ValueError) as error:
            raise ValueError(f"CAPTURE_TSA_CA_CERTS: {name} cannot be read as PEM certificates ({error})") from error
    return roots
