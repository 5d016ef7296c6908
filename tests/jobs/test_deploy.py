"""Production settings pass `check --deploy`, refuse to start half-configured, and the health endpoint works."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys

import pytest

from tests.jobs.conftest import ROOT, subprocess_env


def production_env(**overrides: str) -> dict[str, str]:
    env = subprocess_env()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="provenance.example.org",
        CSRF_TRUSTED_ORIGINS="https://provenance.example.org",
    )
    env.pop("TEST_DATABASE_NAME", None)
    env.update(overrides)
    return {key: value for key, value in env.items() if value != "<unset>"}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.mark.django_db
def test_production_settings_pass_check_deploy_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without_a_required_variable(missing):
    result = manage("check", env=production_env(**{missing: "<unset>"}))
    assert result.returncode != 0
    assert f"{missing} must be set in the environment for production" in result.stderr


@pytest.mark.django_db
def test_production_settings_refuse_a_weak_secret_key():
    result = manage("check", env=production_env(SECRET_KEY="short"))
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 random characters" in result.stderr


HEALTHY = {"status": "ok", "database": "ok", "migrations": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    # Local settings do not require a worker: its absence is reported, and the answer is still ok.
    assert response.json() == {**HEALTHY, "workers": "none seen in 60 s (not required here)"}
    assert "no-cache" in response["Cache-Control"]


def worker_heartbeat(seconds_ago: int) -> None:
    """A row as a running procrastinate worker keeps fresh (procrastinate_workers.last_heartbeat)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - make_interval(secs => %s))",
            [seconds_ago],
        )


@pytest.mark.django_db
def test_health_requires_a_worker_seen_lately_where_the_settings_say_so(client, settings):
    settings.HEALTH_REQUIRE_WORKER = True
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {**HEALTHY, "status": "error", "workers": "none seen in 60 s"}

    worker_heartbeat(seconds_ago=300)  # a worker that died five minutes ago does not count
    assert client.get("/health/").json()["workers"] == "none seen in 60 s"

    worker_heartbeat(seconds_ago=5)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {**HEALTHY, "workers": "ok"}


@pytest.mark.django_db
def test_health_answers_503_naming_an_unapplied_migration(client):
    from django.db import connection

    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DELETE FROM django_migrations WHERE app = 'claims' AND name = '0002_review_append_only'")
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "ok"
    assert body["migrations"] == "1 unapplied: claims.0002_review_append_only"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_cache_has_no_table(client, settings):
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }
    call_command("createcachetable")
    assert client.get("/health/").json()["cache"] == "ok"

    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DROP TABLE django_cache")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        **HEALTHY,
        "status": "error",
        "cache": "missing table django_cache",
        "workers": "none seen in 60 s (not required here)",
    }


HEALTH_PROBE = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/health/", HTTP_HOST="provenance.example.org", secure=False)
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_unreachable_and_is_exempt_from_the_https_redirect():
    # Production settings in a child process, pointed at a port where no database listens.
    env = production_env(DATABASE_URL="postgresql://nobody@127.0.0.1:9/none", LOG_LEVEL="CRITICAL")
    result = subprocess.run(
        [sys.executable, "-c", HEALTH_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    # Every other check needs the database: each is named, as not checked.
    not_checked = "not checked: no database"
    assert answer == {
        "status": 503,
        "body": {
            "status": "error",
            "database": "unreachable",
            "migrations": not_checked,
            "cache": not_checked,
            "workers": not_checked,
        },
    }


def test_procfile_and_compose_describe_web_worker_and_postgresql():
    import yaml

    procfile = (ROOT / "Procfile").read_text()
    assert "web: gunicorn config.wsgi" in procfile
    assert "worker: python manage.py worker" in procfile
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "web", "worker", "migrate"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    assert "gunicorn config.wsgi" in services["web"]["command"]
    assert services["worker"]["command"].startswith("python manage.py worker")
    for name in ("web", "worker", "migrate"):
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
