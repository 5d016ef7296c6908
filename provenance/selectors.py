"""Reads about provenance: origins and chains of articles, computed set-wise in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from provenance.lineage import PARENT_ORDER_SQL, STATUS_PARAMS, family_ids, parent_rank, parent_walk
from provenance.models import Article, Derivation, IngestBatch, IngestItem
from sources.models import Source


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


@dataclass(frozen=True)
class Parent:
    """An article's parent edge, as a report names it: the source outlet's name, its article, kind and evidence."""

    outlet_name: str | None
    article_id: int | None
    kind: str
    evidence: str


_ORIGINS_AND_PARENTS_SQL = f"""
SELECT a.id, origin.name, e.source_article_id, e.kind, e.evidence, COALESCE(outlet.name, source_outlet.name),
       e.id IS NOT NULL
FROM provenance_article a
LEFT JOIN sources_source origin ON origin.id = a.origin_outlet_id
LEFT JOIN LATERAL (
    SELECT d.id, d.source_article_id, d.source_outlet_id, d.kind, d.evidence
    FROM provenance_derivation d
    WHERE d.derived_id = a.id AND d.status <> %(rejected)s
    ORDER BY {PARENT_ORDER_SQL}
    LIMIT 1
) e ON TRUE
LEFT JOIN sources_source outlet ON outlet.id = e.source_outlet_id
LEFT JOIN provenance_article source ON source.id = e.source_article_id
LEFT JOIN sources_source source_outlet ON source_outlet.id = source.outlet_id
WHERE a.id = ANY(%(ids)s)
"""


def origins_and_parents(article_ids: Iterable[int]) -> dict[int, tuple[str | None, Parent | None]]:
    """Each given article's origin outlet name and parent edge (the parent rule of provenance.lineage): one query."""
    ids = list({int(i) for i in article_ids})
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_ORIGINS_AND_PARENTS_SQL, {"ids": ids, **STATUS_PARAMS})
        rows = cursor.fetchall()
    return {
        article_id: (origin, Parent(outlet, source_article, kind, evidence) if has_parent else None)
        for article_id, origin, source_article, kind, evidence, outlet, has_parent in rows
    }


def chains_for(article_ids: Iterable[int]) -> dict[int, Chain]:
    """The whole chain (origin first) of every given article, in three queries."""
    ids = list({int(i) for i in article_ids})
    if not ids:
        return {}
    rows = list(parent_walk(ids))
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


def chain_member_ids(article_id: int, *, descendants: bool = True, limit: int = 1000) -> list[int]:
    """Ids of the article and its sources (all of them, up to the origins), in one recursive query.

    With descendants, everything derived from those too: the whole family of the chain.
    """
    ids = family_ids(article_id, descendants=descendants, limit=limit)
    return ids if Article.objects.filter(pk=int(article_id)).exists() else []


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


def chain_tree_for(article_id: int | Iterable[int], *, limit: int = 300) -> ChainTree:
    """The chain tree around one article (or the union of several's), in three queries: ids, articles, edges.

    Given several articles, the tree's article_id is the first of them.
    """
    focus = [int(article_id)] if isinstance(article_id, int | str) else [int(i) for i in article_id]
    ids = family_ids(focus, limit=limit + 1) if focus else []
    tree = ChainTree(article_id=focus[0] if focus else 0, truncated=len(ids) > limit)
    ids = ids[:limit]
    articles = Article.objects.select_related("outlet__root").in_bulk(ids)
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
        ranked = sorted(by_derived.get(pk, []), key=parent_rank)
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


# Admins oversee every import; everyone else follows the imports they started.
OVERSEE_IMPORTS_PERMISSION = "provenance.change_ingestbatch"


def batches_visible_to(user) -> QuerySet[IngestBatch]:
    """The imports a user may follow: their own, or every one for those who oversee imports (admins)."""
    batches = IngestBatch.objects.all()
    return batches if user.has_perm(OVERSEE_IMPORTS_PERMISSION) else batches.filter(created_by=user.pk)


def link_batches(*, visible_to) -> QuerySet[IngestBatch]:
    """The batches of links (capture by URL) a user may follow, each with its links in order: one query each."""
    links = IngestItem.objects.exclude(url="")
    return (
        batches_visible_to(visible_to)
        .filter(Exists(links.filter(batch=OuterRef("pk"))))
        .prefetch_related(Prefetch("items", queryset=IngestItem.objects.order_by("id")))
    )
