"""Real HTTP: a live server, token authentication, and the answers a client actually receives."""

from __future__ import annotations

import csv
import io

import pytest
import requests

# Transactional (the server runs in another thread); make_user restores the role groups after a flush.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def http(live_server, make_user):
    """A requests session against the live server, per role."""

    def build(role: str | None = "viewer") -> requests.Session:
        session = requests.Session()
        if role is not None:
            session.headers["Authorization"] = f"Token {make_user(role).api_token}"
        session.base = live_server.url
        return session

    return build


def test_token_reads_over_http(http, crafted):
    session = http("viewer")
    response = session.get(f"{session.base}/api/v1/claims/{crafted.claim.pk}/report/", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    report = response.json()
    assert report["independent_origins"] == ["Valley Courier"]
    assert len(report["mentions"]) == 3
    assert response.headers["ETag"]


def test_no_token_over_http_is_401_json(http, crafted):
    session = http(None)
    response = session.get(f"{session.base}/api/v1/claims/", timeout=30)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_streamed_csv_over_http(http, crafted):
    session = http("viewer")
    with session.get(f"{session.base}/api/v1/claims/?format=csv", stream=True, timeout=30) as response:
        assert response.status_code == 200
        assert "Content-Length" not in response.headers  # streamed, not buffered
        text = b"".join(response.iter_content(chunk_size=1024)).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {int(row["id"]) for row in rows} == {crafted.claim.pk, crafted.injured.pk}


def test_edit_with_etag_then_stale_over_http(http, crafted):
    session = http("annotator")
    url = f"{session.base}/api/v1/claims/{crafted.claim.pk}/"
    etag = session.get(url, timeout=30).headers["ETag"]
    ok = session.patch(url, json={"places": ["Marsk"]}, headers={"If-Match": etag}, timeout=30)
    assert ok.status_code == 200
    stale = session.patch(url, json={"text": "Stale."}, headers={"If-Match": etag}, timeout=30)
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"


def test_reviewer_posts_a_review_over_http_and_a_viewer_cannot(http, crafted):
    payload = {"claim": crafted.claim.pk, "verdict": "corroborated", "rationale": "Second witness."}
    viewer, reviewer = http("viewer"), http("reviewer")
    assert viewer.post(f"{viewer.base}/api/v1/reviews/", json=payload, timeout=30).status_code == 403
    response = reviewer.post(f"{reviewer.base}/api/v1/reviews/", json=payload, timeout=30)
    assert response.status_code == 201
    assert response.json()["verdict"] == "corroborated"


def test_huge_and_malformed_bodies_over_http(http, crafted, settings):
    settings.API_MAX_BODY_BYTES = 50_000
    session = http("annotator")
    url = f"{session.base}/api/v1/claims/"
    huge = session.post(
        url, data=b'{"text": "' + b"x" * 200_000 + b'"}', headers={"Content-Type": "application/json"}, timeout=30
    )
    assert huge.status_code == 413
    assert huge.json()["code"] == "payload_too_large"
    broken = session.post(url, data=b'{"text": ', headers={"Content-Type": "application/json"}, timeout=30)
    assert broken.status_code == 400
    assert broken.json()["code"] == "parse_error"


def test_public_review_page_and_schema_over_http(http, crafted):
    session = http(None)
    page = session.get(f"{session.base}/api/v1/claims/{crafted.claim.pk}/review.html", timeout=30)
    assert page.status_code == 200
    assert 'type="application/ld+json"' in page.text
    schema = session.get(f"{session.base}/api/v1/schema/?format=json", timeout=30)
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = session.get(f"{session.base}/api/v1/docs/", timeout=30)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_throttling_per_user_over_http(http, crafted, settings):
    settings.API_USER_RATE = "3/minute"
    first, second = http("viewer"), http("viewer")
    url = f"{first.base}/api/v1/sources/"
    assert [first.get(url, timeout=30).status_code for _ in range(3)] == [200, 200, 200]
    throttled = first.get(url, timeout=30)
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert int(throttled.headers["Retry-After"]) > 0
    assert second.get(url, timeout=30).status_code == 200  # counted per user
