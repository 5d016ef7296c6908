"""Bulk verdicts: confirm on an intermediate page, then one Review row per claim, in constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Review
from claims.services import ClaimError
from claims.services.reviews import record_reviews
from tests.admin.conftest import confirmed_action

CLAIMS = "/admin/claims/claim/"


def first_step(ids, action="mark_corroborated", **extra):
    return {"action": action, "_selected_action": ids, "index": "0", **extra}


def confirm(ids, action="mark_corroborated", rationale="Two independent accounts", **extra):
    return confirmed_action(action, ids, rationale=rationale, evidence="", **extra)


def make_claims(n: int) -> list[int]:
    claims = Claim.objects.bulk_create(Claim(text=f"Fictional bulk claim {i} about Marsk") for i in range(n))
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give a real database
        cursor.execute("ANALYZE claims_claim, claims_review")
    return [claim.pk for claim in claims]


def test_confirmation_page_lists_what_will_change(admin_client, demo_corpus):
    ids = list(Claim.objects.values_list("pk", flat=True))
    response = admin_client.post(CLAIMS, first_step(ids, "mark_single_sourced"))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.found == len(ids)
    assert dict(preview.from_verdicts)["No verdict yet"] == ClaimStatus.objects.filter(verdict__isnull=True).count()
    assert preview.unchanged == ClaimStatus.objects.filter(verdict="single_sourced").count()
    content = response.content.decode()
    assert "Record 10 reviews" in content
    assert "will differ from the suggested status" in content
    assert Review.objects.count() == 4  # nothing recorded before confirming


def test_confirming_records_one_review_per_claim_and_keeps_earlier_ones(admin_client, demo_corpus, admin_user):
    ids = list(Claim.objects.values_list("pk", flat=True))
    earlier = set(Review.objects.values_list("pk", flat=True))
    response = admin_client.post(CLAIMS, confirm(ids, "mark_contradicted", rationale="Denied by an independent origin"))
    assert response.status_code == 302
    new = Review.objects.exclude(pk__in=earlier)
    assert sorted(new.values_list("claim_id", flat=True)) == sorted(ids)
    assert set(new.values_list("verdict", "rationale", "reviewer")) == {
        ("contradicted", "Denied by an independent origin", admin_user.pk)
    }
    assert set(Review.objects.filter(pk__in=earlier).values_list("pk", flat=True)) == earlier
    assert set(ClaimStatus.objects.values_list("verdict", flat=True)) == {"contradicted"}


def test_select_across_all_matching_claims_reaches_the_confirmation_page(admin_client, demo_corpus):
    ids = list(Claim.objects.values_list("pk", flat=True))
    response = admin_client.post(CLAIMS + "?view=unreviewed", first_step(ids[:1], select_across="1"))
    assert response.status_code == 200
    assert response.context["preview"].found == ClaimStatus.objects.filter(verdict__isnull=True).count()


def test_empty_rationale_is_a_form_error_and_records_nothing(admin_client, demo_corpus):
    ids = list(Claim.objects.values_list("pk", flat=True))
    response = admin_client.post(CLAIMS, confirm(ids, rationale="   "))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert Review.objects.count() == 4


def test_garbled_selection_is_an_error_message_and_records_nothing(admin_client, demo_corpus):
    ids = list(Claim.objects.values_list("pk", flat=True))
    response = admin_client.post(CLAIMS, {**confirm(ids), "selected_ids": "1,two,3"}, follow=True)
    assert "selection was garbled (&#x27;two&#x27; is not an id)" in response.content.decode()
    assert Review.objects.count() == 4


def test_a_merged_or_missing_claim_refuses_the_whole_batch(admin_client, demo_corpus):
    claims = list(Claim.objects.order_by("pk"))
    Claim.objects.filter(pk=claims[1].pk).update(merged_into=claims[0])
    ids = [c.pk for c in claims] + [999_999]
    response = admin_client.post(CLAIMS, confirm(ids), follow=True)
    content = response.content.decode()
    assert "merged into another claim" in content and "999999" in content
    assert Review.objects.count() == 4


def test_service_refuses_unknown_verdicts_and_empty_selections(demo_corpus, reviewer):
    claim = Claim.objects.first()
    with pytest.raises(ClaimError, match="unknown verdict"):
        record_reviews(claim_ids=[claim.pk], verdict="probably", rationale="x", reviewer=reviewer)
    with pytest.raises(ClaimError, match="at least one claim"):
        record_reviews(claim_ids=[], verdict="corroborated", rationale="x", reviewer=reviewer)
    with pytest.raises(ClaimError, match="rationale"):
        record_reviews(claim_ids=[claim.pk], verdict="corroborated", rationale=" ", reviewer=reviewer)


def count_queries(client, data, url=CLAIMS) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    return response.status_code, len(queries)


def test_bulk_verdict_on_thousands_of_claims_takes_the_same_queries_as_on_ten(admin_client, db):
    small, large = make_claims(10), make_claims(3000)

    status, page_small = count_queries(admin_client, first_step(small, select_across="0"))
    assert status == 200
    status, page_large = count_queries(admin_client, first_step(large[:100], select_across="1"))
    assert status == 200
    assert page_large == page_small, "the confirmation page runs per-row queries"

    status, record_small = count_queries(admin_client, confirm(small))
    assert status == 302
    status, record_large = count_queries(admin_client, confirm(large))
    assert status == 302
    assert record_large == record_small, f"{record_small} queries for 10 claims, {record_large} for 3000"
    assert Review.objects.count() == 3010


def test_service_records_in_two_queries_whatever_the_number(db, reviewer, django_assert_max_num_queries):
    ids = make_claims(2000)
    with django_assert_max_num_queries(4):  # select the reviewable ids, insert; plus the savepoint pair
        reviews = record_reviews(claim_ids=ids, verdict="unverified", rationale="Bulk", reviewer=reviewer)
    assert len(reviews) == 2000 and all(review.pk for review in reviews)


def test_each_verdict_action_is_offered_to_reviewers(admin_client, demo_corpus):
    response = admin_client.get(reverse("admin:claims_claim_changelist"))
    choices = dict(response.context["action_form"].fields["action"].choices)
    assert {"mark_corroborated", "mark_contradicted", "mark_single_sourced", "mark_unverified"} <= set(choices)
