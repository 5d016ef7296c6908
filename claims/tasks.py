"""Background jobs about claims (procrastinate): propose claim mentions, and recompute after a merge.

Thin: they call the claims services, like the commands and the admin do. Run by
`python manage.py worker` (see docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from claims.models import Claim, ClaimStatus, Mention
from claims.services.carry import CarryReport, carry_mention
from claims.services.core import ClaimError
from claims.services.proposals import propose_for_articles
from claims.signals import mentions_proposed
from provenance.models import Article
from provenance.tasks import DATABASE_RETRY, MAINTENANCE_QUEUE

_SUMMARY_FIELDS = ("articles", "mentions_created", "claims_created", "claims_matched", "denials_linked", "carried")


PROPOSE_CLAIMS = "claims.tasks.propose_claims"


@app.task(name=PROPOSE_CLAIMS, queue=MAINTENANCE_QUEUE, retry=DATABASE_RETRY)
def propose_claims(article_ids: list[int] | None = None) -> dict:
    """Propose claim mentions for the given articles (every article when None), one transaction each.

    Queued on commit for the articles an ingest stores (claims.services.proposals.propose_on_article_stored).
    An article the proposer cannot read is logged and passed over; the others are proposed.
    """
    articles = Article.objects.order_by("id")
    if article_ids is not None:
        articles = articles.filter(pk__in=article_ids)
    summary = propose_for_articles(articles=articles.iterator(chunk_size=200), keep_going=True)
    proposed = [report.article_id for report in summary.reports if report.mentions_created]
    if proposed:
        mentions_proposed.send(sender=Mention, article_ids=proposed)
    return {name: getattr(summary, name) for name in _SUMMARY_FIELDS}


def articles_awaiting_proposals(article_ids: Iterable[int]) -> set[int]:
    """Of these articles, those whose claim proposals are queued or running (a propose_claims job): one query."""
    wanted = set(article_ids)
    if not wanted:
        return set()
    jobs = ProcrastinateJob.objects.filter(task_name=PROPOSE_CLAIMS, status__in=["todo", "doing"])
    if len(wanted) == 1:  # the reader's one article: the containment test runs in the database
        jobs = jobs.filter(args__article_ids__contains=list(wanted))
    return {pk for ids in jobs.values_list("args__article_ids", flat=True) for pk in ids or () if pk in wanted}


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
