"""Ingest pages: `manage.py ingest PATH [PATH ...] [--outlet NAME] [--url URL] [--json]`."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from provenance.ingestion import check_url, collect_inputs, ingest_paths, queued_work, report_rows, summarise

# Up to this many files, no progress bar: the summary comes soon enough.
PROGRESS_FROM_FILES = 6


class Command(BaseCommand):
    help = (
        "Ingest .html, .htm and .txt pages (files, directories searched recursively, zip archives) and the "
        "pages of web archives (.warc, .warc.gz, .wacz, .mhtml) into articles with their outlet, authors, date, "
        "language and derivations."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file, a directory, a zip or a web archive")
        parser.add_argument("--outlet", help="the outlet that published the page(s), when the page does not say")
        parser.add_argument("--url", help="the address the page was saved from")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print one JSON array: one object per article, one per failed file",
        )

    def handle(self, *args, paths: list[str], outlet: str | None, url: str | None, as_json: bool, **options) -> None:
        if url:
            try:
                check_url(url)
            except ValueError as error:
                raise CommandError(f"--url: {error}") from error
        inputs = collect_inputs(paths)
        show_progress = not as_json and sys.stdout.isatty() and len(inputs) >= PROGRESS_FROM_FILES
        results = []
        with tqdm(total=len(inputs), unit="file", disable=not show_progress) as progress:
            for result in ingest_paths(paths, outlet_name=outlet, url=url, inputs=inputs):
                results.append(result)
                if result.error and not as_json:
                    progress.write(result.error, file=sys.stderr)
                progress.update(1)
        summary = summarise(results)
        if as_json:
            self.stdout.write(_dumps(report_rows(results)))
            self.stderr.write(str(summary))
        else:
            self.stdout.write(str(summary))
        for work, articles in queued_work(results).items():
            (self.stderr if as_json else self.stdout).write(
                f"{work} queued for {articles} new article(s): a worker runs them (`manage.py worker`, "
                "started by `make run`; `manage.py worker --one-shot` empties the queue and stops)"
            )
        if summary.files_failed:
            raise CommandError(f"{summary.files_failed} file(s) could not be ingested", returncode=1)


def _dumps(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
