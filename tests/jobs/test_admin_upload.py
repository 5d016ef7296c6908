"""The admin's upload page and batch pages: same checks and services as the web app, progress and report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from provenance import batches
from provenance.models import Capture, IngestBatch
from tests.jobs.conftest import fictional_page, make_zip

UPLOAD_URL = "/admin/provenance/ingestbatch/upload/"


@pytest.fixture
def admin_user_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
def test_add_in_the_admin_is_the_upload_page(admin_user_client):
    response = admin_user_client.get("/admin/provenance/ingestbatch/add/")
    assert response.status_code == 302 and response["Location"] == UPLOAD_URL
    page = admin_user_client.get(UPLOAD_URL)
    assert page.status_code == 200
    assert 'id="admin-upload-form"' in page.content.decode() and 'id="admin-paste-form"' in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_paste_in_the_admin_is_ingested_and_its_page_shows_the_report(admin_user_client, job_queue):
    response = admin_user_client.post(UPLOAD_URL, {"text": fictional_page(3).decode(), "outlet": "Vell Courier"})
    batch = IngestBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/provenance/ingestbatch/{batch.pk}/change/"
    assert (batch.origin, batch.status, batch.articles_created) == ("admin", "done", 1)
    page = admin_user_client.get(response["Location"]).content.decode()
    assert 'id="batch-progress"' in page and "1 file read, 1 article created" in page


@pytest.mark.django_db
def test_an_admin_upload_is_refused_like_in_the_web_app(admin_user_client):
    bundle = make_zip({"../../outside.html": fictional_page(1)})
    response = admin_user_client.post(UPLOAD_URL, {"files": [SimpleUploadedFile("trip.zip", bundle)]})
    assert response.status_code == 400
    assert "points outside the archive" in response.content.decode()
    assert not Capture.objects.exists() and not IngestBatch.objects.exists()


@pytest.mark.django_db
def test_the_admin_upload_needs_the_add_permission(client, django_user_model):
    staff = django_user_model.objects.create_user(username="staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(UPLOAD_URL).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_retry_action_queues_a_failed_import_again(admin_user_client, admin_user, job_queue):
    files = batches.accept_files([("a.html", fictional_page(1)), ("b.html", fictional_page(2))])
    batch = batches.create_batch(files=files, created_by=admin_user)
    batches.fail_batch(batch_id=batch.pk, error="the database connection was lost during the import")
    response = admin_user_client.post(
        "/admin/provenance/ingestbatch/", {"action": "retry_batches", "_selected_action": [batch.pk]}, follow=True
    )
    assert response.status_code == 200 and "1 import(s) queued again." in response.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("queued", "")
