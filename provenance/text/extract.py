"""Extract an article's text and metadata from a page: two extractors that check each other for HTML.

Text pages are their own text.

trafilatura (recall mode) reads the main text; readability-lxml reads it again, and the lines
the two agree on anchor the result (agree_lines): what only trafilatura saw is kept inside the
agreed text and dropped at its edges, what only readability saw is added where it sits. A page
whose main text is nearly all its visible text is read once (is_whole_page).
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise

import lxml.html
import trafilatura
from lxml import etree
from readability import Document
from readability.htmls import TITLE_CSS_HEURISTICS, add_match, norm_title, shorten_title
from readability.readability import Unparseable

from provenance.text.normalise import words
from provenance.text.split import unwrap_lines


class ExtractError(ValueError):
    """No text could be extracted from the page; the message says why."""


@dataclass(frozen=True)
class Extracted:
    """A page's main text as lines, its metadata, and the rest of its visible text."""

    lines: list[str]
    sections: list[list[str]] = field(default_factory=list)  # one per <article> when the page has several
    other_lines: list[str] = field(default_factory=list)  # visible text outside the main text (footers, sidebars)
    title: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    site_name: str = ""
    is_html: bool = False


_BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "figcaption",
    "caption",
    "dt",
    "dd",
    "address",
    "time",
    "td",
    "th",
    "summary",
    "header",
    "footer",
    "section",
    "article",
    "div",
    "main",
    "aside",
    "nav",
    "form",
    "ul",
    "ol",
    "table",
    "tr",
    "figure",
    "br",
    "hr",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head", "button", "select"}
# Where a page says when it was published, in order of trust: what it declares as the publication
# (schema.org's datePublished in JSON-LD, then Open Graph's article:published_time or a datePublished
# <meta>) comes before htmldate's reading, which may settle on a "last updated" date; the looser names
# and <time> elements come after it.
_PUBLISHED_METAS = ("article:published_time", "og:published_time", "datePublished")
_LOOSE_DATE_METAS = ("date", "pubdate", "publishdate", "dc.date", "DC.date.issued", "sailthru.date")
_JSON_LD_WRAPPING = re.compile(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")

# trafilatura logs extraction trouble at WARNING level on every odd page; our errors say it once.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)
logging.getLogger("readability").setLevel(logging.CRITICAL)

_TABLE_RULE = re.compile(r"^[|:\-\s]*$")
# A line is seen by the other extractor when at least this share of its word pairs is in the other's text.
SEEN_SHARE = 0.5
# An <article> element is one of a page's articles when it holds this share of the main text's lines.
SECTION_SHARE = 0.1
# Below this share of agreed text the two extractors read different parts of the page: keep the first's.
MIN_AGREEMENT = 0.2
# When the first reading holds this share of the page's visible words, the page is the article: no second reading.
WHOLE_PAGE_SHARE = 0.9


def extract_text_page(text: str) -> Extracted:
    """A text page is its own main text: only hard-wrapped paragraphs are joined."""
    return Extracted(lines=unwrap_lines(text.split("\n")))


class _TextStream(HTMLParser):
    """Visible text of HTML read tag by tag (Python's tokenizer), one line per block-level element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self.skipping.append(tag)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def streamed_lines(html: str) -> list[str]:
    """The visible text of a page as lines, without building a tree (so without a depth limit)."""
    stream = _TextStream()
    stream.feed(html)
    stream.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(stream.parts).split("\n"))
    return [line for line in lines if line]


def _element_lines(element) -> list[str]:
    """The visible text of an element as lines, one per block-level element.

    Walked with a stack of its own, not recursion: a page of tens of thousands of nested elements
    (seen in hostile and broken pages) still gives its text.
    """
    parts: list[str] = []
    stack: list[tuple[object, str, bool]] = [(element, "", False)]
    while stack:
        node, tag, closing = stack.pop()
        if closing:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if node.tail:
                parts.append(node.tail)
            continue
        tag = node.tag.lower().split("}")[-1] if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS or not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        stack.append((node, tag, True))
        stack.extend((child, "", False) for child in reversed(node))
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _words(text: str) -> list[str]:
    return words(text.lower())


def _pairs(words: list[str]) -> list[tuple[str, ...]]:
    """The word pairs of a line (a one-word line is its own pair): context makes a match mean "the same text"."""
    if len(words) < 2:
        return [tuple(words)] if words else []
    return list(pairwise(words))


def _seen(lines: Sequence[str], other: Sequence[str]) -> tuple[list[list[str]], list[bool]]:
    """Each line's words, and whether the other text holds at least SEEN_SHARE of its word pairs."""
    other_words = _words("\n".join(other))
    held = set(_pairs(other_words)) | {(word,) for word in other_words}  # a one-word line is held by its word
    words = [_words(line) for line in lines]
    seen = []
    for line_words in words:
        pairs = _pairs(line_words)
        seen.append(bool(pairs) and sum(pair in held for pair in pairs) >= SEEN_SHARE * len(pairs))
    return words, seen


def agree_lines(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """The main text two extractors agree on: first's lines, checked against second's.

    The lines both hold anchor the text. Lines only first holds are kept between anchors (an
    extractor that is strict about lists or tables drops them there) and dropped before the first
    anchor and after the last one (comments, related links, a page's furniture), or when a run of
    them outweighs the agreed text (a gallery or comment thread inside the article's frame). Lines
    only second holds are added after the anchor before them. When the two hardly agree they read
    different parts of the page, and first's text is kept.
    """
    first = [line for line in first if line.strip()]
    second = [line for line in second if line.strip()]
    if not first or not second:
        return list(first or second)
    first_words, first_seen = _seen(first, second)
    second_words, second_seen = _seen(second, first)
    agreed = sum(len(line_words) for line_words, seen in zip(first_words, first_seen, strict=True) if seen)
    total = min(sum(map(len, first_words)), sum(map(len, second_words)))
    if not agreed or agreed < MIN_AGREEMENT * total:
        return list(first)
    anchors = [index for index, seen in enumerate(first_seen) if seen]
    keep = [anchors[0] <= index <= anchors[-1] for index in range(len(first))]
    index = anchors[0]
    while index <= anchors[-1]:
        end = index
        while not first_seen[end]:
            end += 1
        if sum(len(first_words[i]) for i in range(index, end)) > agreed:
            keep[index:end] = [False] * (end - index)
        index = end + 1
    # where each line of second sits in first: the line of first that holds most of its word pairs
    position: dict[tuple[str, ...], int] = {}
    for number, line_words in enumerate(first_words):
        for pair in _pairs(line_words):
            position.setdefault(pair, number)
    added: dict[int, list[str]] = {}
    after = anchors[0] - 1
    for line, line_words, seen in zip(second, second_words, second_seen, strict=True):
        if seen:
            places = Counter(position[pair] for pair in _pairs(line_words) if pair in position)
            after = places.most_common(1)[0][0] if places else after
        else:
            added.setdefault(min(max(after, anchors[0] - 1), anchors[-1]), []).append(line)
    merged = list(added.get(anchors[0] - 1, []))
    for number, line in enumerate(first):
        if keep[number]:
            merged.append(line)
        merged.extend(added.get(number, []))
    return merged


def is_whole_page(main_lines: Sequence[str], page_lines: Sequence[str]) -> bool:
    """Whether the main text holds nearly all the page's visible words (WHOLE_PAGE_SHARE): the page is the article.

    A second reading has then little to add or to trim; it is skipped, as it costs as much as the first
    (on the real-page benchmark: a fifth of readability's time saved, micro F1 unchanged).
    """
    page = sum(len(_words(line)) for line in page_lines)
    return bool(page) and sum(len(_words(line)) for line in main_lines) >= WHOLE_PAGE_SHARE * page


def _trafilatura_lines(text: str) -> list[str]:
    """trafilatura's text as lines; its table rows ("| a | b |") as cells joined by " | ", rules dropped."""
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("|") and line.endswith("|"):
            if _TABLE_RULE.match(line):
                continue
            line = " | ".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
        if line:
            lines.append(line)
    return lines


def _readability_lines(html: str) -> list[str]:
    """The main text as readability-lxml reads it, one line per block; none when it cannot read the page."""
    try:
        summary = Document(html).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError, etree.LxmlError):
        return []
    if not summary.strip():
        return []
    return _element_lines(lxml.html.fromstring(summary))


def _article_sections(tree, main_lines: list[str]) -> list[list[str]]:
    """The lines of each <article> element that holds part of the main text, when two or more do.

    A page whose main text runs through several <article> elements carries several articles; one
    whose other <article> elements hold comments or teasers outside its main text carries one.
    """
    main = set(main_lines)
    sections = []
    for element in tree.iter("article"):
        lines = _element_lines(element)
        if len(" ".join(lines)) >= 300 and len(main.intersection(lines)) >= SECTION_SHARE * len(main):
            sections.append(lines)
    return sections if len(sections) >= 2 else []


class _InOrder(dict):
    """A set that remembers the order of its additions (what readability's add_match fills)."""

    def add(self, item: str) -> None:
        self.setdefault(item, None)


_CJK = re.compile("[\u4e00-\u9fff]+")


def _short_title(tree) -> str:
    """The <title> without the site's name, as readability reads it (it matches the title to the page's headings).

    readability keeps the headings that the title contains in a set and takes the longest, so two of
    the same length came out in the order of the process's string hashing: here the first on the page wins.
    """
    try:
        element = tree.find(".//title")
        if element is None or not element.text:
            return ""
        original = norm_title(element.text)
        candidates = _InOrder()
        headings = [*tree.iterfind(".//h1"), *tree.iterfind(".//h2"), *tree.iterfind(".//h3")]
        for heading in headings + [found for css in TITLE_CSS_HEURISTICS for found in tree.cssselect(css)]:
            for text in (heading.text, heading.text_content()):
                if text:
                    add_match(candidates, text, original)
        if not candidates:
            return shorten_title(tree) or ""
        title = max(candidates, key=len)  # the first of the longest
        if _CJK.search(title):
            return title if 4 <= len(title) < 100 else original
        return title if 15 < len(title) < 150 else original
    except (ValueError, TypeError, etree.LxmlError):
        return ""


def _meta_content(tree, name: str) -> str:
    for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']/@content"):
        if value.strip():
            return value.strip()
    return ""


def _json_ld_items(tree) -> Iterator[dict]:
    """Every object of the page's JSON-LD blocks, those inside an @graph included."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:  # some sites wrap the block in CDATA or comment markers, or leave raw newlines in its strings
            data = json.loads(_JSON_LD_WRAPPING.sub("", script), strict=False)
        except ValueError:
            continue
        pending = data if isinstance(data, list) else [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    pending.extend(graph)


def declared_published(tree) -> str:
    """The publication date the page declares in its metadata (schema.org, then Open Graph), or "".

    schema.org's datePublished comes first: sites that republish or update a piece move their
    article:published_time along with it, while the JSON-LD keeps the first publication.
    """
    for item in _json_ld_items(tree):
        value = item.get("datePublished")
        if isinstance(value, str) and value.strip():
            return value.strip()
    for name in _PUBLISHED_METAS:
        value = _meta_content(tree, name)
        if value:
            return value
    return ""


def _loose_date(tree) -> str:
    """A date from the page's looser markup (a "date" meta, a <time> element), for when nothing better says."""
    for name in _LOOSE_DATE_METAS:
        value = _meta_content(tree, name)
        if value:
            return value
    for value in tree.xpath("//time/@datetime"):
        if value.strip():
            return value.strip()
    return ""


def _meta(tree, *names: str) -> str:
    for name in names:
        for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content"):
            if value.strip():
                return value.strip()
    return ""


def date_search() -> dict:
    """htmldate's settings for trafilatura: the page's markup and its date patterns, without the extensive search.

    The extensive search reads free text with dateparser, which loads and tries every locale it knows: a
    process's first use took seconds, and each page about a tenth of a second more. On the real-page
    benchmark it found no date the markup did not (bench/RESULTS.md, 2026-11-30); datelines in the text
    are read by provenance.text.dates anyway.
    """
    return {"extensive_search": False, "original_date": True, "max_date": date.today().isoformat()}


def extract_html(html: str, *, url: str = "") -> Extracted:
    """Main text (trafilatura) and metadata of an HTML page; several <article> elements become sections."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise ExtractError(f"the HTML cannot be parsed ({error})") from error
    body = tree.find("body") if tree.find("body") is not None else tree
    page_lines = _element_lines(body)
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        date_extraction_params=date_search(),
    )
    main_text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    first_lines = _trafilatura_lines(main_text)
    sections = _article_sections(tree, first_lines)
    if sections or is_whole_page(first_lines, page_lines):
        lines = first_lines
    else:
        lines = agree_lines(first_lines, _readability_lines(html))
    if not page_lines and not lines:
        # libxml2 drops what is nested deeper than it parses (a few hundred levels): read the tags
        # as a stream instead, which has no depth at all
        page_lines = streamed_lines(html)
    lines = lines or list(page_lines)
    if not any(line.strip() for line in lines) and not sections:
        raise ExtractError("the HTML has no visible text")
    main = set(lines)
    for section in sections:
        main.update(section)
    other = [line for line in page_lines if line not in main]
    title = (
        _meta(tree, "og:title", "twitter:title")
        or _short_title(tree)
        or ((getattr(document, "title", None) or "") if document is not None else "")
        or (tree.findtext(".//title") or "").strip()
    )
    return Extracted(
        lines=lines,
        sections=sections,
        other_lines=other,
        title=title.strip(),
        author=((getattr(document, "author", None) or "") if document is not None else "") or _meta(tree, "author"),
        date=declared_published(tree)
        or ((getattr(document, "date", None) or "") if document is not None else "")
        or _loose_date(tree),
        url=((getattr(document, "url", None) or "") if document is not None else "") or url,
        site_name=((getattr(document, "sitename", None) or "") if document is not None else "")
        or _meta(tree, "og:site_name", "application-name"),
        is_html=True,
    )
