"""Real worker processes: killed mid-batch and resumed, stopped gracefully, two at once on one batch."""

from __future__ import annotations

import os
import signal
from collections import Counter

import pytest

from provenance import batches
from provenance.models import Article, IngestBatch, IngestItem
from tests.jobs.conftest import fictional_page, ingest_jobs, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
FILES = 24


def queue_batch(importer, *, files: int = FILES, jobs: int = 1, settings=None) -> IngestBatch:
    if settings is not None:
        settings.INGEST_JOBS_PER_BATCH = jobs
    incoming = batches.accept_files([(f"dispatch-{n}.html", fictional_page(n, words=500)) for n in range(files)])
    batch = batches.create_batch(files=incoming, created_by=importer)
    return batches.start_batch(batch=batch, inline=False)


def item_locks_held_by_others() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'provenance_ingestitem' AND l.pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def files_done(batch: IngestBatch) -> int:
    return IngestBatch.objects.get(pk=batch.pk).files_done


def assert_no_half_stored_article(batch: IngestBatch) -> None:
    """Every stored article belongs to a finished file's report, and every pending file stored nothing."""
    reported = Counter(entry["article_id"] for entry in batches.batch_report(batch) if entry.get("created"))
    assert all(count == 1 for count in reported.values())
    assert set(Article.objects.values_list("pk", flat=True)) == set(reported)
    pending_captures = IngestItem.objects.filter(batch=batch, status="pending").values("capture")
    assert not Article.objects.filter(capture__in=pending_captures).exists()


def test_a_worker_killed_mid_batch_leaves_no_half_stored_article_and_a_rerun_finishes_the_rest_once(
    importer, job_queue, start_worker, settings
):
    batch = queue_batch(importer, jobs=1, settings=settings)
    worker = start_worker()
    # Kill -9 while the worker is inside a file's transaction (it holds that item's row lock).
    wait_until(
        lambda: files_done(batch) >= 3 and item_locks_held_by_others() > 0, what="the worker to be inside a file"
    )
    worker.kill()
    wait_until(lambda: item_locks_held_by_others() == 0, what="the server to roll back the killed worker's file")

    batch.refresh_from_db()
    assert batch.status == "running" and 3 <= batch.files_done < FILES
    assert_no_half_stored_article(batch)
    done_before = set(batch.items.filter(status="done").values_list("pk", flat=True))

    batches.retry_batch(batch_id=batch.pk)  # what the Retry button (or the stalled-job retry) does
    start_worker("--one-shot").wait()

    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.files_failed) == ("done", FILES, 0)
    assert batch.articles_created == FILES == Article.objects.count()  # each file once, no duplicates
    assert_no_half_stored_article(batch)
    assert done_before <= set(batch.items.filter(status="done").values_list("pk", flat=True))


def test_a_worker_asked_to_stop_finishes_its_file_and_queues_the_rest(importer, job_queue, start_worker, settings):
    # Enough files that the worker cannot finish them all before the signal reaches it (a file takes
    # tens of milliseconds now that claim proposals wait for their own job).
    files = 6 * FILES
    batch = queue_batch(importer, files=files, jobs=1, settings=settings)
    worker = start_worker()
    wait_until(lambda: files_done(batch) >= 2, what="the worker to start the batch")
    os.killpg(worker.process.pid, signal.SIGTERM)
    worker.process.wait(timeout=60)

    batch.refresh_from_db()
    assert batch.status == "running" and batch.files_done < files
    assert_no_half_stored_article(batch)
    assert [job["status"] for job in ingest_jobs()] == ["succeeded", "todo"]  # the rest is queued again

    start_worker("--one-shot").wait()
    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.articles_created) == ("done", files, files)


def test_two_workers_share_a_batch_without_doing_a_file_twice(importer, job_queue, start_worker, settings):
    batch = queue_batch(importer, jobs=2, settings=settings)
    first, second = start_worker("--one-shot"), start_worker("--one-shot")
    first.wait(), second.wait()

    batch.refresh_from_db()
    # Counters are incremented once per processed file: a file done twice would push them past the total.
    assert list(batch.items.exclude(error="").values_list("filename", "error")) == []
    assert (batch.status, batch.files_done, batch.files_failed) == ("done", FILES, 0)
    assert batch.articles_created == FILES == Article.objects.count()
    assert batch.articles_known == 0
    assert_no_half_stored_article(batch)
    assert [job["status"] for job in ingest_jobs()] == ["succeeded", "succeeded"]


def requeue_stalled(seconds_since_heartbeat: float) -> int:
    """Run the periodic stalled-job retry once, here, as a worker would."""
    import asyncio

    from procrastinate.contrib.django import app

    from provenance.tasks import requeue_stalled_jobs

    async def once(worker_app) -> int:
        async with worker_app.open_async():
            return await requeue_stalled_jobs(worker_app.job_manager, seconds_since_heartbeat=seconds_since_heartbeat)

    with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
        return asyncio.run(once(worker_app))


def batch_whose_worker_died(importer, start_worker, settings) -> IngestBatch:
    """A batch whose only worker was killed (kill -9) two files in: its job stays "doing"."""
    batch = queue_batch(importer, jobs=1, settings=settings)
    worker = start_worker()
    wait_until(lambda: files_done(batch) >= 2, what="the worker to start the batch")
    worker.kill()
    return batch


def assert_finished_by_a_fresh_worker(batch: IngestBatch, start_worker) -> None:
    start_worker("--one-shot").wait()
    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.articles_created) == ("done", FILES, FILES)
    assert_no_half_stored_article(batch)


def test_the_job_of_a_dead_worker_is_requeued_and_the_import_resumes_by_itself(
    importer, job_queue, start_worker, settings
):
    batch = batch_whose_worker_died(importer, start_worker, settings)
    wait_until(lambda: item_locks_held_by_others() == 0, what="the server to roll back the killed worker's file")
    assert [job["status"] for job in ingest_jobs()] == ["doing"]  # stuck: its worker is gone

    # The periodic job finds it once the dead worker's heartbeat is older than the threshold.
    wait_until(lambda: requeue_stalled(seconds_since_heartbeat=1.0) == 1, what="the job to count as stalled")
    assert [job["status"] for job in ingest_jobs()] == ["todo"]
    assert_finished_by_a_fresh_worker(batch, start_worker)


@pytest.mark.slow
def test_the_recovery_worker_requeues_a_dead_workers_job_within_a_minute_while_no_other_worker_is_free(
    importer, job_queue, start_worker, settings
):
    import time

    batch = batch_whose_worker_died(importer, start_worker, settings)
    killed_at = time.monotonic()
    start_worker("--queues", "recovery")  # serves only the recovery queue: never takes the import itself
    wait_until(lambda: [job["status"] for job in ingest_jobs()] == ["todo"], timeout=75, what="the recovery worker")
    assert time.monotonic() - killed_at < 60, "heartbeats go stale after 30 s and recovery runs every 15 s"
    assert_finished_by_a_fresh_worker(batch, start_worker)
