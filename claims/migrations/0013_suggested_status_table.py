"""Each claim's suggested status kept in a table (claims_suggestedstatus), maintained by triggers.

Filtering a list by suggested status computed the ClaimStatus view for claim after claim until a
page was full: 0.7-1.7 s for "corroborated" at 100,000 claims, 48 s on PostgreSQL 15 for a status
no claim has. The table answers through an index on (suggested_status, claim_id).

The view stays the rule. claims_refresh_suggested_status(ids) recomputes the given claims, and the
claims linked to them by "contradicts" (each reads the other's asserting origins), from the view,
and upserts the rows. Statement-level triggers call it with the claims a statement touched:
- a claim inserted;
- a mention inserted, deleted, or updated in its claim, article, stance, status or attributed source;
- a "contradicts" link inserted, deleted or updated (both ends, old and new);
- an article's origin (origin_article_id, origin_outlet_id) changed: the claims mentioned in it;
- a source's root or kind changed: the claims of mentions attributed to it or to a source under it,
  and of mentions in articles whose chain's outlet is one of them.
A claim's row is locked (in id order) before its status is read, so two transactions changing the
same claim write it one after the other, the second from what the first committed.
A bulk load with triggers off (session_replication_role = replica) fills the table from the view at the end.
"""

from django.db import migrations, models

FORWARD = """
ALTER TABLE claims_suggestedstatus ADD CONSTRAINT claims_suggestedstatus_claim_fk
    FOREIGN KEY (claim_id) REFERENCES claims_claim (id) ON DELETE CASCADE;

CREATE FUNCTION claims_refresh_suggested_status(ids bigint[]) RETURNS void AS $$
DECLARE
    linked bigint[];
BEGIN
    SELECT array_agg(DISTINCT id ORDER BY id) INTO linked FROM (
        SELECT unnest(ids) AS id
        UNION ALL
        SELECT r.to_claim_id FROM claims_claimrelation r WHERE r.kind = 'contradicts' AND r.from_claim_id = ANY (ids)
        UNION ALL
        SELECT r.from_claim_id FROM claims_claimrelation r WHERE r.kind = 'contradicts' AND r.to_claim_id = ANY (ids)
    ) claims WHERE id IS NOT NULL;
    IF linked IS NULL THEN
        RETURN;
    END IF;
    PERFORM 1 FROM claims_suggestedstatus WHERE claim_id = ANY (linked) ORDER BY claim_id FOR UPDATE;
    INSERT INTO claims_suggestedstatus (claim_id, suggested_status)
    SELECT s.claim_id, s.suggested_status FROM claims_claimstatus s WHERE s.claim_id = ANY (linked)
    ON CONFLICT (claim_id) DO UPDATE SET suggested_status = EXCLUDED.suggested_status
        WHERE claims_suggestedstatus.suggested_status <> EXCLUDED.suggested_status;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION claims_claim_inserted_status() RETURNS trigger AS $$
BEGIN
    PERFORM claims_refresh_suggested_status(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claim_inserted_status AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_inserted_status();

CREATE FUNCTION claims_mention_changed_status() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM claims_refresh_suggested_status(ARRAY(SELECT DISTINCT claim_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM claims_refresh_suggested_status(ARRAY(SELECT DISTINCT claim_id FROM old_rows));
    ELSE
        PERFORM claims_refresh_suggested_status(ARRAY(
            SELECT unnest(ARRAY[o.claim_id, n.claim_id])
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.claim_id, o.article_id, o.stance, o.status, o.attributed_to_id)
                  IS DISTINCT FROM (n.claim_id, n.article_id, n.stance, n.status, n.attributed_to_id)
        ));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER mention_inserted_status AFTER INSERT ON claims_mention
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_changed_status();
CREATE TRIGGER mention_deleted_status AFTER DELETE ON claims_mention
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_changed_status();
CREATE TRIGGER mention_updated_status AFTER UPDATE ON claims_mention
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_changed_status();

CREATE FUNCTION claims_relation_changed_status() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM claims_refresh_suggested_status(ARRAY(
            SELECT unnest(ARRAY[from_claim_id, to_claim_id]) FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM claims_refresh_suggested_status(ARRAY(
            SELECT unnest(ARRAY[from_claim_id, to_claim_id]) FROM old_rows));
    ELSE
        PERFORM claims_refresh_suggested_status(ARRAY(
            SELECT unnest(ARRAY[from_claim_id, to_claim_id]) FROM old_rows
            UNION SELECT unnest(ARRAY[from_claim_id, to_claim_id]) FROM new_rows));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER relation_inserted_status AFTER INSERT ON claims_claimrelation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_relation_changed_status();
CREATE TRIGGER relation_deleted_status AFTER DELETE ON claims_claimrelation
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_relation_changed_status();
CREATE TRIGGER relation_updated_status AFTER UPDATE ON claims_claimrelation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_relation_changed_status();

CREATE FUNCTION claims_article_origin_changed_status() RETURNS trigger AS $$
BEGIN
    PERFORM claims_refresh_suggested_status(ARRAY(
        SELECT DISTINCT m.claim_id FROM claims_mention m
        WHERE m.article_id IN (
            SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.origin_article_id, o.origin_outlet_id) IS DISTINCT FROM (n.origin_article_id, n.origin_outlet_id))
    ));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER article_origin_changed_status AFTER UPDATE ON provenance_article
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_article_origin_changed_status();

CREATE FUNCTION claims_source_changed_status() RETURNS trigger AS $$
DECLARE
    changed bigint[];
BEGIN
    changed := ARRAY(
        SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.root_id, o.kind) IS DISTINCT FROM (n.root_id, n.kind));
    IF cardinality(changed) = 0 THEN
        RETURN NULL;
    END IF;
    changed := changed || ARRAY(SELECT id FROM sources_source WHERE root_id = ANY (changed));
    PERFORM claims_refresh_suggested_status(ARRAY(
        SELECT m.claim_id FROM claims_mention m WHERE m.attributed_to_id = ANY (changed)
        UNION
        SELECT m.claim_id FROM claims_mention m JOIN provenance_article a ON a.id = m.article_id
        WHERE a.origin_outlet_id = ANY (changed)
    ));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER source_changed_status AFTER UPDATE ON sources_source
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_source_changed_status();

INSERT INTO claims_suggestedstatus (claim_id, suggested_status) SELECT claim_id, suggested_status FROM claims_claimstatus;
"""

BACKWARD = """
DROP TRIGGER source_changed_status ON sources_source;
DROP TRIGGER article_origin_changed_status ON provenance_article;
DROP TRIGGER relation_updated_status ON claims_claimrelation;
DROP TRIGGER relation_deleted_status ON claims_claimrelation;
DROP TRIGGER relation_inserted_status ON claims_claimrelation;
DROP TRIGGER mention_updated_status ON claims_mention;
DROP TRIGGER mention_deleted_status ON claims_mention;
DROP TRIGGER mention_inserted_status ON claims_mention;
DROP TRIGGER claim_inserted_status ON claims_claim;
DROP FUNCTION claims_source_changed_status();
DROP FUNCTION claims_article_origin_changed_status();
DROP FUNCTION claims_relation_changed_status();
DROP FUNCTION claims_mention_changed_status();
DROP FUNCTION claims_claim_inserted_status();
DROP FUNCTION claims_refresh_suggested_status(bigint[]);
ALTER TABLE claims_suggestedstatus DROP CONSTRAINT claims_suggestedstatus_claim_fk;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_one_carrier"),
        ("provenance", "0005_origins"),
        ("sources", "0003_origins"),
    ]

    operations = [
        migrations.CreateModel(
            name="SuggestedStatus",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        db_column="claim_id",
                        db_constraint=False,
                        on_delete=models.DO_NOTHING,
                        primary_key=True,
                        related_name="suggestion",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
                (
                    "suggested_status",
                    models.CharField(
                        choices=[
                            ("corroborated", "Corroborated"),
                            ("contradicted", "Contradicted"),
                            ("single_sourced", "Single-sourced"),
                            ("unverified", "Unverified"),
                        ],
                        max_length=20,
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["suggested_status", "claim"], name="suggestedstatus_by_status")],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
