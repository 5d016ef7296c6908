"""House-style cues in an article's text: dateline shapes, link markers, sign-offs and self-references.

Outlets write in habits that survive aggregation: a dateline shape ("BEIRUT, LEBANON (10:00 A.M.) –",
"IDLEB, (ST)_"), a marker before links to their own pages ("ALSO READ", "Read more:"), a closing
line, and names for themselves in phrases only an outlet uses of itself ("a source told SouthFront",
"Dear friends, SouthFront is now offering"). Each Cue has a *key* that compares habits across
articles (the shape, not the words: "BEIRUT" and "DAMASCUS" are both PLACE) and the *text* that
matched, kept as evidence. Learning which outlet a key belongs to is the database's job
(provenance.house_style); this module only reads text. No Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from provenance.text.outlets import OutletDirectory, OutletEntry
from sources.names import name_key

DATELINE = "dateline"
MARKER = "marker"
SIGN_OFF = "sign_off"
FURNITURE = "furniture"
SELF_NAME = "self_name"

MAX_KEY = 200
MAX_TEXT = 300
# Where a dateline may stand: the first paragraphs (a photo caption may come first).
DATELINE_PARAGRAPHS = 3
SIGN_OFF_MAX_WORDS = 8

_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|"
    "oct|october|nov|november|dec|december"
)
_PLACE_WORD = r"[A-Z][\w’'.-]*"
# "BEIRUT, LEBANON (10:00 A.M.) –", "IDLEB, (ST)_", "MOSCOW, April 20 (RIA Novosti) -", "Syria – ".
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}})"
    r"(?P<rest>,(?:\s+(?:[A-Z][\w’'.-]*|\d{1,4}\w{0,2}),?){0,4})?"
    r"(?P<paren>\s*\([^()\n]{1,40}\))?"
    r"(?P<sep>\s*(?:[–—]|--?)\s+|\s*_\s*|\s*:\s+)"
    r"(?=\S)"
)
_TIME = re.compile(r"^\s*\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?|gmt|utc|h)?\s*(?:\w{2,4})?\s*$", re.I)
_DATE_WORDS = re.compile(rf"^(?:{_MONTHS})\.?$", re.I)
_MARKER = re.compile(
    r"^(?P<marker>also read|read also|read more|see also|watch also|related(?: news| videos?| articles?| stories)?"
    r"|related coverage|more on this|recommended|don['’]t miss|editor['’]s note)(?P<punct>\s*[:|»›>-]?)(?=\s|$)",
    re.I,
)
# Phrases in which an outlet names itself. "told X" and "X reported" are also how outlets cite
# each other: they count only for an outlet whose own articles use them of itself (learned).
_NAME = r"(?:the )?(?P<name>[A-Z][\w’'&.-]*(?: (?:[A-Z][\w’'&.-]*|e-newspaper|news|website)){0,4})"
_SELF_PHRASES_LEARNED = (
    re.compile(rf"\b(?:told|tells|telling|to tell) {_NAME}"),
    re.compile(rf"\b(?:speaking|talking|said|explained|confirmed|revealed) to {_NAME}"),
    re.compile(rf"^[^:\n]{{3,80}} to {_NAME}:"),
)
# Phrases no outlet uses of another: an address to its readers, its own products, an appeal.
_SELF_PHRASES_DIRECT = (
    re.compile(rf"\b(?:Dear|dear) (?:friends|readers|subscribers|viewers),? {_NAME}"),
    re.compile(
        rf"\b{_NAME} (?:is|are) (?:now |proud to be |pleased to be )?"
        r"(?:offering|launching|presenting|announcing|inviting|asking|introducing|proud|pleased)\b"
    ),
    re.compile(rf"\b(?:Support|support|Donate to|donate to|Subscribe to|subscribe to|Follow|follow) {_NAME}\b"),
    re.compile(rf"\b{_NAME}['’]s (?:own )?(?:team|correspondents?|reporters?|crew|war reports?|editors?|readers)\b"),
    # A link card to one of its own pages: a headline and the site's name run together at the end of a line.
    re.compile(r"[a-z][.!?”\"](?P<name>[A-Z][\w’'&.-]*(?: [A-Z][\w’'&.-]*){0,3})\s*$", re.M),
)


@dataclass(frozen=True)
class Cue:
    """One house-style habit found in a text: its kind, its comparable key, and the text that matched."""

    kind: str
    key: str
    text: str
    # For self-references: the outlet named, and whether the phrase is one no outlet uses of another.
    outlet: OutletEntry | None = None
    is_direct: bool = False


def _shape_word(word: str) -> str:
    if _DATE_WORDS.match(word):
        return "Month"
    if any(char.isdigit() for char in word):
        return "#"
    if word.isupper() and len(word) > 1:
        return "PLACE"
    return "Place"


def _shape_words(text: str) -> str:
    """Words as their shapes, runs of one shape collapsed: "NEW YORK" is PLACE, "April 20" is "Month #"."""
    shapes: list[str] = []
    for word in re.findall(r"[\w’'.-]+", text):
        shape = _shape_word(word)
        if not shapes or shapes[-1] != shape:
            shapes.append(shape)
    return " ".join(shapes)


def dateline_shape(paragraph: str) -> Cue | None:
    """The dateline opening paragraph, as its house shape ("PLACE, PLACE (TIME) –"), or None."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    rest, paren = match.group("rest"), match.group("paren")
    if rest and len(rest.split()) > 5:
        return None
    if not rest and not paren and match.group("sep").strip() in {":", "-"}:
        return None  # "Update: ...", "Erdogan - ..." are a sentence's start, not a dateline
    shape = _shape_words(match.group("place"))
    if rest is not None:
        shape += "," + (" " + _shape_words(rest) if rest.strip(", ") else "")
    if paren:
        inner = paren.strip()[1:-1]
        shown = "TIME" if _TIME.match(inner) else ("DATE" if _DATE_WORDS.match(inner.split()[0]) else inner.strip())
        shape += (" " if paren[0].isspace() else "") + f"({shown})"
    sep = match.group("sep")
    shape += (" " if sep[0].isspace() else "") + sep.strip() + (" " if sep[-1].isspace() else "")
    return Cue(DATELINE, shape[:MAX_KEY], match.group(0).strip()[:MAX_TEXT])


def _paragraphs(body: str) -> list[str]:
    return [line.strip() for line in body.split("\n") if line.strip()]


def _marker(line: str) -> Cue | None:
    match = _MARKER.match(line)
    if match is None:
        return None
    rest = line[match.end() :].strip()
    if rest and len(rest.split()) < 3 and match.group("marker").casefold().startswith("related"):
        return None  # "Related topics" and the like: a word, not a house's marker
    # The marker as the house types it (case and punctuation kept; spaces collapsed).
    key = " ".join(match.group("marker").split()) + match.group("punct").strip()
    return Cue(MARKER, key[:MAX_KEY], line[:MAX_TEXT])


def _sign_off(line: str) -> Cue | None:
    words = line.split()
    if not words or len(words) > SIGN_OFF_MAX_WORDS or len(line) > 80:
        return None
    if line.rstrip().endswith((".", "?", "!", ":", "”", '"')) and len(words) > 3:
        return None  # a sentence ends the text, not a sign-off
    key = re.sub(r"\d+", "#", " ".join(words))
    return Cue(SIGN_OFF, key[:MAX_KEY], line[:MAX_TEXT])


def self_references(body: str, directory: OutletDirectory) -> list[Cue]:
    """Outlets the text names in phrases an outlet uses of itself, each once (direct phrases first)."""
    found: dict[str, Cue] = {}
    for phrases, is_direct in ((_SELF_PHRASES_DIRECT, True), (_SELF_PHRASES_LEARNED, False)):
        for phrase in phrases:
            for match in phrase.finditer(body):
                entry = directory.lookup(match.group("name"), prefixes=True)
                if entry is None or not entry.is_outlet:
                    continue
                key = name_key(entry.name)[:MAX_KEY]
                if key and key not in found:
                    text = _sentence_around(body, match.start(), match.end())
                    found[key] = Cue(SELF_NAME, key, text, outlet=entry, is_direct=is_direct)
    return list(found.values())


def _sentence_around(body: str, start: int, end: int) -> str:
    left = max(body.rfind("\n", 0, start), body.rfind(". ", 0, start) + 1, 0)
    right_candidates = [i for i in (body.find("\n", end), body.find(". ", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(body)
    return body[left:right].strip()[:MAX_TEXT]


def house_cues(body: str, *, furniture: Sequence[str] = (), directory: OutletDirectory | None = None) -> list[Cue]:
    """Every house-style cue of one article: body text plus the furniture lines stripped from it."""
    paragraphs = _paragraphs(body)
    cues: list[Cue] = []
    for paragraph in paragraphs[:DATELINE_PARAGRAPHS]:
        cue = dateline_shape(paragraph)
        if cue is not None:
            cues.append(cue)
            break
    for line in (*paragraphs, *(line.strip() for line in furniture)):
        cue = _marker(line)
        if cue is not None:
            cues.append(cue)
    if paragraphs and _marker(paragraphs[-1]) is None:
        cue = _sign_off(paragraphs[-1])
        if cue is not None:
            cues.append(cue)
    for line in furniture:
        cue = _sign_off(line.strip()) if _marker(line.strip()) is None else None
        if cue is not None:  # a short line of the house's furniture ("Click to see the full-size image")
            cues.append(Cue(FURNITURE, cue.key, cue.text))
    if directory is not None:
        cues.extend(self_references(body, directory))
    return unique(cues)


def unique(cues: Iterable[Cue]) -> list[Cue]:
    """The cues with one per (kind, key), the first kept."""
    seen: dict[tuple[str, str], Cue] = {}
    for cue in cues:
        seen.setdefault((cue.kind, cue.key), cue)
    return list(seen.values())
