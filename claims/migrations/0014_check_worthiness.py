"""Each claim's check-worthiness (0-100, from its text and kind), the triage list's default order.

Existing claims are scored here from the same function new ones are (claims.text.patterns, plain
Python), in batches. Going back drops the field and its index.
"""

from django.db import migrations, models

from claims.text.patterns import check_worthiness

BATCH = 2000


def score_claims(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    changed = []
    for claim in Claim.objects.only("id", "text", "kind").iterator(chunk_size=BATCH):
        claim.check_worthiness = check_worthiness(claim.text, claim.kind)
        changed.append(claim)
        if len(changed) == BATCH:
            Claim.objects.bulk_update(changed, ["check_worthiness"])
            changed = []
    Claim.objects.bulk_update(changed, ["check_worthiness"])


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_suggested_status_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="check_worthiness",
            field=models.PositiveSmallIntegerField(
                default=0,
                editable=False,
                help_text="0-100, from the text and kind: figures, named actors, places, a day, a source. "
                "Triage shows the highest first.",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-check_worthiness", "-id"], name="claim_most_checkable_first"),
        ),
        migrations.RunPython(score_claims, migrations.RunPython.noop),
    ]
