"""The status view also lists who questions a claim: questioning_origins, added as its last column.

A mention with stance "questions" adds no origin to a claim; the explanation names its origin
("questioned by Veloria Wire Service") so a reviewer sees the doubt next to the count.
"""

import importlib

from django.db import migrations

STATUS_0006 = importlib.import_module("claims.migrations.0006_claim_engine").CLAIM_STATUS_SQL

CLAIM_STATUS_SQL = (
    STATUS_0006.replace("CREATE VIEW", "CREATE OR REPLACE VIEW")
    .replace(
        "AS is_disagreement\n",
        "AS is_disagreement,\n       own.questioning_names AS questioning_origins\n",
    )
    .replace(
        "AS first_published\n",
        "AS first_published,\n"
        "           COALESCE(array_agg(DISTINCT mo.origin_name) FILTER (WHERE mo.stance = 'questions'), '{}')\n"
        "               AS questioning_names\n",
    )
)
assert CLAIM_STATUS_SQL.count("questioning_names") == 2, "the 0006 view text changed: rewrite this migration"


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_claim_engine")]

    operations = [
        migrations.RunSQL(CLAIM_STATUS_SQL, "DROP VIEW claims_claimstatus;" + STATUS_0006),
    ]
