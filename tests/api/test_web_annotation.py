"""W3C Web Annotation output, validated against the W3C conformance schemas (annotationMusts)."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.conftest import CONFORMANCE_DIR, needs_shared

pytestmark = [pytest.mark.django_db, needs_shared(CONFORMANCE_DIR)]

ANNOTATION_PROFILE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'

# jsonschema checks "format" only with a checker; these two are the formats the W3C schemas use.
FORMATS = FormatChecker(formats=())
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@FORMATS.checks("uri")
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(_SCHEME.match(parts.scheme or "")) and not re.search(r"\s", value)


@FORMATS.checks("date-time")
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@functools.cache
def registry() -> Registry:
    resources = []
    for path in sorted((CONFORMANCE_DIR / "definitions").glob("*.json")):
        contents = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


@functools.cache
def musts() -> list[tuple[str, dict]]:
    """Every schema the annotationMusts test lists (the test files name them relative to the folder)."""
    test = json.loads((CONFORMANCE_DIR / "annotations" / "annotationMusts.test").read_text())
    return [(name, json.loads((CONFORMANCE_DIR / name).read_text())) for name in test["assertions"]]


def conformance_failures(annotation: dict) -> list[str]:
    """Run every annotationMusts schema; each listed as expecting 'valid' must pass."""
    failures = []
    for name, schema in musts():
        assert schema["expectedResult"] == "valid", name
        validator = Draft4Validator(schema, registry=registry(), format_checker=FORMATS)
        errors = list(validator.iter_errors(annotation))
        if errors:
            failures.append(f"{name}: {schema.get('errorMessage', '')} ({errors[0].message[:200]})")
    return failures


def collection_failures(document: dict, definitions: list[str]) -> list[str]:
    failures = []
    for definition in definitions:
        schema = {"$ref": f"collections.json#/definitions/{definition}"}
        errors = list(Draft4Validator(schema, registry=registry(), format_checker=FORMATS).iter_errors(document))
        if errors:
            failures.append(f"{definition}: {errors[0].message[:200]}")
    return failures


COLLECTION_DEFINITIONS = [
    "annotationCollectionTypeValueFound",
    "labelDefinition",
    "totalDefinition",
    "firstValidIfPresent",
    "firstRequiredIfTotalMoreThanZero",
    "lastValidIfPresent",
]
PAGE_DEFINITIONS = [
    "annotationPageTypeValueFound",
    "partOfValidIfPresent",
    "nextValidIfPresent",
    "prevValidIfPresent",
    "startIndexDefinition",
    "itemsFound",
]


def test_the_conformance_suite_is_complete_and_catches_a_broken_annotation():
    assert len(musts()) >= 50
    broken = {"@context": "http://example.org/other", "type": "Note", "body": "x", "bodyValue": "y"}
    assert len(conformance_failures(broken)) >= 4


@pytest.fixture
def viewer(api_as):
    return api_as("viewer")


def test_one_mention_is_one_conformant_annotation(viewer, crafted):
    mention = crafted.mentions[1]
    response = viewer.get(f"/api/v1/mentions/{mention.pk}/", {"format": "annotation"})
    assert response.status_code == 200
    assert response["Content-Type"] == ANNOTATION_PROFILE
    annotation = response.json()
    assert conformance_failures(annotation) == []
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["type"] == "Annotation"
    assert annotation["id"] == f"http://testserver/api/v1/mentions/{mention.pk}/"
    in_stored_text, on_page = annotation["target"]
    assert in_stored_text["type"] == "SpecificResource"
    assert in_stored_text["source"] == {
        "id": f"http://testserver/api/v1/articles/{crafted.copy.pk}/text/",
        "type": "Text",
        "format": "text/plain",
        "language": "en",
    }
    assert in_stored_text["scope"] == "https://northern-mirror.example/2031/03/marsk"
    quote_selector, position_selector = in_stored_text["selector"]
    assert quote_selector["type"] == "TextQuoteSelector" and quote_selector["exact"] == mention.quote
    assert position_selector == {"type": "TextPositionSelector", "start": mention.start, "end": mention.end}
    # the live page is targeted by the quote alone: our offsets count characters of our text, not of the page
    assert on_page == {
        "type": "SpecificResource",
        "source": "https://northern-mirror.example/2031/03/marsk",
        "selector": quote_selector,
    }
    claim_body, report_body, verdict_body = annotation["body"]
    assert claim_body["value"] == crafted.claim.text
    assert report_body["id"] == f"http://testserver/api/v1/claims/{crafted.claim.pk}/report/"
    assert verdict_body == {
        "type": "TextualBody",
        "purpose": "assessing",
        "value": "Single-sourced",
        "format": "text/plain",
    }


def test_the_positions_hold_in_the_text_the_target_names(viewer, make_article):
    from claims.services import add_mention, create_claim

    body = "مارسك، ٣ آذار. قال مجلس البلدة إن القصف أصاب سوق مارسك صباح الاثنين."
    article = make_article(body, language="ar", url="https://veloria-daily.example/ar/marsk")
    quote = "القصف أصاب سوق مارسك"
    start = body.index(quote)
    claim = create_claim(text="Shelling hit the market in Marsk.")
    mention = add_mention(claim=claim, article=article, start=start, end=start + len(quote), quote=quote)
    annotation = viewer.get(f"/api/v1/mentions/{mention.pk}/", {"format": "annotation"}).json()
    assert conformance_failures(annotation) == []
    target = annotation["target"][0]
    text = viewer.get(target["source"]["id"])  # the target's source is ours: it can be read
    assert text.status_code == 200
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    quote_selector, position = target["selector"]
    assert text.content.decode()[position["start"] : position["end"]] == quote_selector["exact"] == quote


def test_an_article_without_url_is_targeted_in_its_stored_text_alone(viewer, crafted):
    annotation = viewer.get(
        f"/api/v1/mentions/{crafted.mentions[2].pk}/", headers={"Accept": "application/ld+json"}
    ).json()
    [target] = annotation["target"]
    assert target["source"]["id"] == f"http://testserver/api/v1/articles/{crafted.second.pk}/text/"
    assert target["scope"] == f"http://testserver/api/v1/articles/{crafted.second.pk}/"
    assert conformance_failures(annotation) == []


def test_an_unreviewed_claims_annotation_has_no_verdict_body(viewer, crafted):
    mention = crafted.injured.mentions.get()
    annotation = viewer.get(f"/api/v1/mentions/{mention.pk}/", {"format": "annotation"}).json()
    assert [body.get("purpose") for body in annotation["body"]] == ["classifying", None]
    assert conformance_failures(annotation) == []


def test_the_collection_embeds_its_first_page_and_pages_follow(viewer, crafted):
    response = viewer.get("/api/v1/mentions/", {"format": "annotation", "page_size": 2})
    assert response["Content-Type"] == ANNOTATION_PROFILE
    collection = response.json()
    assert collection_failures(collection, COLLECTION_DEFINITIONS) == []
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 4
    first = collection["first"]
    assert collection_failures(first, PAGE_DEFINITIONS) == []
    assert first["id"] != collection["id"]
    items = list(first["items"])
    for annotation in first["items"]:
        assert conformance_failures(annotation) == []
    page_url = first["next"]
    while page_url:
        page = viewer.get(page_url).json()
        assert collection_failures(page, PAGE_DEFINITIONS) == []
        assert page["type"] == "AnnotationPage"
        assert page["partOf"]["id"] == collection["id"]
        for annotation in page["items"]:
            assert conformance_failures(annotation) == []
        items += page["items"]
        page_url = page.get("next")
    assert len(items) == collection["total"] == 4
    assert len({item["id"] for item in items}) == 4


def test_the_first_page_id_can_be_fetched(viewer, crafted):
    collection = viewer.get("/api/v1/mentions/", {"format": "annotation", "page_size": 2}).json()
    page = viewer.get(collection["first"]["id"]).json()
    assert page["type"] == "AnnotationPage"
    assert [item["id"] for item in page["items"]] == [item["id"] for item in collection["first"]["items"]]


def test_a_filtered_collection_holds_only_matching_annotations(viewer, crafted):
    collection = viewer.get("/api/v1/mentions/", {"format": "annotation", "claim": crafted.injured.pk}).json()
    assert collection["total"] == 1
    assert collection_failures(collection, COLLECTION_DEFINITIONS) == []


def test_an_empty_collection_is_still_conformant(viewer, crafted):
    collection = viewer.get("/api/v1/mentions/", {"format": "annotation", "hedge": "rumoured"}).json()
    assert collection["total"] == 0 and "first" not in collection
    assert collection_failures(collection, COLLECTION_DEFINITIONS) == []


def test_the_conformance_files_are_where_the_tests_expect(crafted):
    assert Path(CONFORMANCE_DIR, "annotations", "annotationMusts.test").is_file()
