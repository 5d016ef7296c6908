"""Origins are stored on articles and kept current by the database whenever chains change."""

from provenance.models import Article, Derivation
from provenance.services import add_derivation, decide_derivations


def stored_origin(article: Article) -> tuple:
    article.refresh_from_db()
    return article.origin_article_id, article.origin_outlet_id, article.origin_depth


def test_a_new_article_is_its_own_origin(make_article):
    article = make_article()
    assert stored_origin(article) == (article.pk, article.outlet_id, 0)


def test_adding_an_edge_moves_the_origin_of_every_copy_below_it(make_article):
    original, copy, copy_of_copy = make_article(), make_article(), make_article()
    add_derivation(derived=copy_of_copy, source_article=copy)
    assert stored_origin(copy_of_copy) == (copy.pk, copy.outlet_id, 1)
    add_derivation(derived=copy, source_article=original)
    assert stored_origin(copy_of_copy) == (original.pk, original.outlet_id, 2)


def test_rejecting_an_edge_restores_the_copy_as_its_own_origin(make_article):
    original, copy = make_article(), make_article()
    edge, _ = add_derivation(derived=copy, source_article=original)
    decide_derivations(derivation_ids=[edge.pk], status=Derivation.Status.REJECTED)
    assert stored_origin(copy) == (copy.pk, copy.outlet_id, 0)


def test_an_outlet_only_edge_makes_the_outlet_the_origin(make_article, make_source):
    copy = make_article()
    outlet = make_source("Marsk Herald")
    add_derivation(derived=copy, source_outlet=outlet, evidence=Derivation.Evidence.ATTRIBUTION)
    assert stored_origin(copy) == (None, outlet.pk, 1)


def test_a_confirmed_edge_outranks_a_proposed_one(make_article):
    first, second, copy = make_article(), make_article(), make_article()
    add_derivation(derived=copy, source_article=first, score=0.9)
    confirmed, _ = add_derivation(derived=copy, source_article=second, score=0.5)
    assert stored_origin(copy)[0] == first.pk
    decide_derivations(derivation_ids=[confirmed.pk], status=Derivation.Status.CONFIRMED)
    assert stored_origin(copy)[0] == second.pk


def test_changing_the_outlet_of_an_original_updates_its_copies(make_article, make_source):
    original, copy = make_article(), make_article()
    add_derivation(derived=copy, source_article=original)
    new_outlet = make_source("Veloria Wire")
    Article.objects.filter(pk=original.pk).update(outlet=new_outlet)
    assert stored_origin(copy)[1] == new_outlet.pk


def test_deleting_an_edge_updates_the_origin(make_article):
    original, copy = make_article(), make_article()
    edge, _ = add_derivation(derived=copy, source_article=original)
    edge.delete()
    assert stored_origin(copy) == (copy.pk, copy.outlet_id, 0)
