"""Split a page's lines into articles: one for a simple page, several for an aggregator page.

Lines are classified (heading, body, date, byline, outlet line, separator such as "Related News",
furniture...). A heading opens a new article when it is the page's first, when what follows it is
an article head (a byline, a date, an outlet line, a dateline paragraph, or the same heading
repeated), or when it follows a separator and body text follows it. Other headings are
subheadings of the current article; text after a separator that no heading opens is furniture.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from provenance.text.attribution import clean_line
from provenance.text.boilerplate import ATTRIBUTION, LINE, PatternSet
from provenance.text.dates import parse_date_line
from provenance.text.detect import looks_like_person
from provenance.text.normalise import words

SEPARATOR = "separator"
FURNITURE = "furniture"
CREDIT = "credit"  # an attribution line ("Source", "Articles by: X")
DATE = "date"
BYLINE = "byline"
OUTLET = "outlet"
DATELINE = "dateline"  # "Global Research, April 22, 2016"
NAME = "name"  # a line that is only a person's name
SECTION = "section"  # a series or section label over the text ("International Military Review")
FRAGMENT = "fragment"
HEADING = "heading"
BODY = "body"

# Kinds that may sit between a title and its text, and make a preceding heading a title.
HEAD_KINDS = {CREDIT, DATE, BYLINE, OUTLET, DATELINE, NAME}
# Kinds dropped from the article text when they sit between the title and the first paragraph.
HEADER_ONLY_KINDS = HEAD_KINDS | {FRAGMENT, FURNITURE, SECTION}

_BYLINE = re.compile(
    r"^(?:by|posted by|written by|author\s*:|par|بقلم\s*:?|كتب\s*:?)\s+(?P<name>[^\s].{1,60})$|"
    r"^(?P<author>[^\n,]{3,60}?)\s+for\s+(?:the\s+)?[^\n]{1,60}?\bblog\.?$",
    re.I,
)
# "BEIRUT, LEBANON (6:45 A.M.) – ..." or "IDLEB, (ST)_..." or "MOSCOW, March 3 (Reuters) - ...".
_DATELINE_PARAGRAPH = re.compile(
    r"^[A-Z][A-Z .,'’-]{1,40}(?:,?\s*[A-Z][a-z]+\.? \d{1,2})?,?\s*\([^)]{1,30}\)\s*[-_\u2013\u2014:]"
)
_SENTENCE_INSIDE = re.compile(r"[.!?][\"'”’]?\s+[A-Z\u0600-\u06ff]|[。！？]\s*\S")
_HEADING_END = re.compile(r"[.:;,。，；：]$")
_ARABIC = re.compile("[\u0600-\u06ff]")
_LABEL_JOINERS = {"of", "and", "the", "on", "for", "in", "&", "de", "la", "al"}

MIN_BODY_CHARS = 150
MIN_PARAGRAPH_CHARS = 60
MIN_CHOSEN_WORDS = 25  # a main text that extractors chose is an article from this many words (CJK: characters)


@dataclass
class Block:
    """One non-empty line of the page, cleaned, with its line number and kind."""

    line: int
    text: str
    kind: str


@dataclass
class Piece:
    """The lines of one article: its title, and its blocks (head lines first, then text)."""

    title: str
    title_line: int | None
    blocks: list[Block] = field(default_factory=list)
    after_separator: bool = False

    @property
    def head(self) -> list[Block]:
        """The blocks between the title and the first paragraph (bylines, dates, outlet lines)."""
        head = []
        for block in self.blocks:
            if block.kind not in HEADER_ONLY_KINDS:
                break
            head.append(block)
        return head

    @property
    def text_blocks(self) -> list[Block]:
        """The blocks after the head: paragraphs, subheadings, furniture still to strip."""
        return self.blocks[len(self.head) :]

    @property
    def body_chars(self) -> int:
        return sum(len(b.text) for b in self.text_blocks if b.kind in {BODY, HEADING, NAME, FRAGMENT})

    def is_article(self, *, chosen: bool = False) -> bool:
        """Enough running text to be an article (not a list of links or a stray heading).

        chosen: the text is what extractors chose as a page's main text; then enough words are
        enough, whatever its lines look like (verse, short lines, a language without full stops).
        """
        if chosen:
            kinds = {BODY, HEADING, NAME, FRAGMENT}
            return sum(len(words(b.text)) for b in self.text_blocks if b.kind in kinds) >= MIN_CHOSEN_WORDS
        paragraphs = [b for b in self.text_blocks if b.kind == BODY]
        return self.body_chars >= MIN_BODY_CHARS and any(len(b.text) >= MIN_PARAGRAPH_CHARS for b in paragraphs)


@dataclass
class SplitPage:
    """The articles found on a page, and the blocks that belong to none of them."""

    pieces: list[Piece]
    leftovers: list[Block]
    rejected: int = 0

    @property
    def is_aggregate(self) -> bool:
        return len(self.pieces) > 1


def _same(a: str, b: str) -> bool:
    return bool(a) and words(a.casefold()) == words(b.casefold())


def is_heading(text: str) -> bool:
    """A line that could be a title: short, no closing full stop, not several sentences."""
    if len(text) > 200 or not 2 <= len(words(text)) <= 40:
        return False
    bare = text.rstrip("\"'”’»)")
    if _HEADING_END.search(bare) and not bare.endswith("..."):
        return False
    if text[0] in "[(–—-•*#>" or text[0].islower():
        return False
    return not (len(text) > 90 and _SENTENCE_INSIDE.search(text))


def is_section_label(text: str) -> bool:
    """A series or section name: two to five capitalised words and no sentence ("International Military Review")."""
    words = text.split()
    if not 2 <= len(words) <= 5 or _HEADING_END.search(text) or any(ch.isdigit() for ch in text):
        return False
    return all(word[0].isupper() or word.lower() in _LABEL_JOINERS for word in words) and words[0][0].isupper()


def _mark_section_label(piece: Piece) -> None:
    """A capitalised label right under the title and over the first paragraph names a series, not the text."""
    text = piece.text_blocks
    if len(text) >= 2 and text[0].kind == HEADING and text[1].kind == BODY and is_section_label(text[0].text):
        text[0].kind = SECTION


def is_dateline_paragraph(text: str) -> bool:
    """A paragraph opening with a news dateline, as wire copy does ("BEIRUT, LEBANON (6:45 A.M.) –")."""
    return bool(_DATELINE_PARAGRAPH.match(text))


def classify(
    text: str, *, patterns: PatternSet, is_outlet_name: Callable[[str], bool], is_dateline: Callable[[str], bool]
) -> str:
    """The kind of one cleaned, non-empty line."""
    if patterns.is_block_start(text):
        return SEPARATOR
    if patterns.match(text, ATTRIBUTION) is not None:
        return CREDIT
    if patterns.match(text, LINE) is not None:
        return FURNITURE
    if parse_date_line(text) is not None:
        return DATE
    if len(text) <= 80 and is_outlet_name(text):
        return OUTLET
    match = _BYLINE.match(text) if len(text) <= 90 else None
    name = (match.group("name") or "") if match else ""
    if match and (match.group("author") or len(name.split()) <= 6 or " for " in name):
        return BYLINE
    if len(text) <= 90 and is_dateline(text):
        return DATELINE
    if looks_like_person(text):
        return NAME
    if len(words(text)) < 2 or len(text) <= 3:
        return FRAGMENT
    if is_heading(text):
        return HEADING
    return BODY


def unwrap_lines(lines: Sequence[str]) -> list[str]:
    """Join hard-wrapped lines (text saved at a fixed width) back into paragraphs; others unchanged."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 8:
        return list(lines)
    width = lengths[int(len(lengths) * 0.9) - 1]
    near = sum(1 for n in lengths if width * 0.7 <= n <= width)
    if not 40 <= width <= 100 or near < len(lengths) * 0.5:
        return list(lines)
    joined: list[str] = []
    current = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current:
                joined.append(current)
                current = ""
            joined.append("")
            continue
        current = f"{current} {stripped}" if current else stripped
        if len(line.rstrip()) < width * 0.6:
            joined.append(current)
            current = ""
    if current:
        joined.append(current)
    return joined


def _one_piece(blocks: list[Block], title: str) -> SplitPage:
    """All blocks as one article, titled by the page; an opening heading that repeats that title is not text."""
    title_line = None
    if blocks and blocks[0].kind in {HEADING, NAME}:
        heading = blocks[0].text
        if not title or _same(heading, title):
            title, title_line, blocks = title or heading, blocks[0].line, blocks[1:]
        elif _title_without_site(heading, title):
            title, title_line, blocks = heading, blocks[0].line, blocks[1:]
    piece = Piece(title, title_line, [b for b in blocks if not (b.kind in {HEADING, NAME} and _same(b.text, title))])
    if not piece.is_article(chosen=True):
        return SplitPage(pieces=[], leftovers=piece.blocks, rejected=1)
    _mark_section_label(piece)
    return SplitPage(pieces=[piece], leftovers=[])


_SITE_SUFFIX = re.compile(r"^\s*[|:\u2013\u2014\-·»]\s*\S")  # " | The Marsk Herald"
_SITE_PREFIX = re.compile(r"\S\s*[|:\u2013\u2014\-·»]\s*$")  # "The Marsk Herald - "


def _title_without_site(heading: str, title: str) -> bool:
    """The heading is the page's title without the site name it adds ("X | Site", "Site - X")."""
    if len(words(heading)) * 2 < len(words(title)):
        return False
    folded_heading, folded_title = heading.casefold(), title.casefold()
    if folded_title.startswith(folded_heading):
        return bool(_SITE_SUFFIX.match(title[len(heading) :]))
    if folded_title.endswith(folded_heading):
        return bool(_SITE_PREFIX.search(title[: -len(heading)]))
    return False


def split_page(
    lines: Sequence[str],
    *,
    patterns: PatternSet | None = None,
    is_outlet_name: Callable[[str], bool] = lambda _name: False,
    is_dateline: Callable[[str], bool] = lambda _line: False,
    first_title: str = "",
    single: bool = False,
) -> SplitPage:
    """Split a page's lines into article pieces.

    first_title is the page's title from its metadata (HTML), used when the text does not start
    with a heading. single reads the lines as one article whatever their headings say: the main
    text of an HTML page, which its extractors already chose.
    """
    patterns = patterns or PatternSet()
    blocks: list[Block] = []
    for number, line in enumerate(lines):
        text = clean_line(line)
        if text:
            kind = classify(text, patterns=patterns, is_outlet_name=is_outlet_name, is_dateline=is_dateline)
            blocks.append(Block(number, text, kind))
    if single:
        return _one_piece(blocks, first_title)

    pieces: list[Piece] = []
    leftovers: list[Block] = []
    current: Piece | None = None
    after_separator = False

    def next_significant(position: int) -> tuple[Block | None, bool]:
        """The next block that is not furniture or a repeat of blocks[position]; and whether a repeat came first."""
        repeated = False
        for block in blocks[position + 1 :]:
            if block.kind == FURNITURE:
                continue
            if block.kind in {HEADING, NAME} and _same(block.text, blocks[position].text):
                repeated = True
                continue
            return block, repeated
        return None, repeated

    def opens_article(position: int) -> bool:
        following, repeated = next_significant(position)
        if repeated:
            return True
        if following is None:
            return False
        if following.kind == NAME:
            # a byline under a title, not the first of a list of names ("Tal Faas", "Kafr Zita"...)
            after = next_significant(blocks.index(following))[0]
            return after is not None and after.kind not in {NAME, HEADING, FRAGMENT, SEPARATOR}
        if following.kind in HEAD_KINDS:
            return True
        if following.kind == BODY:
            return is_dateline_paragraph(following.text) or after_separator or current is None
        return False

    def name_is_title(position: int) -> bool:
        """A short line that reads like a name but is a title: repeated, or an Arabic title over its byline."""
        following, repeated = next_significant(position)
        if repeated:
            return True
        previous = blocks[position - 1] if position else None
        if following is None or (previous is not None and previous.kind not in {BODY, SEPARATOR, FURNITURE}):
            return False
        if following.kind in {OUTLET, DATE, DATELINE, BYLINE, CREDIT}:
            return True  # "Salt Plains Crossing Reopens" over its outlet line: a title, not a name
        after = next_significant(blocks.index(following))[0]
        return (
            bool(_ARABIC.search(blocks[position].text))
            and following.kind == NAME
            and after is not None
            and after.kind in {BODY, DATE}
        )

    for position, block in enumerate(blocks):
        if block.kind == SEPARATOR:
            after_separator = True
            leftovers.append(block)
            continue
        if block.kind in {HEADING, NAME} and current is not None and _same(block.text, current.title):
            continue  # the title repeated (image captions, print headers)
        at_start = not pieces and current is None and not after_separator
        if block.kind == NAME and (at_start or name_is_title(position)):
            block.kind = HEADING  # a page opens with its title, not with a byline
        if block.kind == HEADING and (at_start or opens_article(position)):
            current = Piece(block.text, block.line, after_separator=after_separator)
            pieces.append(current)
            after_separator = False
            continue
        if current is None and not pieces and not after_separator and block.kind in {BODY, *HEAD_KINDS, FRAGMENT}:
            current = Piece(first_title, None)  # text before any heading: the page's own article
            pieces.append(current)
        if current is None or after_separator:
            leftovers.append(block)
            continue
        current.blocks.append(block)

    accepted = [piece for piece in pieces if piece.is_article()]
    for piece in accepted:
        _mark_section_label(piece)
    for piece in pieces:
        if piece not in accepted:
            leftovers.extend(piece.blocks)
    return SplitPage(pieces=accepted, leftovers=leftovers, rejected=len(pieces) - len(accepted))
