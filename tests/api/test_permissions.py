"""Who may do what through the API: reads for every role, writes as the roles allow."""

from __future__ import annotations

import pytest

from tests.api.conftest import QUOTE, ROLES

pytestmark = pytest.mark.django_db


def _read_paths(crafted) -> list[str]:
    return [
        "/api/v1/sources/",
        f"/api/v1/sources/{crafted.courier.pk}/",
        "/api/v1/articles/",
        f"/api/v1/articles/{crafted.origin.pk}/",
        "/api/v1/derivations/",
        f"/api/v1/derivations/{crafted.first_edge.pk}/",
        "/api/v1/claims/",
        f"/api/v1/claims/{crafted.claim.pk}/",
        f"/api/v1/claims/{crafted.claim.pk}/report/",
        "/api/v1/claims/?format=csv",
        "/api/v1/claims/?format=ndjson",
        "/api/v1/claims/?format=claimreview",
        "/api/v1/mentions/",
        f"/api/v1/mentions/{crafted.mentions[0].pk}/",
        "/api/v1/mentions/?format=annotation",
        "/api/v1/reviews/",
        f"/api/v1/reviews/{crafted.reviews[0].pk}/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_read_every_endpoint(api_as, crafted, role):
    api = api_as(role)
    for path in _read_paths(crafted):
        response = api.get(path)
        assert response.status_code == 200, (path, response.status_code)


def test_reading_without_credentials_is_401_with_a_json_body(anonymous, crafted):
    for path in _read_paths(crafted):
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_authenticated"
        assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_401(client, crafted):
    response = client.get("/api/v1/claims/", headers={"Authorization": "Token not-a-real-token"})
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_user_without_a_role_can_read_nothing(api_as, crafted):
    api = api_as(None)
    for path in _read_paths(crafted):
        response = api.get(path)
        assert response.status_code == 403, path
        assert response.json()["code"] == "permission_denied"


WRITE_RIGHTS = {
    # action: roles allowed
    "create_claim": {"annotator", "reviewer", "admin"},
    "edit_claim": {"annotator", "reviewer", "admin"},
    "create_mention": {"annotator", "reviewer", "admin"},
    "edit_mention": {"annotator", "reviewer", "admin"},
    "create_review": {"reviewer", "admin"},
    "decide_derivation": {"reviewer", "admin"},
}


def _attempt(api, action: str, crafted):
    if action == "create_claim":
        return api.post("/api/v1/claims/", {"text": "A convoy reached Marsk.", "kind": "event"}), 201
    if action == "edit_claim":
        return api.patch(f"/api/v1/claims/{crafted.claim.pk}/", {"places": ["Marsk", "Lower Marsk"]}), 200
    if action == "create_mention":
        start = crafted.origin.body.index("At least 12 stalls burned")
        payload = {
            "claim": crafted.injured.pk,
            "article": crafted.origin.pk,
            "start": start,
            "end": start + len("At least 12 stalls burned"),
        }
        return api.post("/api/v1/mentions/", payload), 201
    if action == "edit_mention":
        return api.patch(f"/api/v1/mentions/{crafted.mentions[0].pk}/", {"hedge": "alleged"}), 200
    if action == "create_review":
        payload = {"claim": crafted.claim.pk, "verdict": "corroborated", "rationale": "A second witness came forward."}
        return api.post("/api/v1/reviews/", payload), 201
    if action == "decide_derivation":
        return api.post(f"/api/v1/derivations/{crafted.second_edge.pk}/decision/", {"status": "confirmed"}), 200
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(WRITE_RIGHTS))
def test_writes_follow_the_roles(api_as, crafted, role, action):
    response, success = _attempt(api_as(role), action, crafted)
    if role in WRITE_RIGHTS[action]:
        assert response.status_code == success, response.json()
    else:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"


def test_writes_without_credentials_are_401(anonymous, crafted):
    for action in WRITE_RIGHTS:
        response, _ = _attempt(anonymous, action, crafted)
        assert response.status_code == 401, action


def test_a_refused_write_changes_nothing(api_as, crafted):
    from claims.models import Claim, Review

    claims, reviews = Claim.objects.count(), Review.objects.count()
    annotator = api_as("annotator")
    assert _attempt(annotator, "create_review", crafted)[0].status_code == 403
    assert _attempt(api_as("viewer"), "create_claim", crafted)[0].status_code == 403
    assert (Claim.objects.count(), Review.objects.count()) == (claims, reviews)


def test_claims_and_reviews_cannot_be_deleted_through_the_api(api_as, crafted):
    viewer, admin = api_as("viewer"), api_as("admin")
    assert viewer.delete(f"/api/v1/claims/{crafted.claim.pk}/").status_code == 403
    response = admin.delete(f"/api/v1/claims/{crafted.claim.pk}/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert admin.delete(f"/api/v1/reviews/{crafted.reviews[0].pk}/").status_code == 405


def test_reads_are_the_only_thing_catalogue_endpoints_offer(api_as, crafted):
    admin = api_as("admin")
    assert admin.post("/api/v1/sources/", {"name": "Ridge Agency"}).status_code == 405
    assert admin.patch(f"/api/v1/articles/{crafted.origin.pk}/", {"title": "x"}).status_code == 405


def test_session_login_works_for_the_web_app(client, make_user, crafted):
    user = make_user("viewer")
    client.force_login(user)
    assert client.get("/api/v1/claims/").status_code == 200


def test_session_writes_need_the_csrf_token(make_user, crafted):
    from django.test import Client

    user = make_user("annotator")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/claims/", {"text": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_quote_fixture_is_in_every_copy(crafted):
    assert all(QUOTE in article.body for article in (crafted.origin, crafted.copy, crafted.second))
