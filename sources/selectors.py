"""Reads about sources: lookup by name, alias or domain; affiliation roots."""

from __future__ import annotations

from django.db.models import F, Q

from sources.models import Author, Source
from sources.names import domain_key, name_key


def source_by_name(name: str) -> Source | None:
    """The source whose name or alias matches name, blind to case and punctuation."""
    key = name_key(name)
    if not key:
        return None
    return Source.objects.filter(Q(key=key) | Q(aliases__key=key)).distinct().first()


def source_by_domain(url_or_domain: str) -> Source | None:
    """The source publishing on this domain (or a parent domain of it)."""
    host = domain_key(url_or_domain)
    if not host:
        return None
    labels = host.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    matches = {d.domain: d.source for d in _domains(candidates)}
    for candidate in candidates:  # most specific first
        if candidate in matches:
            return matches[candidate]
    return None


def _domains(candidates: list[str]):
    from sources.models import SourceDomain

    return SourceDomain.objects.filter(domain__in=candidates).select_related("source")


def author_by_name(name: str) -> Author | None:
    """The author whose name or alias matches name."""
    key = name_key(name)
    if not key:
        return None
    return Author.objects.filter(Q(key=key) | Q(aliases__key=key)).distinct().first()


def authors_by_keys(keys: list[str]) -> dict[str, Author]:
    """The authors whose name or alias has one of these name keys, by that key: one query."""
    if not keys:
        return {}
    found: dict[str, Author] = {}
    rows = Author.objects.filter(Q(key__in=keys) | Q(aliases__key__in=keys)).annotate(alias_key=F("aliases__key"))
    for author in rows.order_by("id"):
        for key in (author.key, author.alias_key):
            if key in keys:
                found.setdefault(key, author)
    return found
