"""`make run`'s stack: gunicorn with the serve settings answers without debug pages, and its key is kept."""

from __future__ import annotations

import json
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from config.secret_key import secret_key_from_file
from tests.jobs.conftest import ROOT, subprocess_env


def test_the_secret_key_is_made_once_readable_by_its_owner_only_and_then_reused(tmp_path):
    path = tmp_path / "data" / "secret_key"
    first = secret_key_from_file(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key_from_file(path) == first


def test_a_damaged_secret_key_file_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("short\n")
    with pytest.raises(ValueError, match="delete it and a new one is made"):
        secret_key_from_file(path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


@pytest.fixture
def served(transactional_db, tmp_path):
    """gunicorn with config.settings.serve on the test database, as `make run` starts it."""
    env = subprocess_env()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.serve",
        SECRET_KEY="",
        SECRET_KEY_FILE=str(tmp_path / "secret_key"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.pop("TEST_DATABASE_NAME", None)
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert collected.returncode == 0, collected.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            fetch(f"{base}/health/")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"gunicorn did not start: {server.communicate()[1][-2000:]}")
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=30)
    assert (tmp_path / "secret_key").is_file(), "the key was made into the data folder"


@pytest.mark.slow
def test_make_runs_stack_answers_a_plain_404_a_useful_api_index_and_its_static_files(served):
    status, content_type, body = fetch(f"{served}/no-such-page/")
    assert status == 404
    assert "Not found" in body
    for debug_sign in ("Traceback", "DEBUG = True", "URLconf", "settings", "Request Method"):
        assert debug_sign not in body

    status, content_type, body = fetch(f"{served}/api/v1/")
    assert status == 200 and content_type.startswith("application/json")
    index = json.loads(body)
    assert index["docs"] == f"{served}/api/v1/docs/"
    assert {"claims", "articles", "sources", "mentions"} <= set(index["resources"])
    assert fetch(index["resources"]["claims"]["url"])[0] == 401, "the listed URLs are real endpoints"

    status, _, body = fetch(f"{served}/api/v1/no-such-thing/")
    assert status == 404 and json.loads(body)["code"] == "not_found"

    css = next(part for part in fetch(f"{served}/no-such-page/")[2].split('"') if part.endswith(".css"))
    assert fetch(f"{served}{css}")[0] == 200, "whitenoise serves the hashed static files"
