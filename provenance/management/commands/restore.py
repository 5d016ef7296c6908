"""Restore a backup made by `manage.py backup` into an empty database, then check it against its manifest."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backup import BackupError, database_from_url_or_settings, restore_backup


class Command(BaseCommand):
    help = (
        "Restore DUMP (a .dump file with its .json manifest beside it) into this project's database, or the one "
        "--database-url names. The database must be empty unless --replace is given (everything in it is dropped "
        "first). After the restore, every table's rows and every capture's SHA-256 are checked against the manifest."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("dump", type=Path, help="the .dump file written by `manage.py backup`")
        parser.add_argument("--database-url", help="restore into this database instead (postgresql://...)")
        parser.add_argument("--replace", action="store_true", help="drop everything in a non-empty database first")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the outcome as JSON")

    def handle(self, *args, dump: Path, database_url: str | None, replace: bool, as_json: bool, **options) -> None:
        try:
            database = database_from_url_or_settings(database_url)
            restored = restore_backup(dump=dump, database=database, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        outcome = {"database": database.name, "tables": restored.tables, "rows": restored.rows}
        outcome["captures"] = restored.captures
        if as_json:
            self.stdout.write(json.dumps({**outcome, "checked": True}, indent=2))
            return
        self.stdout.write(
            f"restored {dump.name} into {database.describe()}: {restored.tables} tables and {restored.rows} rows match "
            f"the manifest; {restored.captures} captures, each one's bytes hash to its SHA-256"
        )
