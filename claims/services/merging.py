"""Merging claims that state the same thing, and splitting a claim whose mentions say different things."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimRelation, Mention
from claims.services.core import ClaimError, create_claim


@dataclass
class MergeReport:
    """What a merge moved: mentions and relations to the surviving claim; what it left or dropped."""

    into: Claim
    merged: list[int] = field(default_factory=list)
    mentions_moved: int = 0
    mentions_left: int = 0  # the survivor already had a mention overlapping them: they stay, unseen
    relations_moved: int = 0
    relations_dropped: int = 0  # relations between the merged claims, or already held by the survivor


@transaction.atomic
def merge_claims(*, claims: Iterable[Claim], into: Claim) -> MergeReport:
    """Merge claims into one: their mentions and relations move to it, and they point to it (merged_into).

    Nothing is deleted: a merged claim keeps its reviews and any mention the survivor already had
    (same article, overlapping span), so a merge can be read back in the history.
    """
    ids = sorted({claim.pk for claim in claims})
    if not ids:
        raise ClaimError("choose at least one claim to merge")
    if into.pk in ids:
        raise ClaimError(f"claim {into.pk} cannot be merged into itself")
    locked = {claim.pk: claim for claim in Claim.objects.select_for_update().filter(pk__in=[*ids, into.pk])}
    missing = set(ids) - set(locked)
    if missing or into.pk not in locked:
        raise ClaimError(f"unknown claim id(s): {', '.join(map(str, sorted(missing or {into.pk})))}")
    target = locked[into.pk]
    if target.merged_into_id is not None:
        raise ClaimError(f"claim {target.pk} was itself merged into claim {target.merged_into_id}; merge into that one")
    already = [pk for pk in ids if locked[pk].merged_into_id is not None]
    if already:
        raise ClaimError(f"claim(s) {', '.join(map(str, already))} were already merged into another claim")

    report = MergeReport(into=target, merged=ids)
    kept = {}
    for mention in Mention.objects.filter(claim_id=target.pk).only("article_id", "start", "end"):
        kept.setdefault(mention.article_id, []).append((mention.start, mention.end))
    moving = []
    for mention in Mention.objects.filter(claim_id__in=ids).order_by("article_id", "start", "id"):
        spans = kept.setdefault(mention.article_id, [])
        if any(start < mention.end and mention.start < end for start, end in spans):
            report.mentions_left += 1
            continue
        spans.append((mention.start, mention.end))
        moving.append(mention.pk)
    report.mentions_moved = Mention.objects.filter(pk__in=moving).update(claim=target, updated_at=timezone.now())

    merged = set(ids)
    held = set(
        ClaimRelation.objects.filter(from_claim=target)
        .values_list("from_claim_id", "to_claim_id", "kind")
        .union(ClaimRelation.objects.filter(to_claim=target).values_list("from_claim_id", "to_claim_id", "kind"))
    )
    relations = ClaimRelation.objects.filter(from_claim_id__in=ids) | ClaimRelation.objects.filter(to_claim_id__in=ids)
    for relation in relations.order_by("id"):
        source = target.pk if relation.from_claim_id in merged else relation.from_claim_id
        destination = target.pk if relation.to_claim_id in merged else relation.to_claim_id
        if source == destination or (source, destination, relation.kind) in held:
            relation.delete()
            report.relations_dropped += 1
            continue
        held.add((source, destination, relation.kind))
        ClaimRelation.objects.filter(pk=relation.pk).update(from_claim_id=source, to_claim_id=destination)
        report.relations_moved += 1

    keys = set(target.match_keys)
    for pk in ids:
        keys |= set(locked[pk].match_keys)
    Claim.objects.filter(pk=target.pk).update(match_keys=sorted(keys), updated_at=timezone.now())
    Claim.objects.filter(pk__in=ids).update(merged_into=target, updated_at=timezone.now())
    # The survivor's accepted mentions, some new to it, are carried to the copies in their chains.
    transaction.on_commit(partial(_recompute_after_merge, target.pk))
    return report


def _recompute_after_merge(claim_id: int) -> None:
    from claims.tasks import recompute_after_merge  # the jobs module builds on these services

    recompute_after_merge.defer(claim_id=claim_id)


@transaction.atomic
def split_claim(*, claim: Claim, mention_ids: Iterable[int], text: str = "", kind: str = "", created_by=None) -> Claim:
    """Move some mentions of a claim to a new claim (they state something else); returns the new claim."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.merged_into_id is not None:
        raise ClaimError(f"claim {claim.pk} was merged into claim {claim.merged_into_id}; split that one")
    ids = sorted({int(i) for i in mention_ids})
    if not ids:
        raise ClaimError("choose the mentions that go to the new claim")
    mentions = list(Mention.objects.filter(pk__in=ids).order_by("article_id", "start"))
    foreign = sorted(set(ids) - {m.pk for m in mentions if m.claim_id == claim.pk})
    if foreign:
        raise ClaimError(f"mention(s) {', '.join(map(str, foreign))} are not mentions of claim {claim.pk}")
    if not Mention.objects.filter(claim=claim).exclude(pk__in=ids).exists():
        raise ClaimError(f"leave at least one mention on claim {claim.pk}; to reword it, edit its text instead")
    new = create_claim(
        text=text or mentions[0].quote,
        kind=kind or claim.kind,
        created_by=created_by,
        places=claim.places,
        groups=claim.groups,
        event_date=claim.event_date,
    )
    Mention.objects.filter(pk__in=ids).update(claim=new, updated_at=timezone.now())
    return new
