"""Dump the whole database (captures' bytes included) into a timestamped file with its manifest."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.backup import BackupError, Database, create_backup, default_folder


class Command(BaseCommand):
    help = (
        "Write a pg_dump of the database (custom format) and a manifest (rows per table, the captures' SHA-256 "
        "digest) into a folder, .data/backups/ by default (or BACKUP_DIR). Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help="the folder to write into (default: .data/backups/)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the manifest as JSON")

    def handle(self, *args, output: Path | None, as_json: bool, **options) -> None:
        try:
            backup = create_backup(
                database=Database.from_settings(connection.settings_dict), folder=output or default_folder()
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps({"dump": str(backup.dump), "manifest": backup.manifest}, indent=2))
            return
        manifest = backup.manifest
        self.stdout.write(
            f"{backup.dump} ({manifest['dump_bytes'] / 2**20:.1f} MB): {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values())} rows, {manifest['captures'].get('count', 0)} captures "
            f"(PostgreSQL {manifest['server_version']}, {Path(manifest['pg_dump']).name} {manifest['pg_dump_major']})"
        )
        self.stdout.write(f"manifest: {backup.manifest_path}")
