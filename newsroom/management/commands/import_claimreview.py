"""Import others' fact-checks (schema.org ClaimReview) from files and URLs, and propose links to our claims."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from newsroom.factchecks import ClaimReviewError, import_claim_reviews


class Command(BaseCommand):
    help = (
        "Import ClaimReview from fact-check pages (JSON-LD) and JSON lists (files or http(s) URLs); all or nothing. "
        "Fact-checks already known (same URL and claim) are left as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="FILE|URL")
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, inputs: list[str], **options) -> None:
        try:
            report = import_claim_reviews(inputs=inputs)
        except ClaimReviewError as error:
            raise CommandError(f"{error}; nothing was imported") from None
        summary = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(
            f"{summary['created']} fact-check(s) imported, {summary['duplicates']} already known, "
            f"{summary['links_proposed']} link(s) to our claims proposed for review."
        )
