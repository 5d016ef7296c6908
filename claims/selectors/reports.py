"""Reads behind the API and the exports: claims with status and live mentions, claim reports, lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, ClaimRelation, Mention, Review
from claims.selectors.status import claims_with_status
from provenance.models import Article, Derivation
from provenance.selectors import Chain, chains_for
from sources.models import Source


def live_mentions_in_order() -> QuerySet[Mention]:
    """Live mentions with article (without its body), outlet and sources, oldest article first."""
    return (
        Mention.objects.live()
        .select_related("article__outlet", "attributed_to", "via")
        .defer("article__body")
        .order_by("article__published", "article_id", "start", "id")
    )


def claims_for_api() -> QuerySet[Claim]:
    """Claims (not merged away) with status and live mentions (`live_mentions`): two queries per page."""
    return claims_with_status().prefetch_related(
        Prefetch("mentions", queryset=live_mentions_in_order(), to_attr="live_mentions")
    )


def claims_for_export() -> QuerySet[Claim]:
    """Every claim (not merged away) with its status joined, oldest first: the rows of the CSV export."""
    return claims_with_status().order_by("id")


def claim_for_report(claim_id: int) -> Claim | None:
    """One claim (merged or not) with status, live mentions, review history and relations."""
    reviews = Review.objects.select_related("reviewer").order_by("-created_at", "-id")
    relations_out = ClaimRelation.objects.select_related("to_claim").order_by("id")
    relations_in = ClaimRelation.objects.select_related("from_claim").order_by("id")
    return (
        Claim.objects.select_related("status")
        .prefetch_related(
            Prefetch("mentions", queryset=live_mentions_in_order(), to_attr="live_mentions"),
            Prefetch("reviews", queryset=reviews, to_attr="review_history"),
            Prefetch("relations_out", queryset=relations_out, to_attr="outgoing_relations"),
            Prefetch("relations_in", queryset=relations_in, to_attr="incoming_relations"),
        )
        .filter(pk=claim_id)
        .first()
    )


def chains_for_mentions(mentions: Iterable[Mention]) -> dict[int, Chain]:
    """The chain (origin first) of every mention's article, keyed by article id."""
    return chains_for({mention.article_id for mention in mentions})


def mentions_for_api() -> QuerySet[Mention]:
    """Every mention (any status) with its claim's status, article, outlet and sources."""
    return Mention.objects.select_related("claim__status", "article__outlet", "attributed_to", "via").defer(
        "article__body"
    )


def reviews_for_api() -> QuerySet[Review]:
    return Review.objects.select_related("reviewer")


def derivations_for_api() -> QuerySet[Derivation]:
    return Derivation.objects.select_related(
        "derived__outlet", "source_article__outlet", "source_outlet", "decided_by"
    ).defer("derived__body", "source_article__body")


def articles_for_api(*, with_body: bool = False) -> QuerySet[Article]:
    queryset = Article.objects.select_related("outlet", "carrier").prefetch_related("authors")
    return queryset if with_body else queryset.defer("body")


def sources_for_api() -> QuerySet[Source]:
    return Source.objects.select_related("parent").prefetch_related("aliases", "domains")


@dataclass(frozen=True)
class ReportRow:
    """A claim of the report page with the figures the template shows."""

    claim: Claim
    chains: dict[int, Chain]


def claim_report_row(claim_id: int) -> ReportRow | None:
    """A claim with everything its report needs: status, mentions, chains, reviews, relations."""
    claim = claim_for_report(claim_id)
    if claim is None:
        return None
    return ReportRow(claim=claim, chains=chains_for_mentions(claim.live_mentions))
