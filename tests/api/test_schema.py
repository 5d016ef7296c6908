"""The OpenAPI description: every endpoint, filter and export is in it, with examples; docs pages render."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client) -> dict:
    response = client.get("/api/v1/schema/?format=json")  # public, no token
    assert response.status_code == 200
    return response.json()


def test_the_schema_describes_every_endpoint(openapi):
    paths = openapi["paths"]
    expected = {
        "/api/v1/sources/": {"get"},
        "/api/v1/sources/{id}/": {"get"},
        "/api/v1/articles/": {"get"},
        "/api/v1/articles/{id}/": {"get"},
        "/api/v1/articles/{id}/provenance/": {"get"},
        "/api/v1/articles/{id}/text/": {"get"},
        "/api/v1/derivations/": {"get"},
        "/api/v1/derivations/{id}/": {"get"},
        "/api/v1/derivations/{id}/decision/": {"post"},
        "/api/v1/claims/": {"get", "post"},
        "/api/v1/claims/{id}/": {"get", "put", "patch"},
        "/api/v1/claims/{id}/report/": {"get"},
        "/api/v1/mentions/": {"get", "post"},
        "/api/v1/mentions/{id}/": {"get", "put", "patch"},
        "/api/v1/reviews/": {"get", "post"},
        "/api/v1/reviews/{id}/": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert set(paths[path]) - {"parameters"} == methods, path
        for method in methods:
            operation = paths[path][method]
            assert operation.get("summary"), (path, method)
            assert "400" in operation["responses"] and "401" in operation["responses"], (path, method)


def test_the_claim_list_documents_its_filters_and_export_formats(openapi):
    operation = openapi["paths"]["/api/v1/claims/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {
        "suggested_status",
        "verdict",
        "disagreement",
        "outlet",
        "origin",
        "attributed_to",
        "language",
        "kind",
        "article",
        "published_after",
        "published_before",
        "reviewed_after",
        "q",
        "cursor",
        "page_size",
        "format",
    } <= names
    formats = next(p for p in operation["parameters"] if p["name"] == "format")
    assert sorted(formats["schema"]["enum"]) == ["claimreview", "csv", "json", "ndjson"]
    content = operation["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv", "application/x-ndjson", "application/ld+json"}
    assert content["application/json"]["examples"]
    assert content["application/ld+json"]["examples"]


def test_writes_document_if_match_412_and_examples(openapi):
    patch = openapi["paths"]["/api/v1/claims/{id}/"]["patch"]
    assert "412" in patch["responses"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch["parameters"])
    create = openapi["paths"]["/api/v1/mentions/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["examples"]
    assert "413" in create["responses"]


def test_the_schema_validates_as_openapi_3(openapi):
    from drf_spectacular.validation import validate_schema

    validate_schema(openapi)  # raises on any departure from the OpenAPI 3.0 JSON schema


def test_the_docs_pages_render_from_our_own_static_files(client):
    swagger = client.get("/api/v1/docs/")
    assert swagger.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in swagger.content
    script = client.get("/api/v1/docs/", {"script": ""})  # Swagger UI's start-up script, not inline (CSP)
    assert script.status_code == 200 and b"/api/v1/schema/" in script.content
    redoc = client.get("/api/v1/redoc/")
    assert redoc.status_code == 200
    assert b"/static/drf_spectacular_sidecar/redoc/" in redoc.content and b"/api/v1/schema/" in redoc.content
    assert "cdn" not in (swagger.content + redoc.content).decode().lower()
