"""What the newsroom hears from claims and provenance (signals), turned into webhook events.

Every receiver runs after the write it announces has committed: on-commit signals (verdicts,
derivation decisions, finished batches, proposed mentions) directly, model signals
through transaction.on_commit. A claim's suggested status lives in a database view, so its changes are
found by comparing the view with the status last announced (ClaimStatusSeen), in a background
job, for the claims a write may have moved. A claim's first status is recorded silently; every
later change is announced.
"""

from __future__ import annotations

import functools
import logging
import threading

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from claims.exports.links import Links
from claims.models import Claim, ClaimRelation, ClaimStatus, Mention
from claims.signals import mentions_proposed, reviews_recorded
from newsroom.models import ClaimStatusSeen, Event
from newsroom.webhooks import emit, wants
from provenance.models import Derivation, IngestBatch
from provenance.signals import batch_finished, derivations_decided

logger = logging.getLogger(__name__)
_pending = threading.local()


def _never_fails(receiver):
    """A receiver whose failure is logged, never raised into the write that sent the signal."""

    @functools.wraps(receiver)
    def guarded(*args, **kwargs):
        try:
            return receiver(*args, **kwargs)
        except Exception:
            logger.exception("newsroom: %s failed; the write that caused it stands", receiver.__name__)
            return None

    return guarded


def _links() -> Links:
    return Links(base=settings.PUBLIC_BASE_URL)


def _claim_ref(claim_id: int, text: str = "") -> dict:
    links = _links()
    return {"id": claim_id, "text": text, "url": links.claim(claim_id), "report": links.claim_report(claim_id)}


# --- verdicts, derivations, batches ---------------------------------------------------------------


@_never_fails
def on_reviews_recorded(sender, reviews, **kwargs) -> None:
    texts = dict(Claim.objects.filter(pk__in={r.claim_id for r in reviews}).values_list("pk", "text"))
    emit(
        Event.VERDICT_RECORDED,
        [
            {
                "review": review.pk,
                "claim": _claim_ref(review.claim_id, texts.get(review.claim_id, "")),
                "verdict": review.verdict,
                "rationale": review.rationale,
                "reviewer": review.reviewer.get_username() if review.reviewer_id else None,
                "created_at": review.created_at,
            }
            for review in reviews
        ],
    )


@_never_fails
def on_derivations_decided(sender, derivation_ids, status, decided_by=None, **kwargs) -> None:
    links = _links()
    edges = Derivation.objects.filter(pk__in=derivation_ids).order_by("pk")
    emit(
        Event.DERIVATION_DECIDED,
        [
            {
                "derivation": edge.pk,
                "url": links.derivation(edge.pk),
                "status": status,
                "kind": edge.kind,
                "derived_article": edge.derived_id,
                "source_article": edge.source_article_id,
                "source_outlet": edge.source_outlet_id,
                "decided_by": decided_by.get_username() if decided_by is not None else None,
            }
            for edge in edges
        ],
    )
    _check_statuses_later(article_ids=[edge.derived_id for edge in edges])


@_never_fails
def on_batch_finished(sender, batch_id, status, **kwargs) -> None:
    batch = IngestBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    emit(
        Event.BATCH_FINISHED,
        [
            {
                "batch": batch.pk,
                "status": status,
                "origin": batch.origin,
                "files_total": batch.files_total,
                "files_done": batch.files_done,
                "files_failed": batch.files_failed,
                "articles_created": batch.articles_created,
                "articles_known": batch.articles_known,
                "error": batch.error,
                "finished_at": batch.finished_at,
            }
        ],
    )


# --- contradictions -------------------------------------------------------------------------------


@_never_fails
def on_relation_saved(sender, instance: ClaimRelation, created: bool, **kwargs) -> None:
    _check_statuses_later(claim_ids=[instance.from_claim_id, instance.to_claim_id])
    if created and instance.kind == ClaimRelation.Kind.CONTRADICTS:
        relation_id, ids = instance.pk, (instance.from_claim_id, instance.to_claim_id)
        transaction.on_commit(lambda: _announce_contradiction(relation_id=relation_id, claim_ids=ids))


@_never_fails
def _announce_contradiction(*, relation_id: int, claim_ids: tuple[int, int]) -> None:
    texts = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "text"))
    emit(
        Event.CONTRADICTION_NEW,
        [
            {
                "kind": "relation",
                "relation": relation_id,
                "claim": _claim_ref(claim_ids[0], texts.get(claim_ids[0], "")),
                "contradicts": _claim_ref(claim_ids[1], texts.get(claim_ids[1], "")),
            }
        ],
    )


@_never_fails
def on_mention_saved(sender, instance: Mention, created: bool, **kwargs) -> None:
    _check_statuses_later(claim_ids=[instance.claim_id])
    if created and instance.stance == Mention.Stance.DENIES:
        mention_id, claim_id, article_id = instance.pk, instance.claim_id, instance.article_id
        transaction.on_commit(lambda: _announce_denial(mention_id, claim_id, article_id))


@_never_fails
def _announce_denial(mention_id: int, claim_id: int, article_id: int) -> None:
    links = _links()
    emit(
        Event.CONTRADICTION_NEW,
        [
            {
                "kind": "denial",
                "mention": mention_id,
                "mention_url": links.mention(mention_id),
                "article": article_id,
                "claim": _claim_ref(claim_id, Claim.objects.filter(pk=claim_id).values_list("text", flat=True).first()),
            }
        ],
    )


@_never_fails
def on_mention_deleted(sender, instance: Mention, **kwargs) -> None:
    _check_statuses_later(claim_ids=[instance.claim_id])


@_never_fails
def on_relation_deleted(sender, instance: ClaimRelation, **kwargs) -> None:
    _check_statuses_later(claim_ids=[instance.from_claim_id, instance.to_claim_id])


@_never_fails
def on_mentions_proposed(sender, article_ids, **kwargs) -> None:
    # A new article holds no mention until its proposal job has run (claims.tasks.propose_claims):
    # its claims' statuses are checked then, not when it is stored.
    _check_statuses_later(article_ids=article_ids)


# --- the suggested status -------------------------------------------------------------------------


def _check_statuses_later(*, claim_ids=(), article_ids=()) -> None:
    """Gather the claims and articles a transaction touched; on commit, one job checks them all."""
    state = getattr(_pending, "state", None)
    if state is None:
        state = _pending.state = {"claims": set(), "articles": set()}
    state["claims"].update(claim_ids)
    state["articles"].update(article_ids)
    transaction.on_commit(_flush_status_checks)  # the first to run takes all; a rolled-back set is checked harmlessly


@_never_fails
def _flush_status_checks() -> None:
    state = _pending.__dict__.pop("state", None)
    if not state or not (state["claims"] or state["articles"]) or not wants(Event.CLAIM_STATUS_CHANGED):
        return
    from newsroom.tasks import announce_status_changes

    announce_status_changes.defer(claim_ids=sorted(state["claims"]), article_ids=sorted(state["articles"]))


def announce_status_changes(*, claim_ids: list[int], article_ids: list[int] = ()) -> int:
    """Announce the claims whose suggested status differs from the one last announced; returns how many."""
    ids = set(claim_ids)
    if article_ids:
        ids |= set(Mention.objects.filter(article_id__in=article_ids).values_list("claim_id", flat=True))
    if not ids:
        return 0
    current = dict(ClaimStatus.objects.filter(claim_id__in=ids).values_list("claim_id", "suggested_status"))
    with transaction.atomic():
        seen = dict(
            ClaimStatusSeen.objects.select_for_update()
            .filter(claim_id__in=current)
            .values_list("claim_id", "suggested_status")
        )
        changed = sorted(cid for cid, status in current.items() if cid in seen and seen[cid] != status)
        ClaimStatusSeen.objects.bulk_create(
            [ClaimStatusSeen(claim_id=cid, suggested_status=status) for cid, status in current.items()],
            update_conflicts=True,
            unique_fields=["claim"],
            update_fields=["suggested_status", "seen_at"],
        )
    if changed:
        texts = dict(Claim.objects.filter(pk__in=changed).values_list("pk", "text"))
        emit(
            Event.CLAIM_STATUS_CHANGED,
            [
                {
                    "claim": _claim_ref(cid, texts.get(cid, "")),
                    "previous_status": seen[cid],
                    "suggested_status": current[cid],
                }
                for cid in changed
            ],
        )
    return len(changed)


def connect() -> None:
    """Subscribe to the signals of claims and provenance (from NewsroomConfig.ready)."""
    reviews_recorded.connect(on_reviews_recorded, dispatch_uid="newsroom.reviews_recorded")
    derivations_decided.connect(on_derivations_decided, dispatch_uid="newsroom.derivations_decided")
    batch_finished.connect(on_batch_finished, dispatch_uid="newsroom.batch_finished")
    mentions_proposed.connect(on_mentions_proposed, dispatch_uid="newsroom.mentions_proposed")
    post_save.connect(on_relation_saved, sender=ClaimRelation, dispatch_uid="newsroom.relation_saved")
    post_delete.connect(on_relation_deleted, sender=ClaimRelation, dispatch_uid="newsroom.relation_deleted")
    post_save.connect(on_mention_saved, sender=Mention, dispatch_uid="newsroom.mention_saved")
    post_delete.connect(on_mention_deleted, sender=Mention, dispatch_uid="newsroom.mention_deleted")
