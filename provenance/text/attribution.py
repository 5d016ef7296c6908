"""Read attribution lines (credits, bylines, copyright, sources) from a page before its furniture is stripped.

Each line that credits someone becomes an Attribution: what kind of line it is, the name it
credits, and the role that name plays for the article:
- "origin": the text came from there ("The original source of this article is X", "Copyright X, 2016",
  "Source: X", "first published by X", "By X" when X is an outlet);
- "publisher": the page's own outlet ("X, April 22, 2016" under the title, "By A for X",
  "© 2000 - 2020 X", "Support X");
- "author": a person who wrote it;
- "reporter": someone the material was given to ("... told X"): X gathered it;
- "cited": a source of the claims, not of the text ("according to X", "X reported").
Whether a name is an outlet or a person is decided later (detect), with the directory of outlets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

DateFinder = Callable[[str], "tuple[int, int] | None"]

ORIGIN = "origin"
PUBLISHER = "publisher"
AUTHOR = "author"
REPORTER = "reporter"
CITED = "cited"
BYLINE = "byline"  # a "By X" credit: an author when X is a person, an origin when X is an outlet


@dataclass(frozen=True)
class Attribution:
    """One credit read from a page: the line, what kind of credit, whom, and in which role."""

    kind: str
    name: str
    role: str
    text: str
    line: int
    date_text: str = ""
    outlet: str = ""  # for "By A for X": the outlet X the author A writes for

    def as_json(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value not in ("", None)}


_NAME = r"(?P<name>(?:https?://|www\.)[^\s<>\"]{4,2000}?|[^\n]{2,120}?)"
_END = r"\s*[.)(,;:]*\s*$"
_YEAR = r"(?:19|20)\d{2}"
_COPYRIGHT = r"(?:copyright\s*(?:©|\(c\))?|©|\(c\))"

_DASH = "[-\u2013\u2014]"

# (kind, role, pattern); the first matching pattern of a line wins.
_LINE_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, role, re.compile(pattern, re.I))
    for kind, role, pattern in (
        ("original_source", ORIGIN, rf"^the original source of this article is\s+{_NAME}{_END}"),
        (
            "first_published",
            ORIGIN,
            rf"^(?:this (?:article|piece|story|report) )?(?:was )?(?:first|originally) "
            rf"(?:published|appeared|posted)\s+(?:by|on|in|at)\s+{_NAME}(?:\s+on\s+.*)?{_END}",
        ),
        (
            "republished_from",
            ORIGIN,
            rf"^(?:republished|reprinted|reposted|cross-?posted)\s+(?:with permission\s+)?from\s+{_NAME}{_END}",
        ),
        (
            "site_copyright",
            PUBLISHER,
            rf"^{_COPYRIGHT}\s*{_YEAR}(?:\s*{_DASH}\s*{_YEAR})?\s*,?\s*{_NAME}(?:\.?\s*all rights reserved)?{_END}",
        ),
        ("copyright", ORIGIN, rf"^{_COPYRIGHT}\s*{_NAME}\s*,?\s*(?P<year>{_YEAR})(?:\.?\s*all rights reserved)?{_END}"),
        ("articles_by", BYLINE, rf"^articles?\s+by\s*:?\s*{_NAME}{_END}"),
        ("source", ORIGIN, rf"^(?:sources?|via|courtesy(?: of)?|credit)\s*:\s*{_NAME}{_END}"),
        ("source_link", ORIGIN, r"^(?P<name>)(?:source|sources|via|original article|read the original)\s*:?\s*$"),
        (
            "interviewed_by",
            AUTHOR,
            rf"^(?:interviewed|reported|written|compiled|prepared|translated)\s+by\s*:?\s*{_NAME}{_END}",
        ),
        ("byline_for", AUTHOR, rf"^by\s+(?P<name>[^\n,]{{3,60}}?)\s+for\s+(?P<outlet>[^\n]{{2,60}}?){_END}"),
        (
            "byline_for",
            AUTHOR,
            rf"^(?P<name>[^\n,]{{3,60}}?)\s+for\s+(?P<outlet>(?:the\s+)?[^\n]{{1,60}}?\bblog){_END}",
        ),
        ("byline", BYLINE, rf"^(?:by|posted by|author\s*:|par|بقلم\s*:?|كتب\s*:?)\s+{_NAME}{_END}"),
        (
            "appeal",
            PUBLISHER,
            r"^(?:support|donate to|become a member of|subscribe to|join)\s+(?P<name>[\w .&'’-]{2,40}?)\s*[!.]?\s*$",
        ),
        ("appeal", PUBLISHER, r"^comment on\s+(?P<name>.{2,60}?)\s+articles\b.*$"),
    )
)

_DATE_FILLER = re.compile(
    r"^[\s,.|:\u2013\u2014-]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|gmt|utc)?[\s,.]*)?$", re.I
)

# Credits inside running text.
_IN_TEXT: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, role, re.compile(pattern))
    for kind, role, pattern in (
        (
            "first_published",
            ORIGIN,
            r"\b(?:[Tt]his (?:article|piece|story|report|interview|analysis|essay)|[Ii]t) (?:was |has been )?"
            r"(?:first |originally )(?:published|appeared|posted) (?:by|on|in|at) "
            r"(?P<name>(?:the )?[A-Z][\w&’'.-]*(?: [A-Z][\w&’'.-]*){0,5})",
        ),
        (
            "told",
            REPORTER,
            r"\b(?:told|tells|speaking to|said to|in an interview with) (?:the )?"
            r"(?P<name>[A-Za-z][\w&’'-]*(?:[- ][A-Z][\w&’'-]*){0,4})",
        ),
        (
            "reported_by",
            CITED,
            r"\b(?:reports|reported by|according to|cited by|quoted by) (?:the )?"
            r"(?P<name>[A-Z][\w&’'-]*(?: (?:[A-Z][\w&’'-]*|for|of|on))*(?: [A-Z][\w&’'-]*)?)",
        ),
    )
)
# The agency credit of a dateline: "PLACE, (ST)_Text" or "PLACE (Reuters) - Text".
_DATELINE_CREDIT = re.compile(
    r"^[A-Z][A-Z .,'’-]{1,40}?,?\s*\(\s*(?P<name>[A-Za-z][A-Za-z .&-]{0,30}?)\s*\)\s*[-_\u2013\u2014:]"
)
_NOT_NAMES = re.compile(
    r"^(?:a|an|the|this|that|it|him|her|them|us|me|you|reporters?|journalists?|media|sources?)$", re.I
)

_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


@lru_cache(maxsize=16384)
def clean_line(line: str) -> str:
    """A line without Markdown link and emphasis syntax, with spaces collapsed."""
    line = _MARKDOWN_LINK.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\2", line)
    return re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip()


def _tidy_name(name: str) -> str:
    name = clean_line(name).strip(" .,:;-–—|()[]\"'“”")
    return re.sub(r"\s+", " ", name)


_URL = re.compile(
    r"^(?:(?:https?://|www\.)[^\s<>\"]+|(?:[a-z0-9-]+\.)+(?:com|org|net|info|news|example|[a-z]{2})(?:/\S*)?)$", re.I
)
# Company-form words that follow a name after a comma ("Wikimedia Foundation, Inc."): not names of their own.
_COMPANY_FORMS = {"inc", "ltd", "llc", "plc", "gmbh", "corp", "co", "sa", "ag", "limited", "incorporated"}


def is_url(name: str) -> bool:
    """Whether a credited name is a web address ("https://…", "www.…", "site.example/page") rather than a name."""
    return bool(_URL.match(name.strip()))


def split_names(value: str) -> list[str]:
    """Split a credit such as "A, B and C" or "South Front, South Front" into distinct names; a URL stays whole."""
    value = value.strip()
    if is_url(value.rstrip(".,;:)")):
        return [value.rstrip(".,;:)")]
    parts = re.split(r"\s*(?:,|&|\band\b|\bو\b)\s*", value)
    names: list[str] = []
    for part in parts:
        part = _tidy_name(part)
        if part.casefold().replace(".", "") in _COMPANY_FORMS:
            continue
        if part and part.casefold() not in {n.casefold() for n in names}:
            names.append(part)
    return names


def read_line(line: str, number: int, *, find_date: DateFinder | None = None) -> list[Attribution]:
    """The attributions one line makes (usually none or one).

    find_date, when given, returns the (start, end) span of a full date in a string, or None:
    with it, "Global Research, April 22, 2016" and "South Front 19 April 2016" are read as an
    outlet's dateline.
    """
    text = clean_line(line)
    if not text:
        return []
    if len(text) <= 160 or (len(text) <= 2200 and re.search(r"https?://|www\.", text)):
        for kind, role, pattern in _LINE_PATTERNS:
            match = pattern.match(text)
            if match is None:
                continue
            if kind == "byline_for":
                author, outlet = _tidy_name(match.group("name")), _tidy_name(match.group("outlet"))
                outlet = re.sub(r"(?i)^the\s+(?=\S{2})", "", outlet)
                if not author or len(author.split()) > 5 or author.casefold().startswith(("this ", "the ")):
                    continue
                author = re.sub(r"^by\s+", "", author, flags=re.I)
                return [Attribution(kind, author, AUTHOR, text, number, outlet=outlet)]
            if kind == "source_link":
                return [Attribution(kind, "", role, text, number)]
            names = split_names(match.group("name"))
            if kind == "copyright" and names:
                names = names[:1]
            return [Attribution(kind, name, role, text, number) for name in names if name]
        if find_date is not None:
            dateline = _outlet_dateline(text, number, find_date)
            if dateline is not None:
                return [dateline]
    return read_in_text(text[:5000], number)


def _outlet_dateline(text: str, number: int, find_date: DateFinder) -> Attribution | None:
    span = find_date(text)
    if span is None or re.match(r"(?i)^(published|posted|updated|on|date|last)\b", text):
        return None
    start, end = span
    name = _tidy_name(text[:start])
    if not name or len(name.split()) > 6 or not _DATE_FILLER.match(text[end:]):
        return None
    return Attribution("dateline", name, PUBLISHER, text, number, date_text=text[start:end])


def _sentence_around(text: str, start: int, end: int, limit: int = 300) -> str:
    """The sentence of text that holds text[start:end], cut to about limit characters."""
    opening = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    opening = 0 if opening < 0 else opening + 2
    closing = min((i for i in (text.find(". ", end), text.find("? ", end), text.find("! ", end)) if i >= 0), default=-1)
    closing = len(text) if closing < 0 else closing + 1
    if closing - opening > limit:
        opening, closing = max(opening, start - limit // 2), min(closing, end + limit // 2)
    return text[opening:closing].strip()


def read_in_text(text: str, number: int) -> list[Attribution]:
    """Credits inside a paragraph of running text."""
    found: list[Attribution] = []
    match = _DATELINE_CREDIT.match(text)
    if match:
        found.append(Attribution("dateline_credit", _tidy_name(match.group("name")), PUBLISHER, text[:200], number))
    for kind, role, pattern in _IN_TEXT:
        for match in pattern.finditer(text):
            name = _tidy_name(match.group("name"))
            if not name or _NOT_NAMES.match(name) or (kind != "told" and len(name) < 3):
                continue
            found.append(Attribution(kind, name, role, _sentence_around(text, match.start(), match.end()), number))
    return found


_BIO = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]+(?: [A-Za-z][\w.'’-]+){1,3}) is an? [^.]{0,200}?\b(?:writer|journalist|columnist|"
    r"correspondent|editor|analyst|author|researcher|attorney|contributor|commentator|blogger|reporter)\b"
)
_CONTRIBUTOR = re.compile(
    r"\b(?:a )?(?:regular |frequent )?(?:contributor|columnist|correspondent) (?:to|for|at) "
    r"(?P<name>(?:the )?[A-Z][\w&’'.-]*(?: [A-Z][\w&’'.-]*){0,5})"
)


def read_bio(line: str, number: int) -> list[Attribution]:
    """An author's bio at the end of an article: "A is an analyst ... a regular contributor to X"."""
    text = clean_line(line)
    found: list[Attribution] = []
    match = _BIO.match(text)
    if match:
        found.append(Attribution("bio", _tidy_name(match.group("name")), AUTHOR, text[:200], number))
        contributor = _CONTRIBUTOR.search(text)
        if contributor:
            found.append(
                Attribution("contributor", _tidy_name(contributor.group("name")), PUBLISHER, text[:200], number)
            )
    return found


def read_attributions(
    lines: Sequence[str], *, find_date: DateFinder | None = None, start: int = 0
) -> list[Attribution]:
    """Every attribution in lines (numbered from start), in page order."""
    found: list[Attribution] = []
    for offset, line in enumerate(lines):
        found.extend(read_line(line, start + offset, find_date=find_date))
    return found


def read_custom(lines: Sequence[str], patterns: Iterable[re.Pattern[str]], *, start: int = 0) -> list[Attribution]:
    """Attributions from admin-defined patterns: a (?P<name>...) group names the credited source."""
    found: list[Attribution] = []
    compiled = list(patterns)
    for offset, line in enumerate(lines):
        text = clean_line(line)
        for pattern in compiled:
            match = pattern.search(text)
            if match and "name" in match.groupdict() and match.group("name"):
                found.append(Attribution("pattern", _tidy_name(match.group("name")), ORIGIN, text, start + offset))
                break
    return found
