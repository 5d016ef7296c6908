"""Evidence that holds up: WARC export (warcio reads it, pywb replays it), RFC 3161 timestamps, `manage.py verify`."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from warcio.archiveiterator import ArchiveIterator

from provenance.batches import accept_files, execute_batch, import_files
from provenance.models import Article, Capture, CaptureTimestamp
from provenance.services import store_capture
from provenance.timestamps import TimestampError, timestamp_capture
from provenance.web_archive import captures_with_analysis, warc_bytes
from tests.provenance.tsa import running_tsa
from tests.provenance.web_archives import Warc, news_page

HERALD = "https://marskherald.example/news"
needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command (a local TSA)")


def import_upload(name: str, data: bytes):
    batch = import_files(files=accept_files([(name, data)]), origin="upload")
    return execute_batch(batch_id=batch.pk)


def archived_and_uploaded() -> tuple[Capture, Capture]:
    """A page from a WARC (HTTP status and headers kept) and a page uploaded as a file (no HTTP record)."""
    warc = Warc()
    warc.response(f"{HERALD}/1", news_page(1), extra_headers=[("X-Served-By", "marsk-1")])
    import_upload("crawl.warc.gz", warc.data)
    import_upload("dispatch-2.html", news_page(2))
    return Capture.objects.get(kind=Capture.Kind.ARCHIVE), Capture.objects.get(kind=Capture.Kind.FILE)


def read_records(data: bytes) -> list[dict]:
    records = []
    for record in ArchiveIterator(io.BytesIO(data), check_digests=True):
        payload = record.content_stream().read()
        records.append(
            {
                "type": record.rec_type,
                "uri": record.rec_headers.get_header("WARC-Target-URI"),
                "id": record.rec_headers.get_header("WARC-Record-ID"),
                "refers_to": record.rec_headers.get_header("WARC-Refers-To"),
                "content_type": record.content_type,
                "status": record.http_headers.get_statuscode() if record.http_headers else None,
                "http": record.http_headers,
                "payload": payload,
                "digest_ok": record.digest_checker.passed,
                "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest"),
            }
        )
    return records


@pytest.mark.django_db
def test_a_warc_export_reads_back_with_warcio_bytes_digests_and_our_metadata():
    archived, uploaded = archived_and_uploaded()
    article = Article.objects.get(capture=archived)

    records = read_records(warc_bytes(captures=captures_with_analysis([archived.pk, uploaded.pk])))

    assert [record["type"] for record in records] == ["warcinfo", "response", "metadata", "resource", "metadata"]
    assert all(record["digest_ok"] is not False for record in records)
    response, about_response, resource, about_resource = records[1:]
    assert response["uri"] == f"{HERALD}/1" and response["status"] == "200"
    assert response["payload"] == bytes(archived.data)
    assert response["http"].get_header("X-Served-By") == "marsk-1"
    digest = base64.b32encode(bytes.fromhex(archived.sha256)).decode()
    assert response["payload_digest"] == f"sha256:{digest}"
    assert resource["payload"] == news_page(2) and resource["content_type"] == "text/html; charset=utf-8"
    assert resource["uri"].startswith("ni:///sha-256;")  # a file with no address is named by its bytes
    assert about_response["refers_to"] == response["id"] and about_resource["refers_to"] == resource["id"]
    described = json.loads(about_response["payload"])
    assert described["capture"]["sha256"] == archived.sha256
    assert described["capture"]["archive_record_id"] == archived.archive_record_id
    assert described["articles"][0]["id"] == article.pk
    assert described["articles"][0]["outlet"]["name"] == article.outlet.name


@pytest.mark.django_db
def test_the_export_reads_the_same_number_of_queries_for_one_capture_or_many(django_assert_max_num_queries):
    for n in range(1, 5):
        import_upload(f"dispatch-{n}.html", news_page(n))
    ids = list(Capture.objects.values_list("id", flat=True))

    with django_assert_max_num_queries(5):
        one = warc_bytes(captures=captures_with_analysis(ids[:1]))
    with django_assert_max_num_queries(5):
        four = warc_bytes(captures=captures_with_analysis(ids))
    assert len(read_records(one)) == 3 and len(read_records(four)) == 9


@pytest.mark.django_db
def test_the_command_writes_an_articles_warc_and_names_what_is_missing(tmp_path):
    archived, _ = archived_and_uploaded()
    article = Article.objects.get(capture=archived)
    target = tmp_path / "article.warc.gz"

    call_command("export_warc", "--article", str(article.pk), "-o", str(target), "--base-url", "https://pdb.example")

    records = read_records(target.read_bytes())
    assert [record["type"] for record in records] == ["warcinfo", "metadata", "response", "metadata"]
    subject = json.loads(records[1]["payload"])
    assert records[1]["uri"] == f"https://pdb.example/api/v1/articles/{article.pk}/"
    assert subject["type"] == "article" and subject["article"]["text_hash"] == article.text_hash
    with pytest.raises(CommandError, match="no capture 999999"):
        call_command("export_warc", "--capture", "999999", "-o", str(tmp_path / "none.warc.gz"))


def pywb_python() -> str | None:
    """pywb's interpreter: PYWB_PYTHON, else .data/pywb/ (`make pywb`); pywb cannot share our environment."""
    candidate = os.environ.get("PYWB_PYTHON") or str(Path(__file__).resolve().parents[2] / ".data/pywb/bin/python")
    return candidate if Path(candidate).exists() else None


@pytest.mark.django_db
@pytest.mark.skipif(
    pywb_python() is None,
    reason="pywb is not installed: `make pywb` builds .data/pywb/ (or set PYWB_PYTHON); its brotlipy would "
    "shadow the brotli module httpx uses, so it lives in an environment of its own",
)
def test_pywb_indexes_the_exported_warc_and_replays_each_page_byte_for_byte(tmp_path):
    archived, uploaded = archived_and_uploaded()
    warc = tmp_path / "evidence.warc.gz"
    warc.write_bytes(warc_bytes(captures=captures_with_analysis([archived.pk, uploaded.pk])))
    script = Path(__file__).with_name("pywb_replay.py")
    work = tmp_path / "pywb"
    work.mkdir()

    done = subprocess.run(
        [pywb_python(), str(script), str(warc), str(work), archived.url],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert any('"status": "200"' in line and "marskherald.example" in line for line in result["index"])
    replay = result["replays"][archived.url]
    assert replay["status"] == 200
    assert replay["content_type"].startswith("text/html")
    assert replay["sha256"] == archived.sha256  # the page pywb serves is the capture's exact bytes


# --- trusted timestamps and verify -----------------------------------------------------------------


@pytest.fixture
def tsa(settings, tmp_path):
    with running_tsa(tmp_path) as server:
        settings.CAPTURE_TSA_URLS = [server.url]
        settings.CAPTURE_TSA_CA_CERTS = [str(server.root)]
        yield server


def stored(n: int = 1) -> Capture:
    capture, _ = store_capture(data=news_page(n), media_type="text/html", encoding="utf-8", filename=f"{n}.html")
    return capture


def queued_timestamp_jobs() -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args FROM procrastinate_jobs WHERE task_name = 'provenance.tasks.timestamp_capture' ORDER BY id"
        )
        return [json.loads(row[0]) for row in cursor.fetchall()]


def verify(*args: str) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue() + str(error), error.returncode
    return out.getvalue(), 0


@pytest.mark.django_db
def test_no_timestamp_is_asked_for_when_no_authority_is_configured(settings):
    settings.CAPTURE_TSA_URLS = []
    stored()
    assert queued_timestamp_jobs() == []


@needs_openssl
@pytest.mark.django_db
def test_a_new_capture_queues_its_timestamp_job_and_the_job_stores_the_tsa_token(tsa):
    capture = stored()
    again = stored()  # the same bytes again: the same capture, no second job

    assert again.pk == capture.pk
    assert queued_timestamp_jobs() == [{"capture_id": capture.pk}]
    assert tsa.requests == []  # the capture did not wait for the authority

    [stamp] = timestamp_capture(capture_id=capture.pk)

    assert stamp.tsa_url == tsa.url and stamp.tsa_name == "CN=Marsk Test TSA"
    assert stamp.message_imprint == capture.sha256
    assert timestamp_capture(capture_id=capture.pk) == []  # an authority that gave a token is not asked again
    assert len(tsa.requests) == 1
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        CaptureTimestamp.objects.filter(pk=stamp.pk).update(tsa_name="someone else")


@needs_openssl
@pytest.mark.django_db
def test_an_authority_that_fails_is_named_and_asked_again_by_the_retry(tsa):
    capture = stored()
    tsa.failing = True
    with pytest.raises(TimestampError, match=rf"{tsa.url}: answered HTTP 503"):
        timestamp_capture(capture_id=capture.pk)
    assert not CaptureTimestamp.objects.exists()

    tsa.failing = False
    assert len(timestamp_capture(capture_id=capture.pk)) == 1


@needs_openssl
@pytest.mark.django_db
def test_verify_passes_a_capture_whose_bytes_and_token_hold(tsa):
    capture = stored()
    timestamp_capture(capture_id=capture.pk)

    output, code = verify(str(capture.pk))

    assert code == 0
    assert f"capture {capture.pk}: ok" in output
    assert "timestamp ok: CN=Marsk Test TSA" in output
    assert "signature valid, chain to a trusted TSA root" in output


@needs_openssl
@pytest.mark.django_db
def test_verify_without_trusted_roots_says_the_signature_was_not_checked(tsa, settings):
    capture = stored()
    timestamp_capture(capture_id=capture.pk)
    settings.CAPTURE_TSA_CA_CERTS = []

    output, code = verify("--all")

    assert code == 0
    assert "signature and certificate chain were not checked" in output


@needs_openssl
@pytest.mark.django_db
def test_verify_detects_a_changed_byte(tsa):
    capture, other = stored(1), stored(2)
    timestamp_capture(capture_id=capture.pk)
    changed = bytearray(capture.data)
    changed[100] ^= 0x01
    with connection.cursor() as cursor:  # what an intruder with database access would do
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks hold the table
        cursor.execute("ALTER TABLE provenance_capture DISABLE TRIGGER capture_immutable")
        cursor.execute("UPDATE provenance_capture SET data = %s WHERE id = %s", [bytes(changed), capture.pk])
        cursor.execute("ALTER TABLE provenance_capture ENABLE TRIGGER capture_immutable")

    output, code = verify("--all")

    assert code == 1
    assert f"capture {capture.pk}: changed bytes" in output
    assert f"the bytes hash to {hashlib.sha256(changed).hexdigest()}, not the stored {capture.sha256}" in output
    assert "the token signs another hash than the capture's bytes have now" in output
    assert f"capture {other.pk}: ok" in output
    assert "1 of 2 capture(s) do not hold" in output


@needs_openssl
@pytest.mark.django_db
def test_verify_detects_a_token_whose_signature_was_altered(tsa):
    capture = stored()
    [stamp] = timestamp_capture(capture_id=capture.pk)
    token = bytearray(stamp.token)
    token[-10] ^= 0xFF  # inside the signature, at the end of the token
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE provenance_capturetimestamp DISABLE TRIGGER capture_timestamp_immutable")
        cursor.execute("UPDATE provenance_capturetimestamp SET token = %s WHERE id = %s", [bytes(token), stamp.pk])
        cursor.execute("ALTER TABLE provenance_capturetimestamp ENABLE TRIGGER capture_timestamp_immutable")

    output, code = verify(str(capture.pk), "--json")

    assert code == 1
    report = json.loads(output.splitlines()[0])
    assert report["outcome"] == "bad token"
    assert report["bytes"] == "the bytes hash to the stored SHA-256"
    assert report["timestamps"][0]["ok"] is False


@pytest.mark.django_db
def test_verify_names_a_capture_that_does_not_exist():
    output, code = verify("424242")
    assert code == 1 and "no capture 424242" in output


@needs_openssl
@pytest.mark.django_db
def test_exported_warc_carries_the_timestamp_token_that_openssl_verifies(tsa, tmp_path):
    capture = stored()
    timestamp_capture(capture_id=capture.pk)

    records = read_records(warc_bytes(captures=captures_with_analysis([capture.pk])))

    [token] = json.loads(records[2]["payload"])["timestamps"]
    (tmp_path / "token.tsr").write_bytes(base64.b64decode(token["token"]))
    (tmp_path / "page.html").write_bytes(records[1]["payload"])
    checked = subprocess.run(
        ["openssl", "ts", "-verify", "-in", "token.tsr", "-data", "page.html", "-CAfile", str(tsa.root)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and "Verification: OK" in checked.stdout


@needs_openssl
@pytest.mark.django_db
def test_the_admin_capture_page_says_whether_the_evidence_holds(tsa, admin_client):
    capture = stored()
    timestamp_capture(capture_id=capture.pk)
    page = admin_client.get(f"/admin/provenance/capture/{capture.pk}/change/").content.decode()
    assert "Does the evidence hold?" in page and "<strong>ok</strong>" in page
    assert "the bytes hash to the stored SHA-256 ✓" in page
    assert f'href="/api/v1/capture-records/{capture.pk}/warc/"' in page
    assert "Timestamp by" in page and "✗" not in page
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE provenance_capture DISABLE TRIGGER capture_immutable")
        cursor.execute("UPDATE provenance_capture SET data = %s WHERE id = %s", [b"<p>tampered</p>", capture.pk])
        cursor.execute("ALTER TABLE provenance_capture ENABLE TRIGGER capture_immutable")
    page = admin_client.get(f"/admin/provenance/capture/{capture.pk}/change/").content.decode()
    assert "<strong>changed bytes</strong>" in page and "✗" in page
