"""Writes about claims: claims, mentions, relations and append-only reviews."""

from __future__ import annotations

from django.db import transaction

from claims.models import Claim, ClaimRelation, Mention, Review, Verdict
from claims.signals import reviews_recorded
from claims.text.w3c import SelectorError, check_selector, selector_for_span
from provenance.models import Article
from sources.models import Source


class ClaimError(ValueError):
    """A change to claims that cannot be made; the message says why."""


def create_claim(*, text: str, kind: str = Claim.Kind.EVENT, created_by=None, **fields) -> Claim:
    """A new claim in its canonical wording."""
    if not text.strip():
        raise ClaimError("a claim needs a text")
    if kind not in Claim.Kind.values:
        raise ClaimError(f"unknown claim kind {kind!r}; use one of {', '.join(Claim.Kind.values)}")
    return Claim.objects.create(text=text.strip(), kind=kind, created_by=created_by, **fields)


@transaction.atomic
def add_mention(
    *,
    claim: Claim,
    article: Article,
    start: int,
    end: int,
    quote: str | None = None,
    attributed_to: Source | None = None,
    via: Source | None = None,
    hedge: str = Mention.Hedge.ASSERTED,
    stance: str = Mention.Stance.ASSERTS,
    status: str = Mention.Status.PROPOSED,
    created_by=None,
) -> Mention:
    """Record that article says claim at body[start:end]; the quote must match the text there."""
    try:
        if quote is not None:
            check_selector(article.body, quote=quote, start=start, end=end)
        selector = selector_for_span(article.body, start, end)
    except SelectorError as error:
        raise ClaimError(f"mention in article {article.pk}: {error}") from error
    if hedge not in Mention.Hedge.values:
        raise ClaimError(f"unknown hedge {hedge!r}")
    if stance not in Mention.Stance.values:
        raise ClaimError(f"unknown stance {stance!r}")
    overlapping = Mention.objects.filter(claim=claim, article=article, start__lt=end, end__gt=start).first()
    if overlapping is not None:
        raise ClaimError(
            f"claim {claim.pk} already has a mention at {overlapping.start}-{overlapping.end} "
            f"of article {article.pk}, overlapping {start}-{end}"
        )
    return Mention.objects.create(
        claim=claim,
        article=article,
        **selector.as_mention_fields(),
        attributed_to=attributed_to,
        via=via,
        hedge=hedge,
        stance=stance,
        status=status,
        created_by=created_by,
    )


def relate_claims(*, from_claim: Claim, to_claim: Claim, kind: str, note: str = "", created_by=None) -> ClaimRelation:
    """Link two claims (supports / contradicts / duplicates)."""
    if from_claim.pk == to_claim.pk:
        raise ClaimError(f"claim {from_claim.pk} cannot be related to itself")
    if kind not in ClaimRelation.Kind.values:
        raise ClaimError(f"unknown relation {kind!r}; use one of {', '.join(ClaimRelation.Kind.values)}")
    merged = Claim.objects.filter(pk__in=[from_claim.pk, to_claim.pk], merged_into__isnull=False).first()
    if merged is not None:
        raise ClaimError(f"claim {merged.pk} was merged into claim {merged.merged_into_id}; relate that one instead")
    relation, _ = ClaimRelation.objects.get_or_create(
        from_claim=from_claim, to_claim=to_claim, kind=kind, defaults={"note": note, "created_by": created_by}
    )
    return relation


def record_review(*, claim: Claim, verdict: str, rationale: str, reviewer, evidence: str = "") -> Review:
    """Append a verdict to a claim's history; earlier reviews stay as they were."""
    if verdict not in Verdict.values:
        raise ClaimError(f"unknown verdict {verdict!r}; use one of {', '.join(Verdict.values)}")
    if not rationale.strip():
        raise ClaimError("a review needs a rationale")
    review = Review.objects.create(
        claim=claim, verdict=verdict, rationale=rationale.strip(), evidence=evidence, reviewer=reviewer
    )
    transaction.on_commit(lambda: reviews_recorded.send(sender=Review, reviews=[review]))
    return review
