"""The API's request counters in a table of their own (claims.api.throttling), one row per user or address.

Each request updates its row in place, so pages are left half empty (fillfactor 50) for PostgreSQL to
write the new version of a row beside the old one without touching the index (a HOT update).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_status_rows_function"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiRequestCount",
            fields=[
                ("key", models.CharField(max_length=80, primary_key=True, serialize=False)),
                ("window_start", models.BigIntegerField()),
                ("count", models.IntegerField()),
                ("previous_count", models.IntegerField()),
                ("allowed", models.BooleanField()),
                ("expires_at", models.BigIntegerField()),
            ],
        ),
        migrations.RunSQL(
            "ALTER TABLE claims_apirequestcount SET (fillfactor = 50)",
            "ALTER TABLE claims_apirequestcount RESET (fillfactor)",
        ),
    ]
