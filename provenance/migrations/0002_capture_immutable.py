"""Captures are our chain of custody: the database refuses to change or delete them."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION provenance_refuse_capture_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'captures are immutable: % of capture % refused', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER capture_immutable
    BEFORE UPDATE OR DELETE ON provenance_capture
    FOR EACH ROW EXECUTE FUNCTION provenance_refuse_capture_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS capture_immutable ON provenance_capture;
DROP FUNCTION IF EXISTS provenance_refuse_capture_change();
"""


class Migration(migrations.Migration):
    dependencies = [("provenance", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
