"""Bad input gets a clear 4xx JSON answer and changes nothing: never a 500."""

from __future__ import annotations

import base64

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator(api_as):
    return api_as("annotator")


def _assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == status
    assert body["detail"]
    if code:
        assert body["code"] == code
    return body


def _claim_count() -> int:
    from claims.models import Claim

    return Claim.objects.count()


@pytest.mark.parametrize(
    "raw",
    [
        b'{"text": "unterminated',
        b"{'text': 'single quotes'}",
        b'{"text": NaN}',
        b"\xff\xfe not utf-8",
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_malformed_json_is_400(annotator, crafted, raw):
    before = _claim_count()
    body = _assert_error(annotator.post("/api/v1/claims/", raw, raw=True), 400, "parse_error")
    assert _claim_count() == before
    assert len(body["detail"]) < 300


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ([{"text": "a list, not an object"}], "non_field_errors"),
        ("just a string", "non_field_errors"),
        ({"text": 42, "kind": ["event"]}, "kind"),
        ({"text": "ok", "places": "Marsk"}, "places"),
        ({"text": "ok", "event_date": "yesterday"}, "event_date"),
        ({"text": ""}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "ok", "places": ["x"] * 51}, "places"),
        ({"text": "bad\x00byte"}, "text"),
        ({"text": "lone \ud800 surrogate"}, "text"),
        ({"kind": "event"}, "text"),
    ],
)
def test_wrong_types_and_values_are_400_naming_the_field(annotator, crafted, payload, field):
    before = _claim_count()
    body = _assert_error(annotator.post("/api/v1/claims/", payload), 400, "invalid")
    assert field in body["errors"], body
    assert _claim_count() == before


def test_unknown_fields_are_400_and_listed(annotator, crafted):
    before = _claim_count()
    body = _assert_error(annotator.post("/api/v1/claims/", {"text": "ok", "verdict": "corroborated", "txet": "x"}), 400)
    assert set(body["errors"]) == {"verdict", "txet"}
    assert "Unknown field" in body["errors"]["txet"][0]
    assert _claim_count() == before
    patch = annotator.patch(f"/api/v1/mentions/{crafted.mentions[0].pk}/", {"claim": crafted.injured.pk})
    assert "claim" in _assert_error(patch, 400)["errors"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": "ten", "end": 20}, "start"),
        ({"start": -1, "end": 20}, "start"),
        ({"start": 0, "end": 2**40}, "end"),
        ({"start": True, "end": 20}, "start"),
        ({"start": 0, "end": 5, "article": "one"}, "article"),
        ({"start": 0, "end": 5, "article": 99999999999999999999}, "article"),
        ({"start": 0, "end": 5, "attributed_to": 987654}, "attributed_to"),
        ({"start": 0, "end": 5, "hedge": "certain"}, "hedge"),
        ({"start": 0, "end": 5, "status": "orphaned"}, "status"),
    ],
)
def test_bad_mention_input_is_400(annotator, crafted, payload, field):
    from claims.models import Mention

    before = Mention.objects.count()
    full = {"claim": crafted.injured.pk, "article": crafted.copy.pk, **payload}
    body = _assert_error(annotator.post("/api/v1/mentions/", full), 400, "invalid")
    assert field in body["errors"], body
    assert Mention.objects.count() == before


def test_huge_payloads_are_413_before_being_read(annotator, crafted, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    before = _claim_count()
    body = _assert_error(annotator.post("/api/v1/claims/", {"text": "x" * 20_000}), 413, "payload_too_large")
    assert "10000 bytes" in body["detail"]
    assert _claim_count() == before


def test_a_body_that_lies_about_its_length_is_still_cut_at_the_limit(annotator, crafted, settings):
    from claims.api.errors import PayloadTooLarge
    from claims.api.parsers import LimitedJSONParser

    settings.API_MAX_BODY_BYTES = 100

    class Request:
        META = {"CONTENT_LENGTH": "10"}

    import io

    with pytest.raises(PayloadTooLarge):
        LimitedJSONParser().parse(io.BytesIO(b'{"text": "' + b"x" * 500 + b'"}'), parser_context={"request": Request()})


def test_json_must_be_sent_as_json(annotator, crafted):
    response = annotator.client.post(
        "/api/v1/claims/",
        data="text=hello",
        content_type="application/x-www-form-urlencoded",
        headers=annotator.headers,
    )
    _assert_error(response, 415, "unsupported_media_type")


def test_an_unacceptable_accept_header_is_406(annotator, crafted):
    _assert_error(annotator.get("/api/v1/claims/", headers={"Accept": "application/xml"}), 406, "not_acceptable")


def _cursor(querystring: str) -> str:
    return base64.b64encode(querystring.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!!",
        _cursor("p=abc"),
        _cursor("p=99999999999999999999999"),
        _cursor("o=-5"),
        _cursor("o=abc"),
        _cursor("r=7"),
        _cursor("x=1"),
        _cursor("p=1&p=2&p=%00"),
        base64.b64encode(b"\xff\xfe").decode(),
        "",
    ],
)
def test_forged_cursors_are_400(api_as, crafted, cursor):
    for path in ("/api/v1/claims/", "/api/v1/mentions/", "/api/v1/sources/"):
        body = _assert_error(api_as("viewer").get(path, {"cursor": cursor}), 400, "invalid")
        assert "cursor" in body["errors"]


def test_a_real_cursor_pages_through_everything(api_as, crafted):
    viewer = api_as("viewer")
    seen, url = [], "/api/v1/mentions/?page_size=1"
    while url:
        page = viewer.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted([*(m.pk for m in crafted.mentions), crafted.injured.mentions.get().pk])


def test_an_unknown_first_page_name_is_400(api_as, crafted):
    _assert_error(api_as("viewer").get("/api/v1/mentions/", {"format": "annotation", "page": "2"}), 400)


def test_an_if_match_on_a_missing_claim_is_404_not_412(annotator, crafted):
    _assert_error(annotator.patch("/api/v1/claims/987654/", {"text": "x"}, headers={"If-Match": '"x"'}), 404)
