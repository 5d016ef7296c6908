"""Reads about provenance: origins and chains of articles, computed set-wise in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet

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


# Every article related to one article by non-rejected edges: its ancestors, then everything derived
# from them (siblings, copies of copies). UNION makes the walk stop on rows already seen.
_FAMILY_SQL = """
WITH RECURSIVE up(id) AS (
    SELECT %s::bigint
    UNION
    SELECT d.source_article_id FROM provenance_derivation d JOIN up ON d.derived_id = up.id
    WHERE d.source_article_id IS NOT NULL AND d.status <> 'rejected'
),
down(id) AS (
    SELECT id FROM up
    UNION
    SELECT d.derived_id FROM provenance_derivation d JOIN down ON d.source_article_id = down.id
    WHERE d.status <> 'rejected'
)
SELECT id FROM down LIMIT %s
"""

_ANCESTORS_SQL = """
WITH RECURSIVE up(id) AS (
    SELECT %s::bigint
    UNION
    SELECT d.source_article_id FROM provenance_derivation d JOIN up ON d.derived_id = up.id
    WHERE d.source_article_id IS NOT NULL AND d.status <> 'rejected'
)
SELECT id FROM up LIMIT %s
"""


def chain_member_ids(article_id: int, *, descendants: bool = True, limit: int = 1000) -> list[int]:
    """Ids of the article and its sources (all of them, up to the origins), in one recursive query.

    With descendants, everything derived from those too: the whole family of the chain.
    """
    with connection.cursor() as cursor:
        cursor.execute(_FAMILY_SQL if descendants else _ANCESTORS_SQL, [int(article_id), limit])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if Article.objects.filter(pk=int(article_id)).exists() else []


# The parent an article hangs under in a tree: the same preference as the origin walk.
_PARENT_ORDER = {Derivation.Status.CONFIRMED: 0, Derivation.Status.PROPOSED: 1}


@dataclass
class TreeNode:
    """An article in a chain tree, hanging under its preferred source; other sources are listed too."""

    article: Article
    edge: Derivation | None = None  # the edge to the parent node (or to an outlet, for a root)
    other_edges: list[Derivation] = field(default_factory=list)
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class ChainTree:
    """The family of an article's chain, origin(s) at the top."""

    article_id: int
    roots: list[TreeNode] = field(default_factory=list)
    truncated: bool = False

    def walk(self) -> list[tuple[int, TreeNode]]:
        """Nodes in display order with their depth."""
        out: list[tuple[int, TreeNode]] = []
        stack = [(0, node) for node in reversed(self.roots)]
        while stack:
            depth, node = stack.pop()
            out.append((depth, node))
            stack.extend((depth + 1, child) for child in reversed(node.children))
        return out


def chain_tree_for(article_id: int, *, limit: int = 300) -> ChainTree:
    """The chain tree around one article, in three queries: ids (recursive CTE), articles, edges."""
    with connection.cursor() as cursor:
        cursor.execute(_FAMILY_SQL, [int(article_id), limit + 1])
        ids = [row[0] for row in cursor.fetchall()]
    tree = ChainTree(article_id=int(article_id), truncated=len(ids) > limit)
    ids = ids[:limit]
    articles = Article.objects.select_related("outlet").in_bulk(ids)
    edges = list(
        Derivation.objects.filter(derived_id__in=ids)
        .exclude(status=Derivation.Status.REJECTED)
        .filter(Q(source_article_id__in=ids) | Q(source_outlet__isnull=False))
        .select_related("source_outlet")
    )
    by_derived: dict[int, list[Derivation]] = {}
    for edge in edges:
        if edge.source_article_id in articles:
            edge.source_article = articles[edge.source_article_id]
        by_derived.setdefault(edge.derived_id, []).append(edge)
    nodes = {pk: TreeNode(article=article) for pk, article in articles.items()}
    for pk, node in nodes.items():
        ranked = sorted(
            by_derived.get(pk, []),
            key=lambda e: (_PARENT_ORDER.get(e.status, 2), e.source_article_id is None, -(e.score or 0), e.id),
        )
        if ranked:
            node.edge, node.other_edges = ranked[0], ranked[1:]
    for pk, node in sorted(nodes.items(), key=lambda item: (item[1].article.published or date.max, item[0])):
        parent_id = node.edge.source_article_id if node.edge else None
        if parent_id in nodes and not _is_ancestor(nodes, pk, parent_id):
            nodes[parent_id].children.append(node)
        else:
            tree.roots.append(node)
    return tree


def _is_ancestor(nodes: dict[int, TreeNode], candidate: int, start: int) -> bool:
    """Whether candidate is reached by following preferred parents up from start (guards bad data)."""
    seen = set()
    current: int | None = start
    while current is not None and current not in seen:
        if current == candidate:
            return True
        seen.add(current)
        edge = nodes[current].edge if current in nodes else None
        current = edge.source_article_id if edge else None
    return False
