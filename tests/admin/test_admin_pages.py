"""The admin: every list page renders with a constant number of queries; bad input is a form error."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Mention
from claims.services import add_mention
from provenance.models import Article, Derivation
from provenance.services import add_derivation
from sources.models import Source

CHANGELISTS = [
    "admin:sources_source_changelist",
    "admin:sources_author_changelist",
    "admin:provenance_capture_changelist",
    "admin:provenance_article_changelist",
    "admin:provenance_derivation_changelist",
    "admin:claims_claim_changelist",
    "admin:claims_mention_changelist",
    "admin:claims_claimrelation_changelist",
    "admin:claims_review_changelist",
]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_more_rows(make_article, make_claim, n: int = 8) -> None:
    outlet = Source.objects.get(slug="veloria-wire")
    previous = Article.objects.filter(outlet=outlet).first()
    for _ in range(n):
        article = make_article(outlet=outlet, published=previous.published)
        add_derivation(derived=article, source_article=previous, evidence=Derivation.Evidence.MANUAL)
        claim = make_claim()
        add_mention(claim=claim, article=article, start=0, end=10)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_list_page_query_count_does_not_grow_with_rows(name, admin_client, demo_corpus, make_article, make_claim):
    url = reverse(name)
    before = count_queries(admin_client, url)
    add_more_rows(make_article, make_claim)
    after = count_queries(admin_client, url)
    assert after == before, f"{url}: {before} queries, then {after} with more rows (N+1)"
    assert after <= 12


def test_article_list_shows_outlets_and_origins(admin_client, demo_corpus):
    response = admin_client.get(reverse("admin:provenance_article_changelist"))
    content = response.content.decode()
    assert "Dravonia Today" in content
    assert "Dravonian National Broadcaster" in content or "DNB" in content


def test_article_page_shows_its_chain_origin_first(admin_client, demo_corpus):
    copy = Article.objects.get(url__contains="frontline-digest", title__icontains="Sarnel")
    response = admin_client.get(reverse("admin:provenance_article_change", args=[copy.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    chain = content[content.index("class='chain'") :]
    positions = [chain.index(outlet) for outlet in ("Dravonia", "Borderland", "Frontline")]
    assert positions == sorted(positions)


def test_duplicate_source_name_is_a_form_error_not_a_500(admin_client, demo_corpus):
    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {
            "name": "veloria-WIRE",
            "slug": "another-wire",
            "kind": "outlet",
            "grade": "F",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "already" in response.content.decode(), response.context["adminform"].form.errors
    assert Source.objects.filter(slug="another-wire").count() == 0


def test_mention_whose_quote_does_not_match_is_a_form_error(admin_client, demo_corpus):
    article, claim = Article.objects.first(), Claim.objects.first()
    response = admin_client.post(
        reverse("admin:claims_mention_add"),
        {
            "claim": claim.pk,
            "article": article.pk,
            "quote": "words that are not there",
            "start": 0,
            "end": 24,
            "hedge": "asserted",
            "stance": "asserts",
            "status": "proposed",
        },
    )
    assert response.status_code == 200
    assert "not the quote" in response.content.decode()
    assert not Mention.objects.filter(quote="words that are not there").exists()


def test_derivation_from_itself_is_a_form_error(admin_client, demo_corpus):
    article = Article.objects.first()
    response = admin_client.post(
        reverse("admin:provenance_derivation_add"),
        {
            "derived": article.pk,
            "source_article": article.pk,
            "kind": "republication",
            "evidence": "manual",
            "status": "proposed",
            "passages": "[]",
        },
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Derivation.objects.filter(derived=article, source_article=article).exists()


def test_reviews_cannot_be_edited_or_deleted_in_the_admin(admin_client, demo_corpus):
    from claims.models import Review

    review = Review.objects.first()
    change = admin_client.post(
        reverse("admin:claims_review_change", args=[review.pk]), {"verdict": "contradicted", "rationale": "x"}
    )
    assert change.status_code == 403
    delete = admin_client.post(reverse("admin:claims_review_delete", args=[review.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Review.objects.get(pk=review.pk).verdict == review.verdict


def test_demo_corpus_loads_once(demo_corpus):
    from claims.demo.loader import load_demo_corpus

    again = load_demo_corpus()
    assert (again.articles_created, again.claims_created, again.mentions_created) == (0, 0, 0)
    assert Article.objects.count() == demo_corpus.articles_created >= 18
