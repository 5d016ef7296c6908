"""Claims, mentions, relations and reviews: integrity in the database and the services."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimRelation, Mention, Review
from claims.services import ClaimError, add_mention, record_review, relate_claims

BODY = "Officials said 23 people were killed in Marsk. The ministry denied it."


def test_mention_selectors_match_the_text(make_article, make_claim):
    article, claim = make_article(BODY), make_claim()
    mention = add_mention(claim=claim, article=article, start=15, end=46, quote="23 people were killed in Marsk.")
    assert mention.prefix == "Officials said "
    assert mention.suffix.startswith(" The ministry")


def test_quote_that_does_not_match_its_position_is_refused(make_article, make_claim):
    article, claim = make_article(BODY), make_claim()
    with pytest.raises(ClaimError, match="not the quote"):
        add_mention(claim=claim, article=article, start=0, end=9, quote="Ministers")
    assert Mention.objects.count() == 0


def test_out_of_range_selector_is_refused(make_article, make_claim):
    article, claim = make_article(BODY), make_claim()
    with pytest.raises(ClaimError, match="outside the text"):
        add_mention(claim=claim, article=article, start=60, end=600)


def test_overlapping_mentions_of_one_claim_are_refused(make_article, make_claim):
    article, claim = make_article(BODY), make_claim()
    add_mention(claim=claim, article=article, start=15, end=46)
    with pytest.raises(ClaimError, match="overlapping"):
        add_mention(claim=claim, article=article, start=20, end=50)


def test_database_rejects_start_after_end_and_wrong_quote_length(make_article, make_claim):
    article, claim = make_article(BODY), make_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(claim=claim, article=article, quote="x", start=5, end=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(claim=claim, article=article, quote="abc", start=0, end=10)


def test_relation_of_a_claim_to_itself_is_refused(make_claim):
    claim = make_claim()
    with pytest.raises(ClaimError, match="itself"):
        relate_claims(from_claim=claim, to_claim=claim, kind="supports")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimRelation.objects.create(from_claim=claim, to_claim=claim, kind="supports")


def test_review_with_unknown_verdict_is_refused(make_claim, reviewer):
    claim = make_claim()
    with pytest.raises(ClaimError, match="unknown verdict"):
        record_review(claim=claim, verdict="probably", rationale="x", reviewer=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(claim=claim, verdict="probably", rationale="x", reviewer=reviewer)


def test_reviews_are_append_only_in_the_database(make_claim, reviewer):
    claim = make_claim()
    review = record_review(claim=claim, verdict="corroborated", rationale="Two reports.", reviewer=reviewer)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(verdict="contradicted")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Review.objects.filter(pk=review.pk).delete()
    assert Review.objects.get(pk=review.pk).verdict == "corroborated"


def test_a_claims_check_worthiness_follows_its_text_and_kind(db):
    claim = Claim.objects.create(text="Fighting continued on the outskirts.", kind="event")
    vague = claim.check_worthiness
    claim.text = "The Korrin Front said 14 soldiers were killed near the village of Vetch on Monday."
    claim.kind = "casualty"
    claim.save(update_fields=["text", "kind"])
    claim.refresh_from_db()
    assert claim.check_worthiness > vague
