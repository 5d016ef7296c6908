"""The spread of a claim: every article that carries it, with the chains they belong to."""

from __future__ import annotations

from claims.models import Mention
from provenance.spread import Spread, spread_of


def claim_spread(claim_id: int, *, limit: int = 300) -> Spread:
    """The chains of every article with a live mention of the claim: four queries."""
    article_ids = Mention.objects.live().filter(claim_id=claim_id).values_list("article_id", flat=True).distinct()
    return spread_of(list(article_ids), limit=limit)
