"""Where the database lives: a server named by DATABASE_URL, or an embedded PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url

EMBEDDED_DATA_DIR = Path(__file__).resolve().parent.parent / ".data" / "pg"
EMBEDDED_DATABASE = "provenance"
# JIT compilation costs 100+ ms per statement whose estimated cost is high, which our trigger
# functions' recursive CTEs reach on small tables with no statistics yet: never worth it here.
NO_JIT = "-c jit=off"
SERVER_HINT = (
    "set DATABASE_URL to a PostgreSQL server instead, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres"
)


class DatabaseConfigError(RuntimeError):
    """The database cannot be configured or started; the message says why and what to do."""


def parse_database_url(url: str) -> dict:
    """Turn a DATABASE_URL into a Django DATABASES entry, refusing anything but PostgreSQL."""
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise DatabaseConfigError(
            f"DATABASE_URL must be a postgresql:// URL, got scheme {scheme or '(none)'!r}: "
            "this project runs on PostgreSQL only"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise DatabaseConfigError(f"DATABASE_URL cannot be parsed: {error}") from error
    if not config.get("NAME"):
        raise DatabaseConfigError("DATABASE_URL names no database (add /DBNAME at the end)")
    config["ENGINE"] = "django.db.backends.postgresql"
    config.setdefault("OPTIONS", {}).setdefault("options", NO_JIT)
    return config


def start_embedded_server(data_dir: Path = EMBEDDED_DATA_DIR) -> str:
    """Start (or reuse) the embedded PostgreSQL in data_dir and return its connection URI.

    pgserver takes an inter-process lock while it initialises and starts the server, so
    two commands starting at once share one server. The server keeps running after this
    process exits (cleanup_mode=None) so later commands reuse it.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import pgserver
    except ImportError as error:  # pragma: no cover - only without requirements installed
        raise DatabaseConfigError(f"the embedded database needs pgserver ({error}); {SERVER_HINT}") from error
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    except Exception as error:
        raise DatabaseConfigError(
            f"the embedded PostgreSQL in {data_dir} could not start ({type(error).__name__}: {error}); "
            f"see {data_dir / 'log'}, or {SERVER_HINT}"
        ) from error
    return server.get_uri()


def ensure_embedded_database(data_dir: Path = EMBEDDED_DATA_DIR, name: str = EMBEDDED_DATABASE) -> dict:
    """Start the embedded server, create the project database if missing, return its settings."""
    import psycopg

    uri = start_embedded_server(data_dir)
    with psycopg.connect(uri, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            # another command may create it between our check and our create
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(uri)
    socket_dir = parse_qs(parts.query).get("host", [parts.hostname or ""])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": parts.username or "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"options": NO_JIT},
    }


def database_config() -> dict:
    """The DATABASES['default'] entry: DATABASE_URL when set, else the embedded server."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return parse_database_url(url)
    return ensure_embedded_database()
