"""Plain-data records of claims, mentions, chains and reviews: one shape for the API and every export."""

from __future__ import annotations

from typing import Any

from claims.elsewhere import checked_elsewhere_for
from claims.models import Claim, ClaimRelation, Mention, Review
from claims.selectors.status import status_explanation
from claims.text.w3c import TextSelector
from provenance.models import Article
from provenance.selectors import Chain
from sources.models import Source


def source_ref(source: Source | None) -> dict[str, Any] | None:
    """A source as {id, name}, or None."""
    return None if source is None else {"id": source.pk, "name": source.name}


def article_ref(article: Article | None) -> dict[str, Any] | None:
    """An article as {id, title, url, published, outlet}, or None (its body is never loaded)."""
    if article is None:
        return None
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "outlet": source_ref(article.outlet),
    }


def w3c_selectors(mention: Mention) -> list[dict[str, Any]]:
    """The mention's TextQuoteSelector and TextPositionSelector, as W3C Web Annotation writes them."""
    return TextSelector(
        exact=mention.quote, prefix=mention.prefix, suffix=mention.suffix, start=mention.start, end=mention.end
    ).as_w3c()


def mention_record(mention: Mention) -> dict[str, Any]:
    """A mention with its article's outlet and date, its attribution and its W3C selectors."""
    article = mention.article
    return {
        "id": mention.pk,
        "claim_id": mention.claim_id,
        "article_id": mention.article_id,
        "article_url": article.url,
        "outlet": source_ref(article.outlet),
        "published": article.published,
        "language": article.language,
        "quote": mention.quote,
        "attributed_to": source_ref(mention.attributed_to),
        "via": source_ref(mention.via),
        "stance": mention.stance,
        "hedge": mention.hedge,
        "status": mention.status,
        "is_altered": mention.is_altered,
        "selectors": w3c_selectors(mention),
        "created_at": mention.created_at,
        "updated_at": mention.updated_at,
    }


def claim_summary(claim: Claim) -> dict[str, Any]:
    """A claim with its suggested status and why, its verdict and independent origins (needs claim.status)."""
    status = claim.status
    return {
        "id": claim.pk,
        "text": claim.text,
        "kind": claim.kind,
        "places": list(claim.places),
        "groups": list(claim.groups),
        "event_date": claim.event_date,
        "merged_into": claim.merged_into_id,
        "suggested_status": status.suggested_status,
        "status_explanation": status_explanation(status),
        "verdict": status.verdict,
        "verdict_at": status.verdict_at,
        "is_disagreement": status.is_disagreement,
        "independent_origins": sorted(status.asserting_origins),
        "denying_origins": sorted(status.denying_origins),
        "questioning_origins": sorted(status.questioning_origins),
        "mention_count": status.mention_count,
        "outlet_count": status.outlet_count,
        "first_published": status.first_published,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
    }


def claim_record(claim: Claim) -> dict[str, Any]:
    """The claim summary with its live mentions.

    Needs claim.status (select_related) and claim.live_mentions (claims.selectors.reports).
    """
    record = claim_summary(claim)
    record["mentions"] = [mention_record(mention) for mention in claim.live_mentions]
    return record


def chain_record(chain: Chain | None) -> list[dict[str, Any]]:
    """A chain, origin first: each link's article (or outlet, when the original is not stored) and edge."""
    if chain is None:
        return []
    links = []
    for link in chain.links:
        edge = link.derivation
        links.append(
            {
                "depth": link.depth,
                "article": article_ref(link.article),
                "outlet": source_ref(link.outlet if link.article is None else link.article.outlet),
                "derivation": None
                if edge is None
                else {
                    "id": edge.pk,
                    "kind": edge.kind,
                    "evidence": edge.evidence,
                    "status": edge.status,
                    "score": edge.score,
                },
            }
        )
    return links


def review_record(review: Review) -> dict[str, Any]:
    """A review as stored (append-only): verdict, rationale, evidence, reviewer and time."""
    return {
        "id": review.pk,
        "claim_id": review.claim_id,
        "verdict": review.verdict,
        "rationale": review.rationale,
        "evidence": review.evidence,
        "reviewer": {"id": review.reviewer_id, "username": review.reviewer.get_username()},
        "created_at": review.created_at,
    }


def relation_record(relation: ClaimRelation, *, outgoing: bool) -> dict[str, Any]:
    other = relation.to_claim if outgoing else relation.from_claim
    return {
        "kind": relation.kind,
        "direction": "outgoing" if outgoing else "incoming",
        "claim": {"id": other.pk, "text": other.text},
        "note": relation.note,
    }


def claim_report_record(claim: Claim, chains: dict[int, Chain]) -> dict[str, Any]:
    """The claim record plus each mention's chain (origin -> ... -> article), reviews and relations.

    Needs claim_for_report's prefetches and the chains of the mentions' articles.
    """
    record = claim_record(claim)
    for mention in record["mentions"]:
        mention["chain"] = chain_record(chains.get(mention["article_id"]))
    record["reviews"] = [review_record(review) for review in claim.review_history]
    record["relations"] = [relation_record(r, outgoing=True) for r in claim.outgoing_relations] + [
        relation_record(r, outgoing=False) for r in claim.incoming_relations
    ]
    record["checked_elsewhere"] = [check.as_record() for check in checked_elsewhere_for(claim.pk)]
    return record
