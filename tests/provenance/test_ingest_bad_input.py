"""Bad input: each file gets a one-line error naming it and the reason, stores nothing, and the rest goes on."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from provenance.ingestion import IngestError, ingest_file
from provenance.models import Article, Capture
from tests.provenance.ingest_pages import PARAGRAPHS, article_text, html_page, original_page

GOOD = original_page().encode()


def ingest_dir(path, *args) -> tuple[list[dict], str, int]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("ingest", str(path), "--json", *args, stdout=out, stderr=err)
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return json.loads(out.getvalue()), err.getvalue(), code


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x01" * 50, "PNG image"),
        (b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n" + b"stream" * 20, "PDF document"),
        (b"\xef\xbb\xbfMarsk report \xc3\x28 broken", "undecodable bytes at offset 16 (0xc3 0x28"),
        (b"Home\n\nNews\n\nAbout us\n\nContact\n", "no recognisable article"),
        (
            b"<html><body><nav><a href='/'>Home</a> | <a href='/x'>News</a></nav></body></html>",
            "no recognisable article",
        ),
    ],
)
def test_bad_input_is_refused_with_the_file_and_reason_and_nothing_stored(db, data, reason):
    with pytest.raises(IngestError) as caught:
        ingest_file(data=data, filename="bad-page.html")
    message = str(caught.value)
    assert message.startswith("bad-page.html: ") and reason in message and "\n" not in message
    assert Capture.objects.count() == 0 and Article.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(db, settings):
    settings.INGEST_MAX_BYTES = 1000
    with pytest.raises(IngestError, match=r"^big\.txt: 1\.9 KB|^big\.txt: \d+ bytes is over the limit of 1000 bytes"):
        ingest_file(data=b"x" * 1999, filename="big.txt")
    assert Capture.objects.count() == 0


def test_mixed_encodings_are_stored_and_the_article_flagged(db):
    text = article_text("Harbour Reopens In Marsk", paragraphs=[p.replace("evening", "soirée") for p in PARAGRAPHS])
    data = text.encode().replace(b"flour", b"fl\x93our\x94")
    (stored,) = ingest_file(data=data, filename="mixed.txt")
    article = stored.article
    assert "fl“our”" in article.body
    assert article.needs_review and "mixed encodings" in article.review_note
    assert article.capture.encoding == "utf-8"


def test_a_page_in_a_legacy_encoding_is_read(db):
    text = article_text("Café Reopens In Marsk", paragraphs=[p.replace("evening", "soirée") for p in PARAGRAPHS])
    (stored,) = ingest_file(data=text.encode("cp1252"), filename="legacy.txt")
    assert stored.article.title == "Café Reopens In Marsk" and "soirée" in stored.article.body
    assert not stored.article.needs_review or "mixed" not in stored.article.review_note


def test_tag_soup_is_read(db):
    soup = html_page().replace("</p>", "").replace("</article>", "<div><span><b>").replace("</html>", "<table><tr>")
    (stored,) = ingest_file(data=soup.encode(), filename="soup.html")
    assert stored.article.title == "Harbour Reopens In Marsk"
    assert PARAGRAPHS[0][:50] in stored.article.body


def test_a_directory_import_goes_on_after_bad_files(db, tmp_path, settings):
    settings.INGEST_MAX_BYTES = 5000
    (tmp_path / "a-good.txt").write_bytes(GOOD)
    (tmp_path / "b-empty.html").write_bytes(b"")
    (tmp_path / "c-image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "d-big.txt").write_bytes(b"y" * 6000)
    (tmp_path / "e-links.txt").write_bytes(b"Home\n\nNews\n\nContact\n")
    (tmp_path / "f-also-good.html").write_bytes(html_page().replace("Marsk", "Korrin").encode())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a page type: skipped in a directory
    rows, err, code = ingest_dir(tmp_path)
    assert code == 1
    errors = {row["file"].rsplit("/", 1)[-1]: row["error"] for row in rows if "error" in row}
    assert set(errors) == {"b-empty.html", "c-image.html", "d-big.txt", "e-links.txt"}
    assert all(error.startswith(str(tmp_path)) and "\n" not in error for error in errors.values())
    assert "over the limit" in errors["d-big.txt"]
    stored = [row for row in rows if "error" not in row]
    assert [row["file"].rsplit("/", 1)[-1] for row in stored] == ["a-good.txt", "f-also-good.html"]
    assert Capture.objects.count() == 2 and Article.objects.count() == 2
    assert "files read: 6, articles created: 2, already known: 0, failed: 4" in err


def test_a_url_that_is_not_a_web_address_is_refused(db, tmp_path):
    (tmp_path / "page.txt").write_bytes(GOOD)
    with pytest.raises(CommandError, match="--url: not a web address: 'marskherald'"):
        call_command("ingest", str(tmp_path), "--url", "marskherald", stdout=io.StringIO())
    with pytest.raises(IngestError, match=r"^page\.txt: not a web address"):
        ingest_file(data=GOOD, filename="page.txt", url="ftp://marskherald.example/x")
    assert Capture.objects.count() == 0
