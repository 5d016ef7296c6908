"""Merging claims in bulk from the claim list: choose the one that stays, confirm, the others point to it."""

from __future__ import annotations

from claims.models import Claim, Mention
from tests.admin.conftest import confirmed_action

CLAIMS = "/admin/claims/claim/"


def merge_post(ids, into, **extra):
    return confirmed_action("merge_selected", ids, into=into, **extra)


def duplicates() -> tuple[Claim, Claim]:
    keep = Claim.objects.get(text__startswith="Airstrikes hit the central market")
    dup = Claim.objects.get(text__startswith="Marsk's main market")
    return keep, dup


def test_merge_confirmation_lists_the_claims_and_proposes_the_best_documented_one(client_for, demo_corpus):
    client = client_for("reviewer")
    keep, dup = duplicates()
    response = client.post(CLAIMS, {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk], "index": "0"})
    assert response.status_code == 200
    assert response.context["form"].initial["into"] == keep.pk  # four mentions against one
    content = response.content.decode()
    assert "Merge 2 claims" in content and "main market was bombed" in content


def test_reviewer_merges_claims_and_mentions_move(client_for, demo_corpus):
    client = client_for("reviewer")
    keep, dup = duplicates()
    moved = set(dup.mentions.values_list("pk", flat=True))
    response = client.post(CLAIMS, merge_post([keep.pk, dup.pk], keep.pk), follow=True)
    assert "Merged 1 claim(s) into #" in response.content.decode()
    dup.refresh_from_db()
    assert dup.merged_into_id == keep.pk
    assert set(Mention.objects.filter(pk__in=moved).values_list("claim_id", flat=True)) == {keep.pk}


def test_merging_into_a_claim_outside_the_selection_is_refused(client_for, demo_corpus):
    client = client_for("reviewer")
    keep, dup = duplicates()
    other = Claim.objects.exclude(pk__in=[keep.pk, dup.pk]).first()
    response = client.post(CLAIMS, merge_post([keep.pk, dup.pk], other.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Claim.objects.filter(merged_into__isnull=False).exists()


def test_one_claim_cannot_be_merged(client_for, demo_corpus):
    client = client_for("reviewer")
    keep, _dup = duplicates()
    data = {"action": "merge_selected", "_selected_action": [keep.pk], "index": "0"}
    response = client.post(CLAIMS, data, follow=True)
    assert "Select at least two claims to merge" in response.content.decode()


def test_merging_an_already_merged_claim_is_an_error_and_changes_nothing(client_for, demo_corpus):
    client = client_for("reviewer")
    keep, dup = duplicates()
    third = Claim.objects.get(text__startswith="23 civilians")
    Claim.objects.filter(pk=dup.pk).update(merged_into=third)
    response = client.post(CLAIMS, merge_post([keep.pk, dup.pk], keep.pk), follow=True)
    assert "already merged into another claim" in response.content.decode()
    assert Claim.objects.get(pk=dup.pk).merged_into_id == third.pk


def test_annotator_and_viewer_forged_merges_are_refused(client_for, demo_corpus):
    keep, dup = duplicates()
    for role in ("viewer", "annotator"):
        client = client_for(role)
        assert client.post(CLAIMS, merge_post([keep.pk, dup.pk], keep.pk)).status_code == 403
    assert not Claim.objects.filter(merged_into__isnull=False).exists()
