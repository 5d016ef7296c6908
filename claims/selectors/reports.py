"""Reads behind the API lists and the exports: claims with status and live mentions, mentions, articles, sources."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, Mention, Review
from claims.selectors.evidence import live_mentions_in_order
from claims.selectors.status import claims_with_status
from provenance.models import Article, Derivation
from sources.models import Source


def claims_for_api() -> QuerySet[Claim]:
    """Claims (not merged away) with status and live mentions (`live_mentions`): two queries per page."""
    return claims_with_status().prefetch_related(
        Prefetch("mentions", queryset=live_mentions_in_order(), to_attr="live_mentions")
    )


def claims_for_export() -> QuerySet[Claim]:
    """Every claim (not merged away) with its status joined, oldest first: the rows of the CSV export."""
    return claims_with_status().order_by("id")


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
