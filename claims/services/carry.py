"""Annotate once, carried to every copy: an accepted mention is proposed on every article of its lineage.

The lineage of an article is its sources, their sources, and every copy of any of these, along
derivation edges that are not rejected. The other sources of an aggregation are not in it: a
roundup that quotes two reports does not make them copies of each other. In each other article
the quote is placed through the passages the two texts share when an edge joins them directly,
else by its words and context; a copy that words it differently gets a mention flagged is_altered
with the original wording kept. A whole copy (republication, translation, rewrite) where it cannot
be placed gets an orphaned mention, listed for a person to place, never one attached to a passage
that merely looks like it; an excerpt or a roundup that left the passage out gets nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from claims.models import Mention
from claims.services.core import ClaimError
from claims.text.carrying import SharedPassage, passages_between, place_in_copy, place_in_translation
from claims.text.w3c import selector_for_span
from provenance.lineage import lineage
from provenance.models import Article, Derivation


@dataclass
class CarryReport:
    """What carrying did: mentions placed (some altered), orphaned, and proposals brought in line."""

    placed: int = 0
    altered: int = 0
    orphaned: int = 0
    updated: int = 0  # proposals already there, given the accepted mention's attribution
    already: int = 0
    left_out: int = 0  # partial copies (excerpts, roundups) without the passage
    mentions: list[Mention] = field(default_factory=list)

    @property
    def created(self) -> int:
        return self.placed + self.orphaned

    def add(self, other: CarryReport) -> None:
        for name in ("placed", "altered", "orphaned", "updated", "already", "left_out"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.mentions += other.mentions


def _direct_edge(edges: list[Derivation], here_id: int, there_id: int) -> tuple[Derivation | None, str]:
    """The derivation joining two articles directly, and which side of it "here" is."""
    for edge in edges:
        if edge.derived_id == here_id and edge.source_article_id == there_id:
            return edge, "derived"
        if edge.derived_id == there_id and edge.source_article_id == here_id:
            return edge, "source"
    return None, ""


def _passages(edges: list[Derivation], here_id: int, there_id: int) -> list[SharedPassage] | None:
    """The passages shared by two articles when a derivation joins them directly, else None."""
    edge, here = _direct_edge(edges, here_id, there_id)
    return (passages_between(edge.passages, here=here) or None) if edge else None


def _carry(
    mention: Mention, copy: Article, edges: list[Derivation], existing: list[Mention], *, whole: bool
) -> CarryReport:
    report = CarryReport()
    same_claim = [m for m in existing if m.claim_id == mention.claim_id and m.article_id == copy.pk]
    if any(m.carried_from_id == mention.pk for m in same_claim):
        report.already += 1
        return report
    quoted = {"quote": mention.quote, "prefix": mention.prefix, "suffix": mention.suffix}
    passages = _passages(edges, mention.article_id, copy.pk)
    edge, _ = _direct_edge(edges, mention.article_id, copy.pk)
    if edge is not None and edge.kind == Derivation.Kind.TRANSLATION:
        placement = place_in_translation(start=mention.start, end=mention.end, copy=copy.body, passages=passages or [])
    else:
        placement = place_in_copy(**quoted, start=mention.start, end=mention.end, copy=copy.body, passages=passages)
    fields = {
        "claim_id": mention.claim_id,
        "article": copy,
        "attributed_to_id": mention.attributed_to_id,
        "via_id": mention.via_id,
        "hedge": mention.hedge,
        "stance": mention.stance,
        "carried_from": mention,
    }
    if placement is None:
        if not whole:
            report.left_out += 1  # an excerpt or a roundup that does not carry this passage
            return report
        if any(m.status == Mention.Status.ORPHANED for m in same_claim):
            report.already += 1
            return report
        orphan = Mention(
            **fields,
            **quoted,
            start=0,
            end=len(mention.quote),
            status=Mention.Status.ORPHANED,
            original_quote=mention.quote,
        )
        report.orphaned += 1
        report.mentions.append(orphan)
        return report
    overlapping = [
        m
        for m in same_claim
        if m.status != Mention.Status.ORPHANED and m.start < placement.end and placement.start < m.end
    ]
    if overlapping:
        for other in overlapping:
            if (
                other.status == Mention.Status.PROPOSED
                and other.created_by_id is None
                and other.carried_from_id is None
            ):
                # a machine proposal of the same passage: take the person's reading of it
                other.attributed_to_id, other.via_id = mention.attributed_to_id, mention.via_id
                other.hedge, other.stance, other.carried_from = mention.hedge, mention.stance, mention
                other.save(update_fields=["attributed_to", "via", "hedge", "stance", "carried_from", "updated_at"])
                report.updated += 1
            else:
                report.already += 1
        return report
    selector = selector_for_span(copy.body, placement.start, placement.end)
    carried = Mention(
        **fields,
        **selector.as_mention_fields(),
        status=Mention.Status.PROPOSED,
        is_altered=placement.is_altered,
        original_quote=mention.quote if placement.is_altered else "",
    )
    report.placed += 1
    report.altered += placement.is_altered
    report.mentions.append(carried)
    return report


def _carry_many(mentions: list[Mention], targets: dict[int, dict[int, bool]]) -> CarryReport:
    """Carry each mention to its target articles (id: whether a whole copy); three queries plus the inserts."""
    report = CarryReport()
    article_ids = {i for ids in targets.values() for i in ids} | {m.article_id for m in mentions}
    if not mentions or not article_ids:
        return report
    articles = Article.objects.only("id", "body").in_bulk(article_ids)
    edges = list(
        Derivation.objects.filter(derived_id__in=article_ids, source_article_id__in=article_ids).exclude(
            status=Derivation.Status.REJECTED
        )
    )
    existing = list(
        Mention.objects.filter(article_id__in=article_ids, claim_id__in={m.claim_id for m in mentions}).only(
            "id", "claim_id", "article_id", "start", "end", "status", "carried_from_id", "created_by_id"
        )
    )
    for mention in mentions:
        for target_id, whole in sorted(targets.get(mention.pk, {}).items()):
            step = _carry(mention, articles[target_id], edges, existing, whole=whole)
            existing += step.mentions
            report.add(step)
    Mention.objects.bulk_create(report.mentions)
    return report


@transaction.atomic
def carry_mention(*, mention: Mention) -> CarryReport:
    """Propose an accepted mention on every other article of its lineage."""
    if mention.status != Mention.Status.ACCEPTED:
        return CarryReport()
    others = lineage([mention.article_id])
    others.pop(mention.article_id, None)
    return _carry_many([mention], {mention.pk: others})


@transaction.atomic
def carry_into_article(*, article: Article) -> CarryReport:
    """Bring to article the accepted mentions of the other articles of its lineage (a copy that came late)."""
    others = lineage([article.pk], inwards=True)
    others.pop(article.pk, None)
    if not others:
        return CarryReport()
    mentions = list(Mention.objects.filter(article_id__in=others, status=Mention.Status.ACCEPTED).order_by("id"))
    # one accepted mention per claim and passage is enough: the first one accepted
    originals, seen = [], set()
    for mention in mentions:
        key = (mention.claim_id, mention.carried_from_id or mention.pk)
        if key not in seen:
            seen.add(key)
            originals.append(mention)
    return _carry_many(originals, {m.pk: {article.pk: others[m.article_id]} for m in originals})


@transaction.atomic
def accept_mentions(*, mention_ids: Iterable[int]) -> CarryReport:
    """Accept mentions and carry each one to the other articles of its lineage; all or nothing."""
    ids = sorted({int(i) for i in mention_ids})
    mentions = list(Mention.objects.select_for_update().filter(pk__in=ids).order_by("id"))
    missing = set(ids) - {m.pk for m in mentions}
    if missing:
        raise ClaimError(f"unknown mention id(s): {', '.join(map(str, sorted(missing)))}")
    orphans = [m.pk for m in mentions if m.status == Mention.Status.ORPHANED]
    if orphans:
        raise ClaimError(
            f"mention(s) {', '.join(map(str, orphans))} are orphaned: place them in the text before accepting them"
        )
    Mention.objects.filter(pk__in=ids).exclude(status=Mention.Status.ACCEPTED).update(
        status=Mention.Status.ACCEPTED, updated_at=timezone.now()
    )
    report = CarryReport()
    for mention in mentions:
        mention.status = Mention.Status.ACCEPTED
        report.add(carry_mention(mention=mention))
    return report
