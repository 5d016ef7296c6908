"""The spread of a story: every copy of a chain with its outlet, date and how it was copied.

Read from the chain tree (three queries whatever the size of the family), ready to draw as a
timeline or a derivation graph (provenance/svg.py) or to serve as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from provenance.models import Article
from provenance.selectors import ChainTree, TreeNode, chain_tree_for

UNKNOWN_OUTLET = "unknown outlet"
ORIGIN = "origin"  # the mark of a root: its own origin, or the first article we hold of a chain


@dataclass(frozen=True)
class Copy:
    """One article of the spread."""

    article_id: int
    title: str
    outlet: str  # the outlet's name, or "unknown outlet"
    outlet_id: int | None
    group: str  # the outlet's affiliation root: outlets of one group are not independent
    published: date | None
    language: str
    kind: str  # how it was copied from its parent (a Derivation.Kind), or "origin" for a root
    parent_id: int | None  # the article it was copied from, when we hold it
    source_outlet: str | None  # a root copied from an outlet whose original we do not hold
    depth: int
    focus: bool  # one of the articles the spread was asked for
    evidence: str = ""
    other_parents: tuple[int, ...] = ()

    @property
    def is_origin(self) -> bool:
        return self.kind == ORIGIN

    @property
    def label(self) -> str:
        """The outlet, or for an unknown one the article's capture (never its title)."""
        return self.outlet if self.outlet_id else f"{UNKNOWN_OUTLET} (article {self.article_id})"


@dataclass
class Spread:
    """The copies of a story, roots first then in tree order, and whether the family was cut short."""

    copies: list[Copy] = field(default_factory=list)
    truncated: bool = False

    @property
    def dated(self) -> list[Copy]:
        return [copy for copy in self.copies if copy.published]

    def groups(self) -> list[tuple[str, list[str]]]:
        """Affiliation groups and the row labels (outlets) in each, the origin's group first.

        Groups and the rows inside them are ordered by their first publication; undated last.
        """
        first: dict[str, tuple] = {}
        rows: dict[str, dict[str, tuple]] = {}
        for index, copy in enumerate(self.copies):
            key = (copy.published or date.max, index)
            if copy.group not in first or key < first[copy.group]:
                first[copy.group] = key
            group_rows = rows.setdefault(copy.group, {})
            if copy.label not in group_rows or key < group_rows[copy.label]:
                group_rows[copy.label] = key
        origin_groups = {copy.group for copy in self.copies if copy.is_origin}
        order = sorted(first, key=lambda group: (group not in origin_groups, first[group]))
        return [(group, sorted(rows[group], key=rows[group].get)) for group in order]


def spread_of(article_ids: Iterable[int], *, limit: int = 300) -> Spread:
    """The spread of the chain(s) the given articles belong to: three queries."""
    ids = [int(i) for i in article_ids]
    if not ids:
        return Spread()
    return _from_tree(chain_tree_for(ids, limit=limit), focus=set(ids))


def spread_for_article(article: Article | int, *, limit: int = 300) -> Spread:
    return spread_of([article.pk if isinstance(article, Article) else int(article)], limit=limit)


def _from_tree(tree: ChainTree, *, focus: set[int]) -> Spread:
    spread = Spread(truncated=tree.truncated)
    for depth, node in tree.walk():
        spread.copies.append(_copy(node, depth, focus))
    return spread


def _copy(node: TreeNode, depth: int, focus: set[int]) -> Copy:
    article, edge = node.article, node.edge
    outlet = article.outlet
    parent_id = edge.source_article_id if edge and depth > 0 else None
    root = getattr(outlet, "root", None) if outlet else None
    return Copy(
        article_id=article.pk,
        title=article.title,
        outlet=outlet.name if outlet else UNKNOWN_OUTLET,
        outlet_id=outlet.pk if outlet else None,
        group=(root or outlet).name if outlet else f"{UNKNOWN_OUTLET} (article {article.pk})",
        published=article.published,
        language=article.language,
        kind=str(edge.kind) if edge and (depth > 0 or edge.source_outlet_id) else ORIGIN,
        parent_id=parent_id,
        source_outlet=edge.source_outlet.name if edge and edge.source_outlet_id else None,
        depth=depth,
        focus=article.pk in focus,
        evidence=(edge.evidence_text if edge else "")[:300],
        other_parents=tuple(e.source_article_id for e in node.other_edges if e.source_article_id),
    )
