"""W3C PROV-JSON export of chains: the right records, and a document that parses back unchanged."""

from __future__ import annotations

import json
from datetime import date

from prov.model import ProvDocument

from provenance.prov import ProvNamespaces, prov_document_for, prov_json_for
from provenance.services import add_derivation, store_capture
from sources.services import get_or_create_author

BASE = "https://claims.veloria.example"
NAMESPACES = ProvNamespaces(
    vocabulary=f"{BASE}/ns/provenance#",
    article=f"{BASE}/api/v1/articles/",
    outlet=f"{BASE}/api/v1/sources/",
    author=f"{BASE}/ns/author/",
    derivation=f"{BASE}/api/v1/derivations/",
)


def build_chain(make_article, make_source):
    outlet = make_source("Marsk Courier")
    capture, _ = store_capture(data=b"<p>fictional page</p>", media_type="text/html")
    author, _ = get_or_create_author(name="Ilsa Dravonen")
    original = make_article(outlet=outlet, published=date(2031, 3, 1), capture=capture, url="https://marsk.example/1")
    original.authors.add(author)
    excerpt = make_article(outlet=make_source("Velmora Post"), published=date(2031, 3, 2))
    rewrite = make_article(outlet=make_source("Dunveld Herald"), published=date(2031, 3, 3))
    add_derivation(derived=excerpt, source_article=original, kind="excerpt", evidence="text_reuse", score=0.9)
    add_derivation(derived=rewrite, source_article=excerpt, kind="rewrite", evidence="manual", status="confirmed")
    add_derivation(derived=original, source_outlet=make_source("Ostrakai Wire"), evidence="attribution")
    return original, excerpt, rewrite


def test_the_chain_export_round_trips_through_prov_json(make_article, make_source):
    _original, _excerpt, rewrite = build_chain(make_article, make_source)
    document = prov_document_for([rewrite.pk], namespaces=NAMESPACES)
    text = document.serialize(format="json")
    assert ProvDocument.deserialize(content=text, format="json") == document
    assert prov_json_for([rewrite.pk], namespaces=NAMESPACES) == document.serialize(format="json", indent=2)


def test_kinds_map_to_quotation_revision_and_attribution(make_article, make_source):
    original, excerpt, rewrite = build_chain(make_article, make_source)
    data = json.loads(prov_json_for([original.pk], namespaces=NAMESPACES))
    assert {f"article:{a.pk}/" for a in (original, excerpt, rewrite)} <= set(data["entity"])
    derivations = data["wasDerivedFrom"]
    types = {record["prov:generatedEntity"]: record.get("prov:type") for record in derivations.values()}
    assert types[f"article:{excerpt.pk}/"]["$"] == "prov:Quotation"
    assert types[f"article:{rewrite.pk}/"]["$"] == "prov:Revision"
    agents = {record["prov:label"] for record in data["agent"].values()}
    assert {"Marsk Courier", "Velmora Post", "Ilsa Dravonen", "Ostrakai Wire"} <= agents
    capture_links = [r for r in derivations.values() if r["prov:usedEntity"].startswith("capture:")]
    assert [r["prov:generatedEntity"] for r in capture_links] == [f"article:{original.pk}/"]
    originals = [name for name in data["entity"] if name.endswith("/#source")]
    assert len(originals) == 1


def test_an_article_only_export_leaves_out_the_copies(make_article, make_source):
    original, excerpt, rewrite = build_chain(make_article, make_source)
    data = json.loads(prov_json_for([excerpt.pk], namespaces=NAMESPACES, whole_chain=False))
    assert f"article:{original.pk}/" in data["entity"] and f"article:{rewrite.pk}/" not in data["entity"]
