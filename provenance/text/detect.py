"""Detect an article's language, authors, outlet and the outlets it was taken from, from its attributions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import py3langid

from provenance.text.attribution import AUTHOR, BYLINE, CITED, ORIGIN, PUBLISHER, REPORTER, Attribution, is_url
from provenance.text.normalise import words as split_words
from provenance.text.outlets import OutletDirectory, OutletEntry
from sources.names import domain_key, name_key

UNDETERMINED = "und"

# Words that make a name an organisation, a desk or a title rather than a person.
_NOT_PERSON_WORDS = {
    "news",
    "times",
    "front",
    "press",
    "agency",
    "agencies",
    "report",
    "reports",
    "review",
    "daily",
    "post",
    "blog",
    "network",
    "tv",
    "radio",
    "media",
    "journal",
    "observer",
    "monitor",
    "observatory",
    "ministry",
    "army",
    "forces",
    "international",
    "global",
    "research",
    "institute",
    "centre",
    "center",
    "council",
    "committee",
    "organization",
    "organisation",
    "group",
    "desk",
    "staff",
    "editor",
    "editors",
    "editorial",
    "team",
    "reporters",
    "correspondent",
    "online",
    "website",
    "channel",
    "the",
    "military",
    "government",
    "command",
    "update",
    "map",
    "war",
    "syrian",
    "syria",
    "state",
    "foundation",
    "university",
    "magazine",
    "herald",
    "gazette",
    "tribune",
    "wire",
    "service",
    "services",
    "digest",
    "broadcaster",
    "broadcasting",
    "today",
    "weekly",
    "world",
    "intelligence",
    "analysis",
    "and",
    "of",
    "in",
    "on",
    "for",
    "to",
    "with",
    "is",
    "are",
    "was",
    "a",
    "an",
}
_NAME_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "bint",
    "abu",
    "abd",
    "de",
    "da",
    "di",
    "van",
    "von",
    "der",
    "la",
    "le",
    "du",
}
_ARABIC_WORD = re.compile(r"^[\u0600-\u06ff]+$")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid), or "und" when there is too little text."""
    letters = sum(1 for char in text[:5000] if char.isalpha())
    if letters < 20:
        return UNDETERMINED
    language, _score = py3langid.classify(text[:5000])
    return language or UNDETERMINED


def looks_like_person(name: str) -> bool:
    """True for a personal name: two to five capitalised words (or Arabic words), no digits, no desk words."""
    name = name.strip()
    if not name or len(name) > 60 or any(char.isdigit() for char in name) or re.search(r"[:;!?()\[\]\"“”/|@]", name):
        return False
    words = name.replace("’", "'").split()
    if not 2 <= len(words) <= 5 or len(split_words(name)) > 8:  # a Chinese name is a few characters, not a line
        return False
    if all(_ARABIC_WORD.match(word) for word in words):
        return len(words) <= 4
    for word in words:
        bare = word.strip(".,'").lower()
        head = bare.split("-")[0]
        if bare in _NOT_PERSON_WORDS or (head in _NOT_PERSON_WORDS and head not in _NAME_PARTICLES):
            return False
        if head in _NAME_PARTICLES:
            continue
        first = word.lstrip("'‘")[:1]
        if not first or not (first.isupper() or unicodedata.category(first) == "Lo"):
            return False
    return True


@dataclass(frozen=True)
class Named:
    """A source as named on the page, and the known outlet it is, if any."""

    name: str
    entry: OutletEntry | None = None
    url: str = ""  # the page credited by its address ("Source: https://…"); name is then its site

    @property
    def canonical(self) -> str:
        return self.entry.name if self.entry else self.name

    @property
    def key(self) -> str:
        return name_key(self.canonical)


@dataclass(frozen=True)
class DerivationDraft:
    """A derivation the page's attributions support: from which source, what kind, on what evidence."""

    source: Named
    kind: str
    evidence: str
    evidence_text: str
    needs_review: bool = False


@dataclass
class OutletDecision:
    """Who published the article, whom it credits as its source, and who wrote it."""

    outlet: Named | None
    derivations: list[DerivationDraft] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    needs_review: bool = False


# Strength of publisher evidence: a credit under the title outranks a copyright notice, which
# outranks a mention in the site's furniture.
_PUBLISHER_STRENGTH = {
    "given": 0,
    "outlet_line": 1,
    "dateline": 1,
    "byline_for": 1,
    "dateline_credit": 2,
    "site_copyright": 3,
    "contributor": 3,
    "appeal": 4,
    "furniture": 5,
}
_ORIGIN_PREFERENCE = {
    "original_source": 0,
    "first_published": 1,
    "republished_from": 1,
    "pattern": 1,
    "source": 2,
    "articles_by": 3,
    "copyright": 4,
    "byline": 5,
}
# Publisher evidence that may name an outlet we do not know yet (the others must name a known one).
_MAY_CREATE = {"given", "outlet_line", "dateline", "byline_for", "site_copyright"}


def _is_title_case(name: str) -> bool:
    """ "Veloria Wire Service", "Centre for Research": every word capitalised but small linking words."""
    words = name.split()
    return bool(words) and all(
        word[:1].isupper() or word in {"of", "for", "the", "and", "&", "de", "al"} for word in words
    )


def _dedupe(names: Iterable[Named]) -> list[Named]:
    seen: set[str] = set()
    result = []
    for named in names:
        if named.key and named.key not in seen:
            seen.add(named.key)
            result.append(named)
    return result


def decide_outlet(
    attributions: Iterable[Attribution],
    *,
    directory: OutletDirectory,
    given: str | None = None,
    furniture: Iterable[OutletEntry] = (),
) -> OutletDecision:
    """Decide the article's outlet, its credited sources and its authors from the page's attributions.

    The outlet is the strongest publisher credit that is not also credited as the source of the
    text; with no other candidate, the credited source is the publisher itself (no derivation).
    """
    publishers: list[tuple[int, int, Named]] = []
    origins: list[tuple[int, Attribution, Named]] = []
    reporters: list[tuple[Attribution, Named]] = []
    authors: list[str] = []
    notes: list[str] = []

    def add_publisher(kind: str, name: str, order: int) -> None:
        entry = directory.lookup(name)
        if entry is None and kind not in _MAY_CREATE and not (kind == "appeal" and _is_title_case(name)):
            return
        if entry is not None and not entry.is_outlet and kind != "given":
            return  # the page's own site name is its publisher, whatever its name suggests
        if entry is None and kind != "given" and looks_like_person(name):
            return
        publishers.append((_PUBLISHER_STRENGTH[kind], order, Named(name, entry)))

    if given:
        add_publisher("given", given, -1)
    for attribution in attributions:
        in_text = attribution.kind in {"told", "reported_by", "first_published"}
        entry = directory.lookup(attribution.name, prefixes=in_text) if attribution.name else None
        role = attribution.role
        if role == BYLINE:
            if entry is not None:
                role = ORIGIN
            elif looks_like_person(attribution.name):
                role = AUTHOR
            else:
                continue
        if role == AUTHOR:
            if entry is None and attribution.name:
                authors.append(attribution.name)
            elif entry is not None and attribution.kind in {"interviewed_by", "byline_for"}:
                notes.append(f"{attribution.name!r} credited as a writer is an outlet")
            if attribution.outlet:
                add_publisher("byline_for", attribution.outlet, attribution.line)
        elif role == ORIGIN:
            if attribution.kind == "source_link":
                notes.append("credits a source by a link whose target is not on the page")
            elif attribution.kind == "copyright" and entry is None and looks_like_person(attribution.name):
                authors.append(attribution.name)
            elif attribution.name and is_url(attribution.name):
                url = attribution.name if "://" in attribution.name else f"https://{attribution.name}"
                found = directory.by_domain(url)
                named = Named(found.name if found else domain_key(url), found, url=url)
                origins.append((_ORIGIN_PREFERENCE.get(attribution.kind, 9), attribution, named))
            elif attribution.name:
                origins.append(
                    (_ORIGIN_PREFERENCE.get(attribution.kind, 9), attribution, Named(attribution.name, entry))
                )
        elif role == PUBLISHER:
            kind = attribution.kind if attribution.kind in _PUBLISHER_STRENGTH else "appeal"
            add_publisher(kind, attribution.name, attribution.line)
        elif role == REPORTER and entry is not None and entry.is_outlet:
            reporters.append((attribution, Named(attribution.name, entry)))
        elif role == CITED:
            continue
    for order, entry in enumerate(furniture):
        if entry.is_outlet:
            publishers.append((_PUBLISHER_STRENGTH["furniture"], 10_000 + order, Named(entry.name, entry)))

    origin_names = _dedupe(named for _, _, named in sorted(origins, key=lambda item: item[0]))
    origin_keys = {named.key for named in origin_names}
    ranked = _dedupe(named for _, _, named in sorted(publishers, key=lambda item: (item[0], item[1])))
    outlet = next((named for named in ranked if named.key not in origin_keys), None)
    if given:
        outlet = ranked[0] if ranked else None
    needs_review = False
    if outlet is None and origin_names:
        outlet = origin_names[0]  # the page credits itself
    if outlet is None and reporters:
        outlet = reporters[0][1]
        notes.append(f"outlet taken from an in-text credit: {reporters[0][0].text!r}")
        needs_review = True

    derivations: list[DerivationDraft] = []
    for named in origin_names:
        if outlet is not None and named.key == outlet.key:
            continue
        best = min(
            (item for item in origins if item[2].key == named.key),
            key=lambda item: item[0],
        )[1]
        evidence = "byline" if best.kind == "byline" else "attribution"
        url = next((item[2].url for item in origins if item[2].key == named.key and item[2].url), "")
        derivations.append(
            DerivationDraft(Named(named.name, named.entry, url=url), "republication", evidence, best.text)
        )
    if not derivations:
        for attribution, named in reporters:
            if outlet is not None and named.key != outlet.key and named.entry and named.entry.is_news_agency:
                derivations.append(
                    DerivationDraft(named, "rewrite", "attribution", attribution.text, needs_review=True)
                )
                notes.append(f"material credited to the news agency {named.canonical} by an in-text credit")
                break
    if len(derivations) > 1:
        needs_review = True
        notes.append("the page credits more than one source")
    unique_authors: list[str] = []
    for author in authors:
        if name_key(author) and name_key(author) not in {name_key(a) for a in unique_authors}:
            unique_authors.append(author)
    return OutletDecision(
        outlet=outlet, derivations=derivations, authors=unique_authors, notes=notes, needs_review=needs_review
    )
