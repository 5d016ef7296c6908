"""Learn house styles from the stored articles and suggest outlets where none is named, with a progress bar."""

from __future__ import annotations

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from provenance.house_style import suggest_outlets
from provenance.ingestion.service import IngestContext
from provenance.models import Article


class Command(BaseCommand):
    help = (
        "Read every article's house-style cues again (datelines, link markers, closing lines, self-references) "
        "and suggest an outlet, for review, to the articles that name none. Suggestions a person accepted or "
        "dismissed are kept as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("article_ids", nargs="*", type=int, help="only these articles (default: all)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the summary as JSON")

    def handle(self, *args, article_ids: list[int], as_json: bool, **options) -> None:
        articles = Article.objects.select_related("outlet").order_by("id")
        if article_ids:
            wanted = set(article_ids)
            missing = sorted(wanted - set(Article.objects.filter(pk__in=wanted).values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, missing))}; nothing was changed")
            articles = articles.filter(pk__in=wanted)
        context = IngestContext()
        show = not as_json and options.get("verbosity", 1) > 0
        with tqdm(total=articles.count(), unit="article", disable=not show, file=self.stderr) as bar:
            run = suggest_outlets(
                articles=articles.iterator(chunk_size=500),
                directory=context.directory,
                source_for=context.source_for_entry,
                progress=lambda: bar.update(1),
            )
        if as_json:
            self.stdout.write(json.dumps(asdict(run), indent=2))
            return
        self.stdout.write(
            f"{run.articles} article(s) read: {run.suggested} outlet(s) suggested, {run.ambiguous} ambiguous, "
            f"{run.decided} already decided by a person"
        )
