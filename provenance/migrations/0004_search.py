"""Full-text search over articles with a text-search configuration chosen by the article's language."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION search_config(language text) RETURNS regconfig AS $$
    SELECT CASE lower(split_part(language, '-', 1))
        WHEN 'ar' THEN 'arabic'
        WHEN 'en' THEN 'english'
        WHEN 'fr' THEN 'french'
        WHEN 'de' THEN 'german'
        WHEN 'es' THEN 'spanish'
        WHEN 'it' THEN 'italian'
        WHEN 'ru' THEN 'russian'
        WHEN 'tr' THEN 'turkish'
        ELSE 'simple'
    END::regconfig
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE INDEX article_search_idx ON provenance_article
    USING gin (to_tsvector(search_config(language), title || ' ' || body));
"""

BACKWARD = """
DROP INDEX IF EXISTS article_search_idx;
DROP FUNCTION IF EXISTS search_config(text);
"""


class Migration(migrations.Migration):
    dependencies = [("provenance", "0003_boilerplate_batches_history")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
