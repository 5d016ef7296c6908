"""Repost detection on real text: reposts of real pages on invented outlets, imported in random order, twice.

    .venv/bin/python bench/reposts.py [--originals 40 | --all] [--seed 17] [--out bench/out/reposts.json]

Reads the real pages of ../shared/benchmarks/readability-pages (never copied into the project) and
keeps those whose reference text (expected.html) has at least 150 words and is not a copy of
another kept page. For each original it writes, on invented outlets (fictional names on the
reserved .example domain, each with its own menus, sidebar and footer):

- credited: the whole text with a credit line naming the original's site or its URL, in one of the
  common forms ("The original source of this article is X", "Originally published on X",
  "Source: X", "Republished from X", "Copyright X, 2019", ...);
- uncredited: the whole text, no credit;
- excerpt: about half the paragraphs (a credit line on every other one);
- rewrite: sentences dropped, two paragraphs swapped (a credit line on every other one);
- negative: a page of the original's own site, its page furniture (menus, sidebars, footer) kept and
  its article replaced by an invented text: shares only boilerplate with the original.

Every page goes in through the one way in (`ingest_paths` with the inputs in a seeded random order,
as `manage.py ingest` does), into a scratch database made for the run (bench_reposts on the
configured server) and dropped after it; then all of them again, in another order. Printed per
kind, after each import: precision, recall and F1 of `derived_from` edges between the benchmark's
pages (an edge to another page, or to the right page in the wrong direction, is a false positive;
a repost with no edge to its original is a false negative), and how often an article's origin is
the right page; plus credited reposts found, and links between pages that share only boilerplate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

PAGES_DIR = ROOT.parent / "shared" / "benchmarks" / "readability-pages"
DATABASE = "bench_reposts"
MIN_WORDS = 150
KINDS = ("original", "credited", "uncredited", "excerpt", "rewrite", "negative")

# Invented outlets: (name, domain, menu words); every word of their furniture is ours.
OUTLETS = (
    ("Harbourline Dispatch", "harbourline-dispatch.example", ("World", "Harbour", "Markets", "Opinion")),
    ("The Orrow Ledger", "orrowledger.example", ("Home", "Politics", "Science", "Letters")),
    ("Kestrel Wire Digest", "kestrelwire.example", ("Latest", "Regions", "Tech", "Culture")),
    ("Saltgate Evening Post", "saltgate-post.example", ("News", "Sport", "Weather", "Archive")),
    ("Brinmoor Daily Review", "brinmoorreview.example", ("Front page", "Analysis", "Books", "Podcasts")),
    ("Velt Independent Monitor", "veltmonitor.example", ("Top stories", "Economy", "Health", "About us")),
    ("Tessal Network News", "tessalnews.example", ("Today", "Investigations", "Video", "Contact")),
    ("Dravon Ford Chronicle", "dravonchronicle.example", ("Local", "National", "Travel", "Subscribe")),
)
AUTHORS = ("Ilse Varnholt", "Tomas Reuel", "Mira Kostal", "Jonas Eberling", "Piet Anselm", "Odile Faramond")

CREDIT_FORMS = (
    "The original source of this article is {x}",
    "This article was originally published on {x}.",
    "Originally published at {x}",
    "Source: {x}",
    "Republished from {x}",
    "First published by {x}",
    "Copyright {x}, {year}",
)

# Invented prose for the negatives: enough slots that two texts share no run of ten words.
_SUBJECTS = (
    "the parish council",
    "a ferry operator",
    "the county archivist",
    "two beekeepers",
    "the orchestra's new conductor",
    "a retired lighthouse keeper",
    "the school board",
    "several market traders",
    "the river authority",
    "a volunteer brigade",
    "the botanical society",
    "an amateur astronomer",
)
_VERBS = (
    "proposed",
    "questioned",
    "postponed",
    "celebrated",
    "documented",
    "mapped",
    "restored",
    "criticised",
    "funded",
    "inspected",
    "measured",
    "catalogued",
)
_OBJECTS = (
    "the old tram depot",
    "a timetable for winter sailings",
    "the flood barrier on the east bank",
    "a collection of glass negatives",
    "the annual kite festival",
    "plans for a cycle bridge",
    "the drainage survey",
    "a mural near the bus station",
    "the cost of repairing the pier",
    "a register of heritage orchards",
    "the night market's new rules",
    "a study of nesting swifts",
)
_TAILS = (
    "after a long debate",
    "despite the autumn storms",
    "with help from local students",
    "before the end of the season",
    "to the surprise of residents",
    "in a short statement",
    "for the third time this decade",
    "under a temporary licence",
    "as the budget tightened",
    "while the square was closed",
)


@dataclass
class Page:
    """One file of the benchmark: its name, bytes, kind, and the original it copies (for reposts)."""

    name: str
    html: str
    kind: str
    original: str = ""  # name of the original page it is taken from (reposts)
    credited: bool = False
    site: str = ""  # the real site (originals and negatives)


@dataclass
class Original:
    folder: Path
    title: str
    paragraphs: list[str]
    site_name: str
    url: str
    published: date | None
    html: str = field(repr=False, default="")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


def _reference_paragraphs(html: str) -> list[str]:
    import lxml.html

    if not html.strip():
        return []
    root = lxml.html.fromstring(html)
    blocks = root.xpath("//p|//li|//h2|//h3|//h4|//pre|//blockquote|//dd|//td")
    found = []
    for block in blocks:
        if any(d is not block for d in block.iterdescendants("p", "li", "pre", "blockquote", "td", "dd")):
            continue
        text = re.sub(r"\s+", " ", block.text_content()).strip()
        if len(text.split()) >= 3 or len(text) >= 12:
            found.append(text)
    return found


def load_originals(limit: int | None, rng: random.Random) -> list[Original]:
    """The real pages with an article of MIN_WORDS words, near-duplicate pages dropped, as read by our pipeline."""
    from provenance.text.decode import decode_bytes
    from provenance.text.pipeline import NoArticleError, analyse_page

    folders = sorted(p for p in PAGES_DIR.iterdir() if (p / "source.html").is_file())
    chosen: list[tuple[Path, list[str]]] = []
    seen: list[set] = []
    for folder in folders:
        paragraphs = _reference_paragraphs((folder / "expected.html").read_text(errors="replace"))
        text = "\n".join(paragraphs)
        if len(_words(text)) < MIN_WORDS:
            continue
        shingles = _shingles(text)
        if any(len(shingles & other) > 0.3 * min(len(shingles), len(other)) for other in seen):
            continue  # the same article saved twice (two pages of one post): no ground truth between them
        seen.append(shingles)
        chosen.append((folder, paragraphs))
    if limit is not None:
        chosen = sorted(rng.sample(chosen, min(limit, len(chosen))))
    originals = []
    for folder, paragraphs in chosen:
        meta = json.loads((folder / "expected-metadata.json").read_text())
        html = (folder / "source.html").read_bytes()
        decoded = decode_bytes(html)
        try:
            draft = analyse_page(decoded.text, media_type=decoded.media_type).drafts[0]
        except (NoArticleError, ValueError):
            continue
        published = None
        if meta.get("publishedTime"):
            try:
                published = date.fromisoformat(meta["publishedTime"][:10])
            except ValueError:
                published = None
        published = published or draft.published
        site = meta.get("siteName") or (draft.outlet.name if draft.outlet else "")
        if site.startswith("http"):
            site = ""
        originals.append(
            Original(
                folder=folder,
                title=meta.get("title") or draft.title,
                paragraphs=paragraphs,
                site_name=site,
                url=draft.url if draft.url.startswith("http") and len(draft.url) > 30 else "",
                published=published,
                html=decoded.text,
            )
        )
    return originals


def invented_paragraphs(rng: random.Random, count: int) -> list[str]:
    paragraphs = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            # a number every few words: two invented texts share no run of ten words
            sentence = (
                f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} with "
                f"{rng.randint(2, 950)} {rng.choice(('helpers', 'pages', 'sketches', 'volunteers'))} "
                f"{rng.choice(_TAILS)}, and {rng.randint(2, 950)} "
                f"{rng.choice(('people', 'visitors', 'letters', 'signatures'))} "
                f"{rng.choice(('followed', 'were counted', 'arrived', 'were recorded'))} "
                f"{rng.choice(('on Tuesday', 'by noon', 'within a week', 'over the weekend', 'in March'))}."
            )
            sentences.append(sentence[0].upper() + sentence[1:])
        paragraphs.append(" ".join(sentences))
    return paragraphs


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", paragraph) if s]


def repost_page(
    *,
    outlet: tuple[str, str, tuple[str, ...]],
    slug: str,
    title: str,
    paragraphs: list[str],
    published: date | None,
    credit: str,
    rng: random.Random,
) -> str:
    name, domain, menu = outlet
    url = f"https://www.{domain}/{slug}"
    nav = "".join(f'<li><a href="/{escape(m.lower())}">{escape(m)}</a></li>' for m in menu)
    byline = f'<p class="byline">By {escape(rng.choice(AUTHORS))}</p>' if rng.random() < 0.5 else ""
    when = ""
    meta_date = ""
    if published is not None:
        shown = f"{published:%B} {published.day}, {published.year}"
        when = f'<p class="date"><time datetime="{published.isoformat()}">{shown}</time></p>'
        meta_date = f'<meta property="article:published_time" content="{published.isoformat()}T09:00:00Z">'
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    if credit:
        body += f'<p class="credit"><em>{escape(credit)}</em></p>'
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {escape(name)}</title>'
        f'<meta property="og:site_name" content="{escape(name)}"><meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:url" content="{url}"><link rel="canonical" href="{url}">{meta_date}</head><body>'
        f'<header><a class="logo" href="/">{escape(name)}</a><nav><ul>{nav}</ul></nav>'
        f'<form action="/search"><input name="q" placeholder="Search {escape(name)}"></form></header>'
        f"<main><article><h1>{escape(title)}</h1>{byline}{when}{body}</article>"
        f'<aside><h2>Most read</h2><ul><li><a href="/a">Tide tables for the coming week</a></li>'
        f'<li><a href="/b">Letters: the library hours again</a></li><li><a href="/c">Our readers\' photographs of the '
        f"month</a></li></ul></aside></main>"
        f"<footer><p>{escape(name)} is an independent publication. Sign up for our newsletter to get the day's "
        f'stories in your inbox every morning.</p><p><a href="/about">About</a> · <a href="/privacy">Privacy</a> · '
        f'<a href="/terms">Terms</a></p><p>© 2026 {escape(name)}. All rights reserved.</p></footer></body></html>'
    )


def negative_page(original: Original, rng: random.Random) -> str | None:
    """The original's page with its article replaced by invented text: the site's furniture and nothing else."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(original.html)
    except (ValueError, lxml.etree.ParserError):
        return None
    first, last = _words(original.paragraphs[0])[:6], _words(original.paragraphs[-1])[-6:]

    def holds(element, wanted) -> bool:
        words = _words(element.text_content())
        n = len(wanted)
        return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))

    body = root.find("body")
    if body is None:
        return None
    container = None
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in {"script", "style"}:
            continue
        if holds(element, first) and holds(element, last):
            container = element  # iter() is depth-first: the last hit is the deepest holding both ends
    if container is None or container is body:
        return None
    for child in list(container):
        container.remove(child)
    container.text = ""
    heading = lxml.html.fragment_fromstring(f"<h2>{escape(invented_paragraphs(rng, 1)[0].split(',')[0])}</h2>")
    container.append(heading)
    for paragraph in invented_paragraphs(rng, rng.randint(4, 7)):
        container.append(lxml.html.fragment_fromstring(f"<p>{escape(paragraph)}</p>"))
    for element in root.iter("title"):
        element.text = heading.text_content()
    html = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    if len(original.title) > 8:  # its own title too (og:title, JSON-LD): an unrelated page of the site
        html = html.replace(escape(original.title), escape(heading.text_content())).replace(
            original.title, heading.text_content()
        )
    if (
        len(_shingles(lxml.html.document_fromstring(html).text_content()) & _shingles("\n".join(original.paragraphs)))
        > 5
    ):
        return None  # some of the article stayed outside the container: not a clean negative
    return html


def credit_line(original: Original, rng: random.Random, *, force: bool) -> str:
    """A credit naming the original's site or URL in one of the common forms; with force False, half the time none."""
    targets = [t for t in (original.site_name, original.url) if t]
    if not targets or not (force or rng.random() < 0.5):
        return ""
    form = rng.choice(CREDIT_FORMS)
    target = rng.choice(targets)
    if form.startswith("Copyright"):
        target = original.site_name or target
    return form.format(x=target, year=(original.published or date(2026, 11, 1)).year)


def build_pages(originals: list[Original], rng: random.Random) -> list[Page]:
    pages: list[Page] = []
    for index, original in enumerate(originals):
        name = original.folder.name
        pages.append(Page(f"{name}.html", original.html, "original", site=name))
        first = original.published or date(2026, 11, 1)
        outlets = rng.sample(OUTLETS, 4)

        paragraphs = original.paragraphs
        credit = credit_line(original, rng, force=True)
        if credit:
            pages.append(
                Page(
                    f"{name}--credited.html",
                    repost_page(
                        outlet=outlets[0],
                        slug=f"{index}-credited",
                        title=original.title,
                        paragraphs=paragraphs,
                        published=first + timedelta(days=rng.randint(1, 20)),
                        credit=credit,
                        rng=rng,
                    ),
                    "credited",
                    original=name,
                    credited=True,
                )
            )
        pages.append(
            Page(
                f"{name}--uncredited.html",
                repost_page(
                    outlet=outlets[1],
                    slug=f"{index}-copy",
                    title=original.title,
                    paragraphs=paragraphs,
                    published=first + timedelta(days=rng.randint(1, 20)),
                    credit="",
                    rng=rng,
                ),
                "uncredited",
                original=name,
            )
        )
        half = max(2, len(paragraphs) // 2)
        start = rng.randint(0, len(paragraphs) - half)
        credit = credit_line(original, rng, force=False)
        pages.append(
            Page(
                f"{name}--excerpt.html",
                repost_page(
                    outlet=outlets[2],
                    slug=f"{index}-excerpt",
                    title=original.title,
                    paragraphs=paragraphs[start : start + half],
                    published=first + timedelta(days=rng.randint(1, 20)),
                    credit=credit,
                    rng=rng,
                ),
                "excerpt",
                original=name,
                credited=bool(credit),
            )
        )
        rewritten = []
        for paragraph in paragraphs:
            sentences = _sentences(paragraph)
            if len(sentences) > 2:
                sentences.pop(rng.randrange(len(sentences)))
            rewritten.append(" ".join(sentences))
        if len(rewritten) > 3:
            i = rng.randrange(1, len(rewritten) - 1)
            rewritten[i - 1], rewritten[i] = rewritten[i], rewritten[i - 1]
        credit = credit_line(original, rng, force=False)
        pages.append(
            Page(
                f"{name}--rewrite.html",
                repost_page(
                    outlet=outlets[3],
                    slug=f"{index}-rewrite",
                    title=original.title,
                    paragraphs=rewritten,
                    published=first + timedelta(days=rng.randint(1, 20)),
                    credit=credit,
                    rng=rng,
                ),
                "rewrite",
                original=name,
                credited=bool(credit),
            )
        )
        for n in range(2):
            html = negative_page(original, rng)
            if html is not None:
                pages.append(Page(f"{name}--negative{n}.html", html, "negative", site=name))
    return pages


@contextmanager
def scratch_database(*, keep: bool, name: str = DATABASE):
    """A new database (bench_reposts unless named) with every migration, dropped afterwards unless kept."""
    from django.db import connection

    configured = connection.settings_dict["NAME"]
    if name == configured:
        sys.exit(f"refusing to benchmark in the project database {name!r}: choose another --database")
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        if keep:
            print(f"the database {name} is kept")
        else:
            connection.creation.destroy_test_db(configured, verbosity=0)


def ingest_in_order(folder: Path, pages: list[Page], rng: random.Random) -> tuple[list, float]:
    from provenance.ingestion import collect_inputs, ingest_paths

    inputs = {Path(i.name).name: i for i in collect_inputs([folder])}
    order = [inputs[page.name] for page in pages]
    rng.shuffle(order)
    started = time.perf_counter()
    results = list(ingest_paths([], inputs=order))
    return results, time.perf_counter() - started


def score(pages: list[Page], results: list) -> dict:
    """Edge and origin figures per kind, from the database as it stands after an import."""
    from provenance.models import Article, Derivation

    by_name = {page.name: page for page in pages}
    page_of: dict[int, str] = {}
    errors = []
    for result in results:
        name = Path(result.file).name
        if result.error:
            errors.append(result.error)
        for item in result.articles:
            page_of.setdefault(item.article.pk, name)
    edges = defaultdict(set)
    for derived, source in (
        Derivation.objects.exclude(status=Derivation.Status.REJECTED)
        .filter(source_article__isnull=False)
        .values_list("derived_id", "source_article_id")
    ):
        if derived in page_of and source in page_of and page_of[derived] != page_of[source]:
            edges[page_of[derived]].add(page_of[source])
    origins = defaultdict(set)
    for article, origin in Article.objects.filter(pk__in=page_of).values_list("id", "origin_article_id"):
        origins[page_of[article]].add(page_of.get(origin, "(outside)") if origin else "(outlet)")
    stats = {kind: Counter() for kind in (*KINDS, "all")}
    boilerplate_links = []
    credited_missed = []
    for page in pages:
        truth = {f"{page.original}.html"} if page.original else set()
        found = edges.get(page.name, set())
        wanted_origin = f"{page.original}.html" if page.original else page.name
        hit = bool(found & truth)
        one = Counter(
            pages=1,
            tp=len(found & truth),
            fp=len(found - truth),
            fn=len(truth - found),
            origin_ok=origins.get(page.name) == {wanted_origin},
            credited=page.credited,
            credited_found=page.credited and hit,
        )
        stats[page.kind].update(one)
        stats["all"].update(one)
        if page.credited and not hit:
            credited_missed.append(page.name)
        sites = {page.site, page.original} - {""}
        for other in found - truth:
            other_page = by_name.get(other)
            if (
                other_page is not None
                and "negative" in (page.kind, other_page.kind)
                and sites & ({other_page.site, other_page.original} - {""})
            ):
                boilerplate_links.append(f"{page.name} <- {other}")
    figures = {}
    for kind, c in stats.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        figures[kind] = {
            "pages": c["pages"],
            "tp": c["tp"],
            "fp": c["fp"],
            "fn": c["fn"],
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "origin": c["origin_ok"] / c["pages"] if c["pages"] else 1.0,
            "credited": c["credited"],
            "credited_found": c["credited_found"],
        }
    wrong = {
        page.name: sorted(edges.get(page.name, set()) ^ ({f"{page.original}.html"} if page.original else set()))
        for page in pages
        if edges.get(page.name, set()) != ({f"{page.original}.html"} if page.original else set())
    }
    return {
        "figures": figures,
        "errors": errors,
        "credited_missed": credited_missed,
        "boilerplate_links": boilerplate_links,
        "wrong": wrong,
    }


def print_figures(label: str, scored: dict, seconds: float, files: int) -> None:
    print(f"\n{label}: {files} files in {seconds:.1f} s ({files / seconds:.1f} files/s)")
    print(f"{'kind':<11} {'pages':>5} {'edges':>5} {'tp':>4} {'fp':>3} {'fn':>3}   P      R      F1     origin")
    for kind, f in scored["figures"].items():
        print(
            f"{kind:<11} {f['pages']:>5} {f['tp'] + f['fn']:>5} {f['tp']:>4} {f['fp']:>3} {f['fn']:>3}   "
            f"{f['precision']:.3f}  {f['recall']:.3f}  {f['f1']:.3f}  {f['origin']:.3f}"
        )
    overall = scored["figures"]["all"]
    print(f"credited reposts found: {overall['credited_found']} of {overall['credited']}")
    print(f"links between pages sharing only boilerplate: {len(scored['boilerplate_links'])}")
    for link in scored["boilerplate_links"][:10]:
        print(f"  {link}")
    if scored["errors"]:
        print(f"files that gave no article: {len(scored['errors'])}")
        for error in scored["errors"][:10]:
            print(f"  {error[:160]}")
    for name, diff in list(scored["wrong"].items())[:20]:
        print(f"  wrong: {name}: {', '.join(diff)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=int, default=40, help="how many real pages to repost (default 40)")
    parser.add_argument("--all", action="store_true", help="every real page with an article")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "reposts.json")
    parser.add_argument("--keep", type=Path, default=None, help="keep the pages in this folder, and the database")
    parser.add_argument("--database", default=DATABASE, help=f"scratch database (default {DATABASE}), dropped after")
    args = parser.parse_args()
    if not PAGES_DIR.is_dir():
        sys.exit(f"needs {PAGES_DIR} (the workspace's shared/ folder), which is absent")

    import django

    django.setup()
    rng = random.Random(args.seed)
    originals = load_originals(None if args.all else args.originals, rng)
    pages = build_pages(originals, rng)
    print(
        f"{len(originals)} real pages from {PAGES_DIR}; {len(pages)} files: "
        + ", ".join(f"{n} {k}" for k, n in Counter(p.kind for p in pages).items())
    )
    report = {"seed": args.seed, "originals": len(originals), "runs": []}
    with tempfile.TemporaryDirectory() as scratch, scratch_database(keep=args.keep is not None, name=args.database):
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for page in pages:
            (folder / page.name).write_text(page.html, encoding="utf-8")
        for label in ("first import", "second import (everything again, another order)"):
            results, seconds = ingest_in_order(folder, pages, rng)
            scored = score(pages, results)
            print_figures(label, scored, seconds, len(pages))
            report["runs"].append({"label": label, "seconds": seconds, **scored})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, default=str))
    print(f"\nper-page differences in {args.out}")


if __name__ == "__main__":
    main()
