"""schema.org ClaimReview JSON-LD for reviewed claims (https://schema.org/ClaimReview)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects

from claims.exports.links import Links
from claims.models import Claim, Mention, MentionOrigin, Verdict
from sources.models import Source

SCHEMA_ORG = "https://schema.org"
# Our verdicts on schema.org's numeric scale: worst (1) is contradicted, best (4) corroborated.
RATING_VALUES = {
    Verdict.CONTRADICTED: 1,
    Verdict.UNVERIFIED: 2,
    Verdict.SINGLE_SOURCED: 3,
    Verdict.CORROBORATED: 4,
}


def _agent(source: Source) -> dict[str, Any]:
    """A source as schema.org sees it: a Person, or else an Organization (outlets, bodies, monitors)."""
    agent: dict[str, Any] = {
        "@type": "Person" if source.kind == Source.Kind.PERSON else "Organization",
        "name": source.name,
    }
    if source.homepage:
        agent["url"] = source.homepage
    return agent


def _creative_work(mention: Mention, links: Links) -> dict[str, Any]:
    article = mention.article
    work: dict[str, Any] = {"@type": "CreativeWork", "url": links.article_target(article), "headline": article.title}
    if article.published:
        work["datePublished"] = article.published.isoformat()
    if article.outlet is not None:
        work["publisher"] = _agent(article.outlet)
    if article.language:
        work["inLanguage"] = article.language
    return work


def with_origins(claims: Iterable[Claim]) -> None:
    """Load the origin of every live mention of the claims, with its source: one query for them all.

    An origin is the source a mention is traced to (claims.models.MentionOrigin, the view the status
    counts independent origins with); mentions already holding theirs are not fetched again.
    """
    mentions = [mention for claim in claims for mention in claim.live_mentions]
    origins = MentionOrigin.objects.select_related("origin_source")
    prefetch_related_objects(mentions, Prefetch("origin", queryset=origins))


def _claim_authors(claim: Claim) -> list[dict[str, Any]]:
    """Who made the claim: one Person or Organization per independent origin asserting it.

    These are the claim's independent_origins; an origin known only as an article (no outlet
    anywhere in its chain) names no one, so it is left out.
    """
    sources: dict[str, Source] = {}
    for mention in claim.live_mentions:
        origin = getattr(mention, "origin", None)
        if mention.stance == Mention.Stance.ASSERTS and origin is not None and origin.origin_source is not None:
            sources.setdefault(origin.origin_key, origin.origin_source)
    return [_agent(source) for source in sorted(sources.values(), key=lambda source: (source.name, source.pk))]


def _author() -> dict[str, Any]:
    author = {"@type": "Organization", "name": settings.CLAIMREVIEW_AUTHOR_NAME}
    if settings.CLAIMREVIEW_AUTHOR_URL:
        author["url"] = settings.CLAIMREVIEW_AUTHOR_URL
    return author


def is_reviewed(claim: Claim) -> bool:
    return claim.status.verdict is not None


def claim_review(claim: Claim, *, links: Links, with_context: bool = True) -> dict[str, Any]:
    """The ClaimReview of a reviewed claim: its latest verdict as a rating, who made the claim and where
    it appeared.

    Needs claim.status and claim.live_mentions (claims.selectors.reports.claims_for_api); loads the
    mentions' origins unless with_origins already has.
    """
    status = claim.status
    if status.verdict is None:
        raise ValueError(f"claim {claim.pk} has no review yet, so it has no ClaimReview")
    with_origins([claim])
    appearances: list[tuple[Mention, dict[str, Any]]] = []
    seen: set[int] = set()
    for mention in claim.live_mentions:
        if mention.article_id not in seen:
            seen.add(mention.article_id)
            appearances.append((mention, _creative_work(mention, links)))
    item: dict[str, Any] = {"@type": "Claim", "name": claim.text}
    authors = _claim_authors(claim)
    if authors:
        item["author"] = authors if len(authors) > 1 else authors[0]
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
    claims = [claim for claim in claims if is_reviewed(claim)]
    with_origins(claims)
    return {
        "@context": SCHEMA_ORG,
        "@graph": [claim_review(claim, links=links, with_context=False) for claim in claims],
    }
