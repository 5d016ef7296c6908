"""W3C PROV-JSON of an article's chain at /api/v1/articles/{id}/provenance/."""

from __future__ import annotations

import base64
import hashlib
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
    entities = {record.identifier.uri for record in document.get_records() if record.is_element()}
    for article in (crafted.origin, crafted.copy, crafted.second):
        assert f"http://testserver/api/v1/articles/{article.pk}/" in entities
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


def _iris(document: ProvDocument) -> set[str]:
    return {record.identifier.uri for record in document.get_records() if record.identifier is not None}


def test_prov_names_are_this_instances_api_addresses_and_dereference(api_as, crafted):
    api = api_as("viewer")
    data, document = _document(api, crafted.origin.pk)
    assert "example.org" not in json.dumps(data)
    iris = _iris(document)
    article = f"http://testserver/api/v1/articles/{crafted.origin.pk}/"
    outlet = f"http://testserver/api/v1/sources/{crafted.courier.pk}/"
    derivation = f"http://testserver/api/v1/derivations/{crafted.first_edge.pk}/"
    assert {article, outlet, derivation} <= iris
    assert api.get(article).json()["title"] == crafted.origin.title
    assert api.get(outlet).json()["name"] == "Valley Courier"
    assert api.get(derivation).json()["id"] == crafted.first_edge.pk


def test_prov_names_follow_the_public_base_url_setting(api_as, crafted, settings):
    settings.PUBLIC_BASE_URL = "https://claims.veloria.example"
    data, document = _document(api_as("viewer"), crafted.second.pk)
    ours = {prefix: iri for prefix, iri in data["prefix"].items() if prefix not in ("capture",)}
    assert ours and all(iri.startswith("https://claims.veloria.example/") for iri in ours.values()), ours
    assert f"https://claims.veloria.example/api/v1/articles/{crafted.second.pk}/" in _iris(document)
    assert "testserver" not in json.dumps(data)


def test_a_capture_is_named_by_the_hash_of_its_bytes(api_as, make_article):
    from provenance.services import store_capture

    page = b"<p>Dravonia: the ferry to Ostrel sails again.</p>"
    capture, _ = store_capture(data=page, media_type="text/html")
    article = make_article("Dravonia: the ferry to Ostrel sails again.", capture=capture)
    _, document = _document(api_as("viewer"), article.pk)
    digest = base64.urlsafe_b64encode(hashlib.sha256(page).digest()).decode().rstrip("=")
    assert f"ni:///sha-256;{digest}" in _iris(document)  # RFC 6920: anyone holding the file can check it
