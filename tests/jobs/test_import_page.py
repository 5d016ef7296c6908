"""The import page's markup: two forms on one page, each label pointing at its own form's field."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from provenance.models import IngestBatch


class FormMarkup(HTMLParser):
    """Every id on a page, and each label's `for` with the id of the form it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.form_of_id: dict[str, str | None] = {}
        self.labels: list[tuple[str, str | None]] = []
        self._form: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._form = attributes.get("id")
        if attributes.get("id"):
            self.ids.append(attributes["id"])
            self.form_of_id.setdefault(attributes["id"], self._form)
        if tag == "label" and attributes.get("for"):
            self.labels.append((attributes["for"], self._form))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def parse(html: str) -> FormMarkup:
    markup = FormMarkup()
    markup.feed(html)
    return markup


def assert_ids_unique_and_labels_local(html: str, forms: set[str]) -> None:
    markup = parse(html)
    duplicates = [name for name, count in Counter(markup.ids).items() if count > 1]
    assert duplicates == [], f"ids used more than once: {duplicates}"
    in_forms = [(target, form) for target, form in markup.labels if form in forms]
    assert len(in_forms) >= 6  # files, outlet, URL; text, outlet, URL
    for target, form in in_forms:
        assert markup.form_of_id.get(target) == form, f"the label for {target!r} in {form} points outside it"


def test_every_id_on_the_import_page_is_unique_and_each_label_names_its_own_forms_field(importer_client):
    response = importer_client.get("/imports/")
    assert_ids_unique_and_labels_local(response.content.decode(), {"upload-form", "paste-form"})


def test_a_refused_paste_comes_back_with_unique_ids_and_its_error_beside_its_own_field(importer_client):
    response = importer_client.post("/imports/paste/", {"text": "   ", "url": "not a url"})
    assert response.status_code == 400
    html = response.content.decode()
    assert_ids_unique_and_labels_local(html, {"upload-form", "paste-form"})
    paste_form = html[html.index('id="paste-form"') :]
    assert 'value="not a url"' in paste_form and "Enter a valid URL." in paste_form
    assert not IngestBatch.objects.exists()


def test_the_admin_upload_page_has_unique_ids_too(admin_client):
    response = admin_client.get("/admin/provenance/ingestbatch/upload/")
    assert_ids_unique_and_labels_local(response.content.decode(), {"admin-upload-form", "admin-paste-form"})


@pytest.mark.django_db(transaction=True)
def test_the_paste_form_still_imports_by_its_field_names(importer_client, job_queue):
    from tests.jobs.conftest import fictional_page

    text = "Marsk convoy report\n\n" + fictional_page(2).decode().replace("<", " <")
    response = importer_client.post("/imports/paste/", {"text": text, "outlet": "Vell Courier"})
    batch = IngestBatch.objects.get()
    assert response.status_code == 302 and batch.outlet_name == "Vell Courier"
