"""Check that the evidence holds: every capture's bytes, archive digest and timestamp tokens; non-zero exit if not."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from provenance.verification import captures_to_verify, trusted_tsa_roots, verify_capture


class Command(BaseCommand):
    help = (
        "Re-hash each capture's stored bytes against its SHA-256 (and the archive's digest where one was kept), "
        "and check each RFC 3161 timestamp token against the capture's hash and, with CAPTURE_TSA_CA_CERTS set, "
        "its signature and certificate chain. Prints ok, changed bytes or bad token per capture; exits with "
        "status 1 when any does not hold."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("capture_ids", nargs="*", type=int, help="only these captures")
        parser.add_argument("--all", action="store_true", help="every capture (the default when none is named)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="one JSON object per capture")

    def handle(self, *args, capture_ids: list[int], all: bool, as_json: bool, **options) -> None:
        if all and capture_ids:
            raise CommandError("name captures or give --all, not both")
        captures = captures_to_verify(capture_ids or None)
        if capture_ids:
            missing = sorted(set(capture_ids) - set(captures.values_list("id", flat=True)))
            if missing:
                raise CommandError(f"no capture {', '.join(map(str, missing))}")
        try:
            roots = trusted_tsa_roots()
        except ValueError as error:
            raise CommandError(str(error)) from error
        show = not as_json and options.get("verbosity", 1) > 0
        failed = checked = 0
        with tqdm(total=captures.count(), unit="capture", disable=not show, file=self.stderr) as bar:
            for capture in captures.iterator(chunk_size=50):
                check = verify_capture(capture, roots=roots)
                checked += 1
                failed += not check.ok
                bar.update()
                if as_json:
                    self.stdout.write(json.dumps(check.as_dict()))
                    continue
                self.stdout.write(f"capture {check.capture_id}: {check.outcome} - {check.label}")
                if not check.bytes_ok or options.get("verbosity", 1) > 1:
                    self.stdout.write(f"  bytes: {check.bytes_detail}")
                if check.archive_digest and (not check.archive_digest_ok or options.get("verbosity", 1) > 1):
                    self.stdout.write(f"  archive digest: {check.archive_digest}")
                for token in check.tokens:
                    state = "ok" if token.ok else "BAD"
                    self.stdout.write(f"  timestamp {state}: {token.tsa_name or token.tsa_url}, {token.gen_time}")
                    self.stdout.write(f"    {token.detail}")
        if not as_json:
            self.stdout.write(f"{checked} capture(s) checked: {checked - failed} hold, {failed} do not")
        if failed:
            raise CommandError(f"{failed} of {checked} capture(s) do not hold", returncode=1)
