"""The import page's "Capture links" form: links become a background batch whose page reports each link."""

from __future__ import annotations

import pytest

from provenance.batches import execute_batch
from provenance.models import IngestBatch, IngestItem
from tests.jobs.test_import_page import assert_ids_unique_and_labels_local
from tests.provenance.web_server import running_server


@pytest.fixture
def server(settings):
    settings.CAPTURE_ALLOWED_HOSTS = ["127.0.0.1"]
    with running_server() as running:
        yield running


def test_pasted_links_become_a_batch_whose_page_reports_each_link(importer_client, importer, server):
    links = [f"{server.base}/page/1", f"{server.base}/members/2", f"{server.base}/gone"]
    response = importer_client.post("/imports/links/", {"links": "\n".join(links) + "\n\n", "respect_robots_txt": "on"})

    batch = IngestBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/batches/{batch.pk}/"
    assert batch.origin == "links" and batch.created_by == importer and batch.respect_robots_txt
    assert list(IngestItem.objects.filter(batch=batch).values_list("url", flat=True)) == links

    execute_batch(batch_id=batch.pk)  # what the worker's job runs
    page = importer_client.get(f"/imports/batches/{batch.pk}/").content.decode()

    assert "3 files read, 1 article created, 0 already known, 2 failed." in page
    assert links[0] in page and "Korrin dispatch 1" in page  # the link, and the article it gave
    assert f"{links[1]}: refused: {server.base}/robots.txt does not allow ProvenanceCapture" in page
    assert f"{links[2]}: the server answered HTTP 404 Not Found" in page


def test_robots_txt_can_be_turned_off_for_one_batch(importer_client, server):
    importer_client.post("/imports/links/", {"links": f"{server.base}/members/3"})

    batch = execute_batch(batch_id=IngestBatch.objects.get().pk)
    assert batch.respect_robots_txt is False and batch.articles_created == 1


def test_refused_links_come_back_on_the_form_and_store_nothing(importer_client, settings):
    settings.CAPTURE_ALLOWED_HOSTS = []
    response = importer_client.post("/imports/links/", {"links": "http://10.0.0.7/intranet\nmailto:ilse@marsk.example"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "http://10.0.0.7/intranet: refused: 10.0.0.7 is a private address" in page
    assert "mailto:ilse@marsk.example: refused: only http and https links are fetched" in page
    assert not IngestBatch.objects.exists()
    assert_ids_unique_and_labels_local(page, {"upload-form", "paste-form", "links-form"})
