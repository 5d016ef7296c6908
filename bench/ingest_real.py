"""Ingestion speed on real pages, side by side with trafilatura alone in the same run.

    .venv/bin/python bench/ingest_real.py [--pages N] [--callers]

Reads the real pages of ../shared/benchmarks/readability-pages (never copied into the project)
and prints, in one run: pages/s for `trafilatura.bare_extraction` alone, for our text stages
(decode + analyse_page), for `ingest` end to end into an empty database (text reuse detected,
claim proposals queued), and for a second ingest of the same unchanged files; each as a ratio to
trafilatura alone, with SQL statements per new article (--callers: per new article by the project
function that ran them). Claim proposals are queued as jobs by the ingest (a worker runs them); the
queued jobs are then run in this process and timed apart (pages/s over the same pages). The database
is a fresh one made for the run (bench_<configured name>, next to the configured one), dropped after.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

PAGES_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "readability-pages"


def copy_pages(target: Path, limit: int | None) -> list[Path]:
    folders = sorted(path for path in PAGES_DIR.iterdir() if (path / "source.html").is_file())[:limit]
    copies = []
    for folder in folders:
        copy = target / f"{folder.name}.html"
        shutil.copyfile(folder / "source.html", copy)
        copies.append(copy)
    return copies


PROJECT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("provenance", "sources", "claims", "newsroom")


def caller() -> str:
    """The innermost project function (not a benchmark's) on the stack: where a statement comes from."""
    for frame in reversed(traceback.extract_stack()):
        path = Path(frame.filename)
        if path.is_relative_to(PROJECT) and path.relative_to(PROJECT).parts[0] in PROJECT_PARTS:
            return f"{path.relative_to(PROJECT)}:{frame.name}"
    return "(elsewhere)"


def propose_queued() -> int:
    """Run the claim-proposal jobs the ingest queued, in this process (what a worker does next)."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    from claims.tasks import PROPOSE_CLAIMS, propose_claims

    articles = 0
    for args in ProcrastinateJob.objects.filter(task_name=PROPOSE_CLAIMS, status="todo").values_list("args", flat=True):
        articles += propose_claims(**args)["articles"]
    return articles


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:6.1f} pages/s ({seconds:5.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="only the first N pages")
    parser.add_argument("--callers", action="store_true", help="print statements per new article by caller")
    args = parser.parse_args()
    if not PAGES_DIR.is_dir():
        sys.exit(f"needs {PAGES_DIR} (the workspace's shared/ folder), which is absent")

    import django

    django.setup()
    import trafilatura
    from django.db import connection

    from bench.ingest import fresh_database
    from provenance.ingestion import collect_inputs, ingest_paths, summarise
    from provenance.text.decode import decode_bytes
    from provenance.text.pipeline import analyse_page

    with tempfile.TemporaryDirectory() as scratch:
        pages = copy_pages(Path(scratch), args.pages)
        raw = [page.read_bytes() for page in pages]
        print(f"{len(pages)} real pages from {PAGES_DIR}")

        # first use pays each library's start-up (htmldate's locales, pysbd's patterns) once, as a worker does
        trafilatura.bare_extraction(raw[0].decode("utf-8", "replace"))
        started = time.perf_counter()
        for data in raw:
            trafilatura.bare_extraction(data.decode("utf-8", "replace"))
        reference = time.perf_counter() - started
        print(f"trafilatura.bare_extraction alone:  {rate(len(raw), reference)}   1.00x")

        decoded = decode_bytes(raw[0])
        analyse_page(decoded.text, media_type=decoded.media_type)
        started = time.perf_counter()
        failures = 0
        for data in raw:
            try:
                decoded = decode_bytes(data)
                analyse_page(decoded.text, media_type=decoded.media_type)
            except ValueError:
                failures += 1
        ours = time.perf_counter() - started
        print(
            f"our text stages (decode + analyse):  {rate(len(raw), ours)}   {reference / ours:.2f}x"
            f"   ({failures} page(s) without an article)"
        )

        inputs = collect_inputs([scratch])
        with fresh_database(f"bench_{connection.settings_dict['NAME']}"):
            statements: list[str] = []

            def count(execute, sql, params, many, context):
                statements.append(f"{caller()} {sql.split(None, 1)[0].upper()}" if args.callers else "")
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                started = time.perf_counter()
                first = summarise(list(ingest_paths([scratch], inputs=inputs)))
                end_to_end = time.perf_counter() - started
            per_article = len(statements) / max(first.articles_created, 1)
            print(
                f"ingest end to end (empty database): {rate(len(raw), end_to_end)}   {reference / end_to_end:.2f}x"
                f"   ({first}; {per_article:.1f} statements per new article)"
            )
            if args.callers:
                by_caller = collections.Counter(statements)
                for name, number in by_caller.most_common():
                    print(f"    {number / max(first.articles_created, 1):6.2f}  {name}")
            started = time.perf_counter()
            proposed = propose_queued()
            proposing = time.perf_counter() - started
            print(
                f"claim proposals (queued jobs, run here): {rate(len(raw), proposing)}   "
                f"{reference / proposing:.2f}x   ({proposed} articles; a worker runs them after the ingest)"
            )
            started = time.perf_counter()
            second = summarise(list(ingest_paths([scratch], inputs=inputs)))
            again = time.perf_counter() - started
            print(
                f"re-ingest of the unchanged files:    {rate(len(raw), again)}   {reference / again:.2f}x"
                f"   ({second}; {end_to_end / again:.1f}x faster than the first ingest)"
            )


if __name__ == "__main__":
    main()
