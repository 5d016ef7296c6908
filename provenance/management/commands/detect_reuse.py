"""Re-run text-reuse detection over the corpus (or some articles), with a progress bar."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from provenance.models import Article
from provenance.reuse import redetect
from provenance.services import ProvenanceError


class Command(BaseCommand):
    help = (
        "Index every article's text again and re-detect text-reuse derivations. Edges a person decided, "
        "and edges from other evidence, are kept as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("article_ids", nargs="*", type=int, help="only these articles (default: all)")
        parser.add_argument("--no-reindex", action="store_true", help="keep the stored band keys")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the summary as JSON")

    def handle(self, *args, article_ids: list[int], no_reindex: bool, as_json: bool, **options) -> None:
        total = len(set(article_ids)) if article_ids else Article.objects.count()
        show = not as_json and options.get("verbosity", 1) > 0
        with tqdm(total=total, unit="article", disable=not show, file=self.stderr) as bar:

            def progress(done: int) -> None:
                bar.update(done - bar.n)

            try:
                report = redetect(article_ids=article_ids or None, reindex=not no_reindex, progress=progress)
            except ProvenanceError as error:
                raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        self.stdout.write(
            f"{report.articles} article(s): {report.created} edge(s) created, {report.updated} updated, "
            f"{report.withdrawn} withdrawn, {len(report.refused)} refused"
        )
        for reason in report.refused[:20]:
            self.stdout.write(f"  refused: {reason}")
