"""Background jobs about claims (procrastinate): propose claim mentions again, and recompute after a merge.

Thin: they call the claims services, like the commands and the admin do. Run by
`python manage.py worker` (see docs/deploy.md).
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from claims.models import Claim, ClaimStatus, Mention
from claims.services.carry import CarryReport, carry_mention
from claims.services.core import ClaimError
from claims.services.proposals import propose_for_articles
from provenance.models import Article
from provenance.tasks import DATABASE_RETRY, MAINTENANCE_QUEUE

_SUMMARY_FIELDS = ("articles", "mentions_created", "claims_created", "claims_matched", "denials_linked", "carried")


@app.task(queue=MAINTENANCE_QUEUE, retry=DATABASE_RETRY)
def propose_claims(article_ids: list[int] | None = None) -> dict:
    """Propose claim mentions for the given articles (every article when None), one transaction each."""
    articles = Article.objects.order_by("id")
    if article_ids is not None:
        articles = articles.filter(pk__in=article_ids)
    summary = propose_for_articles(articles=articles.iterator(chunk_size=200))
    return {name: getattr(summary, name) for name in _SUMMARY_FIELDS}


@app.task(queue=MAINTENANCE_QUEUE, retry=DATABASE_RETRY)
def recompute_after_merge(claim_id: int) -> dict:
    """After claims were merged into claim_id: carry its accepted mentions to every copy in their chains.

    The merged claim gathered mentions from several claims; each accepted one is proposed on the
    other articles of its lineage (already-carried ones are left as they are). The suggested status
    is read back from the ClaimStatus view, which always reflects the merge.
    """
    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None:
        raise ClaimError(f"there is no claim {claim_id}")
    while claim.merged_into_id is not None:  # it was itself merged since: recompute the survivor
        claim = Claim.objects.get(pk=claim.merged_into_id)
    report = CarryReport()
    for mention in Mention.objects.filter(claim=claim, status=Mention.Status.ACCEPTED).order_by("id"):
        report.add(carry_mention(mention=mention))
    status = ClaimStatus.objects.filter(claim_id=claim.pk).values_list("suggested_status", flat=True).first()
    carried = {name: getattr(report, name) for name in ("placed", "altered", "orphaned", "updated", "already")}
    return {"claim": claim.pk, "suggested_status": status, **carried}
