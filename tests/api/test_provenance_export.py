"""W3C PROV-JSON of an article's chain at /api/v1/articles/{id}/provenance/."""

from __future__ import annotations

import json

import pytest
from prov.model import ProvDocument

pytestmark = pytest.mark.django_db


def _document(api, article_id: int, **params) -> tuple[dict, ProvDocument]:
    response = api.get(f"/api/v1/articles/{article_id}/provenance/", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    data = response.json()
    return data, ProvDocument.deserialize(content=json.dumps(data), format="json")


def test_prov_json_parses_and_holds_the_chain(api_as, crafted):
    data, document = _document(api_as("viewer"), crafted.second.pk, whole_chain="false")
    assert {"prefix", "entity", "agent", "wasDerivedFrom", "wasAttributedTo"} <= set(data)
    entities = {str(record.identifier) for record in document.get_records() if record.is_element()}
    for article in (crafted.origin, crafted.copy, crafted.second):
        assert any(name.endswith((f"article:{article.pk}", f"/article/{article.pk}")) for name in entities)
    derivations = [r for r in document.get_records() if r.get_type().localpart == "Derivation"]
    assert len(derivations) == 2
    labels = {value for entity in data["agent"].values() for key, value in entity.items() if key == "prov:label"}
    assert {"Valley Courier", "Northern Mirror", "Hill Gazette"} <= labels


def test_whole_chain_adds_the_copies(api_as, crafted):
    api = api_as("viewer")
    ancestors, _ = _document(api, crafted.copy.pk, whole_chain="false")
    family, _ = _document(api, crafted.copy.pk)
    assert len(ancestors["entity"]) < len(family["entity"])


def test_prov_of_an_unknown_article_is_404_and_a_bad_flag_400(api_as, crafted):
    api = api_as("viewer")
    assert api.get("/api/v1/articles/987654/provenance/").status_code == 404
    response = api.get(f"/api/v1/articles/{crafted.origin.pk}/provenance/", {"whole_chain": "maybe"})
    assert response.status_code == 400
    assert "whole_chain" in response.json()["errors"]
