"""Writes through the API: they go through the services, carry ETags, and a stale If-Match gets 412."""

from __future__ import annotations

import pytest

from tests.api.conftest import QUOTE

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator(api_as):
    return api_as("annotator")


def test_creating_a_claim_returns_it_with_location_and_etag(annotator):
    from claims.models import Claim

    response = annotator.post(
        "/api/v1/claims/", {"text": "  A convoy reached Marsk.  ", "kind": "event", "places": ["Marsk"]}
    )
    assert response.status_code == 201
    body = response.json()
    claim = Claim.objects.get(pk=body["id"])
    assert claim.text == "A convoy reached Marsk."
    assert claim.created_by == annotator.user
    assert body["suggested_status"] == "unverified" and body["mentions"] == []
    assert response["Location"].endswith(f"/api/v1/claims/{claim.pk}/")
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')


def test_get_patch_with_the_current_etag_then_a_stale_one_is_412(annotator, crafted):
    from claims.models import Claim

    url = f"/api/v1/claims/{crafted.claim.pk}/"
    etag = annotator.get(url)["ETag"]
    first = annotator.patch(url, {"places": ["Marsk", "Upper Marsk"]}, headers={"If-Match": etag})
    assert first.status_code == 200
    assert first.json()["places"] == ["Marsk", "Upper Marsk"]
    assert first["ETag"] != etag
    stale = annotator.patch(url, {"text": "Overwritten by a stale edit."}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert "changed since you read it" in stale.json()["detail"]
    claim = Claim.objects.get(pk=crafted.claim.pk)
    assert claim.text == crafted.claim.text  # nothing changed
    assert claim.places == ["Marsk", "Upper Marsk"]
    again = annotator.patch(url, {"text": "Shelling hit Marsk market."}, headers={"If-Match": first["ETag"]})
    assert again.status_code == 200


def test_put_replaces_the_claim_and_checks_if_match(annotator, crafted):
    url = f"/api/v1/claims/{crafted.claim.pk}/"
    etag = annotator.get(url)["ETag"]
    response = annotator.put(
        url, {"text": "Shelling hit the Marsk market.", "kind": "event"}, headers={"If-Match": etag}
    )
    assert response.status_code == 200
    assert response.json()["places"] == []  # left out of a PUT: emptied
    stale = annotator.put(url, {"text": "Stale.", "kind": "event"}, headers={"If-Match": etag})
    assert stale.status_code == 412


def test_if_match_star_and_lists_and_weak_tags(annotator, crafted):
    url = f"/api/v1/claims/{crafted.claim.pk}/"
    etag = annotator.get(url)["ETag"]
    assert annotator.patch(url, {"kind": "event"}, headers={"If-Match": "*"}).status_code == 200
    etag = annotator.get(url)["ETag"]
    assert annotator.patch(url, {"kind": "event"}, headers={"If-Match": f'"old", {etag}'}).status_code == 200
    etag = annotator.get(url)["ETag"]
    assert annotator.patch(url, {"kind": "event"}, headers={"If-Match": f"W/{etag}"}).status_code == 412
    response = annotator.patch(url, {"kind": "event"}, headers={"If-Match": "no-quotes"})
    assert response.status_code == 400
    assert "If-Match" in response.json()["errors"]


def test_editing_a_mention_moves_its_span_and_a_stale_edit_is_412(annotator, crafted):
    from claims.models import Mention

    mention = crafted.mentions[0]
    url = f"/api/v1/mentions/{mention.pk}/"
    etag = annotator.get(url)["ETag"]
    new_quote = "shelling hit the market"
    start = crafted.origin.body.index(new_quote)
    response = annotator.patch(
        url,
        {"start": start, "end": start + len(new_quote), "quote": new_quote, "attributed_to": crafted.observatory.pk},
        headers={"If-Match": etag},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["quote"] == new_quote
    assert body["attributed_to"] == {"id": crafted.observatory.pk, "name": "Observatory of Marsk"}
    assert body["selectors"][1] == {"type": "TextPositionSelector", "start": start, "end": start + len(new_quote)}
    stale = annotator.patch(url, {"hedge": "rumoured"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert Mention.objects.get(pk=mention.pk).hedge == "reported"


def test_a_mention_edit_must_fit_the_article_text(annotator, crafted):
    from claims.models import Mention

    mention = crafted.mentions[0]
    url = f"/api/v1/mentions/{mention.pk}/"
    length = len(crafted.origin.body)
    for payload in (
        {"start": length - 2, "end": length + 40},
        {"start": 10, "end": 5},
        {"start": 0, "end": 5, "quote": "not what the text says"},
    ):
        response = annotator.patch(url, payload)
        assert response.status_code == 400, payload
        assert response.json()["code"] == "invalid"
    assert Mention.objects.get(pk=mention.pk).quote == QUOTE


def test_creating_a_mention_reads_the_selector_from_the_text(annotator, crafted):
    quote = "At least 12 stalls burned"
    start = crafted.copy.body.index(quote)
    response = annotator.post(
        "/api/v1/mentions/",
        {"claim": crafted.injured.pk, "article": crafted.copy.pk, "start": start, "end": start + len(quote)},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["quote"] == quote
    assert body["selectors"][0]["prefix"] == crafted.copy.body[start - 32 : start]
    assert body["status"] == "proposed"
    assert response["Location"].endswith(f"/api/v1/mentions/{body['id']}/")


def test_a_mention_outside_the_text_or_overlapping_is_refused(annotator, crafted):
    from claims.models import Mention

    before = Mention.objects.count()
    length = len(crafted.copy.body)
    outside = annotator.post(
        "/api/v1/mentions/",
        {"claim": crafted.injured.pk, "article": crafted.copy.pk, "start": length, "end": length + 10},
    )
    assert outside.status_code == 400
    assert "outside the text" in outside.json()["detail"]
    start = crafted.copy.body.index(QUOTE)
    overlapping = annotator.post(
        "/api/v1/mentions/",
        {"claim": crafted.claim.pk, "article": crafted.copy.pk, "start": start + 2, "end": start + 9},
    )
    assert overlapping.status_code == 400
    assert "overlapping" in overlapping.json()["detail"]
    wrong_quote = annotator.post(
        "/api/v1/mentions/",
        {"claim": crafted.injured.pk, "article": crafted.copy.pk, "start": 0, "end": 4, "quote": "Nope"},
    )
    assert wrong_quote.status_code == 400
    assert Mention.objects.count() == before


def test_posting_a_review_appends_to_the_history(api_as, crafted):
    reviewer = api_as("reviewer")
    response = reviewer.post(
        "/api/v1/reviews/",
        {
            "claim": crafted.claim.pk,
            "verdict": "corroborated",
            "rationale": "A second witness.",
            "evidence": "call log",
        },
    )
    assert response.status_code == 201
    assert response.json()["reviewer"]["username"] == reviewer.user.username
    report = reviewer.get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    assert [r["verdict"] for r in report["reviews"]] == ["corroborated", "single_sourced", "unverified"]
    assert report["verdict"] == "corroborated"
    assert report["is_disagreement"] is True


def test_a_review_needs_a_rationale_and_a_known_verdict(api_as, crafted):
    reviewer = api_as("reviewer")
    blank = reviewer.post("/api/v1/reviews/", {"claim": crafted.claim.pk, "verdict": "corroborated", "rationale": " "})
    assert blank.status_code == 400 and "rationale" in blank.json()["errors"]
    odd = reviewer.post("/api/v1/reviews/", {"claim": crafted.claim.pk, "verdict": "true", "rationale": "x"})
    assert odd.status_code == 400 and "verdict" in odd.json()["errors"]


def test_deciding_a_derivation_records_who_decided(api_as, crafted):
    reviewer = api_as("reviewer")
    response = reviewer.post(f"/api/v1/derivations/{crafted.second_edge.pk}/decision/", {"status": "rejected"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "rejected"
    assert body["decided_by"] == reviewer.user.username
    # the chain of the second copy now stops at the article itself
    report = reviewer.get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    chain = next(m["chain"] for m in report["mentions"] if m["article_id"] == crafted.second.pk)
    assert [link["article"]["id"] for link in chain] == [crafted.second.pk]
    assert sorted(report["independent_origins"]) == sorted(["Valley Courier", "Hill Gazette"])


def test_a_decision_is_confirmed_or_rejected_only(api_as, crafted):
    reviewer = api_as("reviewer")
    response = reviewer.post(f"/api/v1/derivations/{crafted.second_edge.pk}/decision/", {"status": "proposed"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    missing = reviewer.post("/api/v1/derivations/987654/decision/", {"status": "confirmed"})
    assert missing.status_code == 404
