"""Reads about claims: claims with their suggested status, and the explanation of each status."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Claim, ClaimStatus, Mention, Verdict


def claims_with_status() -> QuerySet[Claim]:
    """Claims (not merged into another) joined to their suggested status, verdict and counts: one query."""
    return Claim.objects.filter(merged_into__isnull=True).select_related("status")


def mentions_for_claims(claim_ids) -> QuerySet[Mention]:
    """The live mentions of the given claims, with article, outlet and attributed source."""
    return (
        Mention.objects.filter(claim_id__in=list(claim_ids))
        .exclude(status__in=[Mention.Status.REJECTED, Mention.Status.ORPHANED])
        .select_related("article__outlet", "attributed_to", "via")
        .order_by("article__published", "article_id", "start")
    )


def _names(names: list[str]) -> str:
    names = sorted(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def status_explanation(status: ClaimStatus) -> str:
    """Plain-language reason for a suggested status, from the figures the status view computed."""
    seen = f"{_plural(status.mention_count, 'mention')} in {_plural(status.outlet_count, 'outlet')}"
    date = f" ({status.first_published:%d %b %Y})" if status.first_published else ""
    origins = status.asserting_origin_count
    if status.suggested_status == Verdict.CONTRADICTED:
        reasons = []
        if status.independent_denial_count:
            reasons.append(f"denied by {_names(status.denying_origins)}, independent of the asserting origins")
        if status.has_contradicting_claim:
            reasons.append("a contradicting claim is linked")
        return f"{seen}; " + " and ".join(reasons) + f": {_plural(origins, 'independent origin')} assert it"
    if status.suggested_status == Verdict.CORROBORATED:
        return f"{seen} from {_plural(origins, 'independent origin')}: {_names(status.asserting_origins)}"
    if status.suggested_status == Verdict.SINGLE_SOURCED:
        source = _names(status.asserting_origins)
        if status.mention_count > 1:
            return f"{seen}, all derived from {source}{date}: 1 independent origin"
        return f"{seen}, from {source}{date}: 1 independent origin"
    return f"{seen}; no mention asserts it yet"
