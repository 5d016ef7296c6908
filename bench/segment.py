"""Sentence segmentation on real pages: pysbd everywhere (the old path) against the cheap splitter.

    .venv/bin/python bench/segment.py [--pages N] [--repeat 3] [--sample 20]

Reads the real pages of ../shared/benchmarks/readability-pages and the seed pages of
../shared/seeds (never copied into the project), turns each into the article bodies and languages
ingestion gives claim proposals (decode + analyse_page: trafilatura, then our article splitting and
language detection), and segments every body both ways in the same run, alternating which goes
first. Prints, for each path, CPU time as ms per article and sentences per second (best of
--repeat), then how far the two agree: the share of lines split identically, the precision and
recall of the new path's sentence boundaries against the old path's, and a sample of the lines
where they differ (page, line and at most 60 characters around the boundary, on the terminal only).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and its claims.py would shadow the app.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
PAGES_DIR = SHARED / "benchmarks" / "readability-pages"
SEEDS_DIR = SHARED / "seeds"


@dataclass
class Article:
    page: str
    body: str
    language: str


def read_articles(limit: int | None) -> list[Article]:
    """The article bodies and languages of the real pages and seeds, as ingestion reads them."""
    from provenance.text.decode import decode_bytes
    from provenance.text.pipeline import analyse_page

    files = [(folder.name, folder / "source.html") for folder in sorted(PAGES_DIR.iterdir())]
    files = [(name, path) for name, path in files if path.is_file()][:limit]
    if SEEDS_DIR.is_dir():
        files += [(path.stem, path) for path in sorted(SEEDS_DIR.glob("*.txt"))]
    articles = []
    for name, path in files:
        try:
            decoded = decode_bytes(path.read_bytes(), filename=path.name)
            drafts = analyse_page(decoded.text, media_type=decoded.media_type).drafts
        except ValueError:  # no article on the page: nothing to segment
            continue
        for number, draft in enumerate(drafts):
            label = name if len(drafts) == 1 else f"{name}#{number}"
            articles.append(Article(page=label, body=draft.body, language=draft.language))
    return articles


def timed(articles: list[Article], *, repeat: int) -> dict[bool, list[float]]:
    """CPU seconds per article for each path (pysbd_only True/False), best of `repeat` runs."""
    from claims.text.segment import segment

    for article in articles[:3]:  # first use builds pysbd's segmenters and regular expressions
        segment(article.body, article.language)
        segment(article.body, article.language, pysbd_only=True)
    best: dict[bool, list[float]] = {}
    for round_number in range(repeat):
        seconds: dict[bool, list[float]] = {True: [], False: []}
        for article in articles:
            order = (True, False) if round_number % 2 == 0 else (False, True)
            for pysbd_only in order:
                started = time.process_time()
                segment(article.body, article.language, pysbd_only=pysbd_only)
                seconds[pysbd_only].append(time.process_time() - started)
        for pysbd_only, values in seconds.items():
            if pysbd_only not in best or sum(values) < sum(best[pysbd_only]):
                best[pysbd_only] = values
    return best


def pysbd_reading(articles: list[Article]) -> dict[bool, tuple[int, int]]:
    """How many times each path calls pysbd, and on how many characters in all."""
    from claims.text import segment as module

    calls: dict[bool, list[int]] = defaultdict(lambda: [0, 0])
    real = module.pysbd_sentences
    current = [True]

    def counted(text: str, language: str) -> list[str]:
        calls[current[0]][0] += 1
        calls[current[0]][1] += len(text)
        return real(text, language)

    module.pysbd_sentences = counted
    try:
        for pysbd_only in (True, False):
            current[0] = pysbd_only
            for article in articles:
                module.segment(article.body, article.language, pysbd_only=pysbd_only)
    finally:
        module.pysbd_sentences = real
    return {key: (value[0], value[1]) for key, value in calls.items()}


def agreement(articles: list[Article]):
    """Lines split identically, boundaries of each path, the ones both have, and where they differ."""
    from claims.text.segment import segment

    lines = same = old_total = new_total = both = 0
    sentences = {True: 0, False: 0}
    differences = []
    for article in articles:
        spans: dict[int, dict[bool, list[tuple[int, int]]]] = defaultdict(lambda: {True: [], False: []})
        for pysbd_only in (True, False):
            found = segment(article.body, article.language, pysbd_only=pysbd_only)
            sentences[pysbd_only] += len(found)
            for sentence in found:
                spans[sentence.line][pysbd_only].append((sentence.start, sentence.end))
        for line, by_path in sorted(spans.items()):
            lines += 1
            same += by_path[True] == by_path[False]
            old = {end for _, end in by_path[True][:-1]}  # boundaries inside the line
            new = {end for _, end in by_path[False][:-1]}
            old_total, new_total, both = old_total + len(old), new_total + len(new), both + len(old & new)
            differences += [(article, line, end, end in old) for end in sorted(old ^ new)]
    return lines, same, old_total, new_total, both, sentences, differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="only the first N real pages (and the seeds)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--sample", type=int, default=20, help="differences to show")
    args = parser.parse_args()
    if not PAGES_DIR.is_dir():
        sys.exit(f"needs {PAGES_DIR} (the workspace's shared/ folder), which is absent: nothing to measure")

    started = time.perf_counter()
    articles = read_articles(args.pages)
    pages = len({article.page.split("#")[0] for article in articles})
    print(f"{len(articles)} articles from {pages} pages (read in {time.perf_counter() - started:.0f} s)")

    lines, same, old_total, new_total, both, sentences, differences = agreement(articles)
    seconds = timed(articles, repeat=args.repeat)
    reading = pysbd_reading(articles)
    characters = sum(len(article.body) for article in articles)
    for pysbd_only, label in ((True, "pysbd everywhere (old)"), (False, "cheap splitter + pysbd")):
        values = seconds[pysbd_only]
        mean, median, most = (1000 * sum(values) / len(values), 1000 * statistics.median(values), 1000 * max(values))
        calls, read = reading.get(pysbd_only, (0, 0))
        print(
            f"{label:23} {mean:6.2f} ms/article (median {median:5.2f}, max {most:6.0f})"
            f"  {sentences[pysbd_only] / sum(values):7.0f} sentences/s"
            f"  pysbd: {calls} calls on {read / characters:.0%} of the text"
        )
    print(f"speed-up: {sum(seconds[True]) / sum(seconds[False]):.1f}x (CPU time, best of {args.repeat})")
    precision = both / new_total if new_total else 1.0
    recall = both / old_total if old_total else 1.0
    print(
        f"agreement: {same}/{lines} lines identical ({same / lines:.4f}); boundaries inside lines: old {old_total},"
        f" new {new_total}, both {both}; precision {precision:.4f}, recall {recall:.4f}"
    )
    for article, line, end, old_only in differences[: args.sample]:
        body = article.body
        context = body[max(0, end - 30) : end + 30].replace("\n", " ")
        side = "old only" if old_only else "new only"
        print(f"  {article.page} line {line} ({side}): ...{context}...")
    if len(differences) > args.sample:
        print(f"  ... and {len(differences) - args.sample} more")


if __name__ == "__main__":
    main()
