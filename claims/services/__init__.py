"""Writes about claims, one module per concern; the common ones are re-exported here."""

from claims.services.carry import CarryReport, accept_mentions, carry_into_article, carry_mention
from claims.services.core import ClaimError, add_mention, create_claim, record_review, relate_claims
from claims.services.merging import MergeReport, merge_claims, split_claim
from claims.services.proposals import ProposalReport, propose_for_article, propose_for_articles

__all__ = [
    "CarryReport",
    "ClaimError",
    "MergeReport",
    "ProposalReport",
    "accept_mentions",
    "add_mention",
    "carry_into_article",
    "carry_mention",
    "create_claim",
    "merge_claims",
    "propose_for_article",
    "propose_for_articles",
    "record_review",
    "relate_claims",
    "split_claim",
]
