"""Main-text extraction on real pages: our pipeline side by side with trafilatura and other extractors.

    .venv/bin/python bench/extraction.py [--pages N] [--out bench/out/extraction.json]

Reads the real pages of ../shared/benchmarks/readability-pages (never copied into the project):
each folder's source.html is decoded once (provenance.text.decode, as ingestion does) and given
to every extractor in the same run; expected.html is the reference main text. Main text is
scored as the article-extraction benchmarks do: token precision, recall and F1 against the
reference, micro-averaged over pages (tokens: lowercase Unicode words, each CJK character a
token of its own). A page an extractor fails on, or finds no article in, counts with an empty
text. Metadata is scored against expected-metadata.json on the pages whose reference has a
value: title and site name match at word-token F1 >= 0.8, byline at >= 0.5 (credits are written
many ways: "By A", "A, staff writer"), published date on the same day, language on the primary
subtag. Per-page figures go to the JSON file, so a regression can be traced to its pages.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES_DIR = ROOT.parent / "shared" / "benchmarks" / "readability-pages"
FIELDS = ("title", "byline", "siteName", "publishedTime", "lang")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_LANG_ATTRIBUTE = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)

# jusText needs a stop-word list per language; a page in another language runs language-independent.
_JUSTEXT_LANGUAGES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "it": "Italian",
    "cs": "Czech",
    "ru": "Russian",
    "ar": "Arabic",
    "nl": "Dutch",
}


def tokens(text: str) -> list[str]:
    """The words of a text for scoring: lowercase, Unicode-aware, one token per CJK character."""
    return _TOKEN.findall(text.lower())


def overlap(candidate: list[str], reference: list[str]) -> int:
    return sum((Counter(candidate) & Counter(reference)).values())


def token_f1(candidate: str, reference: str) -> float:
    found, wanted = tokens(candidate), tokens(reference)
    common = overlap(found, wanted)
    if not common:
        return 0.0
    precision, recall = common / len(found), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


@dataclass
class Output:
    """What one extractor gave for one page: main text, metadata it knows, and an error if it failed."""

    text: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    error: str = ""  # the extractor failed: an exception
    no_article: str = ""  # the extractor said, with its reason, that the page holds no article


@dataclass
class Page:
    name: str
    html: str
    media_type: str
    warnings: tuple[str, ...]
    reference: str
    metadata: dict


def load_pages(limit: int | None) -> list[Page]:
    import lxml.html

    from provenance.text.decode import decode_bytes

    pages = []
    for folder in sorted(path for path in PAGES_DIR.iterdir() if (path / "source.html").is_file())[:limit]:
        decoded = decode_bytes((folder / "source.html").read_bytes(), filename="source.html")
        reference = lxml.html.fromstring((folder / "expected.html").read_text("utf-8")).text_content()
        metadata = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
        pages.append(Page(folder.name, decoded.text, decoded.media_type, decoded.warnings, reference, metadata))
    return pages


def _html_text(fragment: str) -> str:
    """The visible text of an HTML fragment, one line per block, as the reference is read."""
    import lxml.html

    if not fragment.strip():
        return ""
    tree = lxml.html.fromstring(fragment)
    for block in tree.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote", "pre"):
        block.tail = "\n" + (block.tail or "")
    return tree.text_content()


def trafilatura_extractor(**options) -> Callable[[Page], Output]:
    import trafilatura

    def run(page: Page) -> Output:
        return Output(text=trafilatura.extract(page.html, **options) or "")

    return run


def trafilatura_metadata(page: Page) -> dict[str, str]:
    """trafilatura's metadata, the same whatever the precision/recall option (not timed)."""
    import trafilatura

    document = trafilatura.extract_metadata(page.html)
    if document is None:
        return {}
    return {
        "title": document.title or "",
        "byline": document.author or "",
        "siteName": document.sitename or "",
        "publishedTime": document.date or "",
    }


def readability_extractor() -> Callable[[Page], Output]:
    from readability import Document

    logging.getLogger("readability").setLevel(logging.ERROR)

    def run(page: Page) -> Output:
        document = Document(page.html)
        return Output(text=_html_text(document.summary(html_partial=True)), meta={"title": document.short_title()})

    return run


def justext_extractor() -> Callable[[Page], Output]:
    import justext

    def run(page: Page) -> Output:
        match = _LANG_ATTRIBUTE.search(page.html[:5000])
        language = _JUSTEXT_LANGUAGES.get(match.group(1).lower() if match else "")
        if language:
            paragraphs = justext.justext(page.html, justext.get_stoplist(language))
        else:
            paragraphs = justext.justext(page.html, frozenset(), stopwords_low=0, stopwords_high=0)
        return Output(text="\n".join(p.text for p in paragraphs if not p.is_boilerplate))

    return run


def resiliparse_extractor() -> Callable[[Page], Output]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    def run(page: Page) -> Output:
        tree = HTMLTree.parse(page.html)
        return Output(text=extract_plain_text(tree, main_content=True), meta={"title": tree.title or ""})

    return run


def pipeline_extractor() -> Callable[[Page], Output]:
    from provenance.text.pipeline import NoArticleError, analyse_page

    def run(page: Page) -> Output:
        try:
            drafts = analyse_page(page.html, media_type=page.media_type, warnings=page.warnings).drafts
        except NoArticleError as reason:
            return Output(no_article=str(reason))
        first = drafts[0]
        return Output(
            text="\n\n".join(draft.body for draft in drafts),
            meta={
                "title": first.title,
                "byline": ", ".join(first.authors),
                "siteName": first.outlet.name if first.outlet else "",
                "publishedTime": first.published.isoformat() if first.published else "",
                "lang": first.language,
            },
        )

    return run


def field_matches(name: str, found: str, wanted: str) -> bool:
    if name == "publishedTime":
        return found[:10] == wanted[:10] and bool(re.match(r"\d{4}-\d{2}-\d{2}$", found[:10]))
    if name == "lang":
        return found.split("-")[0].lower() == wanted.split("-")[0].lower()
    if name == "byline":
        wanted, found = re.sub(r"(?i)^\s*by\s+", "", wanted), re.sub(r"(?i)^\s*by\s+", "", found)
        return token_f1(found, wanted) >= 0.5
    return token_f1(found, wanted) >= 0.8


def extractors() -> dict[str, tuple[Callable[[Page], Output], set[str]]]:
    """Name -> (extractor, the metadata fields it gives)."""
    every = set(FIELDS)
    trafilatura_fields = every - {"lang"}
    return {
        "trafilatura.extract": (trafilatura_extractor(), trafilatura_fields),
        "trafilatura favor_precision": (trafilatura_extractor(favor_precision=True), trafilatura_fields),
        "trafilatura favor_recall": (trafilatura_extractor(favor_recall=True), trafilatura_fields),
        "readability-lxml": (readability_extractor(), {"title"}),
        "jusText": (justext_extractor(), set()),
        "resiliparse": (resiliparse_extractor(), {"title"}),
        "our pipeline (analyse_page)": (pipeline_extractor(), every),
    }


def run(pages: list[Page], only: str = "") -> dict:
    results: dict = {}
    shared_meta = {page.name: trafilatura_metadata(page) for page in pages}
    for name, (extract, fields) in extractors().items():
        if only.casefold() not in name.casefold():
            continue
        extract(pages[0])  # first use pays a library's start-up once, as a long-lived worker does
        rows = []
        seconds = 0.0
        for page in pages:
            started = time.perf_counter()
            try:
                output = extract(page)
            except Exception as error:  # noqa: BLE001 - a failure is a result to count, not a crash
                output = Output(error=f"{type(error).__name__}: {error}")
            seconds += time.perf_counter() - started
            if name.startswith("trafilatura"):
                output.meta = shared_meta[page.name]
            found, wanted = tokens(output.text), tokens(page.reference)
            rows.append(
                {
                    "page": page.name,
                    "found": len(found),
                    "wanted": len(wanted),
                    "common": overlap(found, wanted),
                    "error": output.error,
                    "no_article": output.no_article,
                    "meta": {
                        key: field_matches(key, output.meta.get(key) or "", page.metadata[key])
                        for key in fields
                        if page.metadata.get(key)
                    },
                }
            )
        results[name] = summarise(rows, seconds, fields, pages)
        results[name]["pages"] = rows
    return results


def summarise(rows: list[dict], seconds: float, fields: set[str], pages: list[Page]) -> dict:
    found = sum(row["found"] for row in rows)
    wanted = sum(row["wanted"] for row in rows)
    common = sum(row["common"] for row in rows)
    precision = common / found if found else 0.0
    recall = common / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    metadata = {}
    for key in FIELDS:
        judged = [row["meta"][key] for row in rows if key in row["meta"]]
        metadata[key] = None if key not in fields else (sum(judged) / len(judged) if judged else None)
    return {
        "f1": f1,
        "precision": precision,
        "recall": recall,
        "pages_per_second": len(rows) / seconds if seconds else 0.0,
        "failed": sum(1 for row in rows if row["error"]),
        "empty": sum(1 for row in rows if not row["found"] and not row["error"]),
        "metadata": metadata,
        "metadata_pages": {key: sum(1 for page in pages if page.metadata.get(key)) for key in FIELDS},
    }


def table(results: dict, pages: int) -> str:
    counts = next(iter(results.values()))["metadata_pages"]
    header = (
        "| extractor | F1 | precision | recall | pages/s | no text | failed | "
        + " | ".join(f"{key} ({counts[key]})" for key in FIELDS)
        + " |"
    )
    lines = [header, "| --- " + "| ---: " * (6 + len(FIELDS)) + "|"]
    for name, result in results.items():
        meta = " | ".join("—" if result["metadata"][k] is None else f"{result['metadata'][k]:.2f}" for k in FIELDS)
        lines.append(
            f"| {name} | {result['f1']:.3f} | {result['precision']:.3f} | {result['recall']:.3f} | "
            f"{result['pages_per_second']:.1f} | {result['empty']} | {result['failed']} | {meta} |"
        )
    return "\n".join(lines) + f"\n\n{pages} pages, {date.today().isoformat()}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="only the first N pages (in folder order)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "extraction.json")
    parser.add_argument("--only", default="", help="only the extractors whose name contains this")
    args = parser.parse_args()
    if not PAGES_DIR.is_dir():
        print(f"skipped: needs {PAGES_DIR} (the workspace's shared/ folder), which is absent")
        return
    pages = load_pages(args.pages)
    results = run(pages, args.only)
    print(table(results, len(pages)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"date": date.today().isoformat(), "results": results}, indent=1), "utf-8")
    print(f"per-page figures: {args.out}")


if __name__ == "__main__":
    main()
