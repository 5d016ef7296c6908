"""`manage.py propose_claims [--article ID ... | --all] [--json]`: propose claim mentions for stored articles."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from claims.services.proposals import ProposalSummary, propose_for_article
from provenance.models import Article


class Command(BaseCommand):
    help = (
        "Propose claim mentions (status 'proposed') for the given articles or for all of them, and carry "
        "accepted mentions to the copies in each article's chain. Running it again adds only what is new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--article", type=int, action="append", metavar="ID", help="an article id (repeatable)")
        which.add_argument("--all", action="store_true", help="every stored article")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options) -> None:
        if options["all"]:
            ids = list(Article.objects.order_by("id").values_list("id", flat=True))
        else:
            ids = sorted(set(options["article"]))
            known = set(Article.objects.filter(pk__in=ids).values_list("id", flat=True))
            missing = [str(i) for i in ids if i not in known]
            if missing:
                raise CommandError(f"no article with id {', '.join(missing)}; nothing was proposed")
        summary = ProposalSummary()
        progress = tqdm(
            total=len(ids), unit="article", desc="proposing", disable=not self.stderr.isatty(), file=self.stderr._out
        )
        with progress:
            for article_id in ids:
                summary.add(propose_for_article(article=Article(pk=article_id)))
                progress.update()
        if options["json"]:
            report = {key: value for key, value in summary.__dict__.items() if key != "reports"}
            report["articles_report"] = [r.as_dict() for r in summary.reports]
            self.stdout.write(json.dumps(report, indent=2))
            return
        self.stdout.write(
            f"{summary.articles} article(s): {summary.mentions_created} mention(s) proposed "
            f"({summary.claims_created} new claim(s), {summary.claims_matched} matched to existing claims), "
            f"{summary.denials_linked} denial(s), {summary.confirmations_linked} confirmation(s) and "
            f"{summary.questions_linked} question(s) linked to the claim they are about ({summary.left_out} about "
            f"nothing found, left out), {summary.sources_created} source(s) created for review, "
            f"{summary.carried} mention(s) carried from copies"
        )
