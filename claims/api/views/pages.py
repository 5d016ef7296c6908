"""The public HTML page of a reviewed claim, with its schema.org ClaimReview embedded as JSON-LD."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from claims.exports.claimreview import claim_review
from claims.exports.links import Links
from claims.exports.records import claim_report_record
from claims.models import Verdict
from claims.selectors.evidence import claim_report_row

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_for_script(data: dict) -> str:
    """JSON safe inside a <script> element: no "</script>" can close it early."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES))


def claim_review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: anyone may read the verdict once a reviewer has given one (404 before that)."""
    row = claim_report_row(pk)
    if row is None or row.claim.status.verdict is None:
        raise Http404("No reviewed claim with this id.")
    claim = row.claim
    review = claim_review(claim, links=Links.for_request(request))
    report = claim_report_record(claim, row.chains)
    for entry in report["reviews"]:
        entry["verdict_label"] = Verdict(entry["verdict"]).label
    context = {
        "claim": claim,
        "report": report,
        "verdict_label": Verdict(claim.status.verdict).label,
        "suggested_label": Verdict(claim.status.suggested_status).label,
        "rating": review["reviewRating"],
        "review_json_ld": json_for_script(review),
    }
    return render(request, "claims/reports/claim_report.html", context)
