"""The one accept step: what may come in, for every way in (command line, upload, paste, jobs).

A file is accepted when its name says HTML, text, zip or web archive (WARC, WACZ, MHTML: read
page by page in provenance.ingestion.archives), it is within the size limits, and its bytes decode
as text (provenance.text.decode: one table of binary signatures, one encoding
detection). A zip is unpacked member by member under the same rules, refusing bombs, names that
point outside the archive, links, encryption and archives inside archives. What is accepted
carries its detected encoding and media type, so every entry point stores the same capture.
"""

from __future__ import annotations

import posixpath
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from provenance.text.decode import DecodeError, decode_bytes

TEXT_SUFFIXES = (".html", ".htm", ".txt")
ZIP_SUFFIX = ".zip"
# Web archives: every HTML page they hold becomes a capture of its own (provenance.ingestion.archives).
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz", ".mhtml", ".mht")
ACCEPTED_SUFFIXES = (*TEXT_SUFFIXES, ZIP_SUFFIX, *ARCHIVE_SUFFIXES)
PASTED_FILENAME = "pasted-text.txt"
# Archive furniture that is skipped, not refused: macOS resource forks and Finder files.
_ZIP_FURNITURE_PREFIXES = ("__MACOSX/",)
_ZIP_FURNITURE_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
# Members smaller than this cannot be bombs, whatever their compression ratio.
_ZIP_RATIO_FLOOR = 1024 * 1024


class BatchError(ValueError):
    """An import refused, or a batch operation that cannot be done; the message says why. Nothing was stored."""


class IngestError(BatchError):
    """A file that cannot be ingested: the message names the file and the reason, on one line."""

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason.replace("\n", " ")
        super().__init__(f"{filename}: {self.reason}")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


@dataclass(frozen=True)
class WebCapture:
    """How a page's bytes came from the web: a web archive's record or a fetch. Kept with the capture.

    kind is "archive" (a WARC record, an MHTML file) or "fetch" (fetched by us). url is the page's
    address (WARC-Target-URI, MHTML Content-Location, a fetch's final URL); requested_url what a
    fetch asked for; redirects the hops in between ({"url", "status", "location"}); http_headers the
    response headers as (name, value) pairs in order; tls_certificate the subject, issuer and
    fingerprint of an HTTPS server's certificate; archive what the archive says of the record (its
    name, WARC headers, digests checked, request and metadata records, a WACZ's datapackage).
    """

    kind: str
    url: str = ""
    requested_url: str = ""
    captured_at: datetime | None = None
    http_status: int | None = None
    http_headers: tuple[tuple[str, str], ...] = ()
    redirects: tuple[dict, ...] = ()
    server_ip: str = ""
    tls_certificate: dict = field(default_factory=dict)
    record_id: str = ""
    digest: str = ""
    archive: dict = field(default_factory=dict)


@dataclass(frozen=True)
class IncomingFile:
    """One accepted file: its bytes, and how they read (media type, encoding, what a reviewer should know).

    web says where a page captured from the web came from (None for a file or a paste).
    """

    filename: str
    data: bytes
    media_type: str
    encoding: str = ""
    warnings: tuple[str, ...] = field(default=())
    web: WebCapture | None = None


@dataclass(frozen=True)
class RefusedPart:
    """A part of an archive that cannot be ingested (a malformed record, a truncated gzip member).

    It is reported as a failed file of its batch; the rest of the archive is imported.
    """

    filename: str
    reason: str

    def __str__(self) -> str:
        return f"{self.filename}: {self.reason}"


@dataclass(frozen=True)
class BatchLimits:
    """How much one import may bring in; read from settings so a deployment can change them."""

    max_file_bytes: int
    max_batch_bytes: int
    max_files: int
    zip_max_ratio: int

    @classmethod
    def from_settings(cls) -> BatchLimits:
        return cls(
            max_file_bytes=settings.INGEST_MAX_BYTES,
            max_batch_bytes=settings.INGEST_MAX_BATCH_BYTES,
            max_files=settings.INGEST_MAX_FILES,
            zip_max_ratio=settings.INGEST_ZIP_MAX_RATIO,
        )


def suffix_of(filename: str) -> str:
    """The file's type as its name says it: ".html", ".zip", ".warc.gz"..."""
    lowered = filename.lower()
    if lowered.endswith(".warc.gz"):
        return ".warc.gz"
    return posixpath.splitext(lowered)[1]


def is_web_archive(filename: str) -> bool:
    return suffix_of(filename) in ARCHIVE_SUFFIXES


def refuse_unacceptable_name(filename: str) -> None:
    """Refuse a file whose name says it is not HTML, text, a zip or a web archive."""
    suffix = suffix_of(filename)
    if suffix not in ACCEPTED_SUFFIXES:
        accepted = ", ".join(ACCEPTED_SUFFIXES)
        raise IngestError(filename, f"wrong file type ({suffix or 'no extension'}); accepted are {accepted}")


def refuse_oversize(filename: str, size: int, limits: BatchLimits) -> None:
    """Refuse a file over the size limit, from its declared size, before any byte of it is kept."""
    if size > limits.max_file_bytes:
        raise IngestError(
            filename, f"{megabytes(size)} is over the limit of {megabytes(limits.max_file_bytes)} per file"
        )


def accept_bytes(
    filename: str,
    data: bytes,
    *,
    limits: BatchLimits | None = None,
    declared_encoding: str = "",
    web: WebCapture | None = None,
) -> IncomingFile:
    """Accept one page's bytes (not a zip) or raise IngestError naming the file and the reason.

    declared_encoding is the charset the page came with (an HTTP Content-Type header); web, where
    a page captured from the web came from.
    """
    limits = limits or BatchLimits.from_settings()
    refuse_oversize(filename, len(data), limits)
    try:
        decoded = decode_bytes(data, filename=filename, declared_encoding=declared_encoding)
    except DecodeError as error:
        raise IngestError(filename, str(error)) from error
    return IncomingFile(
        filename=filename,
        data=data,
        media_type=decoded.media_type,
        encoding=decoded.encoding,
        warnings=decoded.warnings,
        web=web,
    )


def paste_as_file(*, text: str) -> IncomingFile:
    """Pasted text as one text file; empty or over-size pastes are refused."""
    if not text.strip():
        raise IngestError(PASTED_FILENAME, "the pasted text is empty")
    return accept_bytes(PASTED_FILENAME, text.encode("utf-8"))


def unsafe_member_name(name: str) -> bool:
    """True for a zip member name that points outside the archive (absolute, drive letter, '..')."""
    normalised = name.replace("\\", "/")
    parts = normalised.split("/")
    return normalised.startswith("/") or (len(parts[0]) == 2 and parts[0][1] == ":") or ".." in parts


@dataclass(frozen=True)
class ZipMember:
    """A member of an archive as the accept step judged it: to read, or refused with a reason."""

    label: str
    info: zipfile.ZipInfo
    refusal: str | None = None


def zip_members(archive_label: str, infos: list[zipfile.ZipInfo], *, limits: BatchLimits, separator: str) -> list:
    """Judge every member of an archive; raise IngestError when the archive as a whole is refused.

    Returns ZipMembers in archive order: furniture and folders are left out, members of other
    types are refused (the caller decides whether that refuses the archive or only the member).
    """
    if len(infos) > limits.max_files:
        raise IngestError(archive_label, f"{len(infos)} entries, more than the limit of {limits.max_files} files")
    declared = sum(info.file_size for info in infos if not info.is_dir())
    if declared > limits.max_batch_bytes:
        raise IngestError(
            archive_label,
            f"refused as a zip bomb: it unpacks to {megabytes(declared)}, "
            f"over the limit of {megabytes(limits.max_batch_bytes)} for one import",
        )
    members: list[ZipMember] = []
    for info in infos:
        label = f"{archive_label}{separator}{info.filename}"
        if unsafe_member_name(info.filename):
            members.append(
                ZipMember(label, info, "refused: the name points outside the archive (an absolute path or '..')")
            )
            continue
        clean = "/".join(part for part in info.filename.replace("\\", "/").split("/") if part not in ("", "."))
        if info.is_dir() or not clean or clean.startswith(_ZIP_FURNITURE_PREFIXES):
            continue
        if posixpath.basename(clean) in _ZIP_FURNITURE_NAMES or posixpath.basename(clean).startswith("."):
            continue
        label = f"{archive_label}{separator}{clean}"
        members.append(ZipMember(label, info, _member_refusal(clean, info, limits)))
    return members


def _member_refusal(name: str, info: zipfile.ZipInfo, limits: BatchLimits) -> str | None:
    suffix = suffix_of(name)
    if suffix == ZIP_SUFFIX:
        return "refused: a zip inside a zip is not read; unpack it first"
    if suffix in ARCHIVE_SUFFIXES:
        return "refused: a web archive inside a zip is not read; import it on its own"
    if suffix not in TEXT_SUFFIXES:
        return f"wrong file type ({suffix or 'no extension'}); accepted are .html, .htm, .txt"
    return unpack_refusal(info, limits)


def unpack_refusal(info: zipfile.ZipInfo, limits: BatchLimits) -> str | None:
    """Why a zip member must not be unpacked (a link, encrypted, too big, a bomb), or None."""
    if stat.S_ISLNK(info.external_attr >> 16):
        return "refused: symbolic links are not read from archives"
    if info.flag_bits & 0x1:
        return "refused: the file is encrypted"
    if info.file_size > limits.max_file_bytes:
        return f"{megabytes(info.file_size)} is over the limit of {megabytes(limits.max_file_bytes)} per file"
    if info.file_size > _ZIP_RATIO_FLOOR and info.file_size > limits.zip_max_ratio * max(info.compress_size, 1):
        return (
            f"refused as a zip bomb: it unpacks from {megabytes(info.compress_size)} to "
            f"{megabytes(info.file_size)}, more than {limits.zip_max_ratio} times its packed size"
        )
    return None


def read_member(archive: zipfile.ZipFile, member: ZipMember) -> bytes:
    """A member's bytes, reading at most one byte past its declared size: a header that lies is a bomb too."""
    try:
        with archive.open(member.info) as stream:
            data = stream.read(member.info.file_size + 1)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError) as error:
        raise IngestError(member.label, f"cannot be unpacked ({error})") from error
    if len(data) > member.info.file_size:
        raise IngestError(member.label, "refused as a zip bomb: it unpacks to more than its declared size")
    return data
