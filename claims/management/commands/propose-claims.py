"""`manage.py propose-claims`: the old name of `propose_claims`, kept for one release (prints a note)."""

from __future__ import annotations

from claims.management.commands.propose_claims import Command as Renamed


class Command(Renamed):
    help = f"(old name of propose_claims, kept for one release) {Renamed.help}"

    def handle(self, *args, **options):
        self.stderr.write("note: `propose-claims` is now `propose_claims`; the old name goes in the next release")
        return super().handle(*args, **options)
