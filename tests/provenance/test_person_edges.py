"""A person's edge: the service, not the admin form, decides what a role may record."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from provenance.models import Derivation
from provenance.services import add_derivation_by_person, correct_derivation_by_person


@pytest.fixture
def annotator(django_user_model):
    return django_user_model.objects.create_user(username="annotator", password="x")


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user(username="decider", password="x")
    user.user_permissions.add(Permission.objects.get(codename="decide_derivation"))
    return django_user_model.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


def test_an_annotators_edge_is_only_proposed_even_when_they_ask_for_confirmed(make_article, annotator):
    copy, original = make_article(), make_article()
    edge = add_derivation_by_person(derived=copy, source_article=original, person=annotator, status="confirmed")
    assert (edge.status, edge.evidence, edge.decided_by) == (Derivation.Status.PROPOSED, "manual", None)
    edge = correct_derivation_by_person(derivation=edge, person=annotator, status="confirmed")
    assert edge.status == Derivation.Status.PROPOSED


def test_a_reviewers_edge_is_decided_and_their_decision_recorded(make_article, reviewer):
    copy, original = make_article(), make_article()
    edge = add_derivation_by_person(derived=copy, source_article=original, person=reviewer)
    assert (edge.status, edge.decided_by) == (Derivation.Status.CONFIRMED, reviewer)
    edge = correct_derivation_by_person(derivation=edge, person=reviewer, kind="excerpt", status="rejected")
    assert (edge.kind, edge.status) == ("excerpt", Derivation.Status.REJECTED)
