"""Origins that reach us through one article, and the articles of unknown outlet a claim is seen in.

Two independent origins found in one article (one sentence traced to AFP, the next attributed to the
Observatory) were "corroborated" with nothing saying that a single carrier brought both. The status
view now counts the articles carrying the asserting mentions: when there is one, the claim stays
corroborated only if that article attributes the origins to two or more distinct named parties
(in-text attribution, not its own chain); otherwise it is single-sourced. `one_carrier` names that
article's outlet (for the explanation "both through one article (<outlet>)" and the admin filter).

Each mention's origin row now also gives its article (`article_id`) and that article's carrier name
(`carrier_name`: its outlet, else "unknown outlet (<capture>)", the rule of migration 0010), so the
status view lists the unknown outlets a claim is seen in (`unknown_outlets`) and an explanation
never says "1 mention in 0 outlets".
"""

import importlib

from django.db import migrations

ORIGIN_0010 = importlib.import_module("claims.migrations.0010_unknown_outlet_origins")
STATUS_0008 = importlib.import_module("claims.migrations.0008_status_view_relations_by_index").CLAIM_STATUS_SQL

# 0010's naming rule, read for the mention's own article instead of its chain's origin article.
CARRIER_NAME = (
    ORIGIN_0010.ORIGIN_NAME.replace("origin_capture", "carrier_capture")
    .replace("origin_article", "a")
    .replace("root.name", "carrier.name")
    .replace("AS origin_name", "AS carrier_name")
)
MENTION_ORIGIN_SQL = ORIGIN_0010.MENTION_ORIGIN_SQL.replace(
    "AS origin_published\nFROM claims_mention m",
    "AS origin_published,\n       a.id AS article_id,\n       " + CARRIER_NAME + "\nFROM claims_mention m",
).replace(
    "LEFT JOIN provenance_capture origin_capture ON origin_capture.id = origin_article.capture_id;",
    "LEFT JOIN provenance_capture origin_capture ON origin_capture.id = origin_article.capture_id\n"
    "LEFT JOIN sources_source carrier ON carrier.id = a.outlet_id\n"
    "LEFT JOIN provenance_capture carrier_capture ON carrier_capture.id = a.capture_id;",
)
assert MENTION_ORIGIN_SQL.count("carrier_capture.id = a.capture_id") == 1 and "AS carrier_name" in MENTION_ORIGIN_SQL

_CORROBORATED = "WHEN cardinality(own.asserting_keys) >= 2 THEN 'corroborated'"
# One carrier: corroborated only when it attributes the claim to two or more distinct named parties.
_CORROBORATED_BY_CARRIERS = (
    "WHEN cardinality(own.asserting_keys) >= 2\n"
    "                 AND (own.asserting_article_count >= 2 OR own.attributed_origin_count >= 2)\n"
    "                THEN 'corroborated'"
)
_SINGLE_SOURCED = "WHEN cardinality(own.asserting_keys) = 1 THEN 'single_sourced'"
CLAIM_STATUS_SQL = (
    STATUS_0008.replace(_CORROBORATED, _CORROBORATED_BY_CARRIERS)
    .replace(_SINGLE_SOURCED, _SINGLE_SOURCED.replace("= 1", ">= 1"))
    .replace(
        "AS questioning_origins\nFROM claims_claim c",
        "AS questioning_origins,\n"
        "       own.asserting_article_count,\n"
        "       own.attributed_origin_count,\n"
        "       CASE WHEN own.asserting_article_count = 1 AND cardinality(own.asserting_keys) >= 2\n"
        "            THEN own.asserting_carrier END AS one_carrier,\n"
        "       own.unknown_outlets\n"
        "FROM claims_claim c",
    )
    .replace(
        "AS questioning_names\n",
        "AS questioning_names,\n"
        "           (count(DISTINCT mo.article_id) FILTER (WHERE mo.stance = 'asserts'))::int"
        " AS asserting_article_count,\n"
        "           (count(DISTINCT mo.origin_key) FILTER (WHERE mo.stance = 'asserts' AND mo.is_attributed))::int\n"
        "               AS attributed_origin_count,\n"
        "           min(mo.carrier_name) FILTER (WHERE mo.stance = 'asserts') AS asserting_carrier,\n"
        "           COALESCE(array_agg(DISTINCT mo.carrier_name) FILTER (WHERE mo.outlet_id IS NULL), '{}')\n"
        "               AS unknown_outlets\n",
    )
)
assert (
    CLAIM_STATUS_SQL.count("asserting_keys) >= 1") == 1
    and CLAIM_STATUS_SQL.count("asserting_article_count") == 4
    and "AS unknown_outlets" in CLAIM_STATUS_SQL
), "the 0008 view text changed: rewrite this migration"


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_denials_as_mentions")]

    operations = [
        migrations.RunSQL(
            MENTION_ORIGIN_SQL + CLAIM_STATUS_SQL,
            # a view loses columns only by being made again
            "DROP VIEW claims_claimstatus; DROP VIEW claims_mentionorigin;"
            + ORIGIN_0010.MENTION_ORIGIN_SQL
            + STATUS_0008,
        ),
    ]
