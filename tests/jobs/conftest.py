"""Fixtures for import batches and background jobs: an importer account, zips, and real worker processes."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def importer(django_user_model):
    """A user allowed to add material (the permission annotators and reviewers hold)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="importer", password="import-pass-1")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="provenance", codename="add_ingestbatch"))
    return user


@pytest.fixture
def importer_client(client, importer):
    client.force_login(importer)
    return client


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive holding members exactly as named (no path clean-up)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as bundle:
        for name, data in members.items():
            bundle.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def fictional_page(n: int, *, words: int = 180) -> bytes:
    """A small invented news page (HTML) about the fictional town of Marsk; each one's text is unique."""
    sentences = " ".join(
        f"Observers in Marsk counted {n * 7 + i} trucks crossing the Vell bridge in report {n}."
        for i in range(words // 12)
    )
    return (
        f"<html><head><title>Marsk convoy report {n}</title></head><body><article>"
        f"<h1>Marsk convoy report {n}</h1><p>By Ilse Doran, Vell Courier, 3 March 2031.</p>"
        f"<p>{sentences}</p><p>The council of Marsk said the convoy number {n} carried grain and fuel.</p>"
        f"</article></body></html>"
    ).encode()


def subprocess_env() -> dict[str, str]:
    """Environment for a child process that must use the test database this test run uses."""
    from django.db import connection

    settings = connection.settings_dict
    host = settings["HOST"] or "localhost"
    netloc = quote(host, safe="") if host.startswith("/") else host
    user = quote(settings["USER"] or "postgres", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgresql://{user}{password}@{netloc}{port}/{settings['NAME']}",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        PYTHONUNBUFFERED="1",
    )
    return env


class Worker:
    """A real `manage.py worker` process (it restarts itself if the database goes away) on the test database."""

    def __init__(self, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--skip-checks", *extra],
            cwd=ROOT,
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    def kill(self) -> None:
        """kill -9: no clean shutdown, no chance to finish the current transaction."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> str:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            output, _ = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            output = ""
        return output or ""

    def wait(self, timeout: float = 120) -> str:
        """Wait for a one-shot worker (--one-shot) to finish the queue and exit."""
        output, _ = self.process.communicate(timeout=timeout)
        return output


@pytest.fixture
def start_worker() -> Iterator[Callable[..., Worker]]:
    workers: list[Worker] = []

    def start(*extra: str) -> Worker:
        worker = Worker(*extra)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.kill()


def wait_until(condition: Callable[[], bool], *, timeout: float = 60, what: str = "condition") -> None:
    """Poll a condition on the database until it holds (a real process is working meanwhile)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def job_queue(transactional_db):
    """An empty job queue (procrastinate's tables are not emptied between tests like ours are)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
            "procrastinate_workers RESTART IDENTITY CASCADE"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_workers RESTART IDENTITY CASCADE")
    # Under Playwright's sync API this may run in another context than the test, with a connection of
    # its own that pytest-django would not close before dropping the test database.
    connection.close()


def run_jobs_here() -> None:
    """Run every queued job in this process, then return (a worker with wait=False)."""
    from procrastinate.contrib.django import app

    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


def ingest_jobs() -> list[dict]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, status, args FROM procrastinate_jobs WHERE task_name = 'provenance.tasks.ingest_batch' "
            "ORDER BY id"
        )
        # Django reads jsonb as text from a raw cursor
        return [{"id": row[0], "status": row[1], "args": json.loads(row[2])} for row in cursor.fetchall()]
