"""The ingestion service: sources and authors, derivations to stored originals, carriers, patterns, reports."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command

from provenance import ingestion
from provenance.ingestion import IngestContext, collect_inputs, ingest_file, ingest_paths, report_for_file
from provenance.models import Article, BoilerplatePattern, Capture, Derivation
from provenance.signals import article_stored
from sources.models import Author, Source
from tests.provenance.ingest_pages import PARAGRAPHS, aggregator_page, article_text, original_page, repost_page

REPORT_KEYS = {
    "file",
    "article_id",
    "created",
    "title",
    "outlet",
    "authors",
    "published",
    "language",
    "derived_from",
    "origin",
}


def test_a_repost_is_derived_from_the_original_when_it_is_stored(db):
    longer = original_page().replace(PARAGRAPHS[3], PARAGRAPHS[3] + "\n\nThe road is expected to reopen next week.")
    (original,) = ingest_file(data=longer.encode(), filename="original.txt")
    (repost,) = ingest_file(data=repost_page().encode(), filename="repost.txt")
    assert original.article.outlet.name == "Veloria Wire Service"
    assert repost.article.outlet.name == "Frontline Digest"
    [edge] = repost.derivations
    assert edge.source_article == original.article and edge.evidence == "attribution"
    [row] = report_for_file([repost])
    assert row["derived_from"] == {
        "outlet": "Veloria Wire Service",
        "article_id": original.article.pk,
        "kind": "republication",
        "evidence": "attribution",
    }
    assert row["origin"] == "Veloria Wire Service"


def test_without_the_original_the_repost_is_derived_from_the_outlet(db):
    (repost,) = ingest_file(data=repost_page().encode(), filename="repost.txt")
    [edge] = repost.derivations
    assert edge.source_outlet.name == "Veloria Wire Service" and edge.source_article is None
    assert edge.evidence_text == "The original source of this article is Veloria Wire Service"
    assert edge.status == Derivation.Status.PROPOSED
    lines = repost.article.attribution_lines
    assert {"original_source", "copyright", "dateline"} <= {line["kind"] for line in lines}


def test_sources_met_first_are_flagged_and_found_again_by_alias(db, make_source):
    ingest_file(data=repost_page().encode(), filename="repost.txt")
    digest = Source.objects.get(name="Frontline Digest")
    assert digest.needs_review and digest.kind == Source.Kind.OUTLET
    wire = Source.objects.get(name="Veloria Wire Service")
    assert wire.needs_review
    page = article_text("Salt Road Closed Again", head=["By VELORIA-WIRE SERVICE"], paragraphs=PARAGRAPHS[1:])
    (stored,) = ingest_file(data=page.encode(), filename="again.txt")
    assert stored.article.outlet == wire
    assert Source.objects.filter(name__icontains="veloria").count() == 1


def test_outlet_given_by_the_user_and_outlet_from_the_url(db, make_source):
    page = article_text("Salt Road Closed Again", paragraphs=PARAGRAPHS[1:])
    (given,) = ingest_file(data=page.encode(), filename="a.txt", outlet_name="Korrin Bulletin")
    assert given.article.outlet.name == "Korrin Bulletin" and given.article.outlet.needs_review
    herald = make_source("The Marsk Herald", domains=["marskherald.example"])
    other = article_text("Harbour Master Retires", paragraphs=PARAGRAPHS[:3])
    (from_url,) = ingest_file(data=other.encode(), filename="b.txt", url="https://www.marskherald.example/x/1")
    assert from_url.article.outlet == herald
    assert from_url.article.url == "https://www.marskherald.example/x/1"
    assert from_url.article.capture.url == "https://www.marskherald.example/x/1"


def test_aggregator_articles_are_carried_by_the_page_outlet(db, make_source):
    make_source("Veloria Wire Service", kind=Source.Kind.NEWS_AGENCY)
    stored = ingest_file(data=aggregator_page().encode(), filename="blog.txt", outlet_name="Marsk Blog")
    assert len(stored) == 3
    articles = [entry.article for entry in stored]
    assert [a.position_in_capture for a in articles] == [0, 1, 2]
    assert {a.capture_id for a in articles} == {stored[0].article.capture_id}
    assert {a.carrier.name for a in articles} == {"Marsk Blog"}
    assert Source.objects.get(name="Marsk Blog").kind == Source.Kind.BLOG
    first = articles[0]
    assert first.outlet.name == "Veloria Wire Service"
    [edge] = stored[0].derivations
    assert (edge.kind, edge.source_outlet.name) == ("aggregation", "Veloria Wire Service")
    assert articles[2].language == "ar" and articles[2].needs_review


def test_an_aggregated_copy_is_linked_to_the_original_article(db, make_source):
    wire = make_source("Veloria Wire Service", kind=Source.Kind.NEWS_AGENCY)
    original_text = article_text("Floods cut the coastal road near Marsk", paragraphs=[*PARAGRAPHS, "Extra paragraph."])
    (original,) = ingest_file(data=original_text.encode(), filename="wire.txt", outlet_name=wire.name)
    stored = ingest_file(data=aggregator_page().encode(), filename="blog.txt", outlet_name="Marsk Blog")
    [edge] = stored[0].derivations
    assert (edge.kind, edge.source_article) == ("aggregation", original.article)


def test_authors_are_created_for_review_and_linked_to_their_outlet(db):
    ingest_file(data=aggregator_page().encode(), filename="blog.txt")
    author = Author.objects.get(name="Ilse Varnholt")
    assert author.needs_review
    assert list(author.outlets.values_list("name", flat=True)) == ["Dravonia Today blog"]
    assert Source.objects.get(name="Dravonia Today blog").kind == Source.Kind.BLOG
    assert Author.objects.get(name="سلمى حداد").articles.get().language == "ar"


def test_admin_patterns_strip_and_credit(db, make_source):
    herald = make_source("The Marsk Herald")
    BoilerplatePattern.objects.create(pattern=r"^Read the Herald every morning", kind="line")
    BoilerplatePattern.objects.create(outlet=herald, pattern=r"^Printed in Marsk", kind="line")
    BoilerplatePattern.objects.create(pattern=r"^Courtesy of (?:the )?(?P<name>.+)$", kind="attribution")
    page = article_text(
        "Harbour Master Retires",
        paragraphs=PARAGRAPHS[:3],
        tail=["Read the Herald every morning!", "Printed in Marsk", "Courtesy of the Korrin Bulletin"],
    )
    (stored,) = ingest_file(data=page.encode(), filename="a.txt", outlet_name="The Marsk Herald")
    body = stored.article.body
    assert "Read the Herald" not in body and "Printed in Marsk" not in body and "Courtesy" not in body
    [edge] = stored.derivations
    assert edge.source_outlet.name == "Korrin Bulletin"

    other = article_text("Harbour Master Returns", paragraphs=PARAGRAPHS[1:], tail=["Printed in Marsk"])
    (elsewhere,) = ingest_file(data=other.encode(), filename="b.txt", outlet_name="Dravonia Today")
    assert "Printed in Marsk" in elsewhere.article.body  # the Herald's pattern is only for the Herald


def test_the_same_text_from_other_bytes_is_recognised(db):
    (first,) = ingest_file(data=original_page().encode(), filename="a.txt")
    again = original_page().replace("Leave a comment", "Leave a Reply").encode()
    (second,) = ingest_file(data=again, filename="b.txt")
    assert first.created and not second.created and second.article == first.article
    assert Capture.objects.count() == 2 and Article.objects.count() == 1


def test_new_articles_are_indexed_and_announced_after_commit(db, monkeypatch, django_capture_on_commit_callbacks):
    indexed, announced = [], []
    monkeypatch.setattr(ingestion.service, "index_new_article", lambda *, article, edges: indexed.append(article.pk))

    def receiver(sender, article, **kwargs):
        announced.append(article.pk)

    article_stored.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            (stored,) = ingest_file(data=original_page().encode(), filename="a.txt")
        with django_capture_on_commit_callbacks(execute=True):
            ingest_file(data=original_page().encode(), filename="a.txt")
    finally:
        article_stored.disconnect(receiver)
    assert indexed == announced == [stored.article.pk]


def test_json_report_has_exactly_the_documented_fields(db, tmp_path):
    (tmp_path / "repost.txt").write_text(repost_page())
    out = io.StringIO()
    call_command("ingest", str(tmp_path), "--json", stdout=out, stderr=io.StringIO())
    [row] = json.loads(out.getvalue())
    assert set(row) == REPORT_KEYS
    assert row["published"] == "2024-03-04" and row["authors"] == [] and row["language"] == "en"


def test_text_output_is_a_summary(db, tmp_path):
    (tmp_path / "repost.txt").write_text(repost_page())
    out = io.StringIO()
    call_command("ingest", str(tmp_path / "repost.txt"), stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "files read: 1, articles created: 1, already known: 0, failed: 0"


def test_a_progress_bar_shows_on_a_terminal_only(db, tmp_path, monkeypatch, capsys):
    for n in range(6):
        (tmp_path / f"page{n}.txt").write_text(
            article_text(f"Harbour Report Number {n}", paragraphs=PARAGRAPHS[n % 2 :])
        )
    call_command("ingest", str(tmp_path))
    assert "6/6" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    call_command("ingest", str(tmp_path))
    captured = capsys.readouterr()
    assert "6/6" in captured.err
    assert "articles created: 0, already known: 6" in captured.out


def test_report_rows_read_origins_in_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    stored = ingest_file(data=aggregator_page().encode(), filename="blog.txt")
    stored += ingest_file(data=repost_page().encode(), filename="repost.txt")
    with django_assert_max_num_queries(5):
        rows = report_for_file(stored)
    assert len(rows) == 4


def test_a_context_is_shared_by_the_files_of_a_run(db):
    context = IngestContext()
    ingest_file(data=repost_page().encode(), filename="repost.txt", context=context)
    assert "veloriawireservice" in context.sources
    assert context.directory.lookup("Veloria Wire Service").source_id == context.sources["veloriawireservice"].pk


@pytest.mark.parametrize(("name", "kind"), [("Korrin News Agency", "news_agency"), ("Veloria Observatory", "monitor")])
def test_kinds_of_new_sources_are_guessed_from_their_names(name, kind):
    assert ingestion.guess_kind(name) == kind


def test_ingesting_a_new_article_takes_a_bounded_number_of_statements(
    db, tmp_path, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """Every statement of a one-file run counted: 25 here. The file and its article (a new outlet included)
    take 14, from the capture lookup to its queued claim-proposal job; the run 7 (its batch, the sources and
    patterns read once, the batch closed and announced); this test's transaction 4 savepoint statements."""
    (tmp_path / "original.txt").write_text(original_page())
    inputs = collect_inputs([tmp_path])
    with django_assert_max_num_queries(25), django_capture_on_commit_callbacks(execute=True):
        (result,) = ingest_paths([tmp_path], inputs=inputs)
    assert result.error is None and result.articles[0].created


def test_a_file_whose_writes_fail_leaves_nothing_half_stored_and_the_run_goes_on(db, tmp_path, monkeypatch):
    from django.db import DataError

    from provenance.models import IngestBatch

    (tmp_path / "a.txt").write_text(original_page())
    (tmp_path / "b.txt").write_text(repost_page())
    translations = ingestion.service.detect_translations
    failures = iter([DataError("the server refused a value")])

    def fail_once(*, article):
        error = next(failures, None)
        if error is not None:  # after the article, its outlet and its text-reuse index were written
            raise error
        return translations(article=article)

    monkeypatch.setattr(ingestion.service, "detect_translations", fail_once)
    failed, stored = ingest_paths([tmp_path])
    assert failed.error.endswith("could not be stored (DataError: the server refused a value)")
    assert [entry.article.title for entry in stored.articles] == [Article.objects.get().title]
    assert Capture.objects.get().filename.endswith("b.txt"), "nothing of a.txt is kept"
    batch = IngestBatch.objects.get()
    assert (batch.files_done, batch.files_failed, batch.articles_created) == (2, 1, 1)
    assert batch.items.get(status="failed").error == failed.error
