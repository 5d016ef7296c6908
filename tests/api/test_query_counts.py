"""Every list endpoint (and export) runs the same number of queries for few rows as for many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import COUNTER_QUERIES

pytestmark = pytest.mark.django_db

QUERIES_PER_CLAIM_PAGE = 7 + COUNTER_QUERIES  # 4 of them authentication and permissions

LISTS = [
    "/api/v1/sources/",
    "/api/v1/articles/",
    "/api/v1/derivations/",
    "/api/v1/claims/",
    "/api/v1/claims/?format=claimreview",
    "/api/v1/claims/?format=csv",
    "/api/v1/claims/?format=ndjson",
    "/api/v1/mentions/",
    "/api/v1/mentions/?format=annotation",
    "/api/v1/reviews/",
    "/api/v1/claims/?suggested_status=single_sourced&outlet={outlet}&origin={outlet}&language=en&q=convoy",
    "/api/v1/mentions/?attributed_to={outlet}&origin={outlet}&verdict=corroborated",
]


def _grow(make_source, make_article, reviewer, count: int, outlet) -> None:
    """count more of everything: authors, articles in chains, claims with mentions and reviews."""
    from claims.services import add_mention, create_claim, record_review
    from provenance.services import add_derivation
    from sources.services import create_source, get_or_create_author

    for _ in range(count):
        number = make_source().pk
        source = create_source(name=f"Relay {number}", aliases=[f"Relay alias {number}"])
        original = make_article(f"Original {source.pk}: a convoy reached Marsk at dawn.", outlet=outlet)
        copy = make_article(f"Copy {source.pk}: a convoy reached Marsk at dawn.", outlet=source)
        author, _ = get_or_create_author(name=f"Writer {source.pk}")
        copy.authors.add(author)
        add_derivation(derived=copy, source_article=original)
        claim = create_claim(text=f"A convoy reached Marsk ({source.pk}).")
        for article in (original, copy):
            start = article.body.index("a convoy")
            add_mention(claim=claim, article=article, start=start, end=start + 8, attributed_to=outlet)
        record_review(claim=claim, verdict="corroborated", rationale="Checked.", reviewer=reviewer)


def _queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path + ("&" if "?" in path else "?") + "page_size=100")
        assert response.status_code == 200, (path, response.content[:300])
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


def test_list_endpoints_take_a_constant_number_of_queries(api_as, make_source, make_article, reviewer):
    api = api_as("viewer")
    outlet = make_source("Valley Courier")
    paths = [path.format(outlet=outlet.pk) for path in LISTS]
    _grow(make_source, make_article, reviewer, 2, outlet)
    few = {path: _queries(api, path) for path in paths}
    _grow(make_source, make_article, reviewer, 12, outlet)
    many = {path: _queries(api, path) for path in paths}
    assert many == few
    assert max(few.values()) <= 8 + COUNTER_QUERIES, few


def test_a_claim_list_page_reads_claims_statuses_and_mentions_once_each(api_as, make_source, make_article, reviewer):
    """The page's claims alone, then the status of those claims (claims_status_rows), then their live mentions."""
    api = api_as("viewer")
    outlet = make_source("Valley Courier")
    _grow(make_source, make_article, reviewer, 3, outlet)
    for path in ("/api/v1/claims/", "/api/v1/claims/?suggested_status=single_sourced"):
        with CaptureQueriesContext(connection) as captured:
            response = api.get(path)
        assert response.status_code == 200 and len(response.json()["results"]) == 3
        reads = [
            query["sql"] for query in captured if "claims_" in query["sql"] and "apirequestcount" not in query["sql"]
        ]
        assert len(reads) == 3, reads
        claims, statuses, mentions = reads
        assert "claims_claimstatus" not in claims  # the view is never planned into the page's own query
        assert statuses.startswith("SELECT * FROM claims_status_rows(")
        assert 'FROM "claims_mention"' in mentions
        assert len(captured) == QUERIES_PER_CLAIM_PAGE, "\n".join(query["sql"][:90] for query in captured)


def test_the_claim_report_takes_a_constant_number_of_queries(api_as, make_source, make_article, reviewer):
    from claims.models import Claim
    from claims.services import add_mention, record_review

    api = api_as("viewer")
    outlet = make_source("Valley Courier")
    _grow(make_source, make_article, reviewer, 1, outlet)
    claim = Claim.objects.get()
    url = f"/api/v1/claims/{claim.pk}/report/"
    few = _queries(api, url)
    for n in range(8):
        article = make_article(f"Another copy {n}: a convoy reached Marsk at dawn.", outlet=make_source())
        start = article.body.index("a convoy")
        add_mention(claim=claim, article=article, start=start, end=start + 8)
        record_review(claim=claim, verdict="single_sourced", rationale=f"Look {n}.", reviewer=reviewer)
    assert _queries(api, url) == few


def test_a_claim_review_takes_a_constant_number_of_queries(api_as, make_source, make_article, reviewer):
    """Authors and appearances of one claim's ClaimReview: as many origins and articles as there are."""
    from claims.models import Claim
    from claims.services import add_mention

    api = api_as("viewer")
    outlet = make_source("Valley Courier")
    _grow(make_source, make_article, reviewer, 1, outlet)
    claim = Claim.objects.get()
    urls = [f"/api/v1/claims/{claim.pk}/?format=claimreview", f"/api/v1/claims/{claim.pk}/report/?format=claimreview"]
    few = [_queries(api, url) for url in urls]
    for n in range(8):
        article = make_article(f"Another outlet {n}: a convoy reached Marsk at dawn.", outlet=make_source())
        start = article.body.index("a convoy")
        add_mention(claim=claim, article=article, start=start, end=start + 8)  # each outlet its own origin
    many = [_queries(api, url) for url in urls]
    assert many == few
    review = api.get(urls[0]).json()
    assert len(review["itemReviewed"]["author"]) == 9 and len(review["itemReviewed"]["appearance"]) == 10
