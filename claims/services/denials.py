"""Denials found by the old proposal rule, turned into what they are: denying mentions of the claim they deny.

Proposals used to make "B denied X" a claim of its own (kind "denial", its mention *asserting* the
denial) linked by "contradicts" to X; the link is symmetric, so the denial claim was shown as
contradicted by the very party it denies. Now a denial is a mention of X with the stance
"denies", attributed to B (claims.services.proposals). `convert_denial_claims` rewrites the old
rows; migration 0011 runs it once, with the migration's historical models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from claims.models import Claim, ClaimRelation, Mention, Review


@dataclass
class DenialConversion:
    """What the conversion did: denial claims turned into denying mentions, and those left to a person."""

    claims_converted: int = 0
    mentions_moved: int = 0  # a denial claim's mention, now denying the first claim it was linked to
    mentions_copied: int = 0  # the same quote denying each further linked claim ("denied these claims")
    mentions_dropped: int = 0  # the linked claim already had a mention of that very span
    kept: list[int] = field(default_factory=list)  # denial claims a person made, reviewed, merged or linked


_COPIED_FIELDS = (
    "article_id",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
    "attributed_to_id",
    "via_id",
    "hedge",
    "status",
    "is_altered",
    "original_quote",
)


def convert_denial_claims(
    *,
    claim_model: type[Claim] = Claim,
    mention_model: type[Mention] = Mention,
    relation_model: type[ClaimRelation] = ClaimRelation,
    review_model: type[Review] = Review,
) -> DenialConversion:
    """Turn each denial claim made by the old rule into denying mentions of the claims it was linked to.

    A denial claim of the old rule: kind "denial", made by no person, not reviewed, not merged
    with another, every mention asserting it and made by no person, and linked only by
    "contradicts" links from it that no person made. Each of its mentions becomes, keeping its
    id, status, attribution and history, a mention with the stance "denies" of the first claim it
    was linked to (a copy denies each further one); then its links and the claim itself go. Any
    other denial claim is a person's work and is left as it is (listed in `kept`).

    The models are parameters so that a migration can pass its historical ones. One-way: the old
    form cannot be told apart afterwards from a denial an annotator recorded on a claim.
    """
    report = DenialConversion()
    with transaction.atomic():
        denials = claim_model.objects.filter(kind="denial").order_by("id")
        for denial in denials.select_for_update():
            targets = _old_rule_targets(denial, claim_model, mention_model, relation_model, review_model)
            if targets is None:
                report.kept.append(denial.pk)
                continue
            _move_mentions(denial, targets, mention_model, report)
            relation_model.objects.filter(from_claim_id=denial.pk).delete()
            relation_model.objects.filter(to_claim_id=denial.pk).delete()
            denial.delete()
            report.claims_converted += 1
    return report


def _old_rule_targets(denial, claim_model, mention_model, relation_model, review_model) -> list | None:
    """The claims a denial claim of the old rule was linked to (survivors of merges), or None when a person
    made, reviewed, merged or linked it."""
    if denial.created_by_id is not None or denial.merged_into_id is not None:
        return None
    if review_model.objects.filter(claim_id=denial.pk).exists():
        return None
    if claim_model.objects.filter(merged_into_id=denial.pk).exists():
        return None
    mentions = mention_model.objects.filter(claim_id=denial.pk)
    if mentions.exclude(stance="asserts").exists() or mentions.filter(created_by__isnull=False).exists():
        return None
    if relation_model.objects.filter(to_claim_id=denial.pk).exists():
        return None
    links = list(relation_model.objects.filter(from_claim_id=denial.pk).order_by("id"))
    if not links or any(link.kind != "contradicts" or link.created_by_id is not None for link in links):
        return None
    targets = []
    for link in links:
        target = claim_model.objects.get(pk=link.to_claim_id)
        while target.merged_into_id is not None:
            target = claim_model.objects.get(pk=target.merged_into_id)
        if target.pk != denial.pk and target.pk not in [t.pk for t in targets]:
            targets.append(target)
    return targets or None


def _move_mentions(denial, targets: list, mention_model, report: DenialConversion) -> None:
    first, *others = targets
    for mention in mention_model.objects.filter(claim_id=denial.pk).order_by("id"):
        span = {"article_id": mention.article_id, "start": mention.start, "end": mention.end}
        if mention_model.objects.filter(claim_id=first.pk, **span).exists():
            report.mentions_dropped += 1  # goes with the denial claim
        else:
            mention.claim_id, mention.stance = first.pk, "denies"
            mention.save(update_fields=["claim", "stance", "updated_at"])
            report.mentions_moved += 1
        for target in others:
            if mention_model.objects.filter(claim_id=target.pk, **span).exists():
                report.mentions_dropped += 1
                continue
            values = {name: getattr(mention, name) for name in _COPIED_FIELDS}
            mention_model.objects.create(claim_id=target.pk, stance="denies", **values)
            report.mentions_copied += 1
