"""Bounded work: ingest one very large text file (20 MB by default) and report time, peak memory and outcome.

    .venv/bin/python bench/big_text.py [--megabytes 20] [--database bench_big_text]

The text is invented (fictional places and people). It goes in through the ingest service, as the
`ingest` command and the import jobs run it, into a fresh database dropped after. DEBUG is off, as
in production (Django would otherwise keep every statement, the text's included). The process's
memory is printed before the ingest too: Django, and the language model loaded by a first short
text, are there whatever the size of the next one.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--database", default="bench_big_text", help="the scratch database (dropped after)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    from bench.ingest import fresh_database, paragraphs
    from provenance.ingestion import ingest_paths, summarise
    from provenance.models import Article
    from provenance.text.detect import detect_language

    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "big.txt"
        with path.open("w", encoding="utf-8") as out:
            out.write("Marsk convoy log, the whole season\n\n")
            while out.tell() < args.megabytes * 1024 * 1024:
                out.write("\n\n".join(paragraphs(rng, 50)) + "\n\n")
        size = path.stat().st_size
        print(f"one text file of {size / 2**20:.1f} MB")
        with fresh_database(args.database):
            detect_language("Observers in Marsk counted trucks on the Vell bridge road, the council said.")
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"process before the ingest: {before:.0f} MB (Django, the language model)")
            started = time.perf_counter()
            summary = summarise(list(ingest_paths([path])))
            elapsed = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            grown = peak - before
            print(f"ingest: {elapsed:.1f} s, peak memory {peak:.0f} MB, {grown:+.0f} MB for this text ({summary})")
            for article in Article.objects.only("id", "review_note", "needs_review"):
                print(f"article {article.pk}: needs review {article.needs_review}; {article.review_note[:400]}")


if __name__ == "__main__":
    main()
