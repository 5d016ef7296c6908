"""Extract an article's text and metadata from a page: trafilatura for HTML, the text as is for text pages."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

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
_META_DATES = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "DC.date.issued",
    "sailthru.date",
)
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")

# trafilatura logs extraction trouble at WARNING level on every odd page; our errors say it once.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def extract_text_page(text: str) -> Extracted:
    """A text page is its own main text: only hard-wrapped paragraphs are joined."""
    return Extracted(lines=unwrap_lines(text.split("\n")))


def _element_lines(element) -> list[str]:
    """The visible text of an element as lines, one per block-level element."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.lower().split("}")[-1]
        if tag in _SKIP_TAGS or not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            return
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _meta_date(tree) -> str:
    for name in _META_DATES:
        for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']/@content"):
            if value.strip():
                return value.strip()
    for value in tree.xpath("//time/@datetime"):
        if value.strip():
            return value.strip()
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return item["datePublished"]
    return ""


def _meta(tree, *names: str) -> str:
    for name in names:
        for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content"):
            if value.strip():
                return value.strip()
    return ""


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
        include_tables=False,
        favor_recall=True,
        deduplicate=False,
    )
    main_text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    lines = [line.strip() for line in main_text.split("\n")] if main_text else list(page_lines)
    sections = []
    articles = [element for element in tree.iter("article") if len(" ".join(_element_lines(element))) >= 300]
    if len(articles) >= 2:
        sections = [_element_lines(element) for element in articles]
    if not any(line.strip() for line in lines) and not sections:
        raise ExtractError("the HTML has no visible text")
    main = set(lines)
    for section in sections:
        main.update(section)
    other = [line for line in page_lines if line not in main]
    title = (getattr(document, "title", None) or "") if document is not None else ""
    title = title or _meta(tree, "og:title", "twitter:title") or (tree.findtext(".//title") or "").strip()
    return Extracted(
        lines=lines,
        sections=sections,
        other_lines=other,
        title=title.strip(),
        author=((getattr(document, "author", None) or "") if document is not None else "") or _meta(tree, "author"),
        date=((getattr(document, "date", None) or "") if document is not None else "") or _meta_date(tree),
        url=((getattr(document, "url", None) or "") if document is not None else "") or url,
        site_name=((getattr(document, "sitename", None) or "") if document is not None else "")
        or _meta(tree, "og:site_name", "application-name"),
        is_html=True,
    )
