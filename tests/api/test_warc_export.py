"""Evidence out through the API: a capture, an article or a claim as a WARC file; a capture's evidence state."""

from __future__ import annotations

import io
import json

import pytest
from warcio.archiveiterator import ArchiveIterator

from claims.services import add_mention
from provenance.batches import accept_files, execute_batch, import_files
from provenance.models import Article, Capture
from tests.api.conftest import COUNTER_QUERIES
from tests.provenance.web_archives import Warc, news_page

HERALD = "https://marskherald.example/news"


def import_upload(name: str, data: bytes) -> None:
    execute_batch(batch_id=import_files(files=accept_files([(name, data)]), origin="upload").pk)


def records(data: bytes) -> list[tuple[str, str, bytes]]:
    return [
        (record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), record.content_stream().read())
        for record in ArchiveIterator(io.BytesIO(data), check_digests=True)
    ]


@pytest.fixture
def evidence(db, make_claim):
    """Three pages from a crawl, each read as an article, and a claim mentioned in two of them."""
    warc = Warc()
    for n in (1, 2, 3):
        warc.response(f"{HERALD}/{n}", news_page(n))
    import_upload("crawl.warc.gz", warc.data)
    claim = make_claim("Trucks crossed the Vell bridge")
    articles = list(Article.objects.order_by("url"))
    for article in articles[:2]:
        start = article.body.index("Observers")
        add_mention(claim=claim, article=article, start=start, end=start + len("Observers"))
    return claim, articles


def test_a_claims_evidence_is_a_warc_of_the_captures_behind_its_mentions(api_as, evidence):
    claim, articles = evidence
    response = api_as("viewer").get(f"/api/v1/claims/{claim.pk}/warc/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/warc"
    assert response["Content-Disposition"] == f'attachment; filename="claim-{claim.pk}.warc.gz"'
    found = records(response.content)
    assert [kind for kind, _, _ in found] == ["warcinfo", "metadata", "response", "metadata", "response", "metadata"]
    subject = json.loads(found[1][2])
    assert found[1][1] == f"http://testserver/api/v1/claims/{claim.pk}/"
    assert subject["claim"]["text"] == "Trucks crossed the Vell bridge"
    assert {mention["article_id"] for mention in subject["claim"]["mentions"]} == {a.pk for a in articles[:2]}
    assert [uri for kind, uri, _ in found if kind == "response"] == [f"{HERALD}/1", f"{HERALD}/2"]
    assert found[2][2] == bytes(articles[0].capture.data)


def test_warc_exports_read_a_fixed_number_of_queries(api_as, evidence, django_assert_max_num_queries):
    claim, articles = evidence
    api = api_as("viewer")
    with django_assert_max_num_queries(14 + COUNTER_QUERIES):
        assert api.get(f"/api/v1/claims/{claim.pk}/warc/").status_code == 200
    with django_assert_max_num_queries(14 + COUNTER_QUERIES):
        assert api.get(f"/api/v1/articles/{articles[0].pk}/warc/").status_code == 200
    with django_assert_max_num_queries(12 + COUNTER_QUERIES):
        assert api.get(f"/api/v1/capture-records/{articles[0].capture_id}/warc/").status_code == 200


def test_a_capture_records_evidence_state_says_its_hash_holds(api_as, evidence):
    _, articles = evidence
    capture = articles[0].capture

    state = api_as("viewer").get(f"/api/v1/capture-records/{capture.pk}/").json()

    assert state["sha256"] == capture.sha256 and state["kind"] == Capture.Kind.ARCHIVE
    assert state["outcome"] == "ok"
    assert state["bytes"] == "the bytes hash to the stored SHA-256"
    assert state["timestamps"] == []


def test_an_unknown_id_is_a_json_404_naming_it(api_as, db):
    api = api_as("viewer")
    for path, said in [
        ("/api/v1/claims/424242/warc/", "No claim 424242."),
        ("/api/v1/articles/424242/warc/", "No article 424242."),
        ("/api/v1/capture-records/424242/warc/", "No capture 424242."),
    ]:
        response = api.get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert response.json()["detail"] == said


def test_an_anonymous_request_gets_no_evidence(anonymous, evidence):
    claim, _ = evidence
    assert anonymous.get(f"/api/v1/claims/{claim.pk}/warc/").status_code in (401, 403)
