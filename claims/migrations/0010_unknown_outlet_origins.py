"""An origin with no known outlet is named "unknown outlet" and its capture, never its article's title.

The MentionOrigin view (migration 0006) named an origin article that has no outlet by its title:
a headline (in any script) read as if it were a source, in explanations and origin lists. It is
now "unknown outlet (<capture URL, else file name>)", with the article's place on the page
("part 3") when one capture holds several articles. The rest of the view is 0006's.
"""

import importlib

from django.db import migrations

MENTION_ORIGIN_0006 = importlib.import_module("claims.migrations.0006_claim_engine").MENTION_ORIGIN_SQL

# The capture names the article: its URL, else its file name without folders, else the article's own URL.
ORIGIN_NAME = """COALESCE(root.name, ('unknown outlet ('
           || COALESCE(NULLIF(origin_capture.url, ''),
                       NULLIF(regexp_replace(origin_capture.filename, '^.*[/\\\\]', ''), ''),
                       NULLIF(origin_article.url, ''),
                       'article ' || origin_article.id)
           || CASE WHEN EXISTS (SELECT 1 FROM provenance_article sibling
                                WHERE sibling.capture_id = origin_article.capture_id
                                  AND sibling.id <> origin_article.id)
                   THEN ', part ' || (origin_article.position_in_capture + 1) ELSE '' END
           || ')')::varchar) AS origin_name"""

MENTION_ORIGIN_SQL = (
    MENTION_ORIGIN_0006.replace("CREATE VIEW", "CREATE OR REPLACE VIEW")
    .replace("COALESCE(root.name, origin_article.title) AS origin_name", ORIGIN_NAME)
    .replace(
        "ON origin_article.id = COALESCE(a.origin_article_id, a.id);",
        "ON origin_article.id = COALESCE(a.origin_article_id, a.id)\n"
        "LEFT JOIN provenance_capture origin_capture ON origin_capture.id = origin_article.capture_id;",
    )
)
assert "origin_article.title" not in MENTION_ORIGIN_SQL and "origin_capture.id" in MENTION_ORIGIN_SQL, (
    "the 0006 view text changed: rewrite this migration"
)


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_hashed_api_tokens"), ("provenance", "0005_origins")]

    operations = [
        migrations.RunSQL(MENTION_ORIGIN_SQL, MENTION_ORIGIN_0006.replace("CREATE VIEW", "CREATE OR REPLACE VIEW")),
    ]
