"""Background jobs about provenance (procrastinate, on PostgreSQL): import batches, text reuse, timestamps.

Run them with `python manage.py worker` (procrastinate's worker, which outlives a database restart);
any number of workers on any number of machines can share one database. Jobs are thin: they call the
same services as the views and commands.
"""

from __future__ import annotations

import logging

from asgiref.sync import sync_to_async
from django.db import InterfaceError, OperationalError
from procrastinate import JobContext, RetryStrategy
from procrastinate.contrib.django import app

from provenance import batches, timestamps
from provenance.models import IngestBatch
from provenance.timestamps import TimestampError

logger = logging.getLogger(__name__)

INGEST_QUEUE = "ingest"
MAINTENANCE_QUEUE = "maintenance"
# Only the stalled-job recovery runs here, so a worker started with `--queues recovery` (Procfile,
# compose.yaml, `make run`) picks it up within a minute even while every other worker is busy
# with a long import. Workers started without --queues take it too when they are free.
RECOVERY_QUEUE = "recovery"
# A lost database connection is worth retrying (the server restarts, fails over); a bug is not.
DATABASE_RETRY = RetryStrategy(max_attempts=5, exponential_wait=4, retry_exceptions={OperationalError, InterfaceError})
# Heartbeats older than this mark a worker as dead (see PROCRASTINATE_WORKER_DEFAULTS).
STALLED_AFTER_SECONDS = 30.0


@app.task(queue=INGEST_QUEUE, retry=DATABASE_RETRY, pass_context=True)
def ingest_batch(context: JobContext, batch_id: int) -> dict:
    """Ingest the pending files of an import batch; safe to run twice and in several workers at once.

    A worker asked to shut down stops after the file it is on and queues the rest for another worker.
    """
    batch = batches.execute_batch(batch_id=batch_id, should_stop=context.should_abort)
    if batch.status == IngestBatch.Status.RUNNING and context.should_abort():
        ingest_batch.defer(batch_id=batch_id)
    return {"batch": batch.pk, "status": batch.status, "files_done": batch.files_done}


@app.task(queue=MAINTENANCE_QUEUE, retry=DATABASE_RETRY)
def detect_text_reuse(article_ids: list[int] | None = None, reindex: bool = False) -> dict:
    """Re-run text-reuse detection for the given articles (all when None), oldest first.

    With reindex, the articles' band keys are computed again first (after a change of detection
    parameters). A person's decisions and edges from other evidence are kept as they are.
    """
    from provenance import reuse

    return reuse.redetect(article_ids=article_ids, reindex=reindex).as_dict()


# An authority that is down or slow is asked again later: about 10 tries over a day.
TIMESTAMP_RETRY = RetryStrategy(
    max_attempts=10, exponential_wait=5, retry_exceptions={TimestampError, OperationalError, InterfaceError}
)


@app.task(queue=MAINTENANCE_QUEUE, retry=TIMESTAMP_RETRY)
def timestamp_capture(capture_id: int) -> dict:
    """Get an RFC 3161 token over a new capture's SHA-256 from each configured authority (provenance.timestamps)."""
    stored = timestamps.timestamp_capture(capture_id=capture_id)
    return {"capture": capture_id, "timestamps": [stamp.tsa_url for stamp in stored]}


async def requeue_stalled_jobs(job_manager, *, seconds_since_heartbeat: float = STALLED_AFTER_SECONDS) -> int:
    """Put back in the queue the jobs of workers whose heartbeat stopped (kill -9, a lost machine)."""
    stalled = await job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat)
    for job in stalled:
        logger.warning("retrying job %s (%s): its worker stopped sending heartbeats", job.id, job.task_name)
        await job_manager.retry_job(job)
    return len(stalled)


@app.periodic(cron="* * * * * */15")  # every 15 s (croniter: seconds last)
@app.task(queue=RECOVERY_QUEUE, queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> int:
    """Every 15 s, in the recovery worker (or any free one): requeue the jobs of dead workers, and end as
    failed (with retry) the imports whose jobs all gave up."""
    requeued = await requeue_stalled_jobs(context.app.job_manager)
    await sync_to_async(batches.fail_orphaned_batches)()
    return requeued
