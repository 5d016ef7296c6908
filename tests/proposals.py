"""Claim proposals queued by an ingest, run here: the test's own transaction holds the jobs, so no worker sees them."""

from __future__ import annotations


def run_queued_proposals() -> int:
    """Run every queued propose_claims job in this process and transaction, as a worker would; returns how many."""
    from django.db import connection
    from procrastinate.contrib.django.models import ProcrastinateJob

    from claims.tasks import PROPOSE_CLAIMS, propose_claims

    jobs = list(ProcrastinateJob.objects.filter(task_name=PROPOSE_CLAIMS, status="todo").order_by("id"))
    for job in jobs:
        propose_claims(**job.args)
        with connection.cursor() as cursor:
            cursor.execute("SELECT procrastinate_finish_job_v1(%s, 'succeeded', false)", [job.id])
    return len(jobs)
