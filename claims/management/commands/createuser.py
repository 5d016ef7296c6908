"""`manage.py createuser`: the old name of `create_user`, kept for one release (prints a note)."""

from __future__ import annotations

from claims.management.commands.create_user import Command as Renamed


class Command(Renamed):
    help = f"(old name of create_user, kept for one release) {Renamed.help}"

    def handle(self, *args, **options):
        self.stderr.write("note: `createuser` is now `create_user`; the old name goes in the next release")
        return super().handle(*args, **options)
