"""POST /api/v1/captures/: links become a batch for the workers; GET follows it; refusals are 400s naming the link."""

from __future__ import annotations

import pytest

from provenance.batches import execute_batch
from provenance.models import Capture, IngestBatch
from tests.provenance.web_server import running_server

CAPTURES = "/api/v1/captures/"


@pytest.fixture
def server(settings):
    settings.CAPTURE_ALLOWED_HOSTS = ["127.0.0.1"]
    with running_server() as running:
        yield running


def test_an_annotator_queues_links_and_follows_each_ones_result(api_as, server):
    api = api_as("annotator")
    links = [f"{server.base}/page/1", f"{server.base}/report.pdf"]

    response = api.post(CAPTURES, {"urls": links, "outlet": "The Marsk Herald"})

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["links_total"] == 2 and body["outlet"] == "The Marsk Herald"
    assert [link["url"] for link in body["links"]] == links
    assert response["Location"].endswith(f"{CAPTURES}{body['id']}/")
    batch = IngestBatch.objects.get(pk=body["id"])
    assert batch.created_by == api.user and batch.origin == "api" and batch.respect_robots_txt

    execute_batch(batch_id=batch.pk)  # what the worker's job runs
    done = api.get(f"{CAPTURES}{batch.pk}/").json()

    assert done["status"] == "done" and done["links_done"] == 2 and done["links_failed"] == 1
    page, pdf = done["links"]
    assert page["status"] == "done" and page["articles"][0]["created"] is True
    assert page["capture"] == Capture.objects.get(requested_url=links[0]).pk
    assert pdf["status"] == "failed" and "wrong content type application/pdf" in pdf["error"]


def test_links_that_cannot_be_fetched_are_refused_with_their_reason(api_as, settings):
    settings.CAPTURE_ALLOWED_HOSTS = []
    response = api_as("annotator").post(CAPTURES, {"urls": ["http://127.0.0.1:8000/admin/", "gopher://marsk.example/"]})

    assert response.status_code == 400
    (message,) = response.json()["errors"]["urls"]
    assert "http://127.0.0.1:8000/admin/: refused: 127.0.0.1 is a loopback address" in message
    assert "gopher://marsk.example/: refused: only http and https links are fetched" in message
    assert not IngestBatch.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"urls": []},
        {"urls": "https://a.example/"},
        {"urls": ["https://a.example/"], "respect_robots_txt": "no"},
        {"urls": ["https://a.example/"], "depth": 2},
    ],
)
def test_malformed_requests_are_refused(api_as, payload):
    assert api_as("annotator").post(CAPTURES, payload).status_code == 400


def test_a_viewer_may_not_capture_and_robots_can_be_turned_off_per_batch(api_as):
    assert api_as("viewer").post(CAPTURES, {"urls": ["https://marskherald.example/"]}).status_code == 403
    response = api_as("reviewer").post(
        CAPTURES, {"urls": ["https://marskherald.example/"], "respect_robots_txt": False}
    )
    assert response.status_code == 202 and response.json()["respect_robots_txt"] is False


def test_an_import_of_files_is_not_a_capture_batch(api_as):
    batch = IngestBatch.objects.create(origin="upload", files_total=0)
    assert api_as("viewer").get(f"{CAPTURES}{batch.pk}/").status_code == 404


def test_a_capture_batch_is_followed_by_its_owner_and_admins_only(api_as):
    body = api_as("annotator").post(CAPTURES, {"urls": ["https://marskherald.example/news/9"]}).json()

    assert api_as("annotator").get(f"{CAPTURES}{body['id']}/").status_code == 404
    assert api_as("admin").get(f"{CAPTURES}{body['id']}/").json()["links_total"] == 1
