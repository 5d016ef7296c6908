"""The database set-up: embedded PostgreSQL start and reuse, and clear errors for a bad DATABASE_URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.database import DatabaseConfigError, parse_database_url

ROOT = Path(__file__).resolve().parent.parent.parent
START_SCRIPT = (
    "import sys, pgserver\n"
    "from pathlib import Path\n"
    "from config.database import start_embedded_server\n"
    "uri = start_embedded_server(Path(sys.argv[1]))\n"
    "print(uri, pgserver.get_server(Path(sys.argv[1]), cleanup_mode=None).get_pid())\n"
)
STOP_SCRIPT = "import sys, pgserver\npgserver.get_server(sys.argv[1], cleanup_mode='delete').cleanup()\n"


def run_python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.slow
def test_embedded_server_starts_once_and_is_reused(tmp_path):
    data_dir = tmp_path / "pg"
    try:
        # two commands starting at once share one server
        first, second = run_python(START_SCRIPT, str(data_dir)), run_python(START_SCRIPT, str(data_dir))
        outputs = [process.communicate(timeout=120) for process in (first, second)]
        assert first.returncode == 0 and second.returncode == 0, outputs
        (uri_a, pid_a), (uri_b, pid_b) = (out.split() for out, _ in outputs)
        assert uri_a == uri_b and pid_a == pid_b
        # a later command reuses the running server
        later_out, later_err = run_python(START_SCRIPT, str(data_dir)).communicate(timeout=60)
        assert later_out.split()[1] == pid_a, later_err
        assert (data_dir / "PG_VERSION").exists()
    finally:
        run_python(STOP_SCRIPT, str(data_dir)).communicate(timeout=60)


def test_a_non_postgres_url_is_refused_with_a_clear_message():
    with pytest.raises(DatabaseConfigError, match="PostgreSQL only"):
        parse_database_url("sqlite:///db.sqlite3")


def test_a_url_without_database_name_is_refused():
    with pytest.raises(DatabaseConfigError, match="names no database"):
        parse_database_url("postgresql://postgres@127.0.0.1:5432")


def test_a_server_url_is_parsed_into_django_settings():
    config = parse_database_url("postgresql://alice:secret@db.example:6543/newsroom")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("db.example", 6543, "newsroom", "alice")


def manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_manage_py_with_a_wrong_scheme_prints_one_line():
    result = manage("check", database_url="mysql://root@127.0.0.1/test")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "database error: DATABASE_URL must be a postgresql:// URL, got scheme 'mysql': "
        "this project runs on PostgreSQL only"
    )


def test_manage_py_with_an_unreachable_server_prints_one_line():
    result = manage("migrate", "--plan", database_url="postgresql://postgres@127.0.0.1:9/nowhere")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("database error: cannot use the database"), result.stderr
