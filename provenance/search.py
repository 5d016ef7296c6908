"""Full-text search expressions that match the per-language index of migration 0004."""

from __future__ import annotations

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """Articles whose title or body match query, each in its own language's configuration.

    The query is parsed with websearch_to_tsquery (quotes, OR, -exclusions) in the article's
    configuration, so "strikes" finds "strike" in English and Arabic words are stemmed as Arabic.
    """
    query = query.strip()
    if not query:
        return queryset
    table = queryset.model._meta.db_table
    match = RawSQL(
        f"to_tsvector(search_config({table}.language), {table}.title || ' ' || {table}.body) "
        f"@@ websearch_to_tsquery(search_config({table}.language), %s)",
        [query],
        output_field=BooleanField(),
    )
    return queryset.filter(match)
