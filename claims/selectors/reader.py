"""Reads for the annotation web app: the article list, the reader, autocompletes (claim evidence: evidence.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from claims.models import Claim, ClaimStatus, Mention, Review
from claims.selectors.status import claims_with_status, status_explanation_html
from provenance.models import Article, Derivation
from provenance.search import search_articles
from provenance.selectors import Chain, chains_for
from provenance.selectors import articles_for_list as provenance_articles_for_list
from sources.models import Source, SourceAlias
from sources.names import name_key


def _count(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) of queryset, as an integer expression (0 when empty)."""
    counted = queryset.order_by().annotate(_group=Value(1)).values("_group").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def articles_for_reader_list(
    *,
    q: str = "",
    outlet: Source | None = None,
    origin: Source | None = None,
    language: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    has_unreviewed_claims: bool = False,
    has_proposed_mentions: bool = False,
) -> QuerySet[Article]:
    """Articles for the list page, searched and filtered, each with its origin and copy count.

    Copies are the other articles that share its origin article, and those taken directly from it
    (the same set as the reader's chain panel). One query.
    """
    articles = provenance_articles_for_list().select_related("origin_outlet", "origin_article")
    articles = search_articles(articles, q)
    if outlet is not None:
        articles = articles.filter(outlet=outlet)
    if origin is not None:
        articles = articles.filter(Q(origin_outlet=origin) | Q(origin_outlet__root=origin))
    if language:
        articles = articles.filter(language=language)
    if date_from is not None:
        articles = articles.filter(published__gte=date_from)
    if date_to is not None:
        articles = articles.filter(published__lte=date_to)
    unreviewed = Mention.objects.live().filter(article=OuterRef("pk")).exclude(claim__in=Review.objects.values("claim"))
    proposed = Mention.objects.filter(article=OuterRef("pk"), status=Mention.Status.PROPOSED)
    articles = articles.annotate(has_unreviewed_claims=Exists(unreviewed), proposed_count=_count(proposed))
    if has_unreviewed_claims:
        articles = articles.filter(has_unreviewed_claims=True)
    if has_proposed_mentions:
        articles = articles.filter(proposed_count__gt=0)
    taken_from_it = Derivation.objects.filter(derived=OuterRef("pk"), source_article=OuterRef(OuterRef("pk"))).exclude(
        status=Derivation.Status.REJECTED
    )
    copies = Article.objects.filter(Q(origin_article=OuterRef("origin_article")) | Q(Exists(taken_from_it))).exclude(
        pk=OuterRef("pk")
    )
    return articles.annotate(copy_count=_count(copies)).order_by("-published", "-id")


def filter_choices() -> dict:
    """Outlets, origins and languages that occur among the articles, for the list filters (3 queries)."""
    outlets = Source.objects.filter(pk__in=Article.objects.values("outlet")).order_by("name")
    origins = Source.objects.filter(
        Q(pk__in=Article.objects.values("origin_outlet")) | Q(pk__in=Article.objects.values("origin_outlet__root"))
    ).order_by("name")
    languages = list(Article.objects.order_by("language").values_list("language", flat=True).distinct())
    return {"outlets": outlets, "origins": origins, "languages": languages}


def article_for_reader(pk: int) -> Article:
    """One article with what its header shows; raises Article.DoesNotExist."""
    return (
        Article.objects.select_related("outlet", "carrier", "origin_outlet", "capture")
        .defer("capture__data")
        .prefetch_related("authors")
        .get(pk=pk)
    )


def mentions_for_article(article: Article) -> list[Mention]:
    """Every mention in the article, with its claim, the claim's status and the attributed source."""
    return list(
        Mention.objects.filter(article=article)
        .select_related("claim__status", "attributed_to", "via")
        .order_by("start", "-end", "id")
    )


@dataclass
class ClaimInArticle:
    """A claim as the reader's side panel shows it: its status and the mentions in this article."""

    claim: Claim
    status: ClaimStatus | None
    explanation: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def proposed(self) -> list[Mention]:
        return [m for m in self.mentions if m.status == Mention.Status.PROPOSED]


def claims_in_article(mentions: list[Mention]) -> list[ClaimInArticle]:
    """Group an article's mentions (from mentions_for_article) by claim, in reading order; no query."""
    groups: dict[int, ClaimInArticle] = {}
    for mention in mentions:
        if not mention.is_live:
            continue
        if mention.claim_id not in groups:
            status = getattr(mention.claim, "status", None)
            groups[mention.claim_id] = ClaimInArticle(
                claim=mention.claim, status=status, explanation=status_explanation_html(status) if status else ""
            )
        groups[mention.claim_id].mentions.append(mention)
    return list(groups.values())


@dataclass
class ArticleChain:
    """The side panel's chain: the path from the origin down to this article, and the other copies."""

    chain: Chain | None
    copies: list[Article]


def chain_for_article(article: Article) -> ArticleChain:
    """The chain of an article (origin first), and its copies: the other articles from the same
    origin article, and those taken directly from this one (two queries for the chain, one here)."""
    chain = chains_for([article.pk]).get(article.pk)
    in_chain = {link.article.pk for link in chain.links if link.article is not None} if chain else {article.pk}
    taken_from_this = Derivation.objects.filter(source_article=article).exclude(status=Derivation.Status.REJECTED)
    related = Q(pk__in=taken_from_this.values("derived"))
    if article.origin_article_id is not None:
        related |= Q(origin_article=article.origin_article_id)
    copies = (
        Article.objects.filter(related)
        .exclude(pk__in=in_chain)
        .select_related("outlet")
        .defer("body")
        .order_by("published", "id")
    )
    return ArticleChain(chain=chain, copies=list(copies))


def claim_for_view(pk: int) -> Claim:
    """One claim with its status and who created it; raises Claim.DoesNotExist."""
    return Claim.objects.select_related("status", "created_by", "merged_into").get(pk=pk)


def claims_matching(q: str, *, limit: int = 10) -> list[Claim]:
    """Claims whose text contains every word of q, with their status: search as you type."""
    claims = claims_with_status()
    words = q.split()
    if not words:
        return []
    for word in words:
        claims = claims.filter(text__icontains=word)
    return list(claims.order_by("-updated_at", "-id")[:limit])


@dataclass(frozen=True)
class SourceMatch:
    source: Source
    alias: str  # the alias that matched, when it was not the name
    is_exact: bool = False  # the whole name (or alias) was typed


def sources_matching(q: str, *, limit: int = 10) -> list[SourceMatch]:
    """Sources whose name or an alias contains q (case- and punctuation-blind), names first."""
    key = name_key(q)
    if not key:
        return []
    sources = (
        Source.objects.filter(Q(key__contains=key) | Q(aliases__key__contains=key))
        .distinct()
        .prefetch_related(Prefetch("aliases", queryset=SourceAlias.objects.order_by("name")))
        .order_by("name")[: limit * 2]
    )
    matches = []
    for source in sources:
        alias = "" if key in source.key else next((a.name for a in source.aliases.all() if key in a.key), "")
        exact = key == source.key or any(key == a.key for a in source.aliases.all())
        matches.append(SourceMatch(source=source, alias=alias, is_exact=exact))
    matches.sort(key=lambda m: (bool(m.alias), not m.source.key.startswith(key), m.source.name.casefold()))
    return matches[:limit]
