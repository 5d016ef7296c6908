"""Reviews are append-only: the database refuses UPDATE and DELETE on them."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION claims_refuse_review_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'reviews are append-only: % of review % refused', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER review_append_only
    BEFORE UPDATE OR DELETE ON claims_review
    FOR EACH ROW EXECUTE FUNCTION claims_refuse_review_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS review_append_only ON claims_review;
DROP FUNCTION IF EXISTS claims_refuse_review_change();
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
