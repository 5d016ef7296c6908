"""WARC files (.warc, .warc.gz; WARC/1.0 and 1.1): the pages of their HTML response records, with the record.

Records are framed here (gzip members, then Content-Length) so that a truncated gzip member or a
malformed record is one refused part, named by the archive, the record's number and its offset,
and the records after it are still read; warcio parses each record and checks its digests.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from warcio.archiveiterator import ArchiveIterator

from provenance.ingestion.accept import BatchLimits, IngestError, RefusedPart, WebCapture, accept_bytes, megabytes
from provenance.ingestion.archives.contents import PAGE_TYPES, ArchiveContents, Budget, RecordError

_GZIP_MAGIC = b"\x1f\x8b\x08"
_CHUNK = 64 * 1024
_SMALL_RECORD = 64 * 1024  # request, metadata and warcinfo blocks kept with a page: at most this much
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_RECORD_ID = re.compile(rb"^warc-record-id[ \t]*:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)
_SKIPPED_TYPES = {
    "revisit": "revisit records (the same content as an earlier capture)",
    "conversion": "conversion records",
    "continuation": "continuation records",
}


@dataclass
class _Frame:
    """One record's bytes as framed in the file (or why it could not be), with its number and offset."""

    number: int
    offset: int
    data: bytes | None = None
    error: str | None = None


def _frames(data: bytes, *, limits: BatchLimits, budget: Budget) -> Iterator[_Frame]:
    number = 0
    if not data.startswith(_GZIP_MAGIC[:2]):
        for offset, record, error in _split_records(data):
            number += 1
            yield _Frame(number, offset, record, error)
        return
    position = 0
    while position < len(data):
        if not data.startswith(_GZIP_MAGIC, position):
            if not data[position:].strip(b"\x00\r\n \t"):
                return  # padding after the last member
            number += 1
            yield _Frame(number, position, error="not a gzip member here (the file is damaged)")
            position = _next_member(data, position)
            continue
        try:
            unpacked, end = _gunzip_member(data, position, limit=limits.max_file_bytes)
        except RecordError as error:
            number += 1
            yield _Frame(number, position, error=str(error))
            position = _next_member(data, position)
            continue
        budget.spend(len(unpacked))
        for _, record, error in _split_records(unpacked):
            number += 1
            yield _Frame(number, position, record, error)
        position = end


def _next_member(data: bytes, position: int) -> int:
    found = data.find(_GZIP_MAGIC, position + 1)
    return len(data) if found == -1 else found


def _gunzip_member(data: bytes, start: int, *, limit: int) -> tuple[bytes, int]:
    """One gzip member's unpacked bytes and where the next member starts; at most limit bytes."""
    inflater = zlib.decompressobj(wbits=31)
    unpacked = bytearray()
    position = start
    pending = b""
    while not inflater.eof:
        if not pending:
            if position >= len(data):
                raise RecordError("truncated gzip member: the file ends inside it")
            pending = data[position : position + _CHUNK]
            position += len(pending)
        try:
            unpacked += inflater.decompress(pending, limit + 1 - len(unpacked))
        except zlib.error as error:
            raise RecordError(f"damaged gzip member ({error}); it may be truncated") from error
        pending = inflater.unconsumed_tail
        if len(unpacked) > limit:
            raise RecordError(f"the record unpacks to more than {megabytes(limit)}, the limit per file")
    return bytes(unpacked), position - len(pending) - len(inflater.unused_data)


def _split_records(raw: bytes) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(offset, record bytes, None) for each record of uncompressed WARC bytes, or (offset, None, reason)."""
    position, size = 0, len(raw)
    while position < size:
        while position < size and raw[position] in (10, 13):
            position += 1
        if position >= size:
            return
        start = position
        header_end = raw.find(b"\r\n\r\n", start)
        if not raw.startswith(b"WARC/", start):
            yield start, None, "malformed record: it does not start with a WARC/1.x line"
            position = _next_record(raw, start)
            continue
        if header_end == -1:
            yield start, None, "truncated record: its header never ends"
            return
        length = _CONTENT_LENGTH.search(raw, start, header_end + 2)
        if length is None:
            yield start, None, f"malformed record {_record_id(raw, start, header_end)}: no Content-Length"
            position = _next_record(raw, header_end)
            continue
        end = header_end + 4 + int(length.group(1))
        if end > size:
            yield (
                start,
                None,
                f"truncated record {_record_id(raw, start, header_end)}: it declares {int(length.group(1))} "
                f"bytes of content, {size - header_end - 4} are there",
            )
            position = _next_record(raw, header_end)
            continue
        yield start, raw[start:end], None
        position = end


def _next_record(raw: bytes, position: int) -> int:
    found = raw.find(b"\nWARC/", position + 1)
    return len(raw) if found == -1 else found + 1


def _record_id(raw: bytes, start: int, end: int) -> str:
    found = _RECORD_ID.search(raw, start, end)
    return found.group(1).decode("ascii", "replace") if found else "(no WARC-Record-ID)"


@dataclass
class _Page:
    label: str
    payload: bytes
    charset: str
    web: WebCapture
    warcinfo_id: str


def read_warc(
    label: str,
    data: bytes,
    *,
    limits: BatchLimits,
    budget: Budget,
    into: ArchiveContents,
    archive: dict,
    page_titles: dict[str, dict] | None = None,
) -> None:
    """Add the pages and refused records of one WARC file to into.

    archive is kept with every page (a WACZ's description); page_titles are a WACZ's pages.jsonl entries by URL.
    """
    pages: list[_Page | RefusedPart] = []
    warcinfos: dict[str, dict] = {}
    attached: dict[str, dict] = {}  # record id -> request and metadata records that refer to it
    last_warcinfo = ""
    file_format = "warc.gz" if data.startswith(_GZIP_MAGIC[:2]) else "warc"
    for frame in _frames(data, limits=limits, budget=budget):
        name = f"{label}#{frame.number}"
        if frame.error is not None:
            pages.append(RefusedPart(name, f"record at offset {frame.offset}: {frame.error}"))
            continue
        try:
            record = next(ArchiveIterator(io.BytesIO(frame.data), check_digests=True))
            kind = record.rec_type
            headers = record.rec_headers
            record_id = headers.get_header("WARC-Record-ID") or ""
            if kind == "warcinfo":
                last_warcinfo = record_id
                warcinfos[record_id] = {"record_id": record_id, "fields": _small_text(record)}
            elif kind in ("request", "metadata"):
                entry = {"record_id": record_id, "fields" if kind == "metadata" else "http": _small_text(record)}
                for target in _targets(headers):
                    attached.setdefault(target, {}).setdefault(kind, []).append(entry)
            elif kind in ("response", "resource"):
                page = _page(record, name=name, offset=frame.offset, limits=limits, into=into)
                if page is not None:
                    page.warcinfo_id = headers.get_header("WARC-Warcinfo-ID") or last_warcinfo
                    pages.append(page)
            else:
                into.skipped[_SKIPPED_TYPES.get(kind, f"{kind} records")] += 1
        except Exception as error:  # noqa: BLE001 - a parser of untrusted bytes: any failure is this record's alone
            found = _record_id(frame.data, 0, len(frame.data))
            pages.append(RefusedPart(name, f"record {found} at offset {frame.offset} cannot be read ({error})"))
    for page in pages:
        if isinstance(page, RefusedPart):
            into.parts.append(page)
            continue
        details = {"archive": label, "format": file_format, **page.web.archive, **archive}
        if page.warcinfo_id in warcinfos:
            details["warcinfo"] = warcinfos[page.warcinfo_id]
        if page.web.url in (page_titles or {}):
            details["wacz_page"] = page_titles[page.web.url]
        details.update(attached.get(page.web.record_id, {}))
        web = replace(page.web, archive=details)
        try:
            into.parts.append(
                accept_bytes(page.label, page.payload, limits=limits, declared_encoding=page.charset, web=web)
            )
        except IngestError as error:
            into.parts.append(RefusedPart(page.label, f"{web.url}: {error.reason}"))


def _targets(headers) -> list[str]:
    return [
        value
        for name, value in headers.headers
        if name.lower() in ("warc-concurrent-to", "warc-refers-to") and value.strip()
    ]


def _small_text(record) -> str:
    return record.content_stream().read(_SMALL_RECORD).decode("utf-8", "replace")


def _page(record, *, name: str, offset: int, limits: BatchLimits, into: ArchiveContents) -> _Page | None:
    """The page a response or resource record holds, or None (counted as skipped) when it holds none."""
    headers = record.rec_headers
    url = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    status: int | None = None
    http_headers: tuple[tuple[str, str], ...] = ()
    if record.rec_type == "response":
        if record.http_headers is None:
            into.skipped["responses that are not HTTP"] += 1
            return None
        http_headers = tuple((str(key), str(value)) for key, value in record.http_headers.headers)
        content_type = record.http_headers.get_header("Content-Type") or ""
        try:
            status = int(record.http_headers.get_statuscode())
        except (TypeError, ValueError):
            status = None
        if status is None or not 200 <= status < 300:
            into.skipped[f"responses with HTTP status {status or 'unreadable'}"] += 1
            return None
    else:
        content_type = headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in PAGE_TYPES:
        into.skipped[f"{media_type or 'untyped'} {record.rec_type}s"] += 1
        return None
    stream = record.content_stream()
    payload = stream.read(limits.max_file_bytes + 1)
    if len(payload) > limits.max_file_bytes:
        raise RecordError(f"the page is over the limit of {megabytes(limits.max_file_bytes)} per file")
    while record.raw_stream.read(_CHUNK):  # to the end of the block, so that warcio has checked the digests
        pass
    checker = record.digest_checker
    digests = "verified" if checker.passed else ("not given" if checker.passed is None else "mismatch")
    web = WebCapture(
        kind="archive",
        url=url,
        captured_at=_warc_date(headers.get_header("WARC-Date")),
        http_status=status,
        http_headers=http_headers,
        record_id=headers.get_header("WARC-Record-ID") or "",
        digest=headers.get_header("WARC-Payload-Digest") or headers.get_header("WARC-Block-Digest") or "",
        archive={
            "offset": offset,
            "warc_headers": [[str(key), str(value)] for key, value in headers.headers],
            "digests": digests,
            "digest_problems": list(checker.problems),
        },
    )
    return _Page(label=name, payload=payload, charset=_charset(content_type), web=web, warcinfo_id="")


def _warc_date(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _charset(content_type: str) -> str:
    found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return found.group(1) if found else ""
