"""Benchmark of the provenance engine on the synthetic corpus: edge precision/recall/F1, origins, speed.

Runs in its own database (created and dropped on the same PostgreSQL server as the project's), so
the development data is never touched. Articles go in through the services, as ingestion stores
them (create_article, then provenance.reuse.index_and_detect), so this measures the engine itself.

    .venv/bin/python bench/provenance.py --articles 10000
    .venv/bin/python bench/provenance.py --scaling     # 1,000, 4,000 and 16,000 articles: time per 1,000 of each

With several sizes, each is a run of its own (a fresh database; the generator scales its topics with
the corpus), and the table compares their time per 1,000 articles: text reuse stays linear when the
ratio to the smallest stays near 1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and its provenance.py would shadow the app.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


_PROJECT_DATABASE: dict[str, str] = {}


def _use_database(name: str) -> None:
    """Point Django at a fresh database `name` on the configured server (dropped if it exists)."""
    import psycopg
    from django.conf import settings

    default = settings.DATABASES["default"]
    params = {
        "host": default.get("HOST") or None,
        "port": default.get("PORT") or None,
        "user": default.get("USER") or None,
        "password": default.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    _PROJECT_DATABASE.setdefault("name", default["NAME"])  # the project's own, remembered across runs
    if name == _PROJECT_DATABASE["name"]:
        raise SystemExit(f"refusing to benchmark in the project database {name!r}: choose another --database")
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    default["NAME"] = name
    default.pop("TEST", None)


def _drop_database(name: str) -> None:
    import psycopg
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    default = settings.DATABASES["default"]
    params = {"host": default.get("HOST"), "port": default.get("PORT"), "user": default.get("USER")}
    params = {k: v for k, v in params.items() if v}
    with psycopg.connect(**params, password=default.get("PASSWORD") or None, dbname="postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def _counting() -> Iterator[Counter]:
    """Count, while detection runs, candidates per article and the candidates aligned in full."""
    import provenance.reuse as reuse
    from provenance.text import reuse as text_reuse

    counts: Counter = Counter()
    candidate_ids, compare = reuse.candidate_ids, text_reuse.compare

    def counted_candidates(**kwargs):
        ids = candidate_ids(**kwargs)
        counts["lookups"] += 1
        counts["candidates"] += len(ids)
        return ids

    def counted_compare(a, b):
        counts["aligned"] += 1
        return compare(a, b)

    reuse.candidate_ids, text_reuse.compare = counted_candidates, counted_compare
    try:
        yield counts
    finally:
        reuse.candidate_ids, text_reuse.compare = candidate_ids, compare


def run(total: int, seed: int, quiet: bool) -> dict:
    """Load the corpus through the services and score the derivation edges and origins."""
    with _counting() as counts:
        figures = _run(total, seed, quiet)
    lookups = counts["lookups"] or 1
    figures["candidates_per_lookup"] = round(counts["candidates"] / lookups, 2)
    figures["aligned_per_lookup"] = round(counts["aligned"] / lookups, 2)
    return figures


def _run(total: int, seed: int, quiet: bool) -> dict:
    from django.db import connection
    from tqdm import tqdm

    from bench.corpus import generate_corpus
    from provenance.models import Derivation, TextBand
    from provenance.reuse import index_and_detect
    from provenance.selectors import origins_for
    from provenance.services import create_article
    from sources.services import create_source

    outlets: dict[str, object] = {}
    ids: dict[int, int] = {}
    gold_edges: set[tuple[int, int]] = set()
    gold_kinds: dict[tuple[int, int], str] = {}
    gold_origins: dict[int, frozenset[int]] = {}
    store_seconds = detect_seconds = 0.0
    tenth = max(1, total // 10)
    marks: list[float] = []  # time at each tenth of the corpus: the rate must not fall as the corpus grows
    started, cpu_started = time.perf_counter(), time.process_time()
    for item in tqdm(generate_corpus(total, seed=seed), total=total, disable=quiet, unit="article"):
        outlet = outlets.get(item.outlet)
        if outlet is None:
            outlet = outlets[item.outlet] = create_source(name=item.outlet)
        t0 = time.perf_counter()
        article, _ = create_article(
            title=item.title,
            body=item.body,
            language="en",
            outlet=outlet,
            published=item.published,
            attribution_lines=item.attribution_lines,
        )
        t1 = time.perf_counter()
        index_and_detect(article=article)
        t2 = time.perf_counter()
        store_seconds += t1 - t0
        detect_seconds += t2 - t1
        ids[item.key] = article.pk
        if len(ids) % tenth == 0:
            marks.append(time.perf_counter())
        gold_origins[article.pk] = item.gold_origins
        for source in item.gold_sources:
            gold_edges.add((article.pk, ids[source]))
            gold_kinds[(article.pk, ids[source])] = item.kind
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    tenths = [b - a for a, b in zip([started, *marks], marks, strict=False)]

    predicted = {
        (derived, source): kind
        for derived, source, kind in Derivation.objects.exclude(status=Derivation.Status.REJECTED)
        .filter(source_article__isnull=False)
        .values_list("derived_id", "source_article_id", "kind")
    }
    true_positive = gold_edges & set(predicted)
    precision = len(true_positive) / len(predicted) if predicted else 0.0
    recall = len(true_positive) / len(gold_edges) if gold_edges else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    kinds_right = sum(1 for edge in true_positive if predicted[edge] == gold_kinds[edge])
    origins = origins_for(ids.values())
    origin_right = sum(
        1
        for pk, origin in origins.items()
        if origin.article_id is not None and origin.article_id in {ids[k] for k in gold_origins[pk]}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        database_bytes = cursor.fetchone()[0]
    return {
        "articles": total,
        "seed": seed,
        "gold_edges": len(gold_edges),
        "predicted_edges": len(predicted),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "kind_accuracy": round(kinds_right / len(true_positive), 4) if true_positive else 0.0,
        "origin_accuracy": round(origin_right / len(ids), 4) if ids else 0.0,
        "needs_review_edges": Derivation.objects.filter(needs_review=True).count(),
        "seconds": round(elapsed, 1),
        "articles_per_second": round(total / elapsed, 1) if elapsed else 0.0,
        "first_tenth_per_second": round(tenth / tenths[0], 1) if tenths else 0.0,
        "last_tenth_per_second": round(tenth / tenths[-1], 1) if tenths else 0.0,
        "store_seconds": round(store_seconds, 1),
        "detect_seconds": round(detect_seconds, 1),
        "ms_per_article": round(1000 * elapsed / total, 1) if total else 0.0,
        "detect_ms_per_article": round(1000 * detect_seconds / total, 1) if total else 0.0,
        "cpu_ms_per_article": round(1000 * cpu / total, 1) if total else 0.0,  # this process only, not the server
        "band_rows": TextBand.objects.count(),
        "candidate_fingerprints": _fingerprint_counts(),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "database_mb": round(database_bytes / 2**20, 1),
    }


def _fingerprint_counts() -> dict:
    """How often a candidate's fingerprint was computed, and how often the process had it already."""
    from provenance.reuse import _candidate_fingerprint

    info = _candidate_fingerprint.cache_info()
    return {"computed": info.misses, "reused": info.hits}


def _print(figures: dict) -> None:
    print(f"corpus: {figures['articles']} articles (seed {figures['seed']}), {figures['gold_edges']} gold edges")
    print(
        f"edges: precision {figures['precision']:.4f}  recall {figures['recall']:.4f}  F1 {figures['f1']:.4f}  "
        f"(kind right on {figures['kind_accuracy']:.1%} of true edges; {figures['needs_review_edges']} flagged)"
    )
    print(f"origin accuracy: {figures['origin_accuracy']:.4f}")
    print(
        f"speed: {figures['articles_per_second']} articles/s ({figures['seconds']} s: store "
        f"{figures['store_seconds']} s, index+detect {figures['detect_seconds']} s); first tenth "
        f"{figures['first_tenth_per_second']}/s, last tenth {figures['last_tenth_per_second']}/s"
    )
    print(
        f"memory: peak {figures['peak_memory_mb']} MB (process); database {figures['database_mb']} MB, "
        f"{figures['band_rows']} band rows"
    )
    fingerprints = figures["candidate_fingerprints"]
    print(
        f"candidates: {figures['candidates_per_lookup']} per lookup, {figures['aligned_per_lookup']} aligned in full; "
        f"candidate fingerprints {fingerprints['computed']} computed, {fingerprints['reused']} reused (cache)"
    )


def _print_scaling(runs: list[dict]) -> None:
    base = runs[0]
    print(f"\ntime per 1,000 articles (ratio to {base['articles']:,} articles); cpu: this process, not the server")
    print(
        f"{'articles':>8}  {'all s':>7} {'ratio':>5}  {'detect s':>8} {'ratio':>5}  {'cpu s':>6} {'ratio':>5}  "
        f"{'cand.':>5} {'aligned':>7}  F1"
    )
    for figures in runs:
        print(
            f"{figures['articles']:>8,}  {figures['ms_per_article']:>7.1f} "
            f"{figures['ms_per_article'] / base['ms_per_article']:>5.2f}  "
            f"{figures['detect_ms_per_article']:>8.1f} "
            f"{figures['detect_ms_per_article'] / base['detect_ms_per_article']:>5.2f}  "
            f"{figures['cpu_ms_per_article']:>6.1f} "
            f"{figures['cpu_ms_per_article'] / base['cpu_ms_per_article']:>5.2f}  "
            f"{figures['candidates_per_lookup']:>5} {figures['aligned_per_lookup']:>7}  {figures['f1']:.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, nargs="+", default=[10_000], help="corpus size(s), one run each (default 10000)"
    )
    parser.add_argument("--scaling", action="store_true", help="the sizes 1000 4000 16000 (time per 1,000 of each)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", default="bench_provenance", help="scratch database, dropped at the end")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database for inspection")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args()
    sizes = [1000, 4000, 16000] if args.scaling else args.articles
    if any(size < 1 for size in sizes):
        parser.error("--articles: every size must be at least 1")

    import django
    from django.core.management import call_command

    runs = []
    for number, size in enumerate(sizes):
        _use_database(args.database)
        if number == 0:
            django.setup()
        call_command("migrate", verbosity=0)
        try:
            _reset_caches()
            runs.append(run(size, args.seed, args.quiet))
        finally:
            if not args.keep or number < len(sizes) - 1:
                _drop_database(args.database)
        if not args.json:
            if number:
                print()
            _print(runs[-1])
    if args.json:
        print(json.dumps(runs if len(runs) > 1 else runs[0], indent=2))
    elif len(runs) > 1:
        _print_scaling(runs)


def _reset_caches() -> None:
    from provenance.reuse import _candidate_fingerprint

    _candidate_fingerprint.cache_clear()


if __name__ == "__main__":
    main()
