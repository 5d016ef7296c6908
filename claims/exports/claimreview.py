"""schema.org ClaimReview JSON-LD for reviewed claims (https://schema.org/ClaimReview)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from claims.exports.links import Links
from claims.models import Claim, Mention, Verdict

SCHEMA_ORG = "https://schema.org"
# Our verdicts on schema.org's numeric scale: worst (1) is contradicted, best (4) corroborated.
RATING_VALUES = {
    Verdict.CONTRADICTED: 1,
    Verdict.UNVERIFIED: 2,
    Verdict.SINGLE_SOURCED: 3,
    Verdict.CORROBORATED: 4,
}


def _creative_work(mention: Mention, links: Links) -> dict[str, Any]:
    article = mention.article
    work: dict[str, Any] = {"@type": "CreativeWork", "url": links.article_target(article), "headline": article.title}
    if article.published:
        work["datePublished"] = article.published.isoformat()
    if article.outlet is not None:
        work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    if article.language:
        work["inLanguage"] = article.language
    return work


def _author() -> dict[str, Any]:
    author = {"@type": "Organization", "name": settings.CLAIMREVIEW_AUTHOR_NAME}
    if settings.CLAIMREVIEW_AUTHOR_URL:
        author["url"] = settings.CLAIMREVIEW_AUTHOR_URL
    return author


def is_reviewed(claim: Claim) -> bool:
    return claim.status.verdict is not None


def claim_review(claim: Claim, *, links: Links, with_context: bool = True) -> dict[str, Any]:
    """The ClaimReview of a reviewed claim: its latest verdict as a rating, and where the claim appeared.

    Needs claim.status and claim.live_mentions (claims.selectors.reports.claims_for_api).
    """
    status = claim.status
    if status.verdict is None:
        raise ValueError(f"claim {claim.pk} has no review yet, so it has no ClaimReview")
    appearances: list[tuple[Mention, dict[str, Any]]] = []
    seen: set[int] = set()
    for mention in claim.live_mentions:
        if mention.article_id not in seen:
            seen.add(mention.article_id)
            appearances.append((mention, _creative_work(mention, links)))
    item: dict[str, Any] = {"@type": "Claim", "name": claim.text}
    if appearances:
        first_mention, first_work = min(
            appearances,
            key=lambda pair: (pair[0].article.published is None, pair[0].article.published, pair[0].article_id),
        )
        item["appearance"] = [work for _, work in appearances]
        item["firstAppearance"] = first_work
        if first_mention.article.published:
            item["datePublished"] = first_mention.article.published.isoformat()
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": links.review_page(claim.pk),
        "claimReviewed": claim.text,
        "datePublished": status.verdict_at.date().isoformat(),
        "author": _author(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[status.verdict],
            "bestRating": max(RATING_VALUES.values()),
            "worstRating": min(RATING_VALUES.values()),
            "alternateName": Verdict(status.verdict).label,
        },
        "itemReviewed": item,
    }
    return {"@context": SCHEMA_ORG, **review} if with_context else review


def claim_review_graph(claims, *, links: Links) -> dict[str, Any]:
    """Several ClaimReviews in one JSON-LD document (unreviewed claims are left out)."""
    return {
        "@context": SCHEMA_ORG,
        "@graph": [claim_review(claim, links=links, with_context=False) for claim in claims if is_reviewed(claim)],
    }
