"""Reads about claims, one module per concern; the common ones are re-exported here."""

from claims.selectors.status import (
    claims_in_disagreement,
    claims_with_status,
    mentions_for_claims,
    status_counts,
    status_explanation,
)

__all__ = ["claims_in_disagreement", "claims_with_status", "mentions_for_claims", "status_counts", "status_explanation"]
