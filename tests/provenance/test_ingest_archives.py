"""Web archives in (WARC, WACZ, MHTML): a capture per HTML page, with what the archive says; damage stays local."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction

from provenance.batches import accept_files, create_batch, execute_batch, import_files
from provenance.models import Article, Capture, IngestItem
from tests.provenance.test_evidence import pywb_python
from tests.provenance.web_archives import Warc, mhtml, news_page, wacz

HERALD = "https://marskherald.example/news"


def crawl(*, gzip_records: bool = True) -> Warc:
    """A crawl of two pages: warcinfo, each page with its request and metadata, an image, a redirect, a revisit."""
    warc = Warc(gzip=gzip_records)
    warc.warcinfo()
    first = warc.response(f"{HERALD}/1", news_page(1), extra_headers=[("Set-Cookie", "session=a")])
    warc.request(f"{HERALD}/1", concurrent_to=first)
    warc.metadata(f"{HERALD}/1", refers_to=first)
    warc.response(f"{HERALD}/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, content_type="image/png")
    warc.response(f"{HERALD}/old", b"", status="301 Moved Permanently", content_type="text/html")
    warc.response(f"{HERALD}/2", news_page(2), content_type="text/html; charset=windows-1252")
    warc.revisit(f"{HERALD}/1", body=news_page(1))
    return warc


def import_archive(name: str, data: bytes, user=None):
    """Upload an archive and see its batch through (at once when small, else as the job would)."""
    batch = import_files(files=accept_files([(name, data)]), origin="upload", created_by=user)
    return execute_batch(batch_id=batch.pk)


@pytest.mark.django_db
def test_each_html_response_of_a_warc_becomes_a_capture_with_its_record():
    warc = crawl()
    batch = import_archive("crawl.warc.gz", warc.data)

    captures = Capture.objects.order_by("url")
    assert [(capture.kind, capture.url) for capture in captures] == [
        (Capture.Kind.ARCHIVE, f"{HERALD}/1"),
        (Capture.Kind.ARCHIVE, f"{HERALD}/2"),
    ]  # the image, the redirect, the request, metadata, warcinfo and revisit records are no pages
    first = captures[0]
    assert bytes(first.data) == news_page(1)
    assert first.captured_at == datetime(2031, 3, 3, 8, 30, tzinfo=UTC)
    assert first.http_status == 200
    assert ["Set-Cookie", "session=a"] in first.http_headers
    assert first.archive_record_id == warc.ids[1]
    assert first.archive_digest.startswith("sha1:")
    info = first.archive_info
    assert info["archive"] == "crawl.warc.gz" and info["format"] == "warc.gz"
    assert info["digests"] == "verified"
    assert info["warcinfo"]["fields"].startswith("software: test crawler")
    assert info["request"][0]["record_id"] == warc.ids[2]
    assert "via: https://marskherald.example/" in info["metadata"][0]["fields"]
    assert captures[1].encoding == "utf-8"  # the header said windows-1252, but the bytes are UTF-8 (ASCII)

    assert batch.files_total == 2 and batch.files_failed == 0 and batch.articles_created == 2
    article = Article.objects.get(capture=first)
    assert article.url == f"{HERALD}/1"
    assert article.title == "Korrin dispatch 1"


@pytest.mark.django_db
def test_importing_the_same_warc_again_stores_nothing_new():
    data = crawl().data
    import_archive("crawl.warc.gz", data)
    again = import_archive("crawl.warc.gz", data)

    assert Capture.objects.count() == 2
    assert Article.objects.count() == 2
    assert again.articles_created == 0 and again.articles_known == 2


@pytest.mark.django_db
def test_a_truncated_gzip_member_fails_only_its_record_and_the_rest_imports():
    warc = Warc()
    warc.warcinfo()
    warc.response(f"{HERALD}/1", news_page(1))
    warc.response(f"{HERALD}/2", news_page(2))
    warc.response(f"{HERALD}/3", news_page(3))
    damaged = warc.members[2][: len(warc.members[2]) // 2]  # page 2's gzip member cut in half
    data = b"".join([warc.members[0], warc.members[1], damaged, warc.members[3]])

    batch = import_archive("crawl.warc.gz", data)

    assert sorted(Capture.objects.values_list("url", flat=True)) == [f"{HERALD}/1", f"{HERALD}/3"]
    (failed,) = IngestItem.objects.filter(batch=batch, status=IngestItem.Status.FAILED)
    offset = len(warc.members[0]) + len(warc.members[1])
    assert failed.filename == "crawl.warc.gz#3"
    assert f"crawl.warc.gz#3: record at offset {offset}: damaged gzip member" in failed.error
    assert batch.files_total == 3 and batch.files_failed == 1 and batch.articles_created == 2


@pytest.mark.django_db
def test_a_gzip_file_cut_short_fails_its_last_record_only():
    warc = Warc()
    warc.response(f"{HERALD}/1", news_page(1))
    warc.response(f"{HERALD}/2", news_page(2))
    data = warc.data[:-40]

    batch = import_archive("crawl.warc.gz", data)

    assert list(Capture.objects.values_list("url", flat=True)) == [f"{HERALD}/1"]
    (failed,) = IngestItem.objects.filter(batch=batch, status=IngestItem.Status.FAILED)
    assert "truncated gzip member: the file ends inside it" in failed.error


@pytest.mark.django_db
def test_a_malformed_record_of_a_plain_warc_fails_alone():
    warc = Warc(gzip=False)
    warc.response(f"{HERALD}/1", news_page(1))
    warc.response(f"{HERALD}/2", news_page(2))
    warc.response(f"{HERALD}/3", news_page(3))
    # The second record claims more content than it has: its length runs into the third record.
    broken = warc.members[1].replace(b"Content-Length: ", b"Content-Length: 9", 1)
    garbage = b"NOT-A-WARC-LINE\r\n\r\n"
    data = warc.members[0] + garbage + broken + warc.members[2]

    batch = import_archive("crawl.warc", data)

    urls = sorted(Capture.objects.values_list("url", flat=True))
    assert urls == [f"{HERALD}/1", f"{HERALD}/3"]
    errors = list(
        IngestItem.objects.filter(batch=batch, status="failed").order_by("id").values_list("error", flat=True)
    )
    assert errors[0].startswith("crawl.warc#2: record at offset ")
    assert "does not start with a WARC/1.x line" in errors[0]
    assert f"truncated record {warc.ids[1]}" in errors[1]
    assert batch.articles_created == 2


@pytest.mark.django_db
def test_a_record_whose_content_was_changed_is_kept_with_its_digest_mismatch():
    warc = Warc(gzip=False)
    warc.response(f"{HERALD}/1", news_page(1))
    data = warc.data.replace(b"counted 11 trucks", b"counted 99 trucks")

    import_archive("crawl.warc", data)

    capture = Capture.objects.get()
    assert capture.archive_info["digests"] == "mismatch"
    assert any("payload digest failed" in problem for problem in capture.archive_info["digest_problems"])


@pytest.mark.django_db
def test_an_archive_without_pages_is_refused_with_what_it_held():
    warc = Warc()
    warc.warcinfo()
    warc.response(f"{HERALD}/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")

    with pytest.raises(ValueError, match=r"crawl\.warc\.gz: no HTML page in the archive \(skipped: 1 image/png"):
        accept_files([("crawl.warc.gz", warc.data)])
    assert not Capture.objects.exists()


@pytest.mark.django_db
def test_a_wacz_gives_its_pages_with_the_package_checked_and_a_false_signature_found_out():
    warc = Warc()
    warc.response(f"{HERALD}/1", news_page(1))
    warc.response(f"{HERALD}/2", news_page(2))
    pages = [{"url": f"{HERALD}/1", "title": "Marsk dispatch 1", "ts": "2031-03-03T08:30:00Z"}]
    data = wacz({"data.warc.gz": warc.data}, pages=pages, signed=True)

    batch = import_archive("march.wacz", data)

    assert batch.articles_created == 2
    capture = Capture.objects.get(url=f"{HERALD}/1")
    assert capture.filename == "march.wacz/archive/data.warc.gz#1"
    described = capture.archive_info["wacz"]
    assert capture.archive_info["format"] == "wacz"
    assert described["datapackage"]["title"] == "Marsk Herald, March 2031"
    assert described["resource"] == "archive/data.warc.gz"
    assert described["resource_hash"] == "verified"
    assert described["datapackage_digest"] == "verified"
    signature = described["signature"]
    assert signature["present"] is True and signature["verified"] is False
    assert signature["status"] == "signature does not hold"
    assert signature["mode"] == "domain" and signature["domain"] == "signer.marskherald.example"
    assert "the signed hash is the hash of datapackage.json" in signature["checked"]
    assert any(problem.startswith("domainCert is not a PEM certificate chain") for problem in signature["problems"])
    assert capture.archive_info["wacz_page"] == {"title": "Marsk dispatch 1", "ts": "2031-03-03T08:30:00Z"}


@pytest.mark.django_db
@pytest.mark.parametrize("raw_signature", [False, True], ids=["DER", "WebCrypto r||s"])
def test_a_wacz_signed_with_a_key_has_its_signature_verified_and_says_what_was_not(raw_signature):
    warc = Warc()
    warc.response(f"{HERALD}/1", news_page(1))
    key = ec.generate_private_key(ec.SECP256R1())

    import_archive("signed.wacz", wacz({"data.warc.gz": warc.data}, signer=key, raw_signature=raw_signature))

    signature = Capture.objects.get().archive_info["wacz"]["signature"]
    assert signature["verified"] is True and signature["mode"] == "anonymous"
    assert signature["status"] == "signature valid"
    assert "ECDSA-SHA256 signature of the hash verified with the signer's public key" in signature["checked"]
    assert signature["not_checked"] == [
        "who holds the key: an anonymous signature says only that the package is unchanged"
    ]


@pytest.mark.django_db
def test_a_wacz_signed_by_another_key_than_the_one_it_names_does_not_hold():
    warc = Warc()
    warc.response(f"{HERALD}/1", news_page(1))
    data = wacz({"data.warc.gz": warc.data}, signer=ec.generate_private_key(ec.SECP256R1()))
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    named = base64.b64encode(other.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)).decode()
    data = replace_in_zip(data, "datapackage-digest.json", lambda digest: {**digest, "signedData": {
        **digest["signedData"], "publicKey": named}})  # fmt: skip

    import_archive("forged.wacz", data)

    signature = Capture.objects.get().archive_info["wacz"]["signature"]
    assert signature["verified"] is False and signature["status"] == "signature does not hold"
    assert signature["problems"] == ["the signature does not verify with the signer's public key"]


def replace_in_zip(data: bytes, name: str, change) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                content = json.dumps(change(json.loads(content))).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


@pytest.mark.django_db
def test_a_wacz_whose_warc_was_altered_says_so_and_an_unsigned_one_says_unsigned():
    warc = Warc()
    warc.response(f"{HERALD}/1", news_page(1))

    import_archive("march.wacz", wacz({"data.warc.gz": warc.data}, tamper=True))

    described = Capture.objects.get().archive_info["wacz"]
    assert described["resource_hash"].startswith("mismatch: datapackage.json says sha256:")
    assert described["signature"] == {"present": False}


@pytest.mark.django_db
def test_a_zip_without_datapackage_is_not_a_wacz():
    from tests.jobs.conftest import make_zip

    with pytest.raises(ValueError, match=r"fake\.wacz: not a WACZ: it has no datapackage\.json"):
        accept_files([("fake.wacz", make_zip({"archive/data.warc.gz": crawl().data}))])


@pytest.mark.django_db
def test_an_mhtml_snapshot_gives_its_html_part_with_its_address_and_date():
    url = f"{HERALD}/4"
    batch = import_archive("dispatch.mhtml", mhtml(news_page(4), url=url))

    capture = Capture.objects.get()
    assert capture.kind == Capture.Kind.ARCHIVE
    assert bytes(capture.data) == news_page(4) + b"\n"  # the quoted-printable part decoded (email's writer adds \n)
    assert capture.url == url
    assert capture.captured_at == datetime(2031, 3, 3, 8, 30, tzinfo=UTC)
    assert capture.archive_record_id == "<frame-1@mhtml.blink>"
    assert capture.archive_info["format"] == "mhtml" and capture.archive_info["parts"] == 2
    assert batch.articles_created == 1
    assert Article.objects.get().url == url


@pytest.mark.django_db
def test_the_command_line_imports_an_archive_page_by_page(tmp_path, capsys):
    warc = crawl()
    members = list(warc.members)
    damaged = members[6][:-30]  # page 2's member, cut short, last in the file
    (tmp_path / "crawl.warc.gz").write_bytes(b"".join(members[:6]) + damaged)

    with pytest.raises(CommandError, match="1 file"):
        call_command("ingest", str(tmp_path / "crawl.warc.gz"), verbosity=0)

    capture = Capture.objects.get()
    assert capture.url == f"{HERALD}/1" and capture.kind == Capture.Kind.ARCHIVE
    assert capture.archive_info["request"]
    assert "files read: 2, articles created: 1, already known: 0, failed: 1" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_capture_from_an_archive_cannot_be_changed():
    import_archive("crawl.warc.gz", crawl().data)
    capture = Capture.objects.first()

    with pytest.raises(DatabaseError, match="captures are immutable"), transaction.atomic():
        Capture.objects.filter(pk=capture.pk).update(captured_at=datetime(2020, 1, 1, tzinfo=UTC))
    with pytest.raises(DatabaseError, match="captures are immutable"), transaction.atomic():
        Capture.objects.filter(pk=capture.pk).update(http_headers=[])


@pytest.mark.django_db
def test_a_job_imports_the_archive_pages_kept_at_upload():
    batch = create_batch(files=accept_files([("crawl.warc.gz", crawl().data)]), origin="upload")
    assert Capture.objects.count() == 2 and batch.files_done == 0

    done = execute_batch(batch_id=batch.pk)

    assert done.status == "done" and done.articles_created == 2


def _wacz_tool() -> Path | None:
    """The `wacz` command of the wacz package, installed beside pywb (`make pywb`), or None."""
    python = pywb_python()
    tool = Path(python).with_name("wacz") if python else None
    return tool if tool and tool.exists() else None


@pytest.mark.skipif(
    _wacz_tool() is None,
    reason="the wacz package is not installed: `make pywb` builds .data/pywb/ with pywb and wacz (or set PYWB_PYTHON)",
)
@pytest.mark.django_db
def test_a_wacz_written_by_the_wacz_package_imports_every_page_with_its_package_checked(tmp_path):
    warc = Warc()
    warc.warcinfo()
    warc.response(f"{HERALD}/1", news_page(1))
    warc.response(f"{HERALD}/2", news_page(2))
    (tmp_path / "crawl.warc.gz").write_bytes(warc.data)
    made = subprocess.run(
        [str(_wacz_tool()), "create", "-o", "crawl.wacz", "--detect-pages", "--title", "Marsk crawl", "crawl.warc.gz"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr[-2000:]

    batch = import_archive("crawl.wacz", (tmp_path / "crawl.wacz").read_bytes())

    assert batch.articles_created == 2
    capture = Capture.objects.get(url=f"{HERALD}/2")
    described = capture.archive_info["wacz"]
    assert capture.archive_info["format"] == "wacz"
    assert described["datapackage"]["title"] == "Marsk crawl"
    assert described["resource_hash"] == "verified"
    assert described["signature"]["present"] is False
