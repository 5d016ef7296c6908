"""Where the OpenAPI schema and the answers once disagreed (found by schemathesis): both now say the same."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

STRICT_BODIES = [
    "ClaimInputRequest",
    "PatchedClaimInputRequest",
    "MentionCreateRequest",
    "MentionUpdateRequest",
    "PatchedMentionUpdateRequest",
    "ReviewInputRequest",
    "DerivationDecisionRequest",
]


@pytest.fixture
def openapi(client) -> dict:
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"} and body["status"] == status
    return body


def test_request_bodies_that_refuse_unknown_fields_say_so_in_the_schema(openapi, api_as, crafted):
    schemas = openapi["components"]["schemas"]
    for name in STRICT_BODIES:
        assert schemas[name]["additionalProperties"] is False, name
    body = json_error(api_as("annotator").post("/api/v1/claims/", {"text": "A convoy reached Marsk", "txet": "x"}), 400)
    assert list(body["errors"]) == ["txet"]


@pytest.mark.parametrize("url", ["/api/v1/claims/?format=", "/api/v1/claims/?format=xml", "/api/v1/sources/?format="])
def test_an_empty_or_unknown_format_is_a_json_404_naming_the_formats_offered(api_as, crafted, url):
    body = json_error(api_as("viewer").get(url), 404)
    assert "No format" in body["detail"] and "json" in body["detail"]


def test_the_schema_says_an_other_format_is_a_404(openapi):
    claims = openapi["paths"]["/api/v1/claims/"]["get"]
    (fmt,) = [parameter for parameter in claims["parameters"] if parameter["name"] == "format"]
    assert "empty one included, is a 404" in fmt["description"]
    assert "format" in claims["responses"]["404"]["description"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/%0A/",
        "/api/v1/claims/1%0A/",
        "/api/v1/mentions/%0A1/report/",
        "/api/v1/%0A",
        "/api/nothing-here/",
        "/api/v1/claims/1/%0A",
    ],
)
def test_an_address_no_route_takes_under_api_is_a_json_404(api_as, crafted, url):
    json_error(api_as("viewer").get(url), 404)


def test_an_address_outside_the_api_keeps_the_html_404(client):
    response = client.get("/no-such-page/%0A")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_an_id_that_names_nothing_is_a_400_that_says_so_and_the_schema_says_it(openapi, api_as, crafted):
    api = api_as("reviewer")
    body = json_error(api.get("/api/v1/claims/", {"article": 999_999, "outlet": 999_998}), 400)
    assert body["errors"] == {"article": ["No article with id 999999."], "outlet": ["No source with id 999998."]}
    body = json_error(api.post("/api/v1/reviews/", {"claim": 999_999, "verdict": "unverified", "rationale": "x"}), 400)
    assert body["errors"] == {"claim": ["No claim with id 999999."]}

    parameters = {p["name"]: p for p in openapi["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert (
        parameters["article"]["description"] == "Claims mentioned in this article. An id that names nothing is a 400."
    )
    assert parameters["article"]["schema"] == {"type": "integer", "minimum": 1}
    assert (
        "an id (in a filter or the body) that names nothing"
        in openapi["paths"]["/api/v1/claims/"]["get"]["responses"]["400"]["description"]
    )


def test_what_the_api_refuses_in_text_and_page_sizes_is_in_the_schema(openapi, api_as, crafted):
    schemas, paths = openapi["components"]["schemas"], openapi["paths"]
    text = schemas["ClaimInputRequest"]["properties"]["text"]
    assert text["pattern"] == r"^[^\x00]*[^\s\x00][^\x00]*$"  # not blank once trimmed, no U+0000
    evidence, empty = schemas["ReviewInputRequest"]["properties"]["evidence"]["oneOf"]
    assert evidence["pattern"] == r"^[^\x00]+$" and empty == {"type": "string", "maxLength": 0}  # "" once
    link = schemas["CaptureRequestRequest"]["properties"]["urls"]["items"]
    assert link["pattern"].startswith("^[Hh][Tt][Tt][Pp][Ss]?://") and link["maxLength"] == 2000
    sources = {p["name"]: p for p in paths["/api/v1/sources/"]["get"]["parameters"]}
    assert sources["country"]["schema"] == {"type": "string", "pattern": "^$|^[A-Za-z]{2}$"}
    assert sources["q"]["schema"] == {"type": "string", "maxLength": 200, "pattern": r"^[^\x00]*$"}
    assert sources["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}

    api = api_as("annotator")
    for payload in ({"text": "   "}, {"text": "Marsk\x00"}):
        json_error(api.post("/api/v1/claims/", payload), 400)
    for query in ({"country": "xyz"}, {"q": "a\x00"}, {"page_size": 501}, {"page_size": 0}):
        json_error(api.get("/api/v1/sources/", query), 400)
    assert api.get("/api/v1/sources/", {"country": "", "page_size": 500}).status_code == 200
