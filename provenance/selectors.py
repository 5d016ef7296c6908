"""Reads about provenance: origins and chains of articles, computed set-wise in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import QuerySet

from provenance.models import Article, Derivation
from sources.models import Source

# The same walk as provenance_refresh_origins (migration 0005): each article's parent is its best
# non-rejected edge (confirmed first, then an edge to an article, then the highest score).
_WALK_SQL = """
WITH RECURSIVE walk(start_id, article_id, outlet_id, derivation_id, depth, path) AS (
    SELECT a.id, a.id, NULL::bigint, NULL::bigint, 0, ARRAY[a.id]
    FROM provenance_article a WHERE a.id = ANY(%s)
    UNION ALL
    SELECT w.start_id, p.source_article_id, p.source_outlet_id, p.id, w.depth + 1,
           w.path || COALESCE(p.source_article_id, 0)
    FROM walk w
    CROSS JOIN LATERAL (
        SELECT d.id, d.source_article_id, d.source_outlet_id
        FROM provenance_derivation d
        WHERE d.derived_id = w.article_id AND d.status <> 'rejected'
        ORDER BY (d.status = 'confirmed') DESC, (d.source_article_id IS NOT NULL) DESC,
                 d.score DESC NULLS LAST, d.id
        LIMIT 1
    ) p
    WHERE w.article_id IS NOT NULL
      AND (p.source_article_id IS NULL OR NOT p.source_article_id = ANY(w.path))
)
"""


@dataclass(frozen=True)
class Origin:
    """The root of an article's chain: an article in the database, or an outlet when it is not."""

    article_id: int | None
    outlet_id: int | None
    outlet_name: str | None
    published: date | None
    depth: int

    @property
    def is_self(self) -> bool:
        return self.depth == 0


@dataclass
class ChainLink:
    """One step of a chain, from the origin (depth highest) down to the article (depth 0)."""

    depth: int
    article: Article | None
    outlet: Source | None
    derivation: Derivation | None = None  # the edge from the next link down to this one


@dataclass
class Chain:
    article_id: int
    links: list[ChainLink] = field(default_factory=list)  # origin first

    @property
    def origin(self) -> ChainLink:
        return self.links[0]


def origins_for(article_ids: Iterable[int]) -> dict[int, Origin]:
    """The origin of every given article, in one query (read from the trigger-maintained columns)."""
    ids = list({int(i) for i in article_ids})
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.id, a.origin_article_id, a.origin_outlet_id, s.name, o.published, a.origin_depth
            FROM provenance_article a
            LEFT JOIN provenance_article o ON o.id = a.origin_article_id
            LEFT JOIN sources_source s ON s.id = a.origin_outlet_id
            WHERE a.id = ANY(%s)
            """,
            [ids],
        )
        rows = cursor.fetchall()
    return {
        start: Origin(article_id=article_id, outlet_id=outlet_id, outlet_name=name, published=published, depth=depth)
        for start, article_id, outlet_id, name, published, depth in rows
    }


def chains_for(article_ids: Iterable[int]) -> dict[int, Chain]:
    """The whole chain (origin first) of every given article, in three queries."""
    ids = list({int(i) for i in article_ids})
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            _WALK_SQL + "SELECT start_id, article_id, outlet_id, derivation_id, depth FROM walk",
            [ids],
        )
        rows = cursor.fetchall()
    articles = Article.objects.select_related("outlet").in_bulk({r[1] for r in rows if r[1]})
    outlets = Source.objects.in_bulk({r[2] for r in rows if r[2]})
    edges = Derivation.objects.in_bulk({r[3] for r in rows if r[3]})
    chains = {i: Chain(article_id=i) for i in ids}
    for start, article_id, outlet_id, _derivation_id, depth in sorted(rows, key=lambda r: (r[0], -r[4])):
        chains[start].links.append(
            ChainLink(depth=depth, article=articles.get(article_id), outlet=outlets.get(outlet_id))
        )
    # the edge that joins link n (deeper) to link n+1 is recorded on the deeper link's row
    by_start_depth = {(r[0], r[4]): r[3] for r in rows}
    for start, chain in chains.items():
        for link in chain.links:
            derivation_id = by_start_depth.get((start, link.depth))
            link.derivation = edges.get(derivation_id) if derivation_id else None
    return chains


def articles_for_list() -> QuerySet[Article]:
    """Articles with outlet and capture, for list pages."""
    return Article.objects.select_related("outlet", "carrier").defer("body")
