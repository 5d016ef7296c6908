"""MHTML files (RFC 2557, as browsers save them): the HTML part, with the file's address and date."""

from __future__ import annotations

import email
import email.policy
from email.utils import parsedate_to_datetime

from provenance.ingestion.accept import BatchLimits, IncomingFile, IngestError, WebCapture, accept_bytes
from provenance.ingestion.archives.contents import PAGE_TYPES


def read_mhtml(label: str, data: bytes, *, limits: BatchLimits) -> IncomingFile:
    """The HTML part of an MHTML file (RFC 2557: the start part, else the first HTML part)."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        parts = [part for part in message.walk() if not part.is_multipart()]
        start = (message.get_param("start") or "") if message.is_multipart() else ""
        root = next((part for part in parts if start and part.get("Content-ID", "") == start), None)
        root = root or next((part for part in parts if part.get_content_type() in PAGE_TYPES), None)
        if root is None:
            raise IngestError(label, "no HTML part in the MHTML file")
        payload = root.get_payload(decode=True) or b""
        charset = root.get_content_charset() or ""
        url = str(root.get("Content-Location", "") or message.get("Snapshot-Content-Location", "") or "")
        date = message.get("Date")
        captured_at = parsedate_to_datetime(str(date)) if date else None
        record_id = str(root.get("Content-ID", "") or message.get("Message-ID", "") or "")
        subject = str(message.get("Subject", "") or "")
    except IngestError:
        raise
    except Exception as error:  # the email parser on untrusted bytes: any failure is the file's
        raise IngestError(label, f"not a readable MHTML file ({error})") from error
    web = WebCapture(
        kind="archive",
        url=url if url.startswith(("http://", "https://")) and len(url) <= 2000 else "",
        captured_at=captured_at,
        record_id=record_id[:300],
        archive={
            "archive": label,
            "format": "mhtml",
            "subject": subject[:500],
            "content_location": url[:2000],
            "parts": len(parts),
            "headers": [[str(key), str(value)[:2000]] for key, value in message.items()][:100],
        },
    )
    return accept_bytes(label, payload, limits=limits, declared_encoding=charset, web=web)
