"""List filters: the admin's triage filters on claims, and the filters of the other lists; bad values are 400."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _ids(api, path: str, **params) -> list[int]:
    response = api.get(path, params)
    assert response.status_code == 200, response.json()
    return sorted(item["id"] for item in response.json()["results"])


@pytest.fixture
def viewer(api_as):
    return api_as("viewer")


def test_claim_filters_match_the_triage_filters(viewer, crafted):
    both = sorted([crafted.claim.pk, crafted.injured.pk])
    claims = "/api/v1/claims/"
    assert _ids(viewer, claims) == both
    assert _ids(viewer, claims, suggested_status="single_sourced") == both
    assert _ids(viewer, claims, suggested_status="corroborated") == []
    assert _ids(viewer, claims, verdict="single_sourced") == [crafted.claim.pk]
    assert _ids(viewer, claims, verdict="none") == [crafted.injured.pk]
    assert _ids(viewer, claims, disagreement="false") == both
    assert _ids(viewer, claims, disagreement="true") == []
    assert _ids(viewer, claims, kind="casualty") == [crafted.injured.pk]
    assert _ids(viewer, claims, outlet=crafted.gazette.pk) == [crafted.claim.pk]
    assert _ids(viewer, claims, origin=crafted.courier.pk) == [crafted.claim.pk]
    assert _ids(viewer, claims, origin=crafted.observatory.pk) == [crafted.injured.pk]
    assert _ids(viewer, claims, attributed_to=crafted.observatory.pk) == [crafted.injured.pk]
    assert _ids(viewer, claims, language="en") == both
    assert _ids(viewer, claims, language="ar") == []
    assert _ids(viewer, claims, published_after="2031-03-04") == [crafted.claim.pk]
    assert _ids(viewer, claims, published_before="2031-03-03") == both
    assert _ids(viewer, claims, published_before="2031-03-02") == []
    assert _ids(viewer, claims, reviewed_after="2000-01-01") == [crafted.claim.pk]
    assert _ids(viewer, claims, article=crafted.origin.pk, kind="event") == [crafted.claim.pk]


def test_claim_full_text_search_reads_claim_text_and_quotes(viewer, crafted):
    claims = "/api/v1/claims/"
    assert _ids(viewer, claims, q="injured") == [crafted.injured.pk]  # claim text, stemmed
    assert _ids(viewer, claims, q="Observatory counted") == [crafted.injured.pk]  # a quote
    assert _ids(viewer, claims, q="shelling") == [crafted.claim.pk]
    assert _ids(viewer, claims, q="nothing-like-this") == []


def test_the_origin_filter_lifts_a_source_to_its_affiliation_root(viewer, crafted):
    from sources.services import create_source, set_parent

    network = create_source(name="Courier Network")
    set_parent(source=crafted.courier, parent=network)
    assert _ids(viewer, "/api/v1/claims/", origin=network.pk) == [crafted.claim.pk]
    assert _ids(viewer, "/api/v1/claims/", origin=crafted.courier.pk) == [crafted.claim.pk]


def test_mention_filters(viewer, crafted):
    mentions = "/api/v1/mentions/"
    everything = sorted(m.pk for m in crafted.mentions)
    injured = crafted.injured.mentions.get().pk
    assert _ids(viewer, mentions, claim=crafted.claim.pk) == everything
    assert _ids(viewer, mentions, article=crafted.second.pk) == [crafted.mentions[2].pk]
    assert _ids(viewer, mentions, attributed_to=crafted.observatory.pk) == [injured]
    assert _ids(viewer, mentions, origin=crafted.courier.pk) == everything
    assert _ids(viewer, mentions, hedge="reported") == everything
    assert _ids(viewer, mentions, verdict="none") == [injured]
    assert _ids(viewer, mentions, q="market") == everything
    assert _ids(viewer, mentions, outlet=crafted.mirror.pk, status="proposed") == [crafted.mentions[1].pk]


@pytest.mark.parametrize("q", ["markets", '"hit the market"', "Observatory -shelling", "counted or shelling"])
def test_mention_search_and_claim_search_read_quotes_alike(viewer, crafted, q):
    # one search expression: the mentions a query finds are mentions of claims the same query finds
    found = viewer.get("/api/v1/mentions/", {"q": q}).json()["results"]
    assert found
    assert {mention["claim_id"] for mention in found} <= set(_ids(viewer, "/api/v1/claims/", q=q))


def test_article_source_derivation_and_review_filters(viewer, crafted):
    assert _ids(viewer, "/api/v1/articles/", origin=crafted.courier.pk) == sorted(
        [crafted.origin.pk, crafted.copy.pk, crafted.second.pk]
    )
    assert _ids(viewer, "/api/v1/articles/", outlet=crafted.mirror.pk) == [crafted.copy.pk]
    assert _ids(viewer, "/api/v1/articles/", q="Observatory") == [crafted.origin.pk]
    assert _ids(viewer, "/api/v1/articles/", published_after="2031-03-05") == [crafted.second.pk]
    assert _ids(viewer, "/api/v1/derivations/", status="proposed") == [crafted.second_edge.pk]
    assert _ids(viewer, "/api/v1/derivations/", evidence="attribution") == [crafted.first_edge.pk]
    assert _ids(viewer, "/api/v1/derivations/", derived=crafted.copy.pk) == [crafted.first_edge.pk]
    assert _ids(viewer, "/api/v1/sources/", kind="monitor") == [crafted.observatory.pk]
    assert _ids(viewer, "/api/v1/sources/", q="mirror") == [crafted.mirror.pk]
    assert _ids(viewer, "/api/v1/reviews/", verdict="unverified") == [crafted.reviews[0].pk]
    assert _ids(viewer, "/api/v1/reviews/", reviewer="desk-reviewer") == sorted(r.pk for r in crafted.reviews)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/claims/", {"suggested_status": "maybe"}, "suggested_status"),
        ("/api/v1/claims/", {"verdict": "true"}, "verdict"),
        ("/api/v1/claims/", {"disagreement": "perhaps"}, "disagreement"),
        ("/api/v1/claims/", {"kind": "rumour"}, "kind"),
        ("/api/v1/claims/", {"outlet": "abc"}, "outlet"),
        ("/api/v1/claims/", {"outlet": "987654"}, "outlet"),
        ("/api/v1/claims/", {"origin": "99999999999999999999999"}, "origin"),
        ("/api/v1/claims/", {"article": "-1"}, "article"),
        ("/api/v1/claims/", {"language": "english!"}, "language"),
        ("/api/v1/claims/", {"published_after": "last week"}, "published"),
        ("/api/v1/claims/", {"created_before": "2031-13-45"}, "created"),
        ("/api/v1/claims/", {"q": "x" * 501}, "q"),
        ("/api/v1/claims/", {"q": "bad\x00byte"}, "q"),
        ("/api/v1/claims/", {"page_size": "0"}, "page_size"),
        ("/api/v1/claims/", {"page_size": "lots"}, "page_size"),
        ("/api/v1/claims/", {"page_size": "100000"}, "page_size"),
        ("/api/v1/mentions/", {"stance": "shrugs"}, "stance"),
        ("/api/v1/articles/", {"needs_review": "yes please"}, "needs_review"),
        ("/api/v1/derivations/", {"status": "maybe"}, "status"),
        ("/api/v1/sources/", {"grade": "Z"}, "grade"),
        ("/api/v1/sources/", {"country": "France"}, "country"),
        ("/api/v1/reviews/", {"claim": "seven"}, "claim"),
    ],
)
def test_unknown_filter_values_are_400_naming_the_filter(viewer, crafted, path, params, field):
    response = viewer.get(path, params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert field in body["errors"], body
    assert field in body["detail"]


def test_an_unknown_format_is_a_json_404(viewer, crafted):
    response = viewer.get("/api/v1/claims/", {"format": "xml"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_unknown_api_address_is_a_json_404(viewer):
    for path in ("/api/v1/nothing/", "/api/v1/claims/abc/", "/api/v1/claims/1/nothing/"):
        response = viewer.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/claims/", {"suggested_status": ["single_sourced", "contradicted"], "kind": "casualty"}),
        ("/api/v1/mentions/", {"status": "accepted", "stance": "asserts"}),
        ("/api/v1/sources/", {"kind": "outlet", "grade": "B"}),
    ],
)
def test_choice_filters_select_pages_without_distinct(viewer, crafted, path, params):
    # DISTINCT over the claim list made PostgreSQL sort every column of the status view of every claim
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert viewer.get(path, params).status_code == 200
    assert not [query["sql"] for query in queries if query["sql"].startswith("SELECT DISTINCT")]
