"""Import batches: small inputs at once, bigger ones as jobs; per-file reports; failures end readable, not stuck."""

from __future__ import annotations

import io
import json

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection

from provenance import batches
from provenance.models import Article, IngestBatch, IngestItem
from tests.jobs.conftest import fictional_page, ingest_jobs, run_jobs_here

# A page with nothing in it to extract: the pipeline must refuse it with a readable error.
EMPTY_PAGE = b"<html><head><title></title></head><body><nav>Home | About</nav></body></html>"


def upload(client, *files: tuple[str, bytes], **fields):
    return client.post("/imports/upload/", {"files": [SimpleUploadedFile(n, d) for n, d in files], **fields})


def articles_of(batch: IngestBatch) -> list[int]:
    return [entry["article_id"] for entry in batches.batch_report(batch) if "article_id" in entry]


@pytest.mark.django_db(transaction=True)
def test_a_small_paste_is_ingested_at_once_and_reported(importer_client, job_queue):
    text = fictional_page(1).decode().replace("<", " <")
    response = importer_client.post(
        "/imports/paste/", {"text": "Marsk convoy report\n\n" + text, "outlet": "Vell Courier"}, follow=True
    )
    assert response.status_code == 200
    batch = IngestBatch.objects.get()
    assert (batch.status, batch.origin, batch.files_done, batch.files_total) == ("done", "paste", 1, 1)
    assert batch.articles_created == 1
    assert ingest_jobs() == []  # nothing was queued
    report = batches.batch_report(batch)
    assert report[0]["created"] is True and report[0]["file"] == "pasted-text.txt"
    assert Article.objects.get(pk=report[0]["article_id"]).capture == batch.items.get().capture
    assert "Report" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_bigger_upload_becomes_jobs_that_a_worker_runs(importer_client, job_queue, settings):
    settings.INGEST_INLINE_MAX_FILES = 2
    settings.INGEST_JOBS_PER_BATCH = 2
    response = upload(importer_client, *[(f"report-{n}.html", fictional_page(n)) for n in range(5)])
    batch = IngestBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/batches/{batch.pk}/"
    assert batch.status == "queued" and batch.files_total == 5
    assert IngestItem.objects.filter(batch=batch, capture__isnull=False).count() == 5  # stored at once
    assert [job["args"] for job in ingest_jobs()] == [{"batch_id": batch.pk}] * 2

    page = importer_client.get(f"/imports/batches/{batch.pk}/")
    assert 'hx-trigger="every 1s"' in page.content.decode()  # polls while queued

    run_jobs_here()
    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.files_failed, batch.articles_created) == ("done", 5, 0, 5)
    assert {job["status"] for job in ingest_jobs()} == {"succeeded"}
    progress = importer_client.get(f"/imports/batches/{batch.pk}/progress/").content.decode()
    assert "hx-trigger" not in progress  # finished: polling stops
    assert "5 files read, 5 articles created, 0 already known, 0 failed" in progress


@pytest.mark.django_db(transaction=True)
def test_the_batch_report_is_the_ingest_command_report(importer, job_queue, tmp_path):
    pages = {f"report-{n}.html": fictional_page(n) for n in range(3)} | {"empty.html": EMPTY_PAGE}
    files = batches.accept_files(pages.items())
    batch = batches.run_batch(batch_id=batches.create_batch(files=files, created_by=importer).pk)
    report = batches.batch_report(batch)

    for name, data in pages.items():
        (tmp_path / name).write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 file"):  # exit status 1: one file failed
        call_command("ingest", str(tmp_path), "--json", stdout=out)
    command_report = json.loads(out.getvalue())

    def comparable(entries):
        # the command names files by path and finds the articles already stored (created: false)
        # (and names them by path in error messages too)
        rows = [
            {k: v for k, v in e.items() if k not in ("file", "created")} | {"name": e["file"].split("/")[-1]}
            for e in entries
        ]
        for row in rows:
            if "error" in row:
                row["error"] = row["error"].replace(f"{tmp_path}/", "")
        return sorted(rows, key=lambda row: (row["name"], row.get("article_id") or 0))

    assert comparable(report) == comparable(command_report)
    assert all(entry["created"] is False for entry in command_report if "article_id" in entry)


@pytest.mark.django_db(transaction=True)
def test_a_broken_input_ends_with_a_readable_error_in_the_report_not_stuck_running(importer, job_queue):
    files = batches.accept_files([("good.html", fictional_page(7)), ("empty.html", EMPTY_PAGE)])
    batch = batches.create_batch(files=files, created_by=importer)
    batches.start_batch(batch=batch, inline=False)
    run_jobs_here()
    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.files_failed, batch.articles_created) == ("done", 2, 1, 1)
    failed = batch.items.get(status="failed")
    assert failed.filename == "empty.html" and failed.error and "Traceback" not in failed.error
    assert {"file": "empty.html", "error": failed.error} in batches.batch_report(batch)
    assert {job["status"] for job in ingest_jobs()} == {"succeeded"}


@pytest.mark.django_db(transaction=True)
def test_the_database_going_away_mid_job_fails_the_batch_cleanly_and_a_retry_finishes_it(importer, job_queue):
    files = batches.accept_files([(f"report-{n}.html", fictional_page(n)) for n in range(4)])
    batch = batches.create_batch(files=files, created_by=importer)

    def cut_the_connection(sender, batch_id, item_id, **kwargs):
        # After the first file, the server ends this session, as a restart or failover would.
        pid = connection.connection.info.backend_pid
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    batches.batch_item_done.connect(cut_the_connection)
    try:
        with pytest.raises(OperationalError):
            batches.execute_batch(batch_id=batch.pk)
    finally:
        batches.batch_item_done.disconnect(cut_the_connection)

    batch.refresh_from_db()
    assert batch.status == "failed" and "database connection was lost" in batch.error
    assert batch.files_done == 1 and batch.items.filter(status="pending").count() == 3
    assert Article.objects.count() == 1  # the file being ingested when the connection went is not half-stored

    batches.retry_batch(batch_id=batch.pk)
    run_jobs_here()
    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.articles_created, batch.error) == ("done", 4, 4, "")
    assert Article.objects.count() == 4
    assert sorted(articles_of(batch)) == sorted(Article.objects.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_running_a_finished_batch_again_changes_nothing(importer, job_queue):
    files = batches.accept_files([("a.html", fictional_page(1)), ("b.html", fictional_page(2))])
    batch = batches.run_batch(batch_id=batches.create_batch(files=files, created_by=importer).pk)
    before = (batch.files_done, batch.articles_created, Article.objects.count(), batch.finished_at)
    again = batches.run_batch(batch_id=batch.pk)
    assert (again.files_done, again.articles_created, Article.objects.count(), again.finished_at) == before
    with pytest.raises(batches.BatchError, match="is finished; there is nothing to retry"):
        batches.retry_batch(batch_id=batch.pk)


@pytest.mark.django_db
def test_the_batch_pages_need_a_permission(client, django_user_model, importer):
    batch = batches.create_batch(files=batches.accept_files([("a.html", fictional_page(1))]), created_by=importer)
    stranger = django_user_model.objects.create_user(username="stranger", password="x")
    client.force_login(stranger)
    assert client.get(f"/imports/batches/{batch.pk}/").status_code == 403
    assert client.get(f"/imports/batches/{batch.pk}/report.json").status_code == 403


@pytest.mark.django_db
def test_the_batch_page_and_progress_take_a_fixed_number_of_queries(
    importer_client, importer, django_assert_max_num_queries
):
    files = batches.accept_files([(f"r{n}.txt", b"Marsk note %d, about the Vell bridge." % n) for n in range(30)])
    batch = batches.create_batch(files=files, created_by=importer)
    with django_assert_max_num_queries(8):
        assert importer_client.get(f"/imports/batches/{batch.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert importer_client.get(f"/imports/batches/{batch.pk}/progress/").status_code == 200


@pytest.mark.django_db
def test_another_annotators_import_is_not_shown_but_an_admin_sees_every_import(client, django_user_model, importer):
    from django.contrib.auth.models import Group

    from claims.roles import sync_role_groups

    sync_role_groups()
    batch = batches.create_batch(files=batches.accept_files([("a.html", fictional_page(1))]), created_by=importer)
    other = django_user_model.objects.create_user(username="other-annotator", password="x")
    other.groups.add(Group.objects.get(name="annotator"))
    client.force_login(other)
    for path in ("", "progress/", "report.json"):
        assert client.get(f"/imports/batches/{batch.pk}/{path}").status_code == 404
    assert client.post(f"/imports/batches/{batch.pk}/retry/").status_code == 404
    admin = django_user_model.objects.create_user(username="desk-admin", password="x")
    admin.groups.add(Group.objects.get(name="admin"))
    client.force_login(admin)
    assert client.get(f"/imports/batches/{batch.pk}/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_jobs_all_gave_up_ends_failed_with_retry_not_running_for_ever(importer, job_queue):
    files = batches.accept_files([(f"report-{n}.html", fictional_page(n)) for n in range(3)])
    batch = batches.create_batch(files=files, created_by=importer)
    batches.start_batch(batch=batch, inline=False)
    waiting = batches.create_batch(files=batches.accept_files([("other.html", fictional_page(9))]), created_by=importer)
    batches.start_batch(batch=waiting, inline=False)
    inline = batches.create_batch(files=batches.accept_files([("inline.html", fictional_page(8))]), created_by=importer)
    IngestBatch.objects.filter(pk__in=[batch.pk, inline.pk]).update(status=IngestBatch.Status.RUNNING)
    with connection.cursor() as cursor:  # what the queue holds once a job's retries ran out with the database away
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'failed' WHERE task_name = 'provenance.tasks.ingest_batch' "
            "AND (args->>'batch_id')::bigint = %s",
            [batch.pk],
        )

    assert batches.fail_orphaned_batches() == [batch.pk]

    batch.refresh_from_db()
    assert batch.status == "failed" and "retry to finish the rest" in batch.error
    assert IngestBatch.objects.get(pk=waiting.pk).status == "queued"  # its job is still to do
    assert IngestBatch.objects.get(pk=inline.pk).status == "running"  # run in a request: no job to judge by
    batches.retry_batch(batch_id=batch.pk)
    run_jobs_here()
    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.error) == ("done", 3, "")
