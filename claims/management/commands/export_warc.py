"""Export captures, an article or a claim's evidence as a WARC file (the API's /warc/ exports, on the command line)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.exports.links import Links
from claims.exports.web_archive import claim_export
from claims.models import Claim
from provenance.models import Article
from provenance.web_archive import article_export, captures_with_analysis, write_warc


class Command(BaseCommand):
    help = (
        "Write a gzipped WARC/1.1 of some captures, of an article's capture, or of the captures behind a claim's "
        "mentions, with our metadata records (the capture as kept, articles, outlets, derivations, timestamp "
        "tokens). pywb and ReplayWeb.page open it; warcio reads it."
    )

    def add_arguments(self, parser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--capture", type=int, nargs="+", dest="capture_ids", help="these captures")
        what.add_argument("--article", type=int, dest="article_id", help="this article's capture")
        what.add_argument("--claim", type=int, dest="claim_id", help="the captures behind this claim's mentions")
        parser.add_argument("-o", "--output", required=True, help="the file to write (.warc.gz)")
        parser.add_argument(
            "--base-url",
            default=settings.PUBLIC_BASE_URL or "http://127.0.0.1:8000",
            help="the instance's address, for the API addresses in the metadata (default: PUBLIC_BASE_URL)",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the summary as JSON")

    def handle(self, *args, capture_ids, article_id, claim_id, output: str, base_url: str, as_json: bool, **options):
        links = Links(base=base_url.rstrip("/"))
        namespaces = links.prov_namespaces()
        subject = None
        if capture_ids:
            captures = captures_with_analysis(capture_ids)
            missing = sorted(set(capture_ids) - {capture.pk for capture in captures})
            if missing:
                raise CommandError(f"no capture {', '.join(map(str, missing))}")
        elif article_id is not None:
            try:
                subject, captures = article_export(article_id, namespaces=namespaces)
            except Article.DoesNotExist:
                raise CommandError(f"no article {article_id}") from None
        else:
            try:
                subject, captures = claim_export(claim_id, links=links)
            except Claim.DoesNotExist:
                raise CommandError(f"no claim {claim_id}") from None
        path = Path(output)
        try:
            with path.open("wb") as out:
                write_warc(out, captures=captures, subject=subject, namespaces=namespaces, filename=path.name)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from error
        summary = {"file": str(path), "bytes": path.stat().st_size, "captures": [capture.pk for capture in captures]}
        if as_json:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(f"wrote {path} ({summary['bytes']} bytes): {len(captures)} capture(s)")
