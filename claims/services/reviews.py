"""Writes for reviewing claims in bulk: one verdict and rationale, one Review row per claim."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from claims.models import Claim, Review, Verdict
from claims.services.core import ClaimError
from claims.signals import reviews_recorded


@transaction.atomic
def record_reviews(
    *, claim_ids: Iterable[int], verdict: str, rationale: str, reviewer, evidence: str = ""
) -> list[Review]:
    """Append the same verdict to each claim's history, set-wise: two queries whatever the number.

    Every claim must exist and not be merged into another; otherwise nothing is recorded and the
    error names the claims at fault. Earlier reviews stay as they were (reviews are append-only).
    """
    if verdict not in Verdict.values:
        raise ClaimError(f"unknown verdict {verdict!r}; use one of {', '.join(Verdict.values)}")
    rationale = rationale.strip()
    if not rationale:
        raise ClaimError("a review needs a rationale")
    try:
        ids = sorted({int(claim_id) for claim_id in claim_ids})
    except (TypeError, ValueError) as error:
        raise ClaimError(f"claim ids must be whole numbers ({error})") from error
    if not ids:
        raise ClaimError("select at least one claim to review")
    reviewable = set(Claim.objects.filter(pk__in=ids, merged_into__isnull=True).values_list("pk", flat=True))
    refused = [claim_id for claim_id in ids if claim_id not in reviewable]
    if refused:
        shown = ", ".join(map(str, refused[:10])) + (f" and {len(refused) - 10} more" if len(refused) > 10 else "")
        raise ClaimError(
            f"{len(refused)} claim(s) do not exist or were merged into another claim ({shown}); "
            "review the claim they were merged into instead. No review was recorded."
        )
    reviews = Review.objects.bulk_create(
        Review(claim_id=claim_id, verdict=verdict, rationale=rationale, evidence=evidence.strip(), reviewer=reviewer)
        for claim_id in ids
    )
    transaction.on_commit(lambda: reviews_recorded.send(sender=Review, reviews=reviews))
    return reviews
