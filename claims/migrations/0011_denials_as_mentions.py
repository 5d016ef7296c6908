"""Denial claims made by the old proposal rule become denying mentions of the claims they were linked to.

"B denied X" used to be a claim of its own (kind "denial", its mention asserting it) linked by
"contradicts" to X, so the denial claim was shown contradicted by the party it denies. Each such
claim's mentions become mentions of X with the stance "denies", keeping their ids, status and
attribution; its links and the claim go (claims.services.denials.convert_denial_claims). Denial
claims a person made, reviewed, merged or linked are left as they are.

One-way: unapplying it changes nothing, because the old form cannot be told apart from a denial an
annotator recorded on a claim. The history tables keep every row as it was.
"""

from django.db import migrations


def convert(apps, schema_editor):
    from claims.services.denials import convert_denial_claims

    report = convert_denial_claims(
        claim_model=apps.get_model("claims", "Claim"),
        mention_model=apps.get_model("claims", "Mention"),
        relation_model=apps.get_model("claims", "ClaimRelation"),
        review_model=apps.get_model("claims", "Review"),
    )
    if report.claims_converted or report.kept:
        print(
            f"\n  {report.claims_converted} denial claim(s) turned into {report.mentions_moved + report.mentions_copied}"
            f" denying mention(s); left to a person: {report.kept or 'none'}"
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_unknown_outlet_origins")]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop, elidable=True)]
