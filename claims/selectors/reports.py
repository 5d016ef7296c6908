"""Reads behind the API lists and the exports: claims with status and live mentions, mentions, articles, sources."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, Mention, Review
from claims.selectors.evidence import READING_ORDER, live_mentions_in_order
from claims.selectors.status import attach_statuses, claims_with_status
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


# What a claim record (claims.exports.records.claim_summary) reads of the claim itself.
CLAIM_RECORD_FIELDS = (
    *("id", "text", "kind", "places", "groups", "event_date", "merged_into", "created_at", "updated_at"),
)
# The columns of a mention record (claims.exports.records.mention_record) as plain values.
_MENTION_VALUES = (
    *("id", "claim_id", "article_id", "quote", "prefix", "suffix", "start", "end", "stance", "hedge", "status"),
    *("is_altered", "created_at", "updated_at"),
    *("article__url", "article__published", "article__language", "article__outlet_id", "article__outlet__name"),
    *("attributed_to_id", "attributed_to__name", "via_id", "via__name"),
)


def claim_list_page(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The claims of a JSON list page without their status or mentions: complete them with complete_claim_page."""
    return claims.select_related(None).prefetch_related(None).only(*CLAIM_RECORD_FIELDS)


def complete_claim_page(claims: Sequence[Claim]) -> None:
    """Each claim's status (`status`) and live mentions (`live_mentions`), what claim_record reads: two queries.

    The mentions are read as plain rows, each with just what a mention record shows (its article's URL,
    date and language, and the id and name of its outlet and sources), not as model instances.
    """
    attach_statuses(claims)
    rows = (
        Mention.objects.live()
        .filter(claim_id__in=[claim.pk for claim in claims])
        .order_by(*READING_ORDER)
        .values_list(*_MENTION_VALUES, named=True)
    )
    sources: dict[int, SimpleNamespace] = {}

    def source(pk: int | None, name: str | None) -> SimpleNamespace | None:
        if pk is None:
            return None
        if pk not in sources:
            sources[pk] = SimpleNamespace(pk=pk, name=name)
        return sources[pk]

    by_claim: dict[int, list[Any]] = {claim.pk: [] for claim in claims}
    for row in rows:
        article = SimpleNamespace(
            url=row.article__url,
            published=row.article__published,
            language=row.article__language,
            outlet=source(row.article__outlet_id, row.article__outlet__name),
        )
        by_claim[row.claim_id].append(
            SimpleNamespace(
                pk=row.id,
                claim_id=row.claim_id,
                article_id=row.article_id,
                article=article,
                quote=row.quote,
                prefix=row.prefix,
                suffix=row.suffix,
                start=row.start,
                end=row.end,
                attributed_to=source(row.attributed_to_id, row.attributed_to__name),
                via=source(row.via_id, row.via__name),
                stance=row.stance,
                hedge=row.hedge,
                status=row.status,
                is_altered=row.is_altered,
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
        )
    for claim in claims:
        claim.live_mentions = by_claim[claim.pk]


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
