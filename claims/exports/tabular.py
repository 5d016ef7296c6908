"""Claims as CSV and NDJSON, streamed chunk by chunk so memory stays flat however many claims match."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from rest_framework.utils.encoders import JSONEncoder

from claims.exports.records import claim_record, claim_summary
from claims.models import Claim

CHUNK_SIZE = 2000
CSV_COLUMNS = [
    "id",
    "text",
    "kind",
    "suggested_status",
    "verdict",
    "verdict_at",
    "is_disagreement",
    "independent_origins",
    "denying_origins",
    "questioning_origins",
    "mention_count",
    "outlet_count",
    "first_published",
    "event_date",
    "places",
    "groups",
    "created_at",
    "status_explanation",
]
LIST_SEPARATOR = "; "
# Excel reads a CSV file as UTF-8 only when it starts with this mark; other readers may keep it in the
# first header name, so it is sent only when asked for (?bom=1).
BYTE_ORDER_MARK = "\ufeff"
# Free-text columns, where a leading = + - @ would make a spreadsheet run the cell as a formula.
TEXT_COLUMNS = {
    "text",
    "independent_origins",
    "denying_origins",
    "questioning_origins",
    "places",
    "groups",
    "status_explanation",
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def _formula_safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def claim_row(claim: Claim) -> list[str]:
    """One CSV row: the claim and its status figures (mentions are in the NDJSON export)."""
    values = claim_summary(claim)
    return [
        _formula_safe(_cell(values[column])) if column in TEXT_COLUMNS else _cell(values[column])
        for column in CSV_COLUMNS
    ]


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote."""

    def write(self, text: str) -> str:
        return text


def stream_csv(
    claims: QuerySet[Claim], *, chunk_size: int = CHUNK_SIZE, byte_order_mark: bool = False
) -> Iterator[bytes]:
    """UTF-8 CSV with a header row (after a byte order mark if asked); claims need their status joined."""
    writer = csv.writer(_Line())
    yield ((BYTE_ORDER_MARK if byte_order_mark else "") + writer.writerow(CSV_COLUMNS)).encode()
    batch: list[str] = []
    for claim in claims.iterator(chunk_size=chunk_size):
        batch.append(writer.writerow(claim_row(claim)))
        if len(batch) >= 200:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def stream_ndjson(claims: QuerySet[Claim], *, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """One JSON claim record per line, mentions included (claims.selectors.reports.claims_for_api)."""
    encoder = JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    batch: list[str] = []
    for claim in claims.iterator(chunk_size=chunk_size):
        batch.append(encoder.encode(claim_record(claim)) + "\n")
        if len(batch) >= 200:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()
