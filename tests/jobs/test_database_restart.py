"""A worker whose database restarts mid-import: it reconnects by itself, and every file is ingested once.

The test runs its own throwaway PostgreSQL (pgserver's binaries, in a temporary folder), because it
stops and starts the server: the shared test server must not go down. Everything happens in real
processes: `manage.py migrate`, a script that queues the import, and `manage.py worker`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from tests.jobs.conftest import ROOT, wait_until

pytestmark = pytest.mark.slow
FILES = 40
QUEUE_IMPORT = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from provenance import batches
from tests.jobs.conftest import fictional_page

importer = get_user_model().objects.create_user(username="importer", password="import-pass-1")
incoming = batches.accept_files([(f"dispatch-{{n}}.html", fictional_page(n, words=500)) for n in range({FILES})])
batch = batches.start_batch(batch=batches.create_batch(files=incoming, created_by=importer), inline=False)
print(batch.pk)
"""


class ThrowawayServer:
    """A PostgreSQL server of our own in a temporary folder, which the test may stop and start."""

    def __init__(self, folder: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import pgserver

        self.server = pgserver.get_server(folder, cleanup_mode="delete")
        self.folder = folder
        self.socket_dir = str(self.server.get_postmaster_info().socket_dir)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@{quote(self.socket_dir, safe='')}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host=self.socket_dir, user="postgres", dbname=database, autocommit=True)

    def stop(self, mode: str = "fast") -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(["-m", mode, "-w", "stop"], pgdata=self.folder, user=self.server.system_user)

    def start(self) -> None:
        if self.server.system_user:  # as root, pgserver runs the server as its own user, who must reach the folder
            from pgserver.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.folder)
        self.server.ensure_postgres_running()
        assert str(self.server.get_postmaster_info().socket_dir) == self.socket_dir

    def cleanup(self) -> None:
        self.server.cleanup()


@pytest.fixture
def throwaway_database():
    """A migrated project database on a throwaway server; yields (server, environment for its processes).

    Its folder is not under pytest's tmp_path: another pytest session makes that root private again,
    and the server may run as another user (pgserver's, under root).
    """
    scratch = Path(tempfile.mkdtemp(prefix="provenance-pg-"))
    server = ThrowawayServer(scratch / "pg")
    try:
        with server.connect() as connection:
            connection.execute("CREATE DATABASE provenance")
        env = {
            **os.environ,
            "DATABASE_URL": server.url("provenance"),
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "PYTHONUNBUFFERED": "1",
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--skip-checks", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        yield server, env
    finally:
        server.cleanup()
        shutil.rmtree(scratch, ignore_errors=True)


def read(server: ThrowawayServer, query: str, *params) -> list[tuple] | None:
    """Rows from the project database, or None while the server is down."""
    try:
        with server.connect("provenance") as connection:
            return connection.execute(query, params).fetchall()
    except psycopg.OperationalError:
        return None


def batch_state(server: ThrowawayServer, batch_id: int) -> tuple | None:
    rows = read(
        server,
        "SELECT status, files_done, files_failed, articles_created, articles_known, error "
        "FROM provenance_ingestbatch WHERE id = %s",
        batch_id,
    )
    return rows[0] if rows else None


def inside_a_file(server: ThrowawayServer) -> bool:
    """The worker holds an item's row lock: it is in the middle of a file's transaction."""
    rows = read(
        server,
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE c.relname = 'provenance_ingestitem' AND l.pid <> pg_backend_pid()",
    )
    return bool(rows and rows[0][0])


def test_a_worker_survives_a_database_restart_mid_import_and_every_file_is_ingested_once(throwaway_database):
    server, env = throwaway_database
    queued = subprocess.run(
        [sys.executable, "-c", QUEUE_IMPORT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert queued.returncode == 0, queued.stderr
    batch_id = int(queued.stdout.split()[-1])
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        wait_until(
            lambda: (batch_state(server, batch_id) or (None, 0))[1] >= 5 and inside_a_file(server),
            timeout=180,
            what="the worker to be inside a file, five files in",
        )
        server.stop("fast")  # every connection is cut: the file in progress rolls back
        time.sleep(3)
        assert worker.poll() is None, "the worker exited when the database went away"
        server.start()
        restarted = time.monotonic()

        wait_until(lambda: (batch_state(server, batch_id) or ("",))[0] == "done", timeout=120, what="the import")
        recovered_in = time.monotonic() - restarted
        assert worker.poll() is None, "the worker must keep running after the database came back"
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
        output, _ = worker.communicate(timeout=60)

    assert recovered_in < 60, f"the import took {recovered_in:.0f} s to finish after the restart"
    assert "lost the database" in output
    status, files_done, files_failed, created, known, error = batch_state(server, batch_id)
    assert (status, files_done, files_failed, created, known, error) == ("done", FILES, 0, FILES, 0, "")
    # Each file exactly once: one article per file, each from its own capture, no item left or failed.
    assert read(server, "SELECT count(*), count(DISTINCT capture_id) FROM provenance_article") == [(FILES, FILES)]
    assert read(
        server, "SELECT status, count(*) FROM provenance_ingestitem WHERE batch_id = %s GROUP BY status", batch_id
    ) == [("done", FILES)]
    assert worker.returncode == 0, output[-2000:]
