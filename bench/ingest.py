"""Benchmark ingestion: files/s and articles/s over a generated corpus of fictional pages.

    .venv/bin/python bench/ingest.py [--pages 1200] [--keep-corpus DIR]

Generates text pages, HTML pages and aggregator pages (every word invented: places, outlets,
people), then ingests them twice through provenance.ingestion (the service the `ingest` command
calls): once into an empty database, once more when everything is already known. It runs in a
fresh database created for the run and dropped after it (named bench_ingest, next to the
configured one), so the development data is untouched. The text stages alone are timed too.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

PLACES = ["Marsk", "Korrin", "Velt", "Dravon Ford", "Saltgate", "Upper Lenn", "Orrow", "Tessal", "Brinmoor", "Kask"]
OUTLETS = [
    "Veloria Wire Service",
    "The Marsk Herald",
    "Frontline Digest",
    "Dravonia Today",
    "Korrin Bulletin",
    "Saltgate Evening Post",
]
PEOPLE = ["Ilse Varnholt", "Tomas Reuel", "Salma Haddad", "Piet Anselm", "Mira Kostal", "Jonas Eberling"]
ACTORS = ["the harbour master", "a ministry spokesman", "the relief coordinator", "local officials", "the mayor"]
THINGS = ["trucks", "boats", "families", "checkpoints", "bridges", "clinics", "schools", "convoys"]
VERBS = ["reached", "left", "were counted near", "were repaired in", "were closed around", "were reopened in"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def sentence(rng: random.Random) -> str:
    return (
        f"On {rng.choice(WEEKDAYS)}, {rng.choice(ACTORS)} said that {rng.randint(2, 900)} {rng.choice(THINGS)} "
        f"{rng.choice(VERBS)} {rng.choice(PLACES)}, {rng.randint(3, 60)} kilometres from {rng.choice(PLACES)}."
    )


def paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def title(rng: random.Random, n: int) -> str:
    return f"{rng.choice(THINGS).title()} {rng.choice(VERBS).split()[0].title()} In {rng.choice(PLACES)}, Report {n}"


def date_text(rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2025)}"


def text_page(rng: random.Random, n: int) -> str:
    outlet, source = rng.sample(OUTLETS, 2)
    head = [f"By {rng.choice(PEOPLE)}", f"{outlet}, {date_text(rng)}"]
    tail = [f"Support {outlet}", "Related News", title(rng, n + 100_000)]
    if rng.random() < 0.5:
        tail.insert(0, f"The original source of this article is {source}")
    return "\n\n".join([title(rng, n), *head, *paragraphs(rng, rng.randint(3, 8)), *tail]) + "\n"


def html_page(rng: random.Random, n: int) -> str:
    outlet = rng.choice(OUTLETS)
    body = "".join(f"<p>{p}</p>" for p in paragraphs(rng, rng.randint(3, 8)))
    head_title = title(rng, n)
    published = f"{rng.randint(2019, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{head_title} | {outlet}</title>'
        f'<meta property="og:site_name" content="{outlet}"><meta name="author" content="{rng.choice(PEOPLE)}">'
        f'<meta property="article:published_time" content="{published}">'
        f"</head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article><h1>{head_title}</h1>"
        f"{body}<p>Share this on Facebook</p></article><footer>© 2015 - 2025 {outlet}</footer></body></html>"
    )


def aggregator_page(rng: random.Random, n: int) -> str:
    parts = []
    for k in range(rng.randint(3, 6)):
        parts += [title(rng, n * 10 + k), rng.choice(OUTLETS), *paragraphs(rng, rng.randint(2, 5)), "Related News"]
    return "\n\n".join(parts) + "\n"


def generate(directory: Path, pages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for n in range(pages):
        if n % 10 == 9:
            (directory / f"page{n:05d}.txt").write_text(aggregator_page(rng, n), encoding="utf-8")
        elif n % 3 == 0:
            (directory / f"page{n:05d}.html").write_text(html_page(rng, n), encoding="utf-8")
        else:
            (directory / f"page{n:05d}.txt").write_text(text_page(rng, n), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1200)
    parser.add_argument("--keep-corpus", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args()

    import django

    django.setup()
    from provenance.ingestion import collect_inputs, ingest_paths, summarise
    from provenance.text.decode import decode_bytes
    from provenance.text.pipeline import analyse_page

    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.keep_corpus or Path(scratch)
        corpus.mkdir(parents=True, exist_ok=True)
        generate(corpus, args.pages)
        inputs = collect_inputs([corpus])
        size = sum(path.stat().st_size for path in corpus.iterdir())
        print(f"corpus: {len(inputs)} files, {size / 1e6:.1f} MB in {corpus}")

        started = time.perf_counter()
        drafts = 0
        for item in inputs:
            decoded = decode_bytes(item.read(), filename=item.name)
            drafts += len(analyse_page(decoded.text, media_type=decoded.media_type).drafts)
        elapsed = time.perf_counter() - started
        print(
            f"text stages only: {len(inputs) / elapsed:.0f} files/s, {drafts / elapsed:.0f} articles/s "
            f"({drafts} articles, {elapsed:.1f} s)"
        )

        for label, downstream in (
            ("end to end", True),
            ("ingestion alone (text-reuse detection and article_stored receivers off)", False),
        ):
            print(f"-- {label}")
            with fresh_database(), downstream_work(enabled=downstream):
                for run in ("first run (empty database)", "second run (everything known)"):
                    started = time.perf_counter()
                    results = list(ingest_paths([corpus], inputs=inputs))
                    elapsed = time.perf_counter() - started
                    summary = summarise(results)
                    articles = summary.articles_created + summary.articles_known
                    print(
                        f"{run}: {len(results) / elapsed:.1f} files/s, {articles / elapsed:.1f} articles/s "
                        f"({summary}; {elapsed:.1f} s)"
                    )


@contextmanager
def fresh_database(name: str = "bench_ingest"):
    """A new database (bench_ingest by default) with every migration, dropped afterwards."""
    from django.db import connection

    configured = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(configured, verbosity=0)


@contextmanager
def downstream_work(*, enabled: bool):
    """With enabled False, skip what follows a stored article: text-reuse detection and signal receivers."""
    from provenance.ingestion import service as ingestion
    from provenance.signals import article_stored

    if enabled:
        yield
        return
    detect, receivers = ingestion.index_new_article, article_stored.receivers
    ingestion.index_new_article = lambda *, article, edges: None
    article_stored.receivers = []
    article_stored.sender_receivers_cache.clear()
    try:
        yield
    finally:
        ingestion.index_new_article, article_stored.receivers = detect, receivers
        article_stored.sender_receivers_cache.clear()


if __name__ == "__main__":
    main()
