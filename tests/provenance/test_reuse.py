"""Text-reuse detection in the database: band keys in PostgreSQL, edges with passages, decisions kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance.models import Derivation, TextBand, TextShingles
from provenance.reuse import index_and_detect, redetect
from provenance.services import add_derivation, decide_derivations
from tests.provenance.reuse_texts import rewrite, sentences, text

ORIGINAL = sentences(11)
BODY = text(ORIGINAL)


@pytest.fixture
def store(make_article):
    def build(body: str, day: date, **fields):
        article = make_article(body, published=day, **fields)
        index_and_detect(article=article)
        return article

    return build


def edges_of(article) -> list[Derivation]:
    return list(Derivation.objects.filter(derived=article))


def test_band_keys_are_kept_in_the_database(store):
    article = store(BODY, date(2031, 3, 1))
    assert TextBand.objects.filter(article=article).count() >= 4


def test_a_verbatim_copy_derives_from_the_original_with_shared_passages(store):
    original = store(BODY, date(2031, 3, 1))
    copy = store("Read the Velmora Post every morning.\n\n" + BODY, date(2031, 3, 3))
    [edge] = edges_of(copy)
    assert (edge.source_article_id, edge.kind, edge.evidence) == (original.pk, "republication", "text_reuse")
    assert edge.score == 1.0 and not edge.needs_review and edge.status == "proposed"
    passage = edge.passages[0]
    assert (
        copy.body[passage["derived_start"] : passage["derived_end"]]
        == original.body[passage["source_start"] : passage["source_end"]]
    )
    copy.refresh_from_db()
    assert copy.origin_article_id == original.pk


def test_an_excerpt_and_a_rewrite_are_found_and_classified(store):
    original = store(BODY, date(2031, 3, 1))
    excerpt = store(text(ORIGINAL[4:12]), date(2031, 3, 2))
    rewritten = store(text(rewrite(ORIGINAL)), date(2031, 3, 2))
    assert [(e.source_article_id, e.kind) for e in edges_of(excerpt)] == [(original.pk, "excerpt")]
    assert [(e.source_article_id, e.kind) for e in edges_of(rewritten)] == [(original.pk, "rewrite")]


def test_a_report_on_the_same_topic_is_not_a_copy(store):
    store(BODY, date(2031, 3, 1))
    other = store(text(sentences(12)), date(2031, 3, 2))
    assert edges_of(other) == []


def test_an_earlier_article_stored_later_becomes_the_source_of_the_copy(store):
    copy = store(BODY + "\n\nFollow the Ostrakai Wire.", date(2031, 3, 5))
    original = store(BODY, date(2031, 3, 1))
    assert [e.source_article_id for e in edges_of(copy)] == [original.pk]
    assert edges_of(original) == []


def test_same_day_copies_are_directed_by_attribution_and_flagged(store, make_source):
    outlet = make_source("Dunveld Herald")
    original = store(BODY, date(2031, 3, 1), outlet=outlet)
    credit = ["First published by Dunveld Herald"]
    copy = store(BODY + "\n\nThanks to our readers.", date(2031, 3, 1), attribution_lines=credit)
    [edge] = edges_of(copy)
    assert edge.source_article_id == original.pk and edge.needs_review


def test_finding_candidates_costs_the_same_number_of_queries_as_the_corpus_grows(store, make_article):
    for seed in range(20, 26):
        store(text(sentences(seed)), date(2031, 3, 1))

    def queries_for(body: str) -> int:
        article = make_article(body, published=date(2031, 3, 9))
        with CaptureQueriesContext(connection) as queries:
            index_and_detect(article=article)
        return len(queries)

    small = queries_for(text(sentences(40)))
    for seed in range(50, 62):
        store(text(sentences(seed)), date(2031, 3, 1))
    assert queries_for(text(sentences(41))) == small


def test_a_rejected_edge_stays_rejected_and_the_detector_does_not_replace_it(store):
    original = store(BODY, date(2031, 3, 1))
    copy = store(BODY + "\n\nMarsk Courier.", date(2031, 3, 2))
    [edge] = edges_of(copy)
    decide_derivations(derivation_ids=[edge.pk], status="rejected")
    report = redetect()
    edge.refresh_from_db()
    assert edge.status == "rejected" and report.created == 0
    assert [e.source_article_id for e in edges_of(copy)] == [original.pk]


def test_a_persons_edge_and_confirmation_survive_redetection(store, make_article, reviewer):
    original = store(BODY, date(2031, 3, 1))
    copy = store(BODY + "\n\nMarsk Courier.", date(2031, 3, 2))
    [detected] = edges_of(copy)
    decide_derivations(derivation_ids=[detected.pk], status="confirmed", decided_by=reviewer)
    unrelated = make_article(text(sentences(30)), published=date(2031, 2, 1))
    manual, _ = add_derivation(derived=copy, source_article=unrelated, status="confirmed", created_by=reviewer)
    redetect()
    detected.refresh_from_db()
    manual.refresh_from_db()
    assert detected.status == "confirmed" and detected.decided_by == reviewer
    assert manual.status == "confirmed" and manual.evidence == "manual"
    assert {e.source_article_id for e in edges_of(copy)} == {original.pk, unrelated.pk}


def test_redetection_withdraws_a_detected_edge_the_text_no_longer_supports(store):
    original = store(BODY, date(2031, 3, 1))
    copy = store(BODY + "\n\nMarsk Courier.", date(2031, 3, 2))
    assert edges_of(copy)
    type(copy).objects.filter(pk=copy.pk).update(body=text(sentences(31)))
    report = redetect()
    assert report.withdrawn == 1 and edges_of(copy) == []
    assert original.pk


def test_the_command_redetects_and_reports(store, capsys):
    store(BODY, date(2031, 3, 1))
    store(BODY + "\n\nMarsk Courier.", date(2031, 3, 2))
    TextBand.objects.all().delete()
    Derivation.objects.all().delete()
    call_command("detect_reuse", "--json")
    assert '"created": 1' in capsys.readouterr().out
    assert Derivation.objects.count() == 1


def test_the_command_names_an_unknown_article(db):
    with pytest.raises(CommandError, match="unknown article id"):
        call_command("detect_reuse", "999999")


def test_candidates_are_screened_by_their_stored_shingles_and_older_articles_get_theirs(store, make_article):
    original = store(BODY, date(2031, 3, 1))
    unrelated = store(text(sentences(30)), date(2031, 3, 1))
    assert TextShingles.objects.filter(article__in=[original, unrelated]).count() == 2
    TextShingles.objects.filter(article=original).delete()  # indexed before shingles were stored
    copy = store(BODY + "\n\nShared by the Velmora Post.", date(2031, 3, 4))
    assert [e.source_article_id for e in edges_of(copy)] == [original.pk]
    assert TextShingles.objects.filter(article=original).exists()


def test_the_number_of_candidates_per_article_is_a_setting(store, settings):
    original = store(BODY, date(2031, 3, 1))
    for day in (2, 3):
        store(BODY + f"\n\nCopied on day {day}.", date(2031, 3, day))
    assert [edge.source_article_id for edge in edges_of(store(BODY, date(2031, 3, 9)))] == [original.pk]
    settings.TEXT_REUSE_MAX_CANDIDATES = 1  # one candidate only: a copy of the day before, not the original
    late = store(BODY + "\n\nCopied late.", date(2031, 3, 9))
    assert len(edges_of(late)) == 1 and edges_of(late)[0].source_article_id != original.pk


def test_a_copy_of_a_page_whose_extracted_text_lost_a_paragraph_derives_from_that_page_not_a_later_sibling(
    store, make_article
):
    from provenance.services import store_capture

    paragraphs = [text(ORIGINAL[i : i + 4]) for i in range(0, 24, 4)]
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    capture, _ = store_capture(data=html.encode(), media_type="text/html", filename="wire.html")
    # the text read from the page lost its fourth paragraph (a caption, a list): the copies carry it
    original = make_article("\n\n".join(paragraphs[:3] + paragraphs[4:]), published=date(2031, 3, 1), capture=capture)
    index_and_detect(article=original)
    whole = "\n\n".join(paragraphs)
    sibling = store(whole, date(2031, 3, 3))
    copy = store(whole, date(2031, 3, 6))
    assert [e.source_article_id for e in edges_of(sibling)] == [original.pk]
    assert [e.source_article_id for e in edges_of(copy)] == [original.pk]
