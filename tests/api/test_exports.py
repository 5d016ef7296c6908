"""Exports: streamed CSV and NDJSON of claims, schema.org ClaimReview (checked with pyld and extruct)."""

from __future__ import annotations

import codecs
import csv
import io
import json

import extruct
import pytest
from pyld import jsonld

from claims.exports.tabular import CSV_COLUMNS

pytestmark = pytest.mark.django_db

SCHEMA_ORG = "http://schema.org/"
# pyld may not fetch contexts over the network: schema.org's context is served from here. Like the
# published one, it maps every term into the schema.org vocabulary and reads `url` as an IRI.
SCHEMA_ORG_CONTEXT = {
    "@context": {"@vocab": SCHEMA_ORG, "schema": SCHEMA_ORG, "url": {"@id": "schema:url", "@type": "@id"}}
}


def _offline_loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


@pytest.fixture
def viewer(api_as):
    return api_as("viewer")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- CSV and NDJSON ----------------------------------------------------------------------------


def test_csv_export_is_streamed_with_one_row_per_claim(viewer, crafted):
    response = viewer.get("/api/v1/claims/", {"format": "csv"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="claims.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_body(response).decode())))
    assert list(rows[0]) == CSV_COLUMNS
    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) == {crafted.claim.pk, crafted.injured.pk}
    row = by_id[crafted.claim.pk]
    assert row["suggested_status"] == "single_sourced"
    assert row["verdict"] == "single_sourced"
    assert row["independent_origins"] == "Valley Courier"
    assert row["mention_count"] == "3"
    assert row["first_published"] == "2031-03-03"
    assert by_id[crafted.injured.pk]["verdict"] == ""


def test_csv_export_takes_any_filter_and_content_negotiation(viewer, crafted):
    response = viewer.get("/api/v1/claims/", {"verdict": "none"}, headers={"Accept": "text/csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(_body(response).decode())))
    assert [int(row["id"]) for row in rows] == [crafted.injured.pk]


def test_csv_cells_cannot_become_spreadsheet_formulas(viewer, make_claim):
    make_claim('=HYPERLINK("http://example.invalid")')
    rows = list(csv.DictReader(io.StringIO(_body(viewer.get("/api/v1/claims/?format=csv")).decode())))
    assert rows[0]["text"].startswith("'=HYPERLINK")


def test_csv_export_starts_with_a_byte_order_mark_for_excel_when_asked(viewer, make_claim):
    claim = make_claim("قصف سوق مارسك في الثالث من آذار")
    plain = _body(viewer.get("/api/v1/claims/", {"format": "csv"}))
    response = viewer.get("/api/v1/claims/", {"format": "csv", "bom": "1"})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    marked = _body(response)
    assert not plain.startswith(codecs.BOM_UTF8)
    assert marked == codecs.BOM_UTF8 + plain  # only the mark is added: Excel then reads the file as UTF-8
    rows = list(csv.DictReader(io.StringIO(marked.decode("utf-8-sig"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert rows[0]["id"] == str(claim.pk) and rows[0]["text"] == claim.text
    assert _body(viewer.get("/api/v1/claims/", {"format": "csv", "bom": "false"})) == plain


def test_a_byte_order_mark_flag_that_is_not_true_or_false_is_a_400(viewer, crafted):
    response = viewer.get("/api/v1/claims/", {"format": "csv", "bom": "yes please"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "bom" in response.json()["errors"]


def test_ndjson_export_streams_one_claim_record_per_line(viewer, crafted):
    response = viewer.get("/api/v1/claims/", headers={"Accept": "application/x-ndjson"})
    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = _body(response).decode().splitlines()
    records = [json.loads(line) for line in lines]
    page = viewer.get("/api/v1/claims/").json()["results"]
    assert records == page  # the same records as the JSON list, mentions included


def test_exports_of_an_empty_selection_are_well_formed(viewer, crafted):
    csv_body = _body(viewer.get("/api/v1/claims/", {"format": "csv", "kind": "denial"})).decode()
    assert csv_body.splitlines() == [",".join(CSV_COLUMNS)]
    assert _body(viewer.get("/api/v1/claims/", {"format": "ndjson", "kind": "denial"})) == b""


@pytest.mark.parametrize("params", [{"format": "csv"}, {"format": "csv", "bom": "1"}, {"format": "ndjson"}])
def test_streamed_exports_take_a_constant_number_of_queries(viewer, make_claim, make_article, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.services import add_mention

    article = make_article("In Marsk the bridge was closed again by the river guard.")

    def queries_for(count: int) -> int:
        for _ in range(count):
            claim = make_claim()
            add_mention(claim=claim, article=article, start=3, end=8)
        with CaptureQueriesContext(connection) as captured:
            _body(viewer.get("/api/v1/claims/", params))
        return len(captured)

    assert queries_for(2) == queries_for(25)


# --- an article's stored text (what Web Annotation targets count in) -------------------------------


def test_an_articles_stored_text_is_served_as_plain_text(viewer, make_article):
    body = "Dravonia, 2 May.\nThe ferry to Ostrel — «سفينة» — sails again at dawn."
    article = make_article(body, language="ar")
    for response in (
        viewer.get(f"/api/v1/articles/{article.pk}/text/"),
        viewer.get(f"/api/v1/articles/{article.pk}/text/", headers={"Accept": "text/plain"}),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Content-Language"] == "ar"
        assert response.content.decode("utf-8") == body  # exactly: offsets count in this text


def test_the_text_of_an_unknown_article_is_a_json_404(viewer, crafted):
    response = viewer.get("/api/v1/articles/987654/text/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


# --- schema.org ClaimReview ------------------------------------------------------------------------


def _claim_review(viewer, crafted) -> dict:
    response = viewer.get(f"/api/v1/claims/{crafted.claim.pk}/", {"format": "claimreview"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return response.json()


def test_claim_review_has_the_fields_fact_check_readers_use(viewer, crafted):
    review = _claim_review(viewer, crafted)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == crafted.claim.text
    assert review["url"].endswith(f"/api/v1/claims/{crafted.claim.pk}/review.html")
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert review["datePublished"] == crafted.reviews[1].created_at.date().isoformat()
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 4,
        "worstRating": 1,
        "alternateName": "Single-sourced",
    }
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert [work["url"] for work in claim["appearance"]] == [
        "https://valley-courier.example/marsk-market",
        "https://northern-mirror.example/2031/03/marsk",
        f"http://testserver/api/v1/articles/{crafted.second.pk}/",  # no URL known: its API address
    ]
    assert all(work["@type"] == "CreativeWork" for work in claim["appearance"])
    assert claim["firstAppearance"]["url"] == "https://valley-courier.example/marsk-market"
    assert claim["firstAppearance"]["datePublished"] == "2031-03-03"


def test_claim_review_names_the_origin_the_claim_comes_from(viewer, crafted):
    item = _claim_review(viewer, crafted)["itemReviewed"]
    # three copies of one report: one origin, the outlet that first published it
    assert item["author"] == {"@type": "Organization", "name": "Valley Courier"}
    assert [work["publisher"]["name"] for work in item["appearance"]] == [
        "Valley Courier",
        "Northern Mirror",
        "Hill Gazette",
    ]
    assert [work["headline"] for work in item["appearance"]] == [
        crafted.origin.title,
        crafted.copy.title,
        crafted.second.title,
    ]


def test_claim_review_authors_are_the_independent_origins_people_and_organisations(viewer, crafted):
    from claims.services import add_mention, create_claim, record_review
    from sources.models import Source
    from sources.services import create_source

    spokeswoman = create_source(name="Ilsa Dravonen", kind=Source.Kind.PERSON, homepage="https://dravonen.example")
    claim = create_claim(text="At least 12 stalls burned in the Marsk market.")
    quote = "At least 12 stalls burned"
    start = crafted.origin.body.index(quote)
    add_mention(claim=claim, article=crafted.origin, start=start, end=start + len(quote), attributed_to=spokeswoman)
    start = crafted.copy.body.index(quote)  # unattributed: traced through the chain to Valley Courier
    add_mention(claim=claim, article=crafted.copy, start=start, end=start + len(quote))
    start = crafted.second.body.index("Stalls burned")  # a denial is no author of the claim
    end = start + len("Stalls burned")
    add_mention(claim=claim, article=crafted.second, start=start, end=end, stance="denies")
    record_review(claim=claim, verdict="corroborated", rationale="Two origins.", reviewer=crafted.reviewer)

    review = viewer.get(f"/api/v1/claims/{claim.pk}/", {"format": "claimreview"}).json()
    assert review["itemReviewed"]["author"] == [
        {"@type": "Person", "name": "Ilsa Dravonen", "url": "https://dravonen.example"},
        {"@type": "Organization", "name": "Valley Courier"},
    ]
    independent = viewer.get(f"/api/v1/claims/{claim.pk}/").json()["independent_origins"]
    assert [author["name"] for author in review["itemReviewed"]["author"]] == independent
    assert len(review["itemReviewed"]["appearance"]) == 3  # every article carrying a mention
    listed = viewer.get("/api/v1/claims/", {"format": "claimreview"}).json()["@graph"]
    assert next(node for node in listed if node["claimReviewed"] == claim.text) == {
        k: v for k, v in review.items() if k != "@context"
    }


def test_claim_review_is_json_ld_that_expands_into_schema_org_terms(viewer, crafted):
    review = _claim_review(viewer, crafted)
    expanded = jsonld.expand(review, {"documentLoader": _offline_loader})
    assert len(expanded) == 1
    node = expanded[0]
    assert node["@type"] == [SCHEMA_ORG + "ClaimReview"]
    assert node[SCHEMA_ORG + "claimReviewed"] == [{"@value": crafted.claim.text}]
    assert node[SCHEMA_ORG + "url"] == [{"@id": review["url"]}]
    rating = node[SCHEMA_ORG + "reviewRating"][0]
    assert rating["@type"] == [SCHEMA_ORG + "Rating"]
    assert rating[SCHEMA_ORG + "alternateName"] == [{"@value": "Single-sourced"}]
    item = node[SCHEMA_ORG + "itemReviewed"][0]
    assert item["@type"] == [SCHEMA_ORG + "Claim"]
    appearances = item[SCHEMA_ORG + "appearance"]
    assert all(work["@type"] == [SCHEMA_ORG + "CreativeWork"] for work in appearances)
    assert appearances[0][SCHEMA_ORG + "url"] == [{"@id": "https://valley-courier.example/marsk-market"}]
    first = item[SCHEMA_ORG + "firstAppearance"][0]
    assert first[SCHEMA_ORG + "url"] == [{"@id": "https://valley-courier.example/marsk-market"}]
    # Every property and type is a schema.org term: nothing falls outside the vocabulary.
    assert _iris(expanded) <= {SCHEMA_ORG + term for term in SCHEMA_ORG_TERMS}


SCHEMA_ORG_TERMS = {
    "ClaimReview",
    "Claim",
    "CreativeWork",
    "Organization",
    "Person",
    "Rating",
    "url",
    "claimReviewed",
    "datePublished",
    "author",
    "name",
    "reviewRating",
    "ratingValue",
    "bestRating",
    "worstRating",
    "alternateName",
    "itemReviewed",
    "appearance",
    "firstAppearance",
    "headline",
    "publisher",
    "inLanguage",
}


def _iris(expanded) -> set[str]:
    found: set[str] = set()
    for node in expanded if isinstance(expanded, list) else [expanded]:
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key == "@type":
                found.update(value)
            elif not key.startswith("@"):
                found.add(key)
                found |= _iris(value)
    return found


def test_claim_review_compacts_back_to_what_we_published(viewer, crafted):
    review = _claim_review(viewer, crafted)
    expanded = jsonld.expand(review, {"documentLoader": _offline_loader})
    compacted = jsonld.compact(expanded, "https://schema.org", {"documentLoader": _offline_loader})
    assert {k: v for k, v in compacted.items() if k != "@context"} == {
        k: v for k, v in review.items() if k != "@context"
    }


def test_claim_review_by_accept_header_and_on_the_report(viewer, crafted):
    by_header = viewer.get(f"/api/v1/claims/{crafted.claim.pk}/", headers={"Accept": "application/ld+json"})
    on_report = viewer.get(f"/api/v1/claims/{crafted.claim.pk}/report/", {"format": "claimreview"})
    assert by_header.json() == on_report.json() == _claim_review(viewer, crafted)


def test_an_unreviewed_claim_has_no_claim_review(viewer, crafted):
    response = viewer.get(f"/api/v1/claims/{crafted.injured.pk}/", {"format": "claimreview"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "no review yet" in response.json()["detail"]


def test_claim_review_list_holds_only_reviewed_claims(viewer, crafted):
    response = viewer.get("/api/v1/claims/", {"format": "claimreview"})
    document = response.json()
    assert [node["claimReviewed"] for node in document["@graph"]] == [crafted.claim.text]
    expanded = jsonld.expand(document, {"documentLoader": _offline_loader})
    assert [node["@type"] for node in expanded] == [[SCHEMA_ORG + "ClaimReview"]]


def test_claim_review_list_pages_by_link_header(viewer, crafted, reviewer):
    from claims.services import record_review

    record_review(claim=crafted.injured, verdict="corroborated", rationale="Two counts agree.", reviewer=reviewer)
    first = viewer.get("/api/v1/claims/", {"format": "claimreview", "page_size": 1})
    assert len(first.json()["@graph"]) == 1
    next_url = first["Link"].split(";")[0].strip("<>")
    second = viewer.get(next_url)
    assert len(second.json()["@graph"]) == 1
    assert first.json()["@graph"][0]["url"] != second.json()["@graph"][0]["url"]


def test_report_page_embeds_the_claim_review_for_extruct(client, viewer, crafted):
    response = client.get(f"/api/v1/claims/{crafted.claim.pk}/review.html")  # public: no token
    assert response.status_code == 200
    html = response.content.decode()
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"], uniform=True)
    reviews = [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]
    assert reviews == [_claim_review(viewer, crafted)]
    assert "Single-sourced" in html
    assert "Valley Courier" in html


def test_report_page_escapes_text_that_would_close_the_script(client, crafted, reviewer):
    from claims.services import create_claim, record_review

    claim = create_claim(text="A </script><script>alert(1)</script> claim & more")
    record_review(claim=claim, verdict="unverified", rationale="<b>no</b>", reviewer=reviewer)
    html = client.get(f"/api/v1/claims/{claim.pk}/review.html").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;no&lt;/b&gt;" in html
    data = extruct.extract(html, syntaxes=["json-ld"], uniform=True)
    assert data["json-ld"][0]["claimReviewed"] == claim.text


def test_report_page_of_an_unreviewed_claim_is_404(client, crafted):
    assert client.get(f"/api/v1/claims/{crafted.injured.pk}/review.html").status_code == 404
