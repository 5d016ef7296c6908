"""The parties an article's text credits, resolved to Sources (the missing ones created for review)."""

from __future__ import annotations

import logging
import re

from claims.text.attribution import Party
from provenance.models import Article
from sources.models import Source
from sources.selectors import source_by_name
from sources.services import SourceError, get_or_create_source

logger = logging.getLogger(__name__)

_DEMONYM_START = re.compile(r"^[A-Z]\w+(?:ian|ish|ese|ean|ican|i)\b")


class ArticleParties:
    """Resolves the parties of one article to Sources, creating the missing ones (flagged for review)."""

    def __init__(self, article: Article):
        self.article = article
        self.created = 0  # sources created, flagged for review
        self.cache: dict[tuple[str, bool], Source | None] = {}
        outlet_id = article.origin_outlet_id or article.outlet_id
        self.outlet = Source.objects.filter(pk=outlet_id).first() if outlet_id else None

    def source(self, party: Party | None) -> Source | None:
        """The Source of a party met in the text; None when it has none or cannot be recorded."""
        if party is None:
            return None
        key = (party.name, party.is_anonymous)
        if key not in self.cache:
            try:
                self.cache[key] = self._resolve(party)
            except SourceError as error:
                logger.info("article %s: attribution %r not recorded: %s", self.article.pk, party.name, error)
                self.cache[key] = None
        return self.cache[key]

    def _resolve(self, party: Party) -> Source | None:
        name = re.sub(r"\s+", " ", party.name).strip()[:150]
        if not party.is_anonymous:
            known = source_by_name(name)
            if known is not None:
                return known
            source, created = get_or_create_source(name=name, kind=party.kind)
            self.created += created
            return source
        first = name.split()[0] if name.split() else ""
        if first[:1].isupper() and not first.isupper() and not _DEMONYM_START.match(first):
            name = first.lower() + name[len(first) :]  # "Sources argue" -> "sources"
        full_name = f"{name} ({self.outlet.name})" if self.outlet is not None else name
        source, created = get_or_create_source(  # safe when another worker creates it at the same moment
            name=full_name,
            kind=Source.Kind.ANONYMOUS,
            parent=self.outlet,
            notes="Created by claim proposals: an unnamed source quoted in this outlet's report.",
        )
        self.created += created
        return source
