"""Bounded work: a text too long for text reuse is stored and flagged, and big values reach the database intact."""

from __future__ import annotations

import pghistory
from django.core.management import call_command

from provenance.batches import import_files, paste_as_file
from provenance.models import Article, Capture, IngestBatch, TextBand
from provenance.services import create_article, store_capture

SENTENCE = "Observers in Marsk counted {n} trucks on the Vell bridge road on Monday, the council said. "


def long_text(sentences: int) -> str:
    return "Marsk convoy log\n\n" + "\n\n".join(SENTENCE.format(n=n) for n in range(sentences))


def test_a_text_over_the_text_reuse_limit_is_stored_and_flagged_and_the_hint_works(
    db, settings, django_capture_on_commit_callbacks
):
    settings.TEXT_REUSE_MAX_WORDS = 500
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_files(files=[paste_as_file(text=long_text(60))], origin="paste")
    assert batch.status == IngestBatch.Status.DONE
    article = Article.objects.get()
    words = len(article.body.split())
    assert words > 500
    assert article.needs_review
    assert f"text reuse not checked: the text has {words:,} words, over the limit of 500" in article.review_note
    assert not TextBand.objects.filter(article=article).exists()

    call_command("detect_reuse", article.pk, verbosity=0)  # what the note says to run
    assert TextBand.objects.filter(article=article).exists()


def test_a_text_within_the_limit_is_indexed_for_text_reuse(db, settings, django_capture_on_commit_callbacks):
    settings.TEXT_REUSE_MAX_WORDS = 500
    with django_capture_on_commit_callbacks(execute=True):
        import_files(files=[paste_as_file(text=long_text(20))], origin="paste")
    article = Article.objects.get()
    assert TextBand.objects.filter(article=article).exists()
    assert "text reuse not checked" not in article.review_note


def test_every_byte_value_and_a_long_body_are_stored_exactly_with_or_without_a_history_context(db, make_source):
    payloads = [bytes(range(256)) * 4000, b"\x00\\x'\"" * 1000]
    with pghistory.context(user="tester"):  # adds a statement of its own before each query
        in_context, _ = store_capture(data=payloads[0], media_type="application/octet-stream", filename="all.bin")
    plain, _ = store_capture(data=payloads[1], media_type="application/octet-stream", filename="quotes.bin")
    assert [bytes(Capture.objects.get(pk=c.pk).data) for c in (in_context, plain)] == payloads

    body = "Ünïcode “quotes”, a backslash \\ and 'apostrophes' in Marsk.\n" * 5000
    article, created = create_article(title="Long", body=body, language="en", outlet=make_source())
    assert created and Article.objects.get(pk=article.pk).body == body
