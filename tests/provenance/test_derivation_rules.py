"""The rules of the derivation graph: no self edge, no cycle, no edge against the dates; set-wise reads."""

from __future__ import annotations

from datetime import date

import pytest

from provenance.models import Article, Derivation
from provenance.selectors import chain_member_ids, chain_tree_for, chains_for, origins_for
from provenance.services import ProvenanceError, add_derivation, check_derivation, decide_derivations


def test_an_article_cannot_derive_from_itself(make_article):
    article = make_article()
    with pytest.raises(ProvenanceError, match="cannot be derived from itself"):
        add_derivation(derived=article, source_article=article)
    assert not Derivation.objects.exists()


def test_an_edge_that_would_close_a_cycle_is_refused_and_nothing_changes(make_article):
    first, second, third = make_article(), make_article(), make_article()
    add_derivation(derived=second, source_article=first)
    add_derivation(derived=third, source_article=second)
    with pytest.raises(ProvenanceError, match="would close a cycle"):
        add_derivation(derived=first, source_article=third)
    assert Derivation.objects.count() == 2
    first.refresh_from_db()
    assert first.origin_article_id == first.pk


def test_confirming_a_rejected_edge_that_would_close_a_cycle_is_refused(make_article):
    first, second = make_article(), make_article()
    add_derivation(derived=second, source_article=first)
    back, _ = add_derivation(derived=first, source_article=second, status="rejected")
    with pytest.raises(ProvenanceError, match="close a cycle"):
        decide_derivations(derivation_ids=[back.pk], status="confirmed")
    back.refresh_from_db()
    assert back.status == "rejected"


def test_a_source_published_after_the_copy_is_refused(make_article):
    early = make_article(published=date(2031, 3, 1))
    late = make_article(published=date(2031, 3, 9))
    with pytest.raises(ProvenanceError, match="published later"):
        add_derivation(derived=early, source_article=late)
    assert not Derivation.objects.exists()


def test_dates_that_overlap_by_their_precision_do_not_contradict(make_article):
    month = make_article(published=date(2031, 3, 1), published_precision="month")
    day = make_article(published=date(2031, 3, 20))
    assert check_derivation(derived=month, source_article=day) is None


def test_an_unknown_article_is_named(make_article):
    article = make_article()
    with pytest.raises(ProvenanceError, match="unknown article id"):
        check_derivation(derived=article, source_article=Article(pk=987654))


def test_an_edge_needs_exactly_one_source(make_article, make_source):
    article = make_article()
    with pytest.raises(ProvenanceError, match="exactly one source"):
        add_derivation(derived=article, source_article=make_article(), source_outlet=make_source())


def test_origins_of_a_page_of_articles_take_one_query(make_article, django_assert_num_queries):
    original = make_article()
    copies = [make_article() for _ in range(6)]
    for copy in copies:
        add_derivation(derived=copy, source_article=original)
    with django_assert_num_queries(1):
        origins = origins_for([c.pk for c in copies])
    assert {o.article_id for o in origins.values()} == {original.pk}


def test_chains_and_trees_take_a_fixed_number_of_queries(make_article, django_assert_num_queries):
    original = make_article()
    middle = make_article()
    add_derivation(derived=middle, source_article=original)
    leaves = [make_article() for _ in range(5)]
    for leaf in leaves:
        add_derivation(derived=leaf, source_article=middle)
    with django_assert_num_queries(3):
        chains = chains_for([leaf.pk for leaf in leaves])
    assert [link.article.pk for link in chains[leaves[0].pk].links] == [original.pk, middle.pk, leaves[0].pk]
    with django_assert_num_queries(3):
        tree = chain_tree_for(leaves[0].pk)
    assert [node.article.pk for node in tree.roots] == [original.pk]
    assert len(tree.roots[0].children[0].children) == 5


def test_chain_members_walk_up_and_down_the_chain(make_article):
    original, copy, copy_of_copy = make_article(), make_article(), make_article()
    add_derivation(derived=copy, source_article=original)
    add_derivation(derived=copy_of_copy, source_article=copy)
    assert set(chain_member_ids(copy.pk, descendants=False)) == {original.pk, copy.pk}
    assert set(chain_member_ids(copy.pk)) == {original.pk, copy.pk, copy_of_copy.pk}
