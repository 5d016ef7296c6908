"""Uploads that are refused before anything is stored: over-size, wrong type, zip bombs, path traversal."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from provenance.batches import BatchError, BatchLimits, accept_files, create_batch
from provenance.models import Capture, IngestBatch, IngestItem
from tests.jobs.conftest import fictional_page, make_zip

LIMITS = BatchLimits(max_file_bytes=100_000, max_batch_bytes=300_000, max_files=20, zip_max_ratio=50)


def nothing_stored() -> bool:
    return not (Capture.objects.exists() or IngestBatch.objects.exists() or IngestItem.objects.exists())


def upload(client, *files: tuple[str, bytes], **fields):
    payload = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post("/imports/upload/", {"files": payload, **fields})


def test_html_text_and_zip_members_are_accepted_with_their_media_types():
    members = {"day1/a.html": fictional_page(1), "day1/b.txt": b"Plain notes from Marsk.", "__MACOSX/._a": b"x"}
    bundle = make_zip(members)
    accepted = accept_files([("page.htm", fictional_page(2)), ("bundle.zip", bundle)], limits=LIMITS)
    assert [(f.filename, f.media_type) for f in accepted] == [
        ("page.htm", "text/html"),
        ("bundle.zip/day1/a.html", "text/html"),
        ("bundle.zip/day1/b.txt", "text/plain"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n....", "wrong file type (.png)"),
        ("report.pdf", b"%PDF-1.7", "wrong file type (.pdf)"),
        ("noextension", b"hello", "wrong file type (no extension)"),
        ("disguised.html", b"\x89PNG\r\n\x1a\nrest", "a PNG image, not HTML or text"),
        ("disguised.txt", b"%PDF-1.4 binary", "a PDF document"),
        ("binary.txt", bytes(range(256)) * 4, "binary data"),
        ("empty.html", b"", "the file is empty"),
    ],
)
def test_wrong_types_are_refused_with_the_file_named(name, data, message):
    with pytest.raises(BatchError, match=re.escape(message)) as caught:
        accept_files([(name, data)], limits=LIMITS)
    assert name in str(caught.value)


def test_utf16_text_is_not_mistaken_for_binary():
    text = "Reports from Marsk and the Vell valley.".encode("utf-16-le")
    assert accept_files([("notes.txt", text)], limits=LIMITS)[0].data == text


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(BatchError, match=r"big\.html: .* over the limit"):
        accept_files([("big.html", b"a" * (LIMITS.max_file_bytes + 1))], limits=LIMITS)


def test_files_adding_up_over_the_import_limit_are_refused():
    files = [(f"page{n}.html", fictional_page(n) + b" " * 90_000) for n in range(4)]
    with pytest.raises(BatchError, match=r"add up to .* over the limit .* for one import"):
        accept_files(files, limits=LIMITS)


def test_a_zip_bomb_is_refused():
    bomb = make_zip({"flat.html": b"0" * 5_000_000})  # 5 MB of one byte packs into a few kB
    with pytest.raises(BatchError, match=r"zip bomb|over the limit"):
        accept_files([("bomb.zip", bomb)], limits=LIMITS)


def test_a_zip_bomb_within_the_size_limit_is_refused_by_its_ratio():
    limits = BatchLimits(max_file_bytes=10_000_000, max_batch_bytes=20_000_000, max_files=20, zip_max_ratio=50)
    bomb = make_zip({"flat.html": b"0" * 4_000_000})
    with pytest.raises(BatchError, match=r"refused as a zip bomb: .* more than 50 times its packed size"):
        accept_files([("bomb.zip", bomb)], limits=limits)


def test_a_zip_that_lies_about_its_sizes_is_refused():
    honest = make_zip({"a.html": b"<p>" + b"Marsk " * 5_000 + b"</p>"}, compression=zipfile.ZIP_DEFLATED)
    # Rewrite the declared uncompressed size (central directory and local header) to 100 bytes.
    real_size = (5_000 * 6 + 7).to_bytes(4, "little")
    lying = honest.replace(real_size, (100).to_bytes(4, "little"))
    assert lying != honest
    with pytest.raises(BatchError, match=r"zip bomb|cannot be unpacked"):
        accept_files([("liar.zip", lying)], limits=LIMITS)


@pytest.mark.parametrize("member", ["../outside.html", "day/../../etc/cron.html", "/abs/path.html", "C:\\win.html"])
def test_path_traversal_names_in_a_zip_are_refused(member):
    bundle = make_zip({"fine.html": fictional_page(1), member: fictional_page(2)})
    with pytest.raises(BatchError, match="points outside the archive"):
        accept_files([("bundle.zip", bundle)], limits=LIMITS)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"inner.zip": make_zip({"a.html": b"<p>x</p>"})}, "a zip inside a zip"),
        ({"a.html": b"<p>x</p>", "tool.exe": b"MZ..."}, r"tool\.exe: wrong file type"),
        ({"readme/": b""}, "holds no .html, .htm or .txt file"),
    ],
)
def test_zip_contents_of_the_wrong_kind_are_refused(members, message):
    with pytest.raises(BatchError, match=message):
        accept_files([("bundle.zip", make_zip(members))], limits=LIMITS)


def test_a_corrupt_zip_is_refused():
    with pytest.raises(BatchError, match="not a readable zip archive"):
        accept_files([("broken.zip", b"PK\x03\x04 this is not really a zip")], limits=LIMITS)


def test_a_zip_with_a_symbolic_link_is_refused():
    info = zipfile.ZipInfo("link.html")
    info.external_attr = 0o120777 << 16  # a symlink, as zip -y stores one
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr(info, "/etc/passwd")
    with pytest.raises(BatchError, match="symbolic links"):
        accept_files([("links.zip", buffer.getvalue())], limits=LIMITS)


def test_too_many_files_are_refused():
    files = [(f"p{n}.txt", b"Marsk note %d" % n) for n in range(LIMITS.max_files + 1)]
    with pytest.raises(BatchError, match="more than 20 files"):
        accept_files(files, limits=LIMITS)


@pytest.mark.django_db
def test_a_url_with_several_files_is_refused_and_nothing_is_stored():
    files = accept_files([("a.html", fictional_page(1)), ("b.html", fictional_page(2))], limits=LIMITS)
    with pytest.raises(BatchError, match="a URL names one page"):
        create_batch(files=files, url="https://vell-courier.example/a")
    assert nothing_stored()


# --- the same refusals through the upload page: a clear message, and nothing stored ---


@pytest.mark.django_db
def test_an_oversize_upload_is_refused_before_it_is_stored(importer_client, settings):
    settings.INGEST_MAX_BYTES = 10_000
    response = upload(importer_client, ("huge.html", b"<p>" + b"Marsk " * 5_000 + b"</p>"))
    assert response.status_code == 400
    assert "huge.html: over the limit of" in response.content.decode()
    assert "Nothing was stored" in response.content.decode()
    assert nothing_stored()


@pytest.mark.django_db
def test_one_bad_file_refuses_the_whole_upload(importer_client):
    response = upload(importer_client, ("good.html", fictional_page(1)), ("virus.exe", b"MZ\x90\x00"))
    assert response.status_code == 400
    assert "virus.exe: wrong file type (.exe)" in response.content.decode()
    assert nothing_stored()


@pytest.mark.django_db
def test_a_disguised_binary_upload_is_refused(importer_client):
    response = upload(importer_client, ("page.html", b"\xff\xd8\xff\xe0 a JPEG really"))
    assert response.status_code == 400
    assert "a JPEG image, not HTML or text" in response.content.decode()
    assert nothing_stored()


@pytest.mark.django_db
def test_a_zip_bomb_upload_is_refused(importer_client):
    response = upload(importer_client, ("bomb.zip", make_zip({"flat.html": b"0" * 60_000_000})))
    assert response.status_code == 400
    assert "bomb.zip/flat.html" in response.content.decode()
    assert nothing_stored()


@pytest.mark.django_db
def test_a_path_traversal_zip_upload_is_refused(importer_client):
    response = upload(importer_client, ("trip.zip", make_zip({"../../escape.html": fictional_page(3)})))
    assert response.status_code == 400
    assert "points outside the archive" in response.content.decode()
    assert nothing_stored()


@pytest.mark.django_db
def test_an_empty_paste_is_refused(importer_client):
    response = importer_client.post("/imports/paste/", {"text": "   \n  "})
    assert response.status_code == 400
    assert nothing_stored()


@pytest.mark.django_db
def test_adding_material_needs_the_permission(client, django_user_model):
    viewer = django_user_model.objects.create_user(username="viewer", password="x")
    client.force_login(viewer)
    assert client.get("/imports/").status_code == 403
    assert upload(client, ("a.html", fictional_page(1))).status_code == 403
    assert nothing_stored()


@pytest.mark.django_db
def test_the_import_pages_need_a_login(client):
    response = client.get("/imports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_url_that_is_not_a_web_address_is_refused_and_nothing_is_stored():
    files = accept_files([("a.html", fictional_page(1))], limits=LIMITS)
    with pytest.raises(BatchError, match="not a web address"):
        create_batch(files=files, url="ftp://vell-courier.example/a")
    assert nothing_stored()


@pytest.mark.django_db
def test_a_paste_too_long_for_a_request_is_refused_with_a_hint(importer_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = importer_client.post("/imports/paste/", {"text": "Marsk " * 5_000})
    assert response.status_code == 413
    assert "too long for one paste" in response.content.decode()
    assert nothing_stored()


@pytest.mark.django_db
def test_a_paste_without_the_csrf_token_is_refused(client, importer):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(importer)
    assert client.post("/imports/paste/", {"text": "Marsk notes"}).status_code == 403
    assert client.post("/imports/upload/", {"files": [SimpleUploadedFile("a.txt", b"Marsk")]}).status_code == 403
    assert nothing_stored()


@pytest.mark.django_db
def test_an_empty_file_among_good_ones_is_refused_by_name_and_nothing_is_stored(importer_client):
    response = upload(
        importer_client, ("good-1.html", fictional_page(1)), ("empty.txt", b""), ("good-2.html", fictional_page(2))
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "empty.txt: the file is empty" in page
    assert "The submitted file is empty." not in page
    assert nothing_stored()


@pytest.mark.django_db
def test_a_url_given_with_several_uploaded_files_is_refused_on_the_page(importer_client):
    response = upload(
        importer_client,
        ("a.html", fictional_page(1)),
        ("b.html", fictional_page(2)),
        url="https://vell-courier.example/a",
    )
    assert response.status_code == 400
    assert "a URL names one page" in response.content.decode()
    assert nothing_stored()
