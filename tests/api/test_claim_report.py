"""The claim report and the claims list on a crafted chain: origin -> copy -> copy of the copy."""

from __future__ import annotations

import pytest

from tests.api.conftest import QUOTE

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "text",
    "kind",
    "suggested_status",
    "status_explanation",
    "verdict",
    "independent_origins",
    "mentions",
}
MENTION_FIELDS = {"article_id", "outlet", "published", "quote", "attributed_to", "stance", "hedge", "selectors"}


def test_report_counts_three_copies_of_one_report_as_one_origin(api_as, crafted):
    report = api_as("viewer").get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    assert report["id"] == crafted.claim.pk
    assert report["text"] == crafted.claim.text
    assert report["kind"] == "event"
    assert report["suggested_status"] == "single_sourced"
    assert report["independent_origins"] == ["Valley Courier"]
    assert "3 mentions in 3 outlets" in report["status_explanation"]
    assert "Valley Courier" in report["status_explanation"]
    assert report["verdict"] == "single_sourced"
    assert report["is_disagreement"] is False


def test_report_mentions_carry_outlet_date_quote_and_w3c_selectors(api_as, crafted):
    report = api_as("viewer").get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    mentions = report["mentions"]
    assert [m["article_id"] for m in mentions] == [crafted.origin.pk, crafted.copy.pk, crafted.second.pk]
    assert [m["outlet"]["name"] for m in mentions] == ["Valley Courier", "Northern Mirror", "Hill Gazette"]
    assert [m["published"] for m in mentions] == ["2031-03-03", "2031-03-04", "2031-03-05"]
    for mention, article in zip(mentions, (crafted.origin, crafted.copy, crafted.second), strict=True):
        assert set(mention) >= MENTION_FIELDS
        assert mention["quote"] == QUOTE
        assert mention["attributed_to"] is None
        assert (mention["stance"], mention["hedge"]) == ("asserts", "reported")
        quote_selector, position_selector = mention["selectors"]
        start = article.body.index(QUOTE)
        assert quote_selector == {
            "type": "TextQuoteSelector",
            "exact": QUOTE,
            "prefix": article.body[max(0, start - 32) : start],
            "suffix": article.body[start + len(QUOTE) : start + len(QUOTE) + 32],
        }
        assert position_selector == {"type": "TextPositionSelector", "start": start, "end": start + len(QUOTE)}
        assert article.body[position_selector["start"] : position_selector["end"]] == quote_selector["exact"]


def test_report_gives_each_mention_its_chain_origin_first(api_as, crafted):
    report = api_as("viewer").get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    chains = {m["article_id"]: m["chain"] for m in report["mentions"]}
    assert [link["article"]["id"] for link in chains[crafted.origin.pk]] == [crafted.origin.pk]
    second = chains[crafted.second.pk]
    assert [link["article"]["id"] for link in second] == [crafted.origin.pk, crafted.copy.pk, crafted.second.pk]
    assert [link["depth"] for link in second] == [2, 1, 0]
    assert [link["outlet"]["name"] for link in second] == ["Valley Courier", "Northern Mirror", "Hill Gazette"]
    origin_link, copy_link, article_link = second
    assert origin_link["derivation"]["id"] == crafted.first_edge.pk
    assert origin_link["derivation"]["evidence"] == "attribution"
    assert origin_link["derivation"]["status"] == "confirmed"
    assert copy_link["derivation"]["id"] == crafted.second_edge.pk
    assert copy_link["derivation"]["score"] == pytest.approx(0.91)
    assert article_link["derivation"] is None
    assert origin_link["article"]["url"] == "https://valley-courier.example/marsk-market"


def test_report_chain_can_end_at_an_outlet_whose_original_is_not_stored(api_as, crafted, make_article):
    from claims.services import add_mention
    from provenance.services import add_derivation
    from sources.services import create_source

    agency = create_source(name="Ridge Agency")
    relay = make_article("Ridge Agency reports: shelling hit the market in Marsk overnight.", outlet=crafted.gazette)
    add_derivation(derived=relay, source_outlet=agency, evidence="byline")
    start = relay.body.index(QUOTE)
    add_mention(claim=crafted.claim, article=relay, start=start, end=start + len(QUOTE))
    report = api_as("viewer").get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    chain = next(m["chain"] for m in report["mentions"] if m["article_id"] == relay.pk)
    assert chain[0]["article"] is None
    assert chain[0]["outlet"]["name"] == "Ridge Agency"
    assert chain[-1]["article"]["id"] == relay.pk
    assert sorted(report["independent_origins"]) == ["Ridge Agency", "Valley Courier"]
    assert report["suggested_status"] == "corroborated"


def test_report_lists_the_review_history_newest_first(api_as, crafted):
    report = api_as("viewer").get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    assert [r["verdict"] for r in report["reviews"]] == ["single_sourced", "unverified"]
    assert report["reviews"][0]["reviewer"]["username"] == "desk-reviewer"
    assert report["reviews"][0]["rationale"].startswith("Every copy derives")


def test_report_shows_relations_both_ways(api_as, crafted):
    from claims.services import relate_claims

    relate_claims(from_claim=crafted.injured, to_claim=crafted.claim, kind="supports")
    report = api_as("viewer").get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    assert report["relations"] == [
        {
            "kind": "supports",
            "direction": "incoming",
            "claim": {"id": crafted.injured.pk, "text": crafted.injured.text},
            "note": "",
        }
    ]


def test_attributed_mention_counts_its_source_as_the_origin(api_as, crafted):
    claim = api_as("viewer").get(f"/api/v1/claims/{crafted.injured.pk}/").json()
    assert claim["independent_origins"] == ["Observatory of Marsk"]
    assert claim["mentions"][0]["attributed_to"]["name"] == "Observatory of Marsk"
    assert claim["verdict"] is None


def test_claims_list_filtered_by_article_gives_the_report_fields_without_chains(api_as, crafted):
    page = api_as("viewer").get("/api/v1/claims/", {"article": crafted.second.pk}).json()
    assert [c["id"] for c in page["results"]] == [crafted.claim.pk]
    claim = page["results"][0]
    assert set(claim) >= LIST_FIELDS
    assert len(claim["mentions"]) == 3
    assert all("chain" not in m for m in claim["mentions"])
    assert page["previous"] is None and page["next"] is None


def test_rejected_and_orphaned_mentions_are_left_out(api_as, crafted):
    from claims.models import Mention

    Mention.objects.filter(pk=crafted.mentions[2].pk).update(status=Mention.Status.REJECTED)
    report = api_as("viewer").get(f"/api/v1/claims/{crafted.claim.pk}/report/").json()
    assert len(report["mentions"]) == 2
    assert report["mention_count"] == 2


def test_report_of_an_unknown_claim_is_a_json_404(api_as, crafted):
    response = api_as("viewer").get("/api/v1/claims/987654/report/")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": "No claim 987654.", "errors": {}}
