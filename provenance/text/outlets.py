"""A directory of known outlets (names, aliases, domains, kind) and lookups in it, without Django.

KNOWN_OUTLETS is a starter list of outlets common in war reporting, used to recognise a name the
first time it is met and to create its Source with the right aliases and domains. The ingestion
service adds every Source already in the database to the directory, so the database is the
authority once a person has reviewed a source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sources.names import domain_key, name_key


@dataclass(frozen=True)
class OutletEntry:
    """One outlet (or other source) as the text stages know it."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    kind: str = "outlet"
    country: str = ""
    source_id: int | None = None  # set when the entry comes from the database

    @property
    def is_news_agency(self) -> bool:
        return self.kind == "news_agency"

    @property
    def is_outlet(self) -> bool:
        return self.kind in {"outlet", "news_agency", "state_media", "blog"}


KNOWN_OUTLETS: tuple[OutletEntry, ...] = (
    OutletEntry(
        "Global Research",
        ("GlobalResearch", "Centre for Research on Globalization", "Center for Research on Globalization"),
        ("globalresearch.ca",),
        "outlet",
        "CA",
    ),
    OutletEntry("South Front", ("SouthFront", "South Front Analysis & Intelligence"), ("southfront.org",), "outlet"),
    OutletEntry("Al Bawaba", ("AlBawaba", "Al Bawaba News"), ("albawaba.com",), "outlet", "JO"),
    OutletEntry(
        "The Saker",
        ("The Saker blog", "Saker blog", "The Vineyard of the Saker"),
        ("thesaker.is", "vineyardsaker.blogspot.com"),
        "blog",
    ),
    OutletEntry("Syria Times", ("ST", "Syria Times e-newspaper"), ("syriatimes.sy",), "state_media", "SY"),
    OutletEntry("SANA", ("Syrian Arab News Agency",), ("sana.sy",), "news_agency", "SY"),
    OutletEntry("Al-Masdar News", ("AMN", "Al Masdar News", "Al-Masdar"), ("almasdarnews.com",), "outlet", "LB"),
    OutletEntry("Al-Ahed News", ("Al-Ahed", "Al Ahed News", "alahednews"), ("alahednews.com.lb",), "outlet", "LB"),
    OutletEntry("Syrian Observatory for Human Rights", ("SOHR",), ("syriahr.com",), "monitor", "GB"),
    OutletEntry(
        "AFP", ("Agence France-Presse", "Agence France Presse", "France-Presse"), ("afp.com",), "news_agency", "FR"
    ),
    OutletEntry("Reuters", ("Thomson Reuters",), ("reuters.com",), "news_agency", "GB"),
    OutletEntry("Associated Press", ("AP", "The Associated Press"), ("apnews.com", "ap.org"), "news_agency", "US"),
    OutletEntry("Press TV", ("PressTV",), ("presstv.ir", "presstv.com"), "state_media", "IR"),
    OutletEntry("RT", ("Russia Today",), ("rt.com",), "state_media", "RU"),
    OutletEntry("Sputnik", ("Sputnik News",), ("sputniknews.com", "sputnikglobe.com"), "state_media", "RU"),
    OutletEntry("TASS", ("ITAR-TASS",), ("tass.com", "tass.ru"), "news_agency", "RU"),
    OutletEntry("Anadolu Agency", ("Anadolu", "AA"), ("aa.com.tr",), "news_agency", "TR"),
    OutletEntry("Al Jazeera", ("Al Jazeera English", "Aljazeera"), ("aljazeera.com", "aljazeera.net"), "outlet", "QA"),
    OutletEntry("Al Mayadeen", ("Al-Mayadeen",), ("almayadeen.net",), "outlet", "LB"),
    OutletEntry("Al-Binaa", ("Al Binaa", "البناء"), ("al-binaa.com",), "outlet", "LB"),
    OutletEntry("Fars News Agency", ("Fars News", "FNA"), ("farsnews.ir",), "news_agency", "IR"),
    OutletEntry("BBC", ("BBC News",), ("bbc.co.uk", "bbc.com"), "outlet", "GB"),
)

_WORD = re.compile(r"[\w'’&.-]+", re.UNICODE)
_DOMAIN = re.compile(r"(?<![\w@.-])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w-])", re.I)
_EMAIL_DOMAIN = re.compile(r"@((?:[a-z0-9-]+\.)+[a-z]{2,})\b", re.I)
# File extensions that the domain pattern would otherwise read as top-level domains.
_NOT_TLDS = {"html", "htm", "php", "asp", "aspx", "jpg", "png", "gif", "pdf", "txt", "js", "css", "xml", "json"}


def domains_in(text: str) -> list[str]:
    """Domains mentioned in text (URLs, bare www. names, e-mail addresses), as lookup keys."""
    found: list[str] = []
    for match in (*_DOMAIN.finditer(text), *_EMAIL_DOMAIN.finditer(text)):
        host = domain_key(match.group(1))
        if host and host.rsplit(".", 1)[-1].lower() not in _NOT_TLDS and host not in found:
            found.append(host)
    return found


@dataclass
class OutletDirectory:
    """Known outlets by name key and domain; later entries (the database) override earlier ones."""

    entries: list[OutletEntry] = field(default_factory=list)
    _by_key: dict[str, OutletEntry] = field(default_factory=dict, repr=False)
    _by_domain: dict[str, OutletEntry] = field(default_factory=dict, repr=False)
    _max_words: int = 1

    @classmethod
    def with_defaults(cls, extra: Iterable[OutletEntry] = ()) -> OutletDirectory:
        directory = cls()
        for entry in (*KNOWN_OUTLETS, *extra):
            directory.add(entry)
        return directory

    def add(self, entry: OutletEntry) -> None:
        """Add entry; a database entry takes over the names of a built-in entry it shares a name with."""
        previous = self._by_key.get(name_key(entry.name))
        if previous is not None and entry.source_id is not None and previous.source_id is None:
            entry = OutletEntry(
                name=entry.name,
                aliases=tuple(dict.fromkeys((*entry.aliases, previous.name, *previous.aliases))),
                domains=tuple(dict.fromkeys((*entry.domains, *previous.domains))),
                kind=entry.kind,
                country=entry.country or previous.country,
                source_id=entry.source_id,
            )
        self.entries.append(entry)
        for name in (entry.name, *entry.aliases):
            key = name_key(name)
            if key:
                self._by_key[key] = entry
                self._max_words = max(self._max_words, min(8, len(_WORD.findall(name))))
        for domain in entry.domains:
            self._by_domain[domain_key(domain)] = entry

    def lookup(self, name: str, *, prefixes: bool = False) -> OutletEntry | None:
        """The entry whose name or alias is name (blind to case and punctuation; "the", "blog" optional).

        With prefixes, a name read greedily from running text ("al-Ahed News Website") also
        matches by its leading words ("al-Ahed News").
        """
        entry = self._lookup(name)
        words = name.split()
        while entry is None and prefixes and len(words) > 1:
            words.pop()
            entry = self._lookup(" ".join(words))
        return entry

    def _lookup(self, name: str) -> OutletEntry | None:
        key = name_key(name)
        if not key:
            return None
        for candidate in (key, key.removeprefix("the"), "the" + key, key.removesuffix("blog")):
            if candidate and candidate in self._by_key:
                return self._by_key[candidate]
        return None

    def by_domain(self, url_or_domain: str) -> OutletEntry | None:
        """The entry publishing on this domain or a parent domain of it."""
        host = domain_key(url_or_domain)
        labels = host.split(".")
        for i in range(max(0, len(labels) - 1)):
            entry = self._by_domain.get(".".join(labels[i:]))
            if entry is not None:
                return entry
        return None

    def mentions(self, text: str, *, min_key_length: int = 4) -> list[OutletEntry]:
        """Entries named (by a name or alias of at least min_key_length letters) or whose domain appears in text."""
        # a name's key is its words' keys joined (name_key drops spaces), so each word is keyed once
        keys = [name_key(word) for word in _WORD.findall(text)]
        found: list[OutletEntry] = []
        for size in range(min(self._max_words, len(keys)), 0, -1):
            for start in range(len(keys) - size + 1):
                key = "".join(keys[start : start + size])
                entry = self._by_key.get(key)
                if entry is not None and len(key) >= min_key_length and entry not in found:
                    found.append(entry)
        for host in domains_in(text):
            entry = self.by_domain(host)
            if entry is not None and entry not in found:
                found.append(entry)
        return found
