"""Collecting files to ingest: directories, zip archives (traversal names, bombs, nesting) and size limits."""

from __future__ import annotations

import zipfile

import pytest

from provenance.ingestion import collect_inputs, ingest_paths, summarise
from provenance.models import Article
from tests.provenance.ingest_pages import article_text, original_page, repost_page


def names(inputs) -> list[str]:
    return [item.name.rsplit("/", 1)[-1] for item in inputs]


def errors(inputs) -> dict[str, str]:
    return {item.name: item.error for item in inputs if item.error}


def test_directories_are_walked_recursively_in_order_skipping_hidden_and_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "page.HTM").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.html").write_text("x")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    inputs = collect_inputs([tmp_path])
    assert names(inputs) == ["a.txt", "page.HTM", "c.html"]
    assert not errors(inputs)


def test_explicit_paths_of_the_wrong_kind_or_missing_are_errors(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    inputs = collect_inputs([tmp_path / "notes.pdf", tmp_path / "missing.txt"])
    assert list(errors(inputs).values()) == [
        f"{tmp_path / 'notes.pdf'}: unsupported file type .pdf; "
        "use .html, .htm, .txt, .zip, .warc, .warc.gz, .wacz, .mhtml, .mht",
        f"{tmp_path / 'missing.txt'}: no such file or directory",
    ]


def test_over_size_files_are_refused_before_reading(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"z" * 2048)
    (inputs,) = [collect_inputs([tmp_path], max_bytes=1024)]
    assert inputs[0].read is None and "2048 bytes is over the limit of 1024 bytes" in inputs[0].error


def make_zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_members_are_read_and_unsafe_names_refused(tmp_path):
    archive = make_zip(
        tmp_path / "pages.zip",
        {
            "pages/one.txt": b"one",
            "../escape.txt": b"x",
            "/etc/absolute.html": b"x",
            "inner.zip": b"PK",
            "__MACOSX/._one.txt": b"x",
            "readme.md": b"x",
        },
    )
    inputs = collect_inputs([archive])
    readable = [item for item in inputs if item.read]
    assert [item.name for item in readable] == [f"{archive}!/pages/one.txt"]
    assert readable[0].read() == b"one"
    problems = errors(inputs)
    assert "points outside the archive" in problems[f"{archive}!/../escape.txt"]
    assert "points outside the archive" in problems[f"{archive}!//etc/absolute.html"]
    assert "a zip inside a zip" in problems[f"{archive}!/inner.zip"]


def test_zip_bombs_are_refused(tmp_path, settings):
    settings.INGEST_MAX_BATCH_BYTES = 3 * 1024 * 1024
    archive = make_zip(tmp_path / "bomb.zip", {f"page{n}.txt": b"0" * (2 * 1024 * 1024) for n in range(2)})
    (refused,) = collect_inputs([archive], max_bytes=10 * 1024 * 1024)
    assert refused.read is None and "refused as a zip bomb" in refused.error and "4.0 MB" in refused.error

    settings.INGEST_MAX_BATCH_BYTES = 100 * 1024 * 1024
    archive = make_zip(tmp_path / "ratio.zip", {"page.txt": b"0" * (4 * 1024 * 1024)})
    (refused,) = collect_inputs([archive], max_bytes=10 * 1024 * 1024)
    assert "zip bomb" in refused.error


def test_a_corrupt_zip_is_an_error(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (item,) = collect_inputs([tmp_path / "broken.zip"])
    assert "not a readable zip archive" in item.error


def test_a_zip_of_pages_is_ingested_member_by_member(db, tmp_path):
    archive = make_zip(
        tmp_path / "pages.zip",
        {"repost.txt": repost_page().encode(), "empty.txt": b"", "original.txt": original_page().encode()},
    )
    results = list(ingest_paths([archive]))
    assert [r.file.rsplit("/", 1)[-1] for r in results] == ["repost.txt", "empty.txt", "original.txt"]
    assert results[1].error == f"{archive}!/empty.txt: the file is empty"
    summary = summarise(results)
    # the repost carries the original's text once its furniture is stripped, on another outlet: a copy of its own
    assert (summary.files_read, summary.articles_created, summary.articles_known, summary.files_failed) == (3, 2, 0, 1)
    repost, original = (
        Article.objects.get(capture__filename__endswith=name) for name in ("repost.txt", "original.txt")
    )
    assert repost.outlet != original.outlet and repost.origin_article == original


@pytest.mark.parametrize("suffix", [".txt", ".html", ".htm"])
def test_page_suffixes_are_accepted(tmp_path, suffix):
    (tmp_path / f"page{suffix}").write_text(article_text("A Title For The Page"))
    (item,) = collect_inputs([tmp_path])
    assert item.read is not None
