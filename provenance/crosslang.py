"""Translations found across languages: two articles in different languages that share their anchors in order.

Text reuse compares words, so it cannot see that an Arabic report and its English rewrite are one
story. What does not change in translation does: figures, dates, places and actors
(provenance.text.anchors). When an article and one in another language, published within a few
days of it, share enough of those in the same order, a *translation* derivation is proposed from
the earlier to the later (flagged for review when the dates cannot tell), with the anchors as its
evidence and the sentences they align as its passages, so mentions can be carried across.

An optional embedding backend (CROSSLANG_EMBEDDINGS, the dotted path of a function that turns a
list of texts into vectors; off by default) may add recall: a pair just under the anchor bar is
accepted when the backend finds their texts close. Nothing is downloaded at run time.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.module_loading import import_string

from provenance.models import Article, Derivation
from provenance.services import ProvenanceError, add_derivation
from provenance.text.anchors import STRONG, Agreement, Anchor, Table, agreement, anchors, anchors_and_forms, table
from sources.models import Source, SourceAlias

WINDOW_DAYS = 7
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")


@dataclass(frozen=True)
class Translation:
    """A translation found: which article is the source, how sure the direction is, and the evidence."""

    source: Article
    derived: Article
    agreement: Agreement
    needs_review: bool
    passages: list[dict]
    by_embedding: bool = False


# The table with our sources' names, kept while the sources are the same (a worker ingests many
# articles against one table), and each candidate's anchors read against it, kept by article and text
# with the forms of its words: when sources are added, only the texts holding every word of a new
# name are read again.
_TABLES: dict[tuple, Table] = {}
_ANCHORS: OrderedDict[tuple[int, str], tuple[list[Anchor], frozenset[str]]] = OrderedDict()
ANCHORS_KEPT = 4096


def anchor_table() -> Table:
    """The anchors kept as data, with the names and aliases of our sources.

    One small query tells whether the sources changed since the table was built (the number and
    newest id of sources and of aliases); only then are their names read again, in one more.
    """
    extra = tuple(getattr(settings, "CROSSLANG_EXTRA_ANCHORS", ()))
    signature = (extra, *_sources_signature())
    if signature not in _TABLES:
        aliases = SourceAlias.objects.values_list("name", "source_id")
        names = [(name, f"{pk}") for name, pk in Source.objects.values_list("name", "pk").union(aliases, all=True)]
        fresh = table(extra).with_sources(names)
        _forget_anchors_changed_by(fresh, next(iter(_TABLES.values()), None))
        _TABLES.clear()
        _TABLES[signature] = fresh
    return _TABLES[signature]


def _sources_signature() -> tuple:
    sources, aliases = Source._meta.db_table, SourceAlias._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {sources}), (SELECT max(id) FROM {sources}), "
            f"(SELECT count(*) FROM {aliases}), (SELECT max(id) FROM {aliases})"
        )
        return cursor.fetchone()


def _forget_anchors_changed_by(fresh: Table, older: Table | None) -> None:
    """Drop the kept anchors the new table may read otherwise (all of them unless it only adds names)."""
    added = fresh.spellings_added_since(older) if older is not None else None
    if added is None:
        _ANCHORS.clear()
        return
    for key in [key for key, (_, forms) in _ANCHORS.items() if any(forms.issuperset(words) for words in added)]:
        del _ANCHORS[key]


def _anchors_of(article: Article, using: Table) -> list[Anchor]:
    """An article's anchors, read once per text in this process while the table only grows elsewhere."""
    if next(iter(_TABLES.values()), None) is not using:
        return anchors(article.body, using=using)  # a table of the caller's own: nothing kept
    key = (article.pk, getattr(article, "text_hash", "") or str(hash(article.body)))
    kept = _ANCHORS.get(key)
    if kept is None:
        kept = _ANCHORS[key] = anchors_and_forms(article.body, using=using)
        if len(_ANCHORS) > ANCHORS_KEPT:
            _ANCHORS.popitem(last=False)
    else:
        _ANCHORS.move_to_end(key)
    return kept[0]


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def align(source: str, derived: str, *, using: Table) -> list[dict]:
    """Sentences of two texts paired in order by the anchors they share (a weighted common subsequence).

    Each pair is a passage {source_start, source_end, derived_start, derived_end}, the shape text
    reuse records, so a mention in one sentence can be carried to its translation.
    """
    left, right = _sentences(source), _sentences(derived)
    left_keys = [_strong_keys(anchors(source[a:b], using=using)) for a, b in left]
    right_keys = [_strong_keys(anchors(derived[a:b], using=using)) for a, b in right]
    rows, cols = len(left), len(right)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            pair = _pair_score(left_keys[i], right_keys[j])
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + pair if pair else 0.0)
    passages, i, j = [], 0, 0
    while i < rows and j < cols:
        pair = _pair_score(left_keys[i], right_keys[j])
        if pair and math.isclose(best[i][j], best[i + 1][j + 1] + pair):
            (a, b), (c, d) = left[i], right[j]
            passages.append({"source_start": a, "source_end": b, "derived_start": c, "derived_end": d})
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return passages


def _strong_keys(found: Sequence[Anchor]) -> dict[tuple[str, str], float]:
    return {anchor.key: anchor.weight for anchor in found if anchor.kind in STRONG}


def _pair_score(a: dict, b: dict) -> float:
    shared = sum(weight for key, weight in a.items() if key in b)
    return shared if shared >= 1.0 else 0.0  # one figure or name; the order of the sentences does the rest


@lru_cache(maxsize=4)
def _embedder(path: str) -> Callable[[list[str]], list[Sequence[float]]]:
    return import_string(path)


def _close_by_embedding(a: str, b: str) -> bool:
    path = getattr(settings, "CROSSLANG_EMBEDDINGS", "")
    if not path:
        return False
    first, second = _embedder(path)([a, b])
    dot = sum(x * y for x, y in zip(first, second, strict=True))
    norm = math.sqrt(sum(x * x for x in first)) * math.sqrt(sum(y * y for y in second))
    return bool(norm) and dot / norm >= getattr(settings, "CROSSLANG_EMBEDDING_THRESHOLD", 0.8)


def _candidates(article: Article, limit: int) -> list[Article]:
    linked = Derivation.objects.filter(
        Q(derived=OuterRef("pk"), source_article=article) | Q(derived=article, source_article=OuterRef("pk"))
    )
    others = Article.objects.exclude(language=article.language).exclude(pk=article.pk).exclude(Exists(linked))
    if article.published:
        window = timedelta(days=WINDOW_DAYS)
        others = others.filter(
            Q(published__range=(article.published - window, article.published + window)) | Q(published__isnull=True)
        )
    return list(others.only("pk", "body", "text_hash", "language", "published").order_by("-pk")[:limit])


def _direction(article: Article, other: Article) -> tuple[Article, Article, bool]:
    """(source, derived, needs_review): the earlier published is the source; a tie goes to the one stored first."""
    if article.published and other.published and article.published != other.published:
        return (article, other, False) if article.published < other.published else (other, article, False)
    return (other, article, True) if other.pk < article.pk else (article, other, True)


def find_translations(article: Article, *, using: Table | None = None) -> list[Translation]:
    """The articles in other languages that this one translates or is translated by (not yet linked)."""
    candidates = _candidates(article, getattr(settings, "CROSSLANG_MAX_CANDIDATES", 200))
    if not candidates:
        return []  # one query when nothing in another language is near in time
    using = using or anchor_table()
    mine = _anchors_of(article, using)
    if sum(1 for anchor in mine if anchor.kind in STRONG) < 3:
        return []
    found = []
    for other in candidates:
        theirs = _anchors_of(other, using)
        agreed = agreement(mine, theirs)
        by_embedding = False
        if not agreed.holds():
            near = agreed.holds(min_shared=3, min_strong=2, min_coverage=0.4, min_order=0.6)
            by_embedding = near and _close_by_embedding(article.body, other.body)
            if not by_embedding:
                continue
        source, derived, unsure = _direction(article, other)
        passages = align(source.body, derived.body, using=using)
        found.append(Translation(source, derived, agreed, unsure, passages, by_embedding))
    return found


def detect_translations(*, article: Article) -> list[Derivation]:
    """Propose a translation edge for each article in another language that shares this one's anchors."""
    if not getattr(settings, "CROSSLANG_ENABLED", True):
        return []
    edges = []
    for found in find_translations(article):
        how = "and close by the embedding backend" if found.by_embedding else "in the same order"
        evidence = (
            f"{found.source.language} to {found.derived.language}: shares {len(found.agreement.shared)} anchors "
            f"{how} ({found.agreement.describe()}); {len(found.passages)} sentence(s) aligned"
        )
        if found.needs_review:
            evidence += "; the dates do not tell which came first"
        try:
            edge, _ = add_derivation(
                derived=found.derived,
                source_article=found.source,
                kind=Derivation.Kind.TRANSLATION,
                evidence=Derivation.Evidence.TEXT_REUSE,
                evidence_text=evidence,
                score=round(found.agreement.coverage, 4),
                passages=found.passages,
                needs_review=found.needs_review,
            )
        except ProvenanceError:
            continue  # it would close a cycle or contradict the dates: a person can still add it
        edges.append(edge)
    return edges
