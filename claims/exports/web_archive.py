"""A claim's evidence as a WARC: the captures behind its live mentions, and the claim with its mentions as metadata."""

from __future__ import annotations

from django.db.models import Prefetch

from claims.exports.links import Links
from claims.exports.records import claim_record
from claims.models import Claim
from claims.selectors.evidence import live_mentions_in_order
from provenance.models import Capture
from provenance.web_archive import captures_with_analysis


def claim_export(claim_id: int, *, links: Links) -> tuple[dict, list[Capture]]:
    """The claim's export: its record (verdict, status, mentions with selectors) and the captures behind them.

    Claim.DoesNotExist when there is no such claim.
    """
    claim = (
        Claim.objects.select_related("status")
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=live_mentions_in_order(),
                to_attr="live_mentions",
            )
        )
        .get(pk=claim_id)
    )
    capture_ids = sorted({m.article.capture_id for m in claim.live_mentions if m.article.capture_id is not None})
    subject = {"type": "claim", "uri": links.claim(claim.pk), "claim": claim_record(claim)}
    return subject, captures_with_analysis(capture_ids)
