"""The status view reads a claim's contradicting relations by two index lookups, not an OR over both ends.

`r.from_claim_id = c.id OR r.to_claim_id = c.id` made PostgreSQL 15 scan claims_claimrelation once
per claim, so filtering the view by suggested status (which computes it for every claim) took
seconds at 20,000 claims. The relations of a claim are now the UNION ALL of the rows where it is
the "from" end and those where it is the "to" end (a relation never joins a claim to itself, so no
row is counted twice). The view's columns and results are unchanged.
"""

import importlib

from django.db import migrations

STATUS_0007 = importlib.import_module("claims.migrations.0007_questioning_origins").CLAIM_STATUS_SQL

_COUNT_OR = """(SELECT count(*) FROM claims_claimrelation r
            WHERE r.kind = 'contradicts' AND (r.from_claim_id = c.id OR r.to_claim_id = c.id))::int"""
_COUNT_UNION = """(SELECT count(*) FROM (
                SELECT 1 FROM claims_claimrelation r WHERE r.kind = 'contradicts' AND r.from_claim_id = c.id
                UNION ALL
                SELECT 1 FROM claims_claimrelation r WHERE r.kind = 'contradicts' AND r.to_claim_id = c.id
            ) ends)::int"""
_JOIN_OR = """        FROM claims_claimrelation r
        JOIN claims_claim other
          ON other.id = CASE WHEN r.from_claim_id = c.id THEN r.to_claim_id ELSE r.from_claim_id END
        LEFT JOIN claims_mentionorigin mo
          ON mo.claim_id = other.id AND mo.stance = 'asserts' AND mo.status IN ('proposed', 'accepted')
        WHERE r.kind = 'contradicts' AND (r.from_claim_id = c.id OR r.to_claim_id = c.id)"""
_JOIN_UNION = """        FROM (
            SELECT r.to_claim_id AS other_id FROM claims_claimrelation r
            WHERE r.kind = 'contradicts' AND r.from_claim_id = c.id
            UNION ALL
            SELECT r.from_claim_id FROM claims_claimrelation r
            WHERE r.kind = 'contradicts' AND r.to_claim_id = c.id
        ) ends
        JOIN claims_claim other ON other.id = ends.other_id
        LEFT JOIN claims_mentionorigin mo
          ON mo.claim_id = other.id AND mo.stance = 'asserts' AND mo.status IN ('proposed', 'accepted')"""

assert STATUS_0007.count(_COUNT_OR) == 1 and STATUS_0007.count(_JOIN_OR) == 1, "the 0007 view text changed"
CLAIM_STATUS_SQL = STATUS_0007.replace(_COUNT_OR, _COUNT_UNION).replace(_JOIN_OR, _JOIN_UNION)
assert "OR r.to_claim_id" not in CLAIM_STATUS_SQL


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_questioning_origins")]

    operations = [
        migrations.RunSQL(CLAIM_STATUS_SQL, STATUS_0007),
    ]
