"""Full-text search: one expression, each text in its own language's configuration (migration 0004's index)."""

from __future__ import annotations

from django.db.models import BooleanField, F, Func, QuerySet, TextField, Value


class TextMatches(Func):
    """to_tsvector(search_config(language), text) @@ websearch_to_tsquery(search_config(language), query).

    The one search expression: the query is parsed with websearch_to_tsquery ("a phrase", or,
    -word) in the configuration of the text's language (search_config, migration 0004), so
    "strikes" finds "strike" in English and Arabic words are stemmed as Arabic. Written as one
    expression so it stays correct inside subqueries; text and language are any expressions
    (F("quote"), F("article__language"), Value("en")).
    """

    output_field = BooleanField()

    def __init__(self, text, language, query: str) -> None:
        super().__init__(text, language, Value(query))

    def as_sql(self, compiler, connection, **extra_context):
        (text, text_params), (language, language_params), (query, query_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = (
            f"to_tsvector(search_config({language}), {text}) "
            f"@@ websearch_to_tsquery(search_config({language}), {query})"
        )
        return sql, (*language_params, *text_params, *language_params, *query_params)


class SpaceJoined(Func):
    """a || ' ' || b: texts joined by a space, written as the article index (migration 0004) is."""

    arg_joiner = " || ' ' || "
    template = "(%(expressions)s)"
    output_field = TextField()


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """Articles whose title or body match query, each in its own language's configuration."""
    query = query.strip()
    if not query:
        return queryset
    return queryset.filter(TextMatches(SpaceJoined(F("title"), F("body")), F("language"), query))
