"""Any text in a search or filter parameter gets an answer in the API's JSON shape: never a 500 page."""

from __future__ import annotations

import pytest
from django.test import Client
from django_filters import DateFromToRangeFilter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.api.filters import ArticleFilter, ClaimFilter, MentionFilter

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "detail", "errors"}


def query_parameters(filterset) -> list[str]:
    """The names a filterset reads from the query string (a date range is read as _after and _before)."""
    names = []
    for name, filter_ in filterset.base_filters.items():
        names.extend([f"{name}_after", f"{name}_before"] if isinstance(filter_, DateFromToRangeFilter) else [name])
    return sorted(names)


ENDPOINTS = {
    "/api/v1/claims/": query_parameters(ClaimFilter),
    "/api/v1/mentions/": query_parameters(MentionFilter),
    "/api/v1/articles/": query_parameters(ArticleFilter),
}


def assert_json_answer(response) -> dict:
    assert response.status_code < 500, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


@pytest.fixture
def viewer(api_as):
    return api_as("viewer")


@pytest.mark.parametrize("query", ["²", "①", "¹²", "٣", "𝟙"])
def test_a_search_for_a_digit_like_character_is_a_search_not_a_500(viewer, crafted, query):
    body = assert_json_answer(viewer.get("/api/v1/claims/", {"q": query}))
    assert body["results"] == []


def test_a_search_for_a_claim_number_still_finds_the_claim(viewer, crafted):
    body = assert_json_answer(viewer.get("/api/v1/claims/", {"q": str(crafted.claim.pk)}))
    assert [claim["id"] for claim in body["results"]] == [crafted.claim.pk]


def test_a_number_too_large_for_an_id_finds_nothing(viewer, crafted):
    body = assert_json_answer(viewer.get("/api/v1/claims/", {"q": "9" * 40}))
    assert body["results"] == []


def test_the_filtersets_are_read_whole():
    # the property test below covers every parameter these lists name
    assert {"q", "origin", "published_after", "published_before"} <= set(ENDPOINTS["/api/v1/claims/"])
    assert {"q", "status", "verdict"} <= set(ENDPOINTS["/api/v1/mentions/"])
    assert {"q", "needs_review", "origin_article"} <= set(ENDPOINTS["/api/v1/articles/"])


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_text_in_any_parameter_gets_a_json_answer_below_500(viewer, crafted, endpoint, data):
    # q half the time: it reaches the database; the other parameters are validated first
    names = st.one_of(st.just("q"), st.sampled_from(ENDPOINTS[endpoint]))
    parameters = data.draw(st.dictionaries(names, st.text(), min_size=1, max_size=3), label="parameters")
    body = assert_json_answer(viewer.get(endpoint, parameters))
    assert "results" in body or set(body) == ERROR_KEYS


# ---- a server error under /api/ ----


@pytest.fixture
def failing_routes(settings):
    settings.ROOT_URLCONF = "tests.api.failing_urls"
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/api/v1/test-failure/", "/api/v1/test-failure-drf/"])
def test_an_unhandled_error_in_the_api_is_a_json_500(failing_routes, path):
    response = failing_routes.get(path)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert (body["status"], body["code"]) == (500, "server_error")
    assert "a bug on purpose" not in body["detail"]  # the exception's text stays in the log


def test_an_unhandled_error_outside_the_api_is_still_the_html_page(failing_routes):
    response = failing_routes.get("/test-failure/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
