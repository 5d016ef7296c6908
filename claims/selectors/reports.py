"""Reads behind the API lists and the exports: claims with status and live mentions, mentions, articles, sources."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, Mention, Review
from claims.selectors.evidence import live_mentions_in_order
from claims.selectors.status import claims_with_status
from provenance.models import Article, Derivation
from sources.models import Source

# What a page of claims reads of each mention (claims.exports.records.mention_record, and the ClaimReview
# export's creative works and agents): these columns only, not every column of its article and sources.
_SOURCE_FIELDS = ("name", "kind", "homepage")
MENTION_RECORD_FIELDS = (
    *("id", "claim_id", "article_id", "quote", "prefix", "suffix", "start", "end", "stance", "hedge", "status"),
    *("is_altered", "created_at", "updated_at"),
    *("article__title", "article__url", "article__published", "article__language"),
    *(f"{source}__{field}" for source in ("article__outlet", "attributed_to", "via") for field in _SOURCE_FIELDS),
)


def claims_for_api() -> QuerySet[Claim]:
    """Claims (not merged away) with status and live mentions (`live_mentions`): two queries per page."""
    mentions = live_mentions_in_order().only(*MENTION_RECORD_FIELDS)
    return claims_with_status().prefetch_related(Prefetch("mentions", queryset=mentions, to_attr="live_mentions"))


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
    if with_body:  # one article's page: its suggested outlet in the same query
        return queryset.select_related("outlet_suggestion__outlet")
    return queryset.defer("body")


def sources_for_api() -> QuerySet[Source]:
    return Source.objects.select_related("parent").prefetch_related("aliases", "domains")
