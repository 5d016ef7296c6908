"""Captures, articles and derivations: integrity enforced by the database and the services."""

import pytest
from django.db import IntegrityError, transaction

from provenance.models import Capture, Derivation
from provenance.selectors import chains_for, origins_for
from provenance.services import ProvenanceError, add_derivation, create_article, decide_derivations, store_capture


def test_same_bytes_make_one_capture(db):
    first, created = store_capture(data=b"<p>fictional</p>", media_type="text/html")
    again, created_again = store_capture(data=b"<p>fictional</p>", media_type="text/html")
    assert created and not created_again and first == again
    assert Capture.objects.count() == 1


def test_captures_cannot_be_changed_or_deleted(db):
    capture, _ = store_capture(data=b"fictional bytes", media_type="text/plain")
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        Capture.objects.filter(pk=capture.pk).update(filename="renamed.txt")
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        Capture.objects.filter(pk=capture.pk).delete()
    assert Capture.objects.get(pk=capture.pk).filename == ""


def test_same_normalised_text_is_one_article(db, make_source):
    outlet = make_source()
    first, created = create_article(title="A", body="The  convoy reached Marsk.", language="en", outlet=outlet)
    again, created_again = create_article(title="B", body="the convoy reached   MARSK.", language="en", outlet=outlet)
    assert created and not created_again and first == again


def test_article_without_body_is_refused(db):
    with pytest.raises(ProvenanceError, match="body"):
        create_article(title="Empty", body="   ", language="en")


def test_database_rejects_a_derivation_from_itself(make_article):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Derivation.objects.create(derived=article, source_article=article, evidence="manual")


def test_database_rejects_a_derivation_with_two_sources_or_none(make_article, make_source):
    a, b = make_article(), make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Derivation.objects.create(derived=a, source_article=b, source_outlet=make_source(), evidence="manual")
    with pytest.raises(IntegrityError), transaction.atomic():
        Derivation.objects.create(derived=a, evidence="manual")


def test_database_rejects_a_score_above_one(make_article):
    a, b = make_article(), make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Derivation.objects.create(derived=a, source_article=b, evidence="text_reuse", score=1.5)


def test_deciding_an_unknown_derivation_is_refused(db):
    with pytest.raises(ProvenanceError, match="unknown derivation"):
        decide_derivations(derivation_ids=[999999], status=Derivation.Status.CONFIRMED)


def test_origin_of_a_three_step_chain_is_its_first_article(make_article, make_source, django_assert_num_queries):
    origin_outlet = make_source("Dravonian State Broadcasting")
    original = make_article(outlet=origin_outlet)
    copy1, copy2, copy3 = make_article(), make_article(), make_article()
    add_derivation(derived=copy1, source_article=original)
    add_derivation(derived=copy2, source_article=copy1)
    add_derivation(derived=copy3, source_article=copy2)
    with django_assert_num_queries(1):
        origins = origins_for([copy3.pk, copy1.pk, original.pk])
    assert origins[copy3.pk].article_id == original.pk
    assert origins[copy3.pk].outlet_name == "Dravonian State Broadcasting"
    assert origins[copy3.pk].depth == 3
    assert origins[original.pk].is_self
    chain = chains_for([copy3.pk])[copy3.pk]
    assert [link.article for link in chain.links] == [original, copy1, copy2, copy3]


def test_origin_is_an_outlet_when_the_original_is_missing(make_article, make_source):
    copy = make_article()
    missing_original_outlet = make_source("Marsk Herald")
    add_derivation(derived=copy, source_outlet=missing_original_outlet, evidence="attribution")
    origin = origins_for([copy.pk])[copy.pk]
    assert origin.article_id is None
    assert origin.outlet_name == "Marsk Herald"


def test_rejected_edges_do_not_count_for_origin(make_article):
    a, b = make_article(), make_article()
    edge, _ = add_derivation(derived=b, source_article=a)
    decide_derivations(derivation_ids=[edge.pk], status=Derivation.Status.REJECTED)
    assert origins_for([b.pk])[b.pk].is_self
