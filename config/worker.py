"""A background worker that outlives its database: restarted with back-off when the connection is lost.

procrastinate's worker stops as soon as the database goes away (its heartbeat or listener fails,
"side task ... failed, stopping worker"), and the job it was running stays "doing". Here the worker
runs in a loop: when it stops because the connection was lost, the loop waits for the server with
growing pauses (1 s, 2 s, 4 s ... up to WORKER_RECONNECT_MAX_SECONDS), puts back in the queue the
jobs the lost worker held (and any other dead worker's, as the periodic recovery does), and starts
a fresh worker. SIGTERM and SIGINT stop it for good, the current job handled as procrastinate does.
Any other error ends the process, for the supervisor (systemd, compose) to show and restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Iterator
from typing import Any

import psycopg
from procrastinate import App, utils
from procrastinate.worker import Worker

logger = logging.getLogger("provenance.worker")

FIRST_WAIT_SECONDS = 1.0
# A worker that ran this long before losing the database starts its back-off from the first wait again.
STABLE_AFTER_SECONDS = 60.0
PROBE_TIMEOUT_SECONDS = 5


def causes(error: BaseException) -> Iterator[BaseException]:
    return utils.causes(error)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__


def is_connection_loss(error: BaseException) -> bool:
    """Whether an error (or what caused it) is the database being unreachable, not a bug or a bad schema."""
    from django.db import InterfaceError as DjangoInterfaceError
    from django.db import OperationalError as DjangoOperationalError

    lost = (psycopg.OperationalError, psycopg.InterfaceError, DjangoOperationalError, DjangoInterfaceError, OSError)
    return any(isinstance(cause, lost) for cause in causes(error))


def back_off(previous: float, *, maximum: float) -> float:
    return min(maximum, previous * 2)


async def requeue_jobs_of(app: App, *, worker_id: int | None) -> int:
    """Put back in the queue the jobs the lost worker was running, and those of any dead worker."""
    from provenance.tasks import requeue_stalled_jobs

    requeued = 0
    if worker_id is not None:
        for job in await app.job_manager.list_jobs_async(status="doing", worker_id=worker_id):
            logger.warning("retrying job %s (%s): its worker lost the database", job.id, job.task_name)
            await app.job_manager.retry_job(job)
            requeued += 1
        await app.job_manager.unregister_worker(worker_id)
    return requeued + await requeue_stalled_jobs(app.job_manager)


class SupervisedWorker:
    """One procrastinate worker at a time, started again after each loss of the database."""

    def __init__(self, app: App, *, options: dict[str, Any], max_wait: float, probe_params: dict[str, Any]) -> None:
        self.app = app
        self.options = {**options, "install_signal_handlers": False}
        self.max_wait = max_wait
        self.probe_params = probe_params
        self.worker: Worker | None = None
        self.stopping = asyncio.Event()
        self.restarts = 0

    def stop(self) -> None:
        """Stop for good: the running worker finishes as procrastinate stops it, then the loop ends."""
        self.stopping.set()
        if self.worker is not None:
            self.worker.stop()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.stop)
        self.app.perform_import_paths()
        wait = FIRST_WAIT_SECONDS
        lost_worker_id: int | None = None
        try:
            while not self.stopping.is_set():
                started = time.monotonic()
                try:
                    lost_worker_id = await self._run_once(lost_worker_id)
                except Exception as error:
                    if not is_connection_loss(error):
                        raise
                    lost_worker_id = self.worker.worker_id if self.worker else lost_worker_id
                    reason = first_line(error)
                else:
                    if self.stopping.is_set() or not self.options.get("wait", True):
                        return
                    reason = "a side task of the worker failed"
                if self.stopping.is_set():
                    return
                if time.monotonic() - started > STABLE_AFTER_SECONDS:
                    wait = FIRST_WAIT_SECONDS
                self.restarts += 1
                logger.warning("the worker lost the database (%s); starting it again once the server answers", reason)
                wait = await self._wait_for_database(wait)
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)

    async def _run_once(self, lost_worker_id: int | None) -> int | None:
        """Open the app, recover what a lost worker left, run a fresh worker until it stops."""
        self.worker = None
        async with self.app.open_async():
            if self.restarts:
                requeued = await requeue_jobs_of(self.app, worker_id=lost_worker_id)
                logger.warning("the database is back: %s job(s) put back in the queue; worker starting again", requeued)
            if self.stopping.is_set():
                return None
            self.worker = Worker(app=self.app, **{**self.app.worker_defaults, **self.options})
            await self.worker.run()
        return None

    async def _wait_for_database(self, wait: float) -> float:
        """Sleep, then try the server, with doubling pauses until it answers (or we are told to stop)."""
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), timeout=wait)
            wait = back_off(wait, maximum=self.max_wait)
            if self.stopping.is_set():
                break
            try:
                connection = await psycopg.AsyncConnection.connect(
                    **self.probe_params, connect_timeout=PROBE_TIMEOUT_SECONDS
                )
            except (psycopg.Error, OSError) as error:
                logger.warning("the database is still unreachable (%s); next try in %.0f s", type(error).__name__, wait)
                continue
            await connection.close()
            break
        return wait
