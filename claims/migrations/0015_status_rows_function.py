"""claims_status_rows(ids): the ClaimStatus view's rows for the given claims, planned once per session.

A page of the claim list computes the view for its 51 claims. Joined into the page's query, the view
(about 40 joins once expanded) was planned afresh on every request: 10-20 ms of planning for 3-7 ms
of execution at 100,000 claims. Inside this function the statement's plan is made once per database
session and kept (`plan_cache_mode = force_generic_plan`; the API's connections last, see
DB_CONN_MAX_AGE), and each claim's few mentions look their sources up by index rather than hashing
every source for every claim (`enable_hashjoin = off`, for this statement only). The rows are those of
the view itself, which stays the rule; nothing is stored.

The function returns the view's row type, so PostgreSQL refuses to drop the view while it exists: a
migration that makes the view again drops this function first and creates it after.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION claims_status_rows(ids bigint[]) RETURNS SETOF claims_claimstatus AS $$
BEGIN
    RETURN QUERY SELECT * FROM claims_claimstatus s WHERE s.claim_id = ANY (ids);
END;
$$ LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET enable_hashjoin = off;
"""

BACKWARD = "DROP FUNCTION claims_status_rows(bigint[]);"


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_check_worthiness")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
