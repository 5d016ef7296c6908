"""The derivation graph, walked in one place: ancestors, descendants, lineage, cycles and the parent rule.

Every walk follows non-rejected edges only. An article's *parent* is its best edge: confirmed
before proposed, an edge to an article before one to an outlet, then the highest score, then the
oldest edge. The origin columns that triggers keep on each article (migration 0005's
provenance_refresh_origins, which the database runs and a migration cannot import) follow the same
rule; `test_the_parent_rule_is_the_one_the_origin_trigger_follows` holds the two together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection

from provenance.models import Derivation

# Kinds whose copy keeps the whole text of its source, and those whose source holds the copy's whole text.
WHOLE_COPY_KINDS = (Derivation.Kind.REPUBLICATION, Derivation.Kind.TRANSLATION, Derivation.Kind.REWRITE)
HOLDS_ITS_COPY_KINDS = (*WHOLE_COPY_KINDS, Derivation.Kind.EXCERPT)

STATUS_PARAMS = {"rejected": Derivation.Status.REJECTED.value, "confirmed": Derivation.Status.CONFIRMED.value}

# The parent rule in SQL, for an edge aliased d (with STATUS_PARAMS among the parameters).
PARENT_ORDER_SQL = (
    "(d.status = %(confirmed)s) DESC, (d.source_article_id IS NOT NULL) DESC, d.score DESC NULLS LAST, d.id"
)


def parent_rank(edge: Derivation) -> tuple:
    """The parent rule in Python: the edge with the smallest rank is the article's parent."""
    return (
        edge.status != Derivation.Status.CONFIRMED,
        edge.source_article_id is None,
        edge.score is None,
        -(edge.score or 0),
        edge.pk or 0,
    )


def parent_edges(edges: Iterable[Derivation]) -> dict[int, Derivation]:
    """Each derived article's parent among the given (non-rejected) edges."""
    best: dict[int, Derivation] = {}
    for edge in edges:
        if edge.status == Derivation.Status.REJECTED:
            continue
        current = best.get(edge.derived_id)
        if current is None or parent_rank(edge) < parent_rank(current):
            best[edge.derived_id] = edge
    return best


# Each given article's chain up to its origin, one row per step, following parents only.
_PARENT_WALK_SQL = f"""
WITH RECURSIVE walk(start_id, article_id, outlet_id, derivation_id, depth, path) AS (
    SELECT a.id, a.id, NULL::bigint, NULL::bigint, 0, ARRAY[a.id]
    FROM provenance_article a WHERE a.id = ANY(%(ids)s)
    UNION ALL
    SELECT w.start_id, p.source_article_id, p.source_outlet_id, p.id, w.depth + 1,
           w.path || COALESCE(p.source_article_id, 0)
    FROM walk w
    CROSS JOIN LATERAL (
        SELECT d.id, d.source_article_id, d.source_outlet_id
        FROM provenance_derivation d
        WHERE d.derived_id = w.article_id AND d.status <> %(rejected)s
        ORDER BY {PARENT_ORDER_SQL}
        LIMIT 1
    ) p
    WHERE w.article_id IS NOT NULL
      AND (p.source_article_id IS NULL OR NOT p.source_article_id = ANY(w.path))
)
SELECT start_id, article_id, outlet_id, derivation_id, depth FROM walk
"""

# Up to the sources along every edge, then (with descendants) down to everything derived from them.
# An article is marked whole when the path to it keeps the whole text: up through the kinds in
# %(up)s, down through those in %(down)s. UNION stops the walk on rows already seen.
_LINEAGE_SQL = """
WITH RECURSIVE up(article_id, whole) AS (
    SELECT unnest(%(ids)s::bigint[]), true
    UNION
    SELECT d.source_article_id, up.whole AND d.kind = ANY(%(up)s)
    FROM provenance_derivation d JOIN up ON d.derived_id = up.article_id
    WHERE d.source_article_id IS NOT NULL AND d.status <> %(rejected)s
), down(article_id, whole) AS (
    SELECT article_id, whole FROM up
    UNION
    SELECT d.derived_id, down.whole AND d.kind = ANY(%(down)s)
    FROM provenance_derivation d JOIN down ON d.source_article_id = down.article_id
    WHERE d.status <> %(rejected)s AND %(descendants)s
)
SELECT article_id, bool_or(whole) FROM down GROUP BY article_id ORDER BY min(article_id) LIMIT %(limit)s
"""


def _lineage_rows(ids: list[int], *, up: Iterable[str], down: Iterable[str], descendants: bool, limit: int):
    with connection.cursor() as cursor:
        cursor.execute(
            _LINEAGE_SQL,
            {
                "ids": ids,
                "up": [str(kind) for kind in up],
                "down": [str(kind) for kind in down],
                "descendants": descendants,
                "limit": limit,
                **STATUS_PARAMS,
            },
        )
        return cursor.fetchall()


def family_ids(article_id: int | Iterable[int], *, descendants: bool = True, limit: int = 1000) -> list[int]:
    """The article(s), their sources up to the origins and, with descendants, everything derived from those."""
    ids = [int(article_id)] if isinstance(article_id, int | str) else [int(i) for i in article_id]
    rows = _lineage_rows(ids, up=(), down=(), descendants=descendants, limit=limit)
    return [article for article, _ in rows if article is not None]


def lineage(article_ids: Iterable[int], *, inwards: bool = False) -> dict[int, bool]:
    """The articles of the given ones' lineage, each with whether it holds their whole text: one query.

    inwards turns the question round: whether each article's whole text is held by the given ones
    (the same paths walked the other way, so the kinds that keep the text trade places).
    """
    ids = [int(i) for i in article_ids]
    if not ids:
        return {}
    up, down = (WHOLE_COPY_KINDS, HOLDS_ITS_COPY_KINDS) if inwards else (HOLDS_ITS_COPY_KINDS, WHOLE_COPY_KINDS)
    return dict(_lineage_rows(ids, up=up, down=down, descendants=True, limit=1_000_000))


# Whether %(candidate)s is among the sources of %(of)s, up every non-rejected edge. An article nothing
# is derived from is nobody's source: then the walk never starts, and the answer is one index probe
# (a new article's edges, the usual case, cost the same whatever the size of the graph). Otherwise
# the walk stops at the first sight of the candidate.
_IS_ANCESTOR_SQL = """
WITH RECURSIVE up(article_id) AS (
    SELECT %(of)s::bigint
    WHERE EXISTS (
        SELECT 1 FROM provenance_derivation c
        WHERE c.source_article_id = %(candidate)s AND c.status <> %(rejected)s
    )
    UNION
    SELECT d.source_article_id
    FROM provenance_derivation d JOIN up ON d.derived_id = up.article_id
    WHERE d.source_article_id IS NOT NULL AND d.status <> %(rejected)s
)
SELECT EXISTS (SELECT 1 FROM up WHERE article_id = %(candidate)s)
"""


def is_ancestor(candidate_id: int, *, of: int) -> bool:
    """Whether candidate is the article `of` itself or one of its sources, by non-rejected edges: one query."""
    if int(candidate_id) == int(of):
        return True
    with connection.cursor() as cursor:
        cursor.execute(_IS_ANCESTOR_SQL, {"candidate": int(candidate_id), "of": int(of), **STATUS_PARAMS})
        return bool(cursor.fetchone()[0])


def parent_walk(article_ids: Iterable[int]) -> Iterator[tuple[int, int | None, int | None, int | None, int]]:
    """Rows (start, article, outlet, derivation, depth) of each article's walk up its parents to the origin."""
    ids = list({int(i) for i in article_ids})
    if not ids:
        return iter(())
    with connection.cursor() as cursor:
        cursor.execute(_PARENT_WALK_SQL, {"ids": ids, **STATUS_PARAMS})
        return iter(cursor.fetchall())
