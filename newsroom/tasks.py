"""Background jobs of the newsroom: webhook deliveries (retried with back-off) and claim-status announcements.

On their own queue, "webhooks"; every worker started without --queues serves it (Procfile,
compose.yaml, `make run`).
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from newsroom import events, webhooks
from provenance.tasks import DATABASE_RETRY

WEBHOOK_QUEUE = "webhooks"


@app.task(queue=WEBHOOK_QUEUE, retry=DATABASE_RETRY)
def deliver_webhook(delivery_id: int) -> dict:
    """One attempt at a delivery; a failed one schedules the next attempt after the back-off delay."""
    attempt = webhooks.attempt_delivery(delivery_id=delivery_id)
    if attempt.retry_in is not None:
        deliver_webhook.configure(schedule_in={"seconds": attempt.retry_in}).defer(delivery_id=delivery_id)
    return attempt.as_dict()


@app.task(queue=WEBHOOK_QUEUE, retry=DATABASE_RETRY)
def announce_status_changes(claim_ids: list[int] | None = None, article_ids: list[int] | None = None) -> dict:
    """Announce the claims (given, or mentioned in the articles given) whose suggested status changed."""
    changed = events.announce_status_changes(claim_ids=claim_ids or [], article_ids=article_ids or [])
    return {"changed": changed}
