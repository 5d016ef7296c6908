"""Site furniture to strip from article text, as data: generic default patterns plus per-outlet ones.

A pattern is a regular expression matched (case-insensitively) against one cleaned line:
- "line": drop the matching line (donation appeals, disclaimers, share prompts, captions...);
- "block_start": the line opens a block that is not the article ("Related News", "Leave a Reply"):
  drop it and everything after it in the article; on an aggregator page it also separates articles;
- "attribution": a credit line, read as evidence (provenance.text.attribution) and then dropped.
The kinds match provenance.models.BoilerplatePattern, whose rows (editable in the admin) are
passed in by the ingestion service next to DEFAULT_PATTERNS.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from provenance.text.attribution import clean_line
from provenance.text.normalise import words

LINE = "line"
BLOCK_START = "block_start"
ATTRIBUTION = "attribution"
KINDS = (LINE, BLOCK_START, ATTRIBUTION)


class PatternError(ValueError):
    """A boilerplate pattern that is not a valid regular expression."""


@dataclass(frozen=True)
class Pattern:
    """One piece of furniture to recognise: kind, regular expression, and what it is."""

    kind: str
    regex: str
    description: str = ""

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        try:
            return re.compile(self.regex, re.I)
        except re.error as error:
            raise PatternError(
                f"boilerplate pattern {self.regex!r} is not a valid regular expression: {error}"
            ) from error

    def matches(self, line: str) -> bool:
        return self.compiled.search(line) is not None


def _patterns(kind: str, description: str, *regexes: str) -> tuple[Pattern, ...]:
    return tuple(Pattern(kind, regex, description) for regex in regexes)


DEFAULT_PATTERNS: tuple[Pattern, ...] = (
    *_patterns(
        BLOCK_START,
        "related links block",
        r"^related(?: news| videos?| articles?| posts?| stories| content| reading| coverage)?\s*:?$",
        r"^(?:also read|read also|read more|see also|more on (?:the|this) topic|more from [^.]{1,40}|"
        r"you (?:may|might) also like|recommended(?: for you)?|most (?:read|popular|viewed)|trending(?: now)?|"
        r"latest news|popular posts|recent posts|further reading|watch also)\s*:?$",
        r"^(?:مقالات متعلقة|فيديوات متعلقة|فيديوهات متعلقة|مواضيع ذات صلة|مقالات ذات صلة|أخبار ذات صلة|"
        r"اقرأ أيضا|اقرأ أيضاً)\s*:?$",
    ),
    *_patterns(
        BLOCK_START,
        "comment form or page footer",
        r"^(?:leave a (?:reply|comment)|\d*\s*comments?|post navigation|share this|like this|about the author|"
        r"add (?:a )?comment|join the discussion|write a comment)\s*:?$",
        r"^%d bloggers like this:?$",
    ),
    *_patterns(
        LINE,
        "donation appeal",
        r"^support\s+(?:[\w.&'’-]+\s*){1,4}[!.]?$",
        r"^(?=.*\b(?:paypal|patreon|donat(?:e|ion|ions)|subscribestar|bitcoin|buy me a coffee)\b)"
        r"(?=.*(?:https?://|www\.|@|\bplease\b|\bsupport\b|\bhelp\b|\bvia\b))",
        r"\bif you (?:like|enjoy|value|appreciate) our (?:content|work|reporting)\b",
        r"^please (?:support|donate|consider (?:supporting|donating))\b",
    ),
    *_patterns(
        LINE,
        "disclaimer or copyright notice",
        r"^disclaimer\s*:",
        r"\bcontains copyrighted material\b",
        r"\bprovisions of .?fair use\b",
        r"\bgrants? permission to (?:cross-?post|republish|repost)\b",
        r"^for media inquiries\b",
        r"^all rights reserved\.?$",
        r"^the views (?:and opinions )?expressed (?:in this article )?are (?:those|solely those) of\b",
    ),
    *_patterns(
        LINE,
        "share, follow or membership prompt",
        r"^comment on .{2,60} on our facebook page\.?$",
        r"^become a member of\b.{0,60}$",
        r"^(?:subscribe|sign up|register)\b.{0,80}\b(?:newsletter|updates|channel|mailing list|alerts)\b",
        r"^follow (?:us|.{1,40}) (?:on|at)\b.{0,80}$",
        r"^share (?:this|on)\b.{0,40}$",
        r"^(?:share|tweet|email|e-mail|print|whatsapp|telegram|facebook|twitter|linkedin|reddit|pinterest|vk|"
        r"copy link)(?:\s*[|•·,]\s*\w+)*$",
        r"\bclick the share buttons\b",
        r"^note to readers\b",
        r"\bforward this article to\b",
    ),
    *_patterns(
        LINE,
        "page metadata and navigation",
        r"^(?:region|theme|in-depth report|tags?|categories|category|filed under|topics?|keywords|section)\s*:",
        r"^click (?:here )?to (?:see|view|enlarge|read|watch|download)\b.{0,80}$",
        r"^(?:also read|read also|read more|see also|watch also|more)\s*:?\s+\S.{0,200}$",
        r"^(?:skip to (?:main )?content|advertisement|sponsored(?: content)?|loading\.\.\.|back to top|"
        r"print this page)$",
        r"\bthis (?:web)?site uses cookies\b",
        r"^(?:accept|reject)(?: all)?(?: cookies)?$",
        r"^(?:home|news|about(?: us)?|contact(?: us)?|privacy policy|terms of (?:use|service)|log ?in|sign ?in|"
        r"search|menu)"
        r"(?:\s*[|•·/»>]\s*[\w &'-]{1,30})+$",
        r"^\*+$",
    ),
    *_patterns(
        LINE,
        "comment form",
        r"\byour email address will not be published\b",
        r"\brequired fields are marked\b",
        r"^(?:name|email|e-mail|website|comment)\s*\*?\s*:?$",
        r"^(?:post comment|submit(?: comment)?|reply|cancel reply)$",
        r"^save my name, email\b",
        r"^notify me of (?:follow-up comments|new posts)\b",
    ),
    *_patterns(
        LINE,
        "photo caption",
        r"\((?:photo|image|picture|photograph|file photo|credit|photo credit)s?\s*:[^)]{0,80}\)\s*\.?$",
        r"^(?:photo|image|picture|file photo|photo credit)\s*:.{0,200}$",
    ),
    *_patterns(
        ATTRIBUTION,
        "attribution line",
        r"^the original source of this article is\b",
        r"^(?:copyright|©|\(c\))\s*.{0,80}(?:19|20)\d{2}\b.{0,40}$",
        r"^articles?\s+by\s*:?\s*\S.{0,60}$",
        r"^(?:sources?|via|courtesy(?: of)?)\s*:\s*\S.{0,100}$",
        r"^(?:sources?|via|original article|read the original)\s*:?$",
        r"^(?:this (?:article|piece|story|report) )?(?:was )?(?:first|originally) (?:published|appeared|posted)\s+"
        r"(?:by|on|in|at)\b.{0,120}$",
        r"^(?:republished|reprinted|reposted|cross-?posted)\s+(?:with permission\s+)?from\b.{0,100}$",
        r"^(?:interviewed|reported|compiled|prepared|translated)\s+by\s*:?\s*\S.{0,60}$",
    ),
)


@dataclass
class PatternSet:
    """Patterns grouped by kind, for quick matching of many lines."""

    patterns: Sequence[Pattern] = field(default_factory=lambda: DEFAULT_PATTERNS)

    def __post_init__(self) -> None:
        for pattern in self.patterns:
            if pattern.kind not in KINDS:
                raise PatternError(f"unknown boilerplate pattern kind {pattern.kind!r}; use one of {', '.join(KINDS)}")
            pattern.compiled  # noqa: B018 - compile now, so a bad pattern fails before any page is read
        self._by_kind = {kind: [p for p in self.patterns if p.kind == kind] for kind in KINDS}
        self._screens = {kind: _screen(tuple(patterns)) for kind, patterns in self._by_kind.items()}

    def extended(self, extra: Iterable[Pattern]) -> PatternSet:
        extra = [p for p in extra if p not in self.patterns]
        return self if not extra else PatternSet([*self.patterns, *extra])

    def match(self, line: str, kind: str) -> Pattern | None:
        text = clean_line(line)
        screen = self._screens[kind]
        if screen is not None and screen.search(text) is None:
            return None  # most lines match no pattern: one search says so
        for pattern in self._by_kind[kind]:
            if pattern.matches(text):
                return pattern
        return None

    def is_block_start(self, line: str) -> bool:
        return self.match(line, BLOCK_START) is not None

    def classify(self, line: str) -> Pattern | None:
        """The pattern a line matches (block starts first), or None for article text."""
        return self.match(line, BLOCK_START) or self.match(line, ATTRIBUTION) or self.match(line, LINE)


@lru_cache(maxsize=256)
def _screen(patterns: tuple[Pattern, ...]) -> re.Pattern[str] | None:
    """One expression that matches a line wherever any of the patterns does, or None when they cannot be joined.

    A pattern with back-references or flags of its own would mean something else inside the
    alternation: those sets are tried one pattern at a time.
    """
    if not patterns or any(re.search(r"\\\d|\(\?P=|\(\?[aiLmsux]+\)", p.regex) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.regex})" for p in patterns), re.I)
    except re.error:
        return None


@dataclass(frozen=True)
class Stripped:
    """Lines kept as article text, and the lines removed with the reason."""

    kept: list[str]
    removed: list[tuple[str, str]]


def strip_boilerplate(lines: Sequence[str], patterns: PatternSet | None = None) -> Stripped:
    """Drop furniture from an article's lines: matching lines, and everything from a block start on."""
    patterns = patterns or PatternSet()
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for position, line in enumerate(lines):
        pattern = patterns.classify(line)
        if pattern is None:
            kept.append(line)
            continue
        if pattern.kind == BLOCK_START:
            removed.extend((rest, pattern.description or "block") for rest in lines[position:])
            break
        removed.append((line, pattern.description or pattern.kind))
    return Stripped(kept=kept, removed=removed)


_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)]*$")


def is_running_text(line: str) -> bool:
    """A paragraph of prose: ten words or more ending a sentence (a headline or a link list is not)."""
    text = clean_line(line)
    return len(words(text)) >= 10 and _SENTENCE_END.search(text) is not None


def strip_edges(
    lines: Sequence[str], patterns: PatternSet | None = None, *, edge_only: Sequence[bool] = ()
) -> Stripped:
    """Drop furniture where it sits at the edges of an article's text, never inside it.

    Lines that match a pattern are dropped from the start up to the first line of text and from
    the end back to the last; so are the lines edge_only marks (a date, a byline, a lone name:
    text inside an article, furniture outside it). A block start ("Related", "Leave a reply")
    drops itself and all after it when none of that is running text. The same words inside the
    text are kept: they are part of what the article says.
    """
    patterns = patterns or PatternSet()
    found = [patterns.classify(line) for line in lines]

    def furniture(index: int) -> bool:
        return found[index] is not None or (index < len(edge_only) and edge_only[index])

    start, end = 0, len(lines)
    while start < end and furniture(start):
        start += 1
    while True:
        while end > start and furniture(end - 1):
            end -= 1
        cut = next(
            (
                index
                for index in range(start, end)
                if found[index] is not None
                and found[index].kind == BLOCK_START
                and not any(found[i] is None and is_running_text(lines[i]) for i in range(index + 1, end))
            ),
            None,
        )
        if cut is None:
            break
        end = cut
    removed = [
        (line, found[index].description or found[index].kind if found[index] is not None else "outside the text")
        for index, line in enumerate(lines)
        if not start <= index < end
    ]
    return Stripped(kept=list(lines[start:end]), removed=removed)
