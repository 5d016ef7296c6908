"""Capture pages from the web: `manage.py capture URL [URL ...] [--outlet NAME] [--ignore-robots-txt] [--json]`."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from provenance import batches
from provenance.models import IngestBatch, IngestItem

# Up to this many links, no progress bar: the summary comes soon enough.
PROGRESS_FROM_LINKS = 6


class Command(BaseCommand):
    help = (
        "Fetch web pages (safely: public addresses only, robots.txt respected, bounded in time and size) "
        "and ingest them as one import batch; each fetch is kept as a capture with its HTTP record."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("urls", nargs="+", metavar="URL", help="an http:// or https:// link")
        parser.add_argument("--outlet", default="", help="the outlet that published the pages, when they do not say")
        parser.add_argument(
            "--ignore-robots-txt",
            action="store_true",
            help="fetch even where the site's robots.txt does not allow it (for this batch only)",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON array: the report of every link"
        )

    def handle(self, *args, urls: list[str], outlet: str, ignore_robots_txt: bool, as_json: bool, **options) -> None:
        try:
            batch = batches.create_link_batch(
                urls=urls, origin="command", outlet_name=outlet, respect_robots_txt=not ignore_robots_txt
            )
        except batches.BatchError as error:
            raise CommandError(str(error)) from error
        show_progress = not as_json and sys.stdout.isatty() and batch.files_total >= PROGRESS_FROM_LINKS
        with tqdm(total=batch.files_total, unit="link", disable=not show_progress) as progress:

            def advance(*, batch_id: int, item_id: int, **kwargs) -> None:
                if batch_id == batch.pk:
                    progress.update(1)

            batches.batch_item_done.connect(advance, sender=IngestBatch, weak=False)
            try:
                batch = batches.execute_batch(batch_id=batch.pk)
            finally:
                batches.batch_item_done.disconnect(advance, sender=IngestBatch)
        report = batches.batch_report(batch)
        failed = batch.items.filter(status=IngestItem.Status.FAILED).values_list("error", flat=True)
        summary = (
            f"links: {batch.files_total}, articles created: {batch.articles_created}, "
            f"already known: {batch.articles_known}, failed: {batch.files_failed} (import #{batch.pk})"
        )
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
            self.stderr.write(summary)
        else:
            for error in failed:
                self.stderr.write(error)
            self.stdout.write(summary)
        if batch.files_failed:
            raise CommandError(f"{batch.files_failed} link(s) could not be captured", returncode=1)
