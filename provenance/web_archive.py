"""Evidence out as a WARC (ISO 28500, WARC/1.1, written with warcio): the exact bytes, and our metadata beside them.

Each capture becomes one record a replay tool (pywb, ReplayWeb.page) opens: a `response` when it
came from the web with an HTTP status (its status line and kept headers; the body as we keep it,
decoded, so Content-Encoding and Transfer-Encoding are left out and Content-Length is the kept
length), else a `resource` with its media type. Its WARC-Payload-Digest is our SHA-256. A
`metadata` record (named urn:x-provenance-db:metadata:<address>) refers to it (WARC-Refers-To)
with what we know: the capture as kept, the articles read from it (outlet, authors, origin,
derivations) and its RFC 3161 tokens (base64 DER, checkable with `openssl ts -verify`). A warcinfo
record opens the file, and the export's subject (an article, a claim) has a metadata record of its own.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any, BinaryIO

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from provenance.models import Article, Capture, CaptureTimestamp, Derivation
from provenance.prov import CAPTURE_NAMESPACE, ProvNamespaces, _capture_name

SOFTWARE = "Provenance DB evidence export"
WARC_MEDIA_TYPE = "application/warc"
JSON_TYPE = "application/json"
# A metadata record is named apart from its page: replay tools index metadata records too, and one
# under the page's own address and date would be replayed instead of the page (Webrecorder's tools
# name theirs urn:pageinfo:<url> for the same reason).
METADATA_URI_PREFIX = "urn:x-provenance-db:metadata:"
# Headers that describe the body as sent, not the decoded body we keep (and write).
_SENT_FORM = {"content-encoding", "transfer-encoding", "content-length"}


def captures_with_analysis(capture_ids: Iterable[int]) -> list[Capture]:
    """The captures with their articles (outlet, authors, origin, derivations) and tokens: five queries."""
    articles = (
        Article.objects.select_related("outlet", "carrier", "origin_outlet")
        .defer("body")
        .prefetch_related("authors", Prefetch("derived_from", queryset=_edges().order_by("id")))
        .order_by("position_in_capture", "id")
    )
    return list(
        Capture.objects.filter(pk__in=list(capture_ids))
        .order_by("id")
        .prefetch_related(
            Prefetch("articles", queryset=articles),
            Prefetch("timestamps", queryset=CaptureTimestamp.objects.order_by("gen_time", "id")),
        )
    )


def _edges():
    return Derivation.objects.select_related("source_article__outlet", "source_outlet").defer("source_article__body")


def capture_uri(capture: Capture) -> str:
    """The address a capture is archived under: its URL, else its bytes' name (RFC 6920), as the PROV export."""
    return capture.url or CAPTURE_NAMESPACE + _capture_name(capture)


def write_warc(
    out: BinaryIO,
    *,
    captures: list[Capture],
    subject: dict[str, Any] | None = None,
    namespaces: ProvNamespaces | None = None,
    filename: str = "evidence.warc.gz",
    gzip: bool = True,
) -> None:
    """Write a WARC of the captures (from captures_with_analysis), and the subject's metadata when given.

    subject is {"uri": ..., "type": "article" | "claim", ...}: what the export is of, as JSON.
    """
    writer = WARCWriter(out, gzip=gzip, warc_version="WARC/1.1")
    info = {
        "software": SOFTWARE,
        "format": "WARC File Format 1.1",
        "description": "Captures kept by a Provenance DB instance, each with a metadata record of our analysis.",
    }
    if subject is not None:
        info["isPartOf"] = subject["uri"]
    writer.write_record(writer.create_warcinfo_record(filename, info))
    if subject is not None:
        writer.write_record(
            writer.create_warc_record(
                subject["uri"], "metadata", payload=io.BytesIO(_json(subject)), warc_content_type=JSON_TYPE
            )
        )
    for capture in captures:
        record = _capture_record(writer, capture)
        writer.write_record(record)
        described = writer.create_warc_record(
            METADATA_URI_PREFIX + capture_uri(capture),
            "metadata",
            payload=io.BytesIO(_json(capture_metadata(capture, namespaces=namespaces))),
            warc_content_type=JSON_TYPE,
            warc_headers_dict={
                "WARC-Refers-To": record.rec_headers.get_header("WARC-Record-ID"),
                "WARC-Date": record.rec_headers.get_header("WARC-Date"),
            },
        )
        writer.write_record(described)


def warc_bytes(**kwargs) -> bytes:
    buffer = io.BytesIO()
    write_warc(buffer, **kwargs)
    return buffer.getvalue()


def _capture_record(writer: WARCWriter, capture: Capture):
    data = bytes(capture.data)
    when = capture.captured_at or capture.received_at
    warc_headers = {
        "WARC-Date": datetime_to_iso_date(when.replace(tzinfo=None)) if when else "",
        "WARC-Payload-Digest": "sha256:" + base64.b32encode(bytes.fromhex(capture.sha256)).decode(),
    }
    if capture.server_ip:
        warc_headers["WARC-IP-Address"] = capture.server_ip
    warc_headers = {name: value for name, value in warc_headers.items() if value}
    if capture.http_status:
        return writer.create_warc_record(
            capture_uri(capture),
            "response",
            payload=io.BytesIO(data),
            length=len(data),
            http_headers=_http_headers(capture, len(data)),
            warc_headers_dict=warc_headers,
        )
    media_type = capture.media_type or "application/octet-stream"
    if capture.encoding and media_type.startswith("text/"):
        media_type += f"; charset={capture.encoding}"
    return writer.create_warc_record(
        capture_uri(capture),
        "resource",
        payload=io.BytesIO(data),
        length=len(data),
        warc_content_type=media_type,
        warc_headers_dict=warc_headers,
    )


def _http_headers(capture: Capture, length: int) -> StatusAndHeaders:
    """The kept status and headers, for the decoded body we write (the headers as sent are in the metadata)."""
    try:
        phrase = HTTPStatus(capture.http_status).phrase
    except ValueError:
        phrase = ""
    headers = [(str(name), str(value)) for name, value in capture.http_headers if str(name).lower() not in _SENT_FORM]
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", capture.media_type or "application/octet-stream"))
    headers.append(("Content-Length", str(length)))
    return StatusAndHeaders(f"{capture.http_status} {phrase}".strip(), headers, protocol="HTTP/1.1")


def capture_metadata(capture: Capture, *, namespaces: ProvNamespaces | None = None) -> dict[str, Any]:
    """What we know of a capture, as the metadata record beside it says (plain JSON data)."""
    return {
        "type": "capture",
        "capture": {
            "id": capture.pk,
            "uri": CAPTURE_NAMESPACE + _capture_name(capture),
            "sha256": capture.sha256,
            "size": capture.size,
            "kind": capture.kind,
            "filename": capture.filename,
            "url": capture.url,
            "requested_url": capture.requested_url,
            "media_type": capture.media_type,
            "encoding": capture.encoding,
            "received_at": capture.received_at,
            "captured_at": capture.captured_at,
            "http_status": capture.http_status,
            "http_headers": capture.http_headers,
            "redirects": capture.redirects,
            "server_ip": capture.server_ip,
            "tls_certificate": capture.tls_certificate,
            "archive_record_id": capture.archive_record_id,
            "archive_digest": capture.archive_digest,
            "archive_info": capture.archive_info,
        },
        "articles": [_article(article, namespaces) for article in capture.articles.all()],
        "timestamps": [
            {
                "tsa_url": stamp.tsa_url,
                "tsa_name": stamp.tsa_name,
                "gen_time": stamp.gen_time,
                "hash_algorithm": stamp.hash_algorithm,
                "message_imprint": stamp.message_imprint,
                "serial_number": stamp.serial_number,
                "token": base64.b64encode(bytes(stamp.token)).decode(),
                "token_format": "RFC 3161 TimeStampResp, DER, base64",
            }
            for stamp in capture.timestamps.all()
        ],
    }


def _ref(source) -> dict | None:
    return None if source is None else {"id": source.pk, "name": source.name}


def _article(article: Article, namespaces: ProvNamespaces | None) -> dict[str, Any]:
    return {
        "id": article.pk,
        "uri": f"{namespaces.article}{article.pk}/" if namespaces else "",
        "title": article.title,
        "url": article.url,
        "outlet": _ref(article.outlet),
        "carrier": _ref(article.carrier),
        "authors": [author.name for author in article.authors.all()],
        "published": article.published,
        "published_precision": article.published_precision,
        "language": article.language,
        "text_hash": article.text_hash,
        "position_in_capture": article.position_in_capture,
        "attribution_lines": article.attribution_lines,
        "origin": {
            "article": article.origin_article_id,
            "outlet": _ref(article.origin_outlet),
            "depth": article.origin_depth,
        },
        "derived_from": [
            {
                "id": edge.pk,
                "kind": edge.kind,
                "evidence": edge.evidence,
                "evidence_text": edge.evidence_text,
                "score": edge.score,
                "status": edge.status,
                "source_article": None
                if edge.source_article is None
                else {
                    "id": edge.source_article.pk,
                    "title": edge.source_article.title,
                    "url": edge.source_article.url,
                    "outlet": _ref(edge.source_article.outlet),
                },
                "source_outlet": _ref(edge.source_outlet),
            }
            for edge in article.derived_from.all()
        ],
    }


def _json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")


def article_export(article_id: int, *, namespaces: ProvNamespaces | None = None) -> tuple[dict, list[Capture]]:
    """An article's export: its metadata record (the subject) and the capture it was read from.

    Article.DoesNotExist when there is no such article.
    """
    article = (
        Article.objects.select_related("outlet", "carrier", "origin_outlet")
        .defer("body")
        .prefetch_related("authors", Prefetch("derived_from", queryset=_edges().order_by("id")))
        .get(pk=article_id)
    )
    record = _article(article, namespaces)
    uri = record["uri"] or f"urn:x-provenance-db:article:{article.pk}"
    captures = captures_with_analysis([article.capture_id] if article.capture_id else [])
    return {"type": "article", "uri": uri, "article": record}, captures
