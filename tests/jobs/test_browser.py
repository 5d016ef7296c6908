"""Upload -> job -> live progress -> report, in a real browser (Debian Chromium through Playwright)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from provenance.models import IngestBatch
from tests.jobs.conftest import fictional_page

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "jobs"
EMPTY_PAGE = b"<html><head><title></title></head><body><nav>Home | About</nav></body></html>"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/imports/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "import-pass-1")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(re.compile(r".*/imports/$"))


def test_upload_runs_as_a_job_with_live_progress_and_a_per_file_report(
    page, live_server, importer, job_queue, start_worker, settings
):
    settings.INGEST_INLINE_MAX_FILES = 2  # so this upload becomes a background job
    settings.INGEST_JOBS_PER_BATCH = 1
    sign_in(page, live_server, importer)

    files = [
        {"name": f"marsk-{n}.html", "mimeType": "text/html", "buffer": fictional_page(n, words=800)} for n in range(12)
    ]
    files.append({"name": "empty.html", "mimeType": "text/html", "buffer": EMPTY_PAGE})
    page.set_input_files("#upload_files", files)
    page.fill("#upload-form input[name=outlet]", "Vell Courier")
    page.screenshot(path=str(ARTIFACTS / "upload.png"), full_page=True)
    page.click("#upload-form button[type=submit]")

    page.wait_for_url(re.compile(r".*/imports/batches/\d+/$"))
    batch = IngestBatch.objects.get()
    assert page.locator("#batch-progress").get_attribute("data-status") == "queued"
    assert page.locator("[data-counter=files]").inner_text() == "0 / 13"
    page.screenshot(path=str(ARTIFACTS / "progress-queued.png"), full_page=True)

    start_worker()  # a real worker process on the test database
    # htmx polls the progress block: the counters move without reloading the page.
    page.wait_for_function(
        "() => { const dd = document.querySelector('[data-counter=files]');"
        " return dd && parseInt(dd.textContent) > 0; }",
        timeout=60_000,
    )
    page.screenshot(path=str(ARTIFACTS / "progress-running.png"), full_page=True)
    page.wait_for_selector("#report-heading", timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)

    assert page.locator("#batch-progress").get_attribute("data-status") == "done"
    assert page.locator("[data-counter=files]").inner_text() == "13 / 13"
    assert page.locator("[data-counter=created]").inner_text() == "12"
    assert page.locator("[data-counter=failed]").inner_text() == "1"
    failed_row = page.locator("tr.report-failed")
    assert failed_row.count() == 1 and "empty.html" in failed_row.inner_text()
    assert page.locator("tr.report-done").count() == 12
    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.articles_created, batch.outlet_name) == (
        "done",
        13,
        12,
        "Vell Courier",
    )


def test_a_refused_upload_shows_the_reason_and_stores_nothing(page, live_server, importer, job_queue, settings):
    settings.INGEST_MAX_BYTES = 50_000
    sign_in(page, live_server, importer)
    page.set_input_files(
        "#upload_files",
        [
            {"name": "fine.html", "mimeType": "text/html", "buffer": fictional_page(1)},
            {"name": "huge.html", "mimeType": "text/html", "buffer": b"<p>" + b"Marsk " * 20_000 + b"</p>"},
        ],
    )
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector(".form-errors")
    page.screenshot(path=str(ARTIFACTS / "refused.png"), full_page=True)
    assert "huge.html: over the limit of" in page.locator(".form-errors").inner_text()
    assert not IngestBatch.objects.exists()


def test_the_admin_upload_page_leads_to_the_batch_page_with_its_report(page, live_server, admin_user, job_queue):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/provenance/ingestbatch/add/")
    page.fill("input[name=username]", admin_user.username)
    page.fill("input[name=password]", "password")  # pytest-django's admin_user
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/provenance/ingestbatch/upload/$"))
    page.fill("#admin-paste-form textarea[name=text]", fictional_page(5).decode())
    page.fill("#admin-paste-form input[name=outlet]", "Vell Courier")
    page.screenshot(path=str(ARTIFACTS / "admin-upload.png"), full_page=True)
    page.click("#admin-paste-form input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/provenance/ingestbatch/\d+/change/$"))
    page.wait_for_selector("#report-heading")
    page.screenshot(path=str(ARTIFACTS / "admin-batch.png"), full_page=True)
    assert page.locator("[data-counter=created]").inner_text() == "1"


def test_each_label_on_the_import_page_focuses_its_own_forms_field(page, live_server, importer):
    sign_in(page, live_server, importer)
    page.screenshot(path=str(ARTIFACTS / "import-page.png"), full_page=True)
    for form in ("#upload-form", "#paste-form"):
        for label in ("Outlet", "URL"):
            page.locator(f"{form} label", has_text=label).click()
            focused_in = page.evaluate(
                "document.activeElement.closest('form') && document.activeElement.closest('form').id"
            )
            assert f"#{focused_in}" == form, f"the {label} label of {form} focused a field of #{focused_in}"
    page.locator("#paste-form label", has_text="Outlet").click()
    page.keyboard.type("Vell Courier")
    assert page.locator("#paste-form input[name=outlet]").input_value() == "Vell Courier"
    assert page.locator("#upload-form input[name=outlet]").input_value() == ""
