"""Writes about claims, one module per concern; the common ones are re-exported here."""

from claims.services.core import ClaimError, add_mention, create_claim, record_review, relate_claims

__all__ = ["ClaimError", "add_mention", "create_claim", "record_review", "relate_claims"]
