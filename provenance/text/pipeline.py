"""The text stages of ingestion in one pure function: from decoded text to article drafts (no Django).

extract -> split into articles -> for each: read attributions (before stripping) -> strip
furniture -> detect outlet, sources, authors, date and language. The ingestion service stores
what this returns; tests and benchmarks call it directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from provenance.text.attribution import (
    AUTHOR,
    PUBLISHER,
    REPORTER,
    Attribution,
    read_bio,
    read_custom,
    read_line,
)
from provenance.text.boilerplate import ATTRIBUTION, Pattern, PatternSet, strip_boilerplate, strip_edges
from provenance.text.dates import DAY, date_span, find_date, parse_date_line
from provenance.text.decode import HTML
from provenance.text.detect import (
    UNDETERMINED,
    DerivationDraft,
    Named,
    decide_outlet,
    detect_language,
    looks_like_person,
)
from provenance.text.extract import Extracted, extract_html, extract_text_page
from provenance.text.normalise import words
from provenance.text.outlets import OutletDirectory, OutletEntry
from provenance.text.split import (
    BODY,
    BYLINE,
    CREDIT,
    DATE,
    DATELINE,
    FRAGMENT,
    FURNITURE,
    HEADING,
    MIN_CHOSEN_WORDS,
    NAME,
    OUTLET,
    SECTION,
    SEPARATOR,
    Piece,
    SplitPage,
    split_page,
)

# Attribution kinds that page text outside the article (footers, sidebars) may contribute: a
# sidebar's bylines belong to other articles, a footer's copyright notice to the page's outlet.
_PAGE_LEVEL_KINDS = {"site_copyright", "appeal", "original_source", "first_published", "republished_from"}
# Line kinds that are furniture at the edges of a chosen main text and text inside it.
_EDGE_ONLY_KINDS = {CREDIT, DATE, BYLINE, OUTLET, DATELINE, FRAGMENT, SECTION, SEPARATOR, FURNITURE}
_SENTENCE = re.compile(r"^(.{20,120}?[.!?])(?:\s|$)")


class NoArticleError(ValueError):
    """The page holds no recognisable article; the message says why."""


@dataclass
class ArticleDraft:
    """One article read from a page, ready to be stored."""

    position: int
    title: str
    body: str
    language: str
    outlet: Named | None
    authors: list[str]
    published: date | None
    precision: str
    derivations: list[DerivationDraft]
    attributions: list[Attribution]
    review_notes: list[str] = field(default_factory=list)
    is_aggregated: bool = False
    url: str = ""
    furniture: list[str] = field(default_factory=list)  # lines stripped from the text (house-style cues)

    @property
    def needs_review(self) -> bool:
        return bool(self.review_notes)


@dataclass
class PageAnalysis:
    """Everything the text stages learned from one page."""

    drafts: list[ArticleDraft]
    carrier: Named | None
    extracted: Extracted
    split: SplitPage

    @property
    def is_aggregate(self) -> bool:
        return len(self.drafts) > 1


def is_outlet_dateline(text: str) -> bool:
    """ "Global Research, April 22, 2016": an outlet's name followed by a full date."""
    return any(a.kind == "dateline" for a in read_line(text, 0, find_date=date_span))


def _first_sentence(body: str) -> str:
    first = body.strip().split("\n", 1)[0]
    match = _SENTENCE.match(first)
    return (match.group(1) if match else first[:100]).strip()


def _page_publisher(extracted: Extracted, directory: OutletDirectory, outlet_name: str | None, url: str) -> str:
    """The outlet the page itself names: given by the user, by its URL's domain, or by its site name."""
    if outlet_name:
        return outlet_name
    address = url or extracted.url
    if address:
        entry = directory.by_domain(address)
        if entry is not None:
            return entry.name
    if extracted.site_name:
        return extracted.site_name
    return ""


def _piece_attributions(piece: Piece, custom: Sequence[Pattern]) -> list[Attribution]:
    head = piece.head
    found: list[Attribution] = []
    body_blocks = [b for b in piece.text_blocks if b.kind == BODY]
    bio_blocks = {id(b) for b in body_blocks[-6:]}
    for block in piece.blocks:
        if block.kind == OUTLET:
            found.append(Attribution("outlet_line", block.text, PUBLISHER, block.text, block.line))
        elif block.kind == NAME and block in head:
            found.append(Attribution("name_line", block.text, AUTHOR, block.text, block.line))
        elif block.kind == SECTION:
            found.append(Attribution("section", block.text, SECTION, block.text, block.line))
        elif block.kind == DATE:
            continue
        else:
            found.extend(read_line(block.text, block.line, find_date=date_span if block in head else None))
            if id(block) in bio_blocks:
                found.extend(read_bio(block.text, block.line))
    custom_regexes = [p.compiled for p in custom if p.kind == ATTRIBUTION and "(?P<name>" in p.regex]
    if custom_regexes:
        found.extend(read_custom([b.text for b in piece.blocks], custom_regexes))
    return found


def _named(name: str, directory: OutletDirectory) -> Named:
    return Named(name, directory.lookup(name, prefixes=True))


def _piece_date(
    piece: Piece, attributions: list[Attribution], outlet: Named | None, directory: OutletDirectory
) -> tuple[date | None, str]:
    for block in piece.head:
        if block.kind == DATE:
            found = parse_date_line(block.text)
            if found is not None:
                return found.value, found.precision
    datelines = [a for a in attributions if a.kind == "dateline" and a.date_text]
    if outlet is not None:
        datelines.sort(key=lambda a: _named(a.name, directory).key != outlet.key)
    for attribution in datelines:
        found = find_date(attribution.date_text)
        if found is not None:
            return found.value, found.precision
    return None, ""


def _body_lines(
    piece: Piece, patterns: PatternSet, *, chosen: bool
) -> tuple[list[str], list[tuple[str, str]], str | None]:
    """The article's text lines after stripping, the removed lines, and a trailing author name if any.

    chosen: the lines are a main text that extractors already chose from an HTML page, so only
    furniture at its edges is stripped; a text page is stripped of furniture wherever it stands.
    """
    if chosen:
        blocks = piece.text_blocks
        stripped = strip_edges(
            [b.text for b in blocks], patterns, edge_only=[b.kind in _EDGE_ONLY_KINDS for b in blocks]
        )
    else:
        candidates = [b for b in piece.text_blocks if b.kind in {BODY, HEADING, FRAGMENT, NAME, FURNITURE}]
        stripped = strip_boilerplate([b.text for b in candidates], patterns)
    kept = list(stripped.kept)
    trailing_author = None
    if len(kept) > 1 and looks_like_person(kept[-1]):
        trailing_author = kept.pop()
    while kept and len(words(kept[-1])) < 2:
        kept.pop()  # stray fragments ("*", a lone word) at the end
    return kept, stripped.removed, trailing_author


def analyse_page(
    text: str,
    *,
    media_type: str,
    directory: OutletDirectory | None = None,
    patterns: PatternSet | None = None,
    patterns_for: Callable[[Named], Sequence[Pattern]] | None = None,
    outlet_name: str | None = None,
    url: str = "",
    warnings: Sequence[str] = (),
) -> PageAnalysis:
    """Read a decoded page into article drafts, or raise NoArticleError (or ExtractError)."""
    directory = directory or OutletDirectory.with_defaults()
    patterns = patterns or PatternSet()
    extracted = extract_html(text, url=url) if media_type == HTML else extract_text_page(text)
    publisher = _page_publisher(extracted, directory, outlet_name, url)
    carrier_named = Named(publisher, directory.lookup(publisher)) if publisher else None
    if carrier_named is not None and patterns_for is not None:
        patterns = patterns.extended(patterns_for(carrier_named))

    def split(lines: list[str], *, first_title: str = extracted.title) -> SplitPage:
        return split_page(
            lines,
            patterns=patterns,
            is_outlet_name=lambda name: directory.lookup(name) is not None,
            is_dateline=is_outlet_dateline,
            first_title=first_title,
            single=extracted.is_html,
        )

    if extracted.sections:
        parts = [split(section, first_title="") for section in extracted.sections]
        page = SplitPage(
            pieces=[p for part in parts for p in part.pieces],
            leftovers=[b for part in parts for b in part.leftovers],
            rejected=sum(part.rejected for part in parts),
        )
    else:
        page = split(extracted.lines)
    if not page.pieces:
        count = sum(len(words(line)) for line in extracted.lines)
        if extracted.is_html:
            raise NoArticleError(
                f"no recognisable article: the page's main text has {count} word{'' if count == 1 else 's'}, "
                f"fewer than the {MIN_CHOSEN_WORDS} an article needs"
            )
        raise NoArticleError(
            f"no recognisable article: {count} words of text, but no heading with paragraphs of running text "
            "(only links, furniture or fragments)"
        )
    aggregate = len(page.pieces) > 1
    leftover_attributions: list[Attribution] = []
    furniture_entries: list[OutletEntry] = []
    if not aggregate:
        for block in page.leftovers:
            leftover_attributions.extend(a for a in read_line(block.text, block.line) if a.kind in _PAGE_LEVEL_KINDS)
        for line in extracted.other_lines:
            leftover_attributions.extend(a for a in read_line(line, -1) if a.kind in _PAGE_LEVEL_KINDS)
        for line in [b.text for b in page.leftovers] + extracted.other_lines:
            furniture_entries.extend(directory.mentions(line))

    drafts: list[ArticleDraft] = []
    for position, piece in enumerate(page.pieces):
        attributions = _piece_attributions(piece, patterns.patterns)
        piece_furniture = list(furniture_entries)
        for block in piece.blocks:
            if block.kind == FURNITURE or patterns.match(block.text, ATTRIBUTION) is not None:
                piece_furniture.extend(directory.mentions(block.text))
        decision = decide_outlet(
            [*attributions, *leftover_attributions],
            directory=directory,
            given=None if aggregate else (publisher or None),
            furniture=piece_furniture,
        )
        piece_patterns = patterns
        if decision.outlet is not None and patterns_for is not None:
            piece_patterns = patterns.extended(patterns_for(decision.outlet))
        lines, removed, trailing_author = _body_lines(piece, piece_patterns, chosen=extracted.is_html)
        notes = list(decision.notes) + list(warnings)
        authors = list(decision.authors)
        if trailing_author and trailing_author not in authors:
            authors.append(trailing_author)
        if not aggregate and extracted.author:
            for name in re.split(r"\s*(?:,|;|\band\b)\s*", extracted.author):
                if name and directory.lookup(name) is None and name not in authors:
                    authors.append(name)
        body = "\n\n".join(lines).strip()
        if not body:
            continue
        title = piece.title or extracted.title
        if not title:
            title = _first_sentence(body)
            notes.append("no title on the page: the first sentence stands in")
        published, precision = _piece_date(piece, attributions, decision.outlet, directory)
        if published is None and not aggregate and extracted.date:
            found = find_date(extracted.date)
            if found is not None:
                published, precision = found.value, found.precision
        if published is None:
            found = find_date(title)
            if found is not None:
                published, precision = found.value, found.precision
        language = detect_language(f"{title}\n{body}")
        if language == UNDETERMINED:
            notes.append("too little text to tell the language")
        if decision.outlet is None:
            notes.append("no outlet named on the page")
        derivations = list(decision.derivations)
        carried_elsewhere = carrier_named is None or (
            decision.outlet is not None and decision.outlet.key != carrier_named.key
        )
        if aggregate and decision.outlet is not None and not derivations and carried_elsewhere:
            credit = next(
                (
                    a
                    for a in attributions
                    if (a.role in {PUBLISHER, REPORTER} and _named(a.name, directory).key == decision.outlet.key)
                    or (a.outlet and _named(a.outlet, directory).key == decision.outlet.key)
                ),
                None,
            )
            evidence = "attribution" if credit is not None and credit.role == REPORTER else "byline"
            text = credit.text if credit is not None else decision.outlet.name
            derivations.append(DerivationDraft(decision.outlet, "aggregation", evidence, text))
        if decision.needs_review and not notes:
            notes.append("attribution needs a check")
        drafts.append(
            ArticleDraft(
                position=position,
                title=title,
                body=body,
                language=language,
                outlet=decision.outlet,
                authors=authors,
                published=published,
                precision=precision or (DAY if published else ""),
                derivations=derivations,
                attributions=[*attributions, *leftover_attributions],
                review_notes=notes,
                is_aggregated=aggregate,
                url="" if aggregate else (url or extracted.url),
                furniture=list(
                    dict.fromkeys([line for line, _ in removed] + [b.text for b in piece.blocks if b.kind == FURNITURE])
                ),
            )
        )
    if not drafts:
        raise NoArticleError("no recognisable article: every candidate was furniture once stripped")
    return PageAnalysis(drafts=drafts, carrier=carrier_named if aggregate else None, extracted=extracted, split=page)
