"""Run a background worker that survives a database restart (procrastinate's worker, restarted with back-off)."""

from __future__ import annotations

import asyncio

from django.conf import settings
from django.core.management.base import BaseCommand
from procrastinate.contrib.django import app
from procrastinate.contrib.django.utils import connector_params

from config.worker import SupervisedWorker


class Command(BaseCommand):
    help = (
        "Run background jobs (imports, text reuse, claim proposals, recovery of dead workers' jobs). When the "
        "database goes away the worker waits for it with growing pauses and starts again, putting back in the "
        "queue the jobs it held; SIGTERM stops it after the file it is on."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "-q", "--queues", default="", help="comma-separated queues to serve, e.g. recovery (default: all)"
        )
        parser.add_argument("-c", "--concurrency", type=int, default=1, help="jobs run at once (default 1)")
        parser.add_argument("-n", "--name", default=None, help="the worker's name in the logs")
        parser.add_argument(
            "--one-shot", action="store_true", help="stop once the queues are empty instead of waiting for jobs"
        )

    def handle(self, *args, queues: str, concurrency: int, name: str | None, one_shot: bool, **options) -> None:
        worker_options = {
            "queues": [queue.strip() for queue in queues.split(",") if queue.strip()] or None,
            "concurrency": concurrency,
            "wait": not one_shot,
        }
        if name:
            worker_options["name"] = name
        self.stderr.write(f"worker on {queues or 'all queues'}; restarted with back-off if the database goes away")
        with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
            supervised = SupervisedWorker(
                worker_app,
                options=worker_options,
                max_wait=settings.WORKER_RECONNECT_MAX_SECONDS,
                probe_params=connector_params(),
            )
            asyncio.run(supervised.run())
