"""Backup and restore: a database round-trips through `manage.py backup` / `restore` with every row and byte."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from config.backup import Database
from provenance import batches
from provenance.models import Capture
from tests.jobs.conftest import fictional_page

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_database():
    """An empty database on the test server, dropped after the test."""
    source = Database.from_settings(connection.settings_dict)
    name = f"{source.name}_restored"[:63]
    with source.connect(autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    target = Database({**source.env, "PGDATABASE": name})
    yield target
    with source.connect(autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def url_of(database: Database) -> str:
    env = database.env
    password = f":{env['PGPASSWORD']}" if env.get("PGPASSWORD") else ""
    host = env.get("PGHOST", "localhost")
    host = host.replace("/", "%2F")
    port = f":{env['PGPORT']}" if env.get("PGPORT") else ""
    return f"postgresql://{env.get('PGUSER', 'postgres')}{password}@{host}{port}/{database.name}"


@pytest.fixture
def corpus(make_claim, django_user_model):
    """A few captures (HTML, and text in a legacy code page), their articles, and claims."""
    importer = django_user_model.objects.create_user(username="importer", password="x")
    files = [(f"report-{n}.html", fictional_page(n, words=120)) for n in range(4)]
    files.append(("letter.txt", "Marsk, le 3 mars: café fermé, rue de l'Église.\n".encode("cp1252") * 20))
    incoming = batches.accept_files(files)
    batch = batches.start_batch(batch=batches.create_batch(files=incoming, created_by=importer), inline=True)
    assert batch.status == "done"
    claims = [make_claim(f"The Vell bridge carried {n} trucks.") for n in range(3)]
    assert Capture.objects.count() == 5
    return claims


def table_rows(database: Database) -> dict[str, int]:
    with database.connect() as conn:
        tables = conn.execute(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        return {
            f"{schema}.{table}": conn.execute(
                sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            ).fetchone()[0]
            for schema, table in tables
        }


def capture_hashes(database: Database) -> dict[int, tuple[str, str]]:
    """Each capture's recorded SHA-256 and the SHA-256 of its bytes, computed here from what the server gives."""
    with database.connect() as conn:
        rows = conn.execute("SELECT id, sha256, data FROM provenance_capture").fetchall()
    return {capture_id: (recorded, hashlib.sha256(bytes(data)).hexdigest()) for capture_id, recorded, data in rows}


def test_a_backup_restored_into_another_database_has_every_row_and_every_captures_bytes(
    corpus, second_database, tmp_path, capsys
):
    source = Database.from_settings(connection.settings_dict)
    call_command("backup", output=tmp_path, as_json=True)
    written = json.loads(capsys.readouterr().out)
    dump = tmp_path / written["dump"].rsplit("/", 1)[-1]
    assert dump.is_file() and dump.with_suffix(".json").is_file()
    manifest = written["manifest"]
    assert manifest["tables"]["public.provenance_capture"] == 5 and manifest["captures"]["count"] == 5
    assert manifest["tables"]["public.claims_claim"] >= 3  # ours, and those proposed from the articles

    call_command("restore", str(dump), database_url=url_of(second_database))
    assert "match the manifest; 5 captures" in capsys.readouterr().out

    source_rows, restored_rows = table_rows(source), table_rows(second_database)
    assert restored_rows == source_rows
    assert restored_rows["public.provenance_article"] == 5 and restored_rows["public.procrastinate_jobs"] >= 0
    source_hashes, restored_hashes = capture_hashes(source), capture_hashes(second_database)
    assert restored_hashes == source_hashes
    assert all(recorded == computed for recorded, computed in restored_hashes.values())


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(corpus, tmp_path):
    call_command("backup", output=tmp_path)
    dump = next(tmp_path.glob("*.dump"))
    source = Database.from_settings(connection.settings_dict)
    before = table_rows(source)
    with pytest.raises(CommandError, match=r"is not empty .* pass --replace"):
        call_command("restore", str(dump))
    assert table_rows(source) == before


def test_restore_replaces_a_database_when_told_and_checks_it(corpus, second_database, tmp_path):
    call_command("backup", output=tmp_path)
    dump = next(tmp_path.glob("*.dump"))
    target_url = url_of(second_database)
    call_command("restore", str(dump), database_url=target_url)
    with second_database.connect(autocommit=True) as conn:
        conn.execute("CREATE SCHEMA scratch")
        conn.execute("CREATE TABLE scratch.stray (id int)")
        conn.execute("CREATE TABLE stray AS SELECT * FROM claims_claim")
    call_command("restore", str(dump), database_url=target_url, replace=True)
    restored = table_rows(second_database)
    assert "public.stray" not in restored and "scratch.stray" not in restored
    assert restored == table_rows(Database.from_settings(connection.settings_dict))


def test_a_damaged_backup_file_is_refused_before_anything_is_touched(corpus, second_database, tmp_path):
    call_command("backup", output=tmp_path)
    dump = next(tmp_path.glob("*.dump"))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=r"does not match its manifest.s SHA-256"):
        call_command("restore", str(dump), database_url=url_of(second_database))
    dump.with_suffix(".json").unlink()
    with pytest.raises(CommandError, match="has no manifest beside it"):
        call_command("restore", str(dump), database_url=url_of(second_database))
    assert table_rows(second_database) == {}
