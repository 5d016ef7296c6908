"""Backup and restore of the whole database with pg_dump / pg_restore, checked against a manifest.

A backup is two files in one folder: `provenance-<UTC time>.dump` (pg_dump's custom format: every
table, captures' bytes included, and the job queue) and `provenance-<UTC time>.json`, its manifest:
the row count of every table, the number of captures and one digest of all their SHA-256s, taken in
the same snapshot as the dump, and the dump file's own SHA-256. A restore checks the file against the
manifest first, refuses a database that already holds tables unless told to replace them, restores
in one transaction, then counts again and recomputes every capture's SHA-256 from its restored bytes.

The client programs must be at least as new as the server (and, to restore, as the pg_dump that
wrote the dump): the embedded PostgreSQL 16 ships its own in the pgserver package, Debian's are in
/usr/lib/postgresql/N/bin, PG_BIN_DIR names another folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from provenance.verification import CAPTURE_DIGEST_SQL, CAPTURES_NOT_MATCHING_BYTES_SQL

MANIFEST_FORMAT = 1
DUMP_SUFFIX = ".dump"
MANIFEST_SUFFIX = ".json"
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")
# The tables a user's data lives in, whatever the schema (pg_toast and temporary schemas aside).
USER_TABLES = """
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
       AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
     ORDER BY 1, 2
"""


class BackupError(RuntimeError):
    """A backup or restore cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """Where a database is, as libpq reads it from the environment (the password never on a command line)."""

    env: dict[str, str]

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        """From a Django DATABASES entry (DATABASE_URL or the embedded server's socket)."""
        env = {
            "PGHOST": str(settings_dict.get("HOST") or ""),
            "PGPORT": str(settings_dict.get("PORT") or ""),
            "PGUSER": str(settings_dict.get("USER") or ""),
            "PGPASSWORD": str(settings_dict.get("PASSWORD") or ""),
            "PGDATABASE": str(settings_dict["NAME"]),
        }
        options = settings_dict.get("OPTIONS") or {}
        for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
            if options.get(option):
                env[variable] = str(options[option])
        return cls({name: value for name, value in env.items() if value})

    @classmethod
    def from_url(cls, url: str) -> Database:
        """From a postgresql:// URL (the --database-url of restore)."""
        from config.database import DatabaseConfigError, parse_database_url

        try:
            return cls.from_settings(parse_database_url(url))
        except DatabaseConfigError as error:
            raise BackupError(str(error)) from error

    @property
    def name(self) -> str:
        return self.env["PGDATABASE"]

    def describe(self) -> str:
        """The database and its server, for messages (no password)."""
        host = self.env.get("PGHOST") or "localhost"
        port = f":{self.env['PGPORT']}" if self.env.get("PGPORT") else ""
        return f"database {self.name!r} on {host}{port}"

    def connect(self, **kwargs) -> psycopg.Connection:
        params = {
            "host": self.env.get("PGHOST"),
            "port": self.env.get("PGPORT"),
            "user": self.env.get("PGUSER"),
            "password": self.env.get("PGPASSWORD"),
            "dbname": self.name,
            "sslmode": self.env.get("PGSSLMODE"),
            "sslrootcert": self.env.get("PGSSLROOTCERT"),
        }
        try:
            return psycopg.connect(**{key: value for key, value in params.items() if value}, **kwargs)
        except psycopg.OperationalError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise BackupError(f"cannot connect to the {self.describe()}: {first_line}") from error


def server_major_version(connection: psycopg.Connection) -> int:
    return connection.info.server_version // 10000


# --- the client programs ---------------------------------------------------------------------------


def _candidate_folders() -> Iterable[Path]:
    if os.environ.get("PG_BIN_DIR"):
        yield Path(os.environ["PG_BIN_DIR"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            from pgserver._commands import POSTGRES_BIN_PATH  # the embedded server's own programs
    except ImportError:  # pragma: no cover - pgserver is in requirements.txt
        pass
    else:
        yield POSTGRES_BIN_PATH
    yield from sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if folder:
            yield Path(folder)


def tool_major_version(program: Path) -> int | None:
    try:
        output = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=20).stdout
    except OSError:
        return None
    found = re.search(r"\(PostgreSQL\) (\d+)", output)
    return int(found.group(1)) if found else None


def find_tool(name: str, *, at_least: int) -> tuple[Path, int]:
    """The program (pg_dump, pg_restore) of the lowest major version that is at least at_least."""
    found: dict[Path, int] = {}
    for folder in _candidate_folders():
        program = folder / name
        if program in found or not (program.is_file() and os.access(program, os.X_OK)):
            continue
        major = tool_major_version(program)
        if major is not None:
            found[program.resolve()] = major
    usable = sorted((major, str(program)) for program, major in found.items() if major >= at_least)
    if not usable:
        seen = ", ".join(f"{program} ({major})" for program, major in found.items()) or "none"
        raise BackupError(
            f"no {name} of PostgreSQL {at_least} or newer was found (seen: {seen}); install the PostgreSQL "
            f"{at_least} client programs or set PG_BIN_DIR to the folder holding them"
        )
    major, program = usable[0]
    return Path(program), major


def _run(command: list[str | Path], *, database: Database, what: str) -> None:
    env = {**os.environ, **database.env}
    result = subprocess.run([str(part) for part in command], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = "\n".join(line for line in result.stderr.strip().splitlines()[:20])
        raise BackupError(f"{what} failed (exit {result.returncode}):\n{detail}")


# --- what a backup holds ---------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def table_counts(connection: psycopg.Connection) -> dict[str, int]:
    """Exact row counts of every table, named schema.table."""
    counts = {}
    for schema, table in connection.execute(USER_TABLES).fetchall():
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
        counts[f"{schema}.{table}"] = connection.execute(query).fetchone()[0]
    return counts


def capture_digest(connection: psycopg.Connection) -> dict:
    count, digest = connection.execute(CAPTURE_DIGEST_SQL).fetchone()
    return {"count": count, "sha256_digest": digest}


@dataclass
class Backup:
    dump: Path
    manifest_path: Path
    manifest: dict = field(default_factory=dict)


def create_backup(*, database: Database, folder: Path, now: datetime | None = None) -> Backup:
    """Dump the database into folder with its manifest; both are written under a temporary name first."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    stem = f"{database.name}-{stamp}"
    dump, manifest_path = folder / f"{stem}{DUMP_SUFFIX}", folder / f"{stem}{MANIFEST_SUFFIX}"
    if dump.exists() or manifest_path.exists():
        raise BackupError(f"{dump} already exists; wait a second or choose another folder")
    partial = folder / f".{stem}{DUMP_SUFFIX}.partial"
    with database.connect(autocommit=False) as connection:
        server_major = server_major_version(connection)
        pg_dump, pg_dump_major = find_tool("pg_dump", at_least=server_major)
        # The counts and pg_dump read one snapshot, so the manifest describes the dump exactly even
        # while the application writes.
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = table_counts(connection)
        captures = capture_digest(connection) if "public.provenance_capture" in counts else {}
        try:
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    partial,
                ],
                database=database,
                what="pg_dump",
            )
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        server_version = connection.info.parameter_status("server_version")
        connection.rollback()
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "database": database.name,
        "server_version": server_version,
        "pg_dump": str(pg_dump),
        "pg_dump_major": pg_dump_major,
        "dump_file": dump.name,
        "dump_bytes": partial.stat().st_size,
        "dump_sha256": file_sha256(partial),
        "tables": counts,
        "captures": captures,
    }
    partial.rename(dump)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return Backup(dump=dump, manifest_path=manifest_path, manifest=manifest)


# --- restore ---------------------------------------------------------------------------------------


def manifest_for(dump: Path) -> tuple[Path, dict]:
    """The manifest written beside a dump, checked to describe that very file."""
    if not dump.is_file():
        raise BackupError(f"there is no backup file {dump}")
    manifest_path = dump.with_suffix(MANIFEST_SUFFIX)
    if not manifest_path.is_file():
        raise BackupError(f"{dump} has no manifest beside it ({manifest_path.name}); restore needs both files")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{manifest_path} is not a readable manifest ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT or "tables" not in manifest:
        raise BackupError(f"{manifest_path} is not a manifest of this project's backups (format {MANIFEST_FORMAT})")
    if file_sha256(dump) != manifest.get("dump_sha256"):
        raise BackupError(f"{dump} does not match its manifest's SHA-256: the file is damaged or not this backup")
    return manifest_path, manifest


def user_tables(connection: psycopg.Connection) -> list[str]:
    return [f"{schema}.{table}" for schema, table in connection.execute(USER_TABLES).fetchall()]


def empty_database(connection: psycopg.Connection) -> None:
    """Drop every schema but the system's, and give the database an empty public schema."""
    schemas = connection.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND nspname NOT LIKE 'pg\\_%'"
    ).fetchall()
    with connection.transaction():
        for (schema,) in schemas:
            connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
        connection.execute("CREATE SCHEMA public AUTHORIZATION pg_database_owner")
        connection.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")


def check_against_manifest(connection: psycopg.Connection, manifest: dict) -> list[str]:
    """What differs between a database and a backup's manifest: nothing when the restore is complete."""
    problems = []
    counts = table_counts(connection)
    for table, expected in sorted(manifest["tables"].items()):
        found = counts.get(table)
        if found is None:
            problems.append(f"table {table} is missing")
        elif found != expected:
            problems.append(f"table {table} has {found} rows, the backup {expected}")
    problems.extend(f"table {table} is not in the backup" for table in sorted(set(counts) - set(manifest["tables"])))
    if manifest.get("captures") and "public.provenance_capture" in counts:
        captures = capture_digest(connection)
        if captures != manifest["captures"]:
            problems.append(
                f"captures: {captures['count']} with SHA-256 digest {captures['sha256_digest'][:16]}..., "
                f"the backup {manifest['captures']['count']} with {manifest['captures']['sha256_digest'][:16]}..."
            )
        for capture_id, sha256 in connection.execute(CAPTURES_NOT_MATCHING_BYTES_SQL).fetchall():
            problems.append(f"capture {capture_id}: its bytes no longer hash to {sha256}")
    return problems


@dataclass
class Restore:
    manifest: dict
    tables: int
    rows: int
    captures: int


def restore_backup(*, dump: Path, database: Database, replace: bool = False) -> Restore:
    """Restore a backup into database (empty, or emptied first with replace) and check it."""
    _, manifest = manifest_for(dump)
    with database.connect(autocommit=True) as connection:
        server_major = server_major_version(connection)
        existing = user_tables(connection)
        if existing and not replace:
            shown = ", ".join(existing[:5]) + (", ..." if len(existing) > 5 else "")
            raise BackupError(
                f"the {database.describe()} is not empty ({len(existing)} tables: {shown}); restore into an "
                "empty database, or pass --replace to drop everything in it first"
            )
        pg_restore, _ = find_tool("pg_restore", at_least=max(server_major, int(manifest.get("pg_dump_major", 0))))
        if existing:
            empty_database(connection)
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            database.name,
            dump,
        ],
        database=database,
        what="pg_restore",
    )
    with database.connect(autocommit=True) as connection:
        connection.execute("ANALYZE")
        problems = check_against_manifest(connection, manifest)
    if problems:
        raise BackupError(
            f"the restored {database.describe()} does not match the backup's manifest:\n  " + "\n  ".join(problems)
        )
    return Restore(
        manifest=manifest,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        captures=(manifest.get("captures") or {}).get("count", 0),
    )


def default_folder() -> Path:
    from django.conf import settings

    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / ".data" / "backups")


def database_from_url_or_settings(url: str | None) -> Database:
    if url:
        if not urlsplit(url).scheme:
            raise BackupError("--database-url must be a postgresql:// URL")
        return Database.from_url(url)
    from django.db import connection

    return Database.from_settings(connection.settings_dict)
