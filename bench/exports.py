"""Benchmark: streamed claim exports (CSV, NDJSON) keep flat memory as the number of claims grows.

    .venv/bin/python bench/exports.py                 # 10,000 then 100,000 claims
    .venv/bin/python bench/exports.py --sizes 5000 50000

It creates its own database (bench_exports, dropped at the end) on the configured server, bulk-loads
fictional claims with two mentions each, and streams GET /api/v1/claims/?format=csv and ?format=ndjson
through the Django stack (test client, no network) for each size. It prints, per size and format:
seconds, rows per second, bytes out, and how far the process's resident memory rose while streaming.
Flat memory means that rise does not grow with the number of claims. All names and texts are invented.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["TEST_DATABASE_NAME"] = "bench_exports"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

PLACES = ["Marsk", "Vell", "Oradin", "Kuvar", "Lisk", "Brenmoor", "Askel", "Dunvar"]
ARTICLE_COUNT = 500


def _body(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (
        f"Report {n} from {place}. A convoy of {n % 90 + 10} trucks reached {place} at dawn, officials said. "
        f"Residents of {place} described a tense night. The district council met on day {n % 28 + 1}."
    )


def load(total: int, state: dict) -> None:
    """Grow the database to `total` claims, each with two live mentions (bulk inserts)."""
    from django.db import connection

    from claims.models import Claim, Mention
    from provenance.services import create_article
    from sources.services import create_source

    if "articles" not in state:
        outlets = [create_source(name=f"Fictional Outlet {i}") for i in range(20)]
        articles = []
        for n in range(ARTICLE_COUNT):
            article, _ = create_article(
                title=f"Report {n}",
                body=_body(n),
                language="en",
                outlet=outlets[n % len(outlets)],
                url=f"https://outlet{n % 20}.example/report/{n}",
                published=date(2031, 1, 1) + timedelta(days=n % 300),
            )
            articles.append(article)
        state["articles"] = articles
    articles = state["articles"]
    have = Claim.objects.count()
    batch = 5000
    for offset in range(have, total, batch):
        size = min(batch, total - offset)
        claims = Claim.objects.bulk_create(
            Claim(text=f"A convoy reached {PLACES[(offset + i) % len(PLACES)]} (report {offset + i}).", kind="event")
            for i in range(size)
        )
        mentions = []
        for i, claim in enumerate(claims):
            for k in (0, 1):
                article = articles[(offset + i + k * 7) % len(articles)]
                quote = "A convoy of"
                start = article.body.index(quote)
                mentions.append(
                    Mention(
                        claim=claim,
                        article=article,
                        quote=quote,
                        prefix=article.body[max(0, start - 32) : start],
                        suffix=article.body[start + len(quote) : start + len(quote) + 32],
                        start=start,
                        end=start + len(quote),
                    )
                )
        Mention.objects.bulk_create(mentions)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after a bulk load, as autovacuum would give later


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def stream(client, headers: dict, fmt: str) -> dict:
    """Stream one export; peak memory is the process's resident high-water mark during the stream
    (Linux: reset through /proc/self/clear_refs), so nothing slows the code being measured."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current resident size
    resident_before = _status_kb("VmRSS")
    started = time.perf_counter()
    response = client.get("/api/v1/claims/", {"format": fmt}, headers=headers)
    assert response.status_code == 200 and response.streaming, response.status_code
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    rows = lines - (1 if fmt == "csv" else 0)
    return {
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "megabytes_out": round(size / 1e6, 1),
        "resident_before_mb": round(resident_before / 1024, 1),
        "peak_growth_mb": round((peak - resident_before) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    options = parser.parse_args()

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.API_USER_RATE = "1000000/hour"
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth.models import Group, User
        from django.test import Client
        from rest_framework.authtoken.models import Token

        user = User.objects.create_user("bench-viewer")
        user.groups.add(Group.objects.get(name="viewer"))
        headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
        client, state, results = Client(), {}, []
        for total in sorted(options.sizes):
            started = time.perf_counter()
            load(total, state)
            print(f"loaded {total} claims in {time.perf_counter() - started:.1f}s", flush=True)
            for fmt in ("csv", "ndjson"):
                figures = {"claims": total, "format": fmt, **stream(client, headers, fmt)}
                results.append(figures)
                print(json.dumps(figures), flush=True)
        first, last = results[:2], results[-2:]
        for small, large in zip(first, last, strict=True):
            print(
                f"{small['format']}: {large['claims'] // small['claims']}x the claims, memory used while "
                f"streaming {small['peak_growth_mb']} MB -> {large['peak_growth_mb']} MB"
            )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
