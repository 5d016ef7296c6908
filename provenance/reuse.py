"""Text-reuse detection: index a stored article and find the earlier articles it shares text with."""

from __future__ import annotations

from provenance.models import Article, Derivation


def index_and_detect(*, article: Article) -> list[Derivation]:
    """Index article for text reuse and record derivations to the earlier articles it copies.

    Interim version: indexes nothing and finds nothing; the MinHash/LSH engine replaces it.
    """
    return []
