"""One way in: the same bytes through every entry point give the same articles, captures, links and claims."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from claims.models import Claim, Mention
from provenance.batches import accept_files, create_batch, execute_batch, import_files, paste_as_file
from provenance.models import Article, Capture, Derivation, IngestBatch, TextBand
from provenance.signals import article_stored
from tests.proposals import run_queued_proposals
from tests.provenance.ingest_pages import PARAGRAPHS, article_text, original_page

# A repost in a legacy Windows code page: "soirée" and "Café" are not UTF-8 once encoded.
REPOST = article_text(
    "Café Owners Greet The Relief Convoy In Marsk",
    head=["By Veloria Wire Service", "Frontline Digest, March 4, 2024"],
    paragraphs=[paragraph.replace("evening", "soirée") for paragraph in PARAGRAPHS],
    tail=["The original source of this article is Veloria Wire Service"],
)
ORIGINAL = original_page()
FILES = [("original.txt", ORIGINAL.encode("utf-8")), ("repost.txt", REPOST.encode("cp1252"))]


class _Rollback(Exception):
    pass


def through_the_command(tmp_path, _user) -> None:
    for name, data in FILES:
        (tmp_path / name).write_bytes(data)
        call_command("ingest", str(tmp_path / name), verbosity=0)


def through_an_upload(_tmp_path, user) -> None:
    for name, data in FILES:  # the view calls import_files with what accept_files accepted
        import_files(files=accept_files([(name, data)]), origin="upload", created_by=user)


def through_a_job(_tmp_path, user) -> None:
    for name, data in FILES:  # what the ingest_batch job runs for a big upload
        batch = create_batch(files=accept_files([(name, data)]), origin="upload", created_by=user)
        execute_batch(batch_id=batch.pk)


def through_a_paste(_tmp_path, user) -> None:
    for text in (ORIGINAL, REPOST):
        import_files(files=[paste_as_file(text=text)], origin="paste", created_by=user)


def what_was_stored(*, with_encodings: bool) -> dict:
    articles = Article.objects.select_related("outlet", "capture").order_by("title")
    derivations = Derivation.objects.select_related("derived", "source_outlet", "source_article").order_by("id")
    mentions = Mention.objects.select_related("claim", "attributed_to", "article").order_by(
        "claim__text", "start", "article__title"
    )
    return {
        "articles": [
            (a.title, a.body, a.language, a.outlet.name if a.outlet else None, a.published, a.needs_review)
            for a in articles
        ],
        "captures": [(a.title, a.capture.media_type, a.capture.encoding) for a in articles] if with_encodings else [],
        "derivations": sorted(
            (
                d.derived.title,
                d.kind,
                d.evidence,
                d.status,
                d.source_outlet.name if d.source_outlet else "",
                d.source_article.title if d.source_article else "",
            )
            for d in derivations
        ),
        "claims": sorted((claim.text, claim.kind) for claim in Claim.objects.all()),
        "mentions": [
            (m.claim.text, m.article.title, m.quote, m.stance, m.attributed_to.name if m.attributed_to else None)
            for m in mentions
        ],
    }


def stored_through(entry, tmp_path, user, capture_callbacks, *, with_encodings: bool = True) -> dict:
    """Run one entry point and describe what it stored, then undo it all for the next entry point."""
    try:
        with transaction.atomic():
            with capture_callbacks(execute=True):  # article_stored queues the claim proposals after commit
                entry(tmp_path, user)
            run_queued_proposals()  # what the worker does next
            stored = what_was_stored(with_encodings=with_encodings)
            raise _Rollback
    except _Rollback:
        pass
    return stored


@pytest.mark.slow
def test_the_same_bytes_through_every_entry_point_store_the_same_things(
    db, tmp_path, django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user(username="importer", password="x")
    by_command = stored_through(through_the_command, tmp_path, user, django_capture_on_commit_callbacks)
    assert len(by_command["articles"]) == 2
    encodings = {title: encoding for title, _, encoding in by_command["captures"]}
    assert encodings["Café Owners Greet The Relief Convoy In Marsk"].startswith("cp125"), "a Windows code page"
    assert by_command["derivations"], "the repost is linked to its original"
    assert by_command["claims"], "claims are proposed for what the pages state"

    assert stored_through(through_an_upload, tmp_path, user, django_capture_on_commit_callbacks) == by_command
    assert stored_through(through_a_job, tmp_path, user, django_capture_on_commit_callbacks) == by_command
    by_paste = stored_through(through_a_paste, tmp_path, user, django_capture_on_commit_callbacks, with_encodings=False)
    assert by_paste == {**by_command, "captures": []}


def test_an_uploaded_page_in_a_legacy_encoding_keeps_its_encoding(db):
    batch = import_files(files=accept_files([("repost.txt", REPOST.encode("cp1252"))]), origin="upload")
    capture = Capture.objects.get()
    assert batch.status == IngestBatch.Status.DONE
    assert capture.encoding.startswith("cp125"), "the detected Windows code page, not ''"
    assert "soirée" in Article.objects.get().body


def test_the_command_line_is_an_import_batch_with_a_report_per_file(db, tmp_path):
    (tmp_path / "good.txt").write_bytes(ORIGINAL.encode())
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(Exception, match="1 file"):
        call_command("ingest", str(tmp_path), verbosity=0, stdout=None)
    batch = IngestBatch.objects.get()
    assert (batch.origin, batch.status, batch.files_total, batch.files_done, batch.files_failed) == (
        "command",
        IngestBatch.Status.DONE,
        2,
        2,
        1,
    )
    failed = batch.items.get(status="failed")
    assert failed.error.endswith("empty.txt: the file is empty") and failed.capture is None


@pytest.mark.parametrize("entry", [through_the_command, through_an_upload])
def test_article_stored_is_heard_after_the_article_its_links_and_its_index_are_committed(
    transactional_db, tmp_path, django_user_model, entry
):
    heard: list[tuple[str, bool, int]] = []

    def listen(sender, article, **kwargs) -> None:
        # read on a query of its own: what another process (a worker) would see now
        heard.append(
            (
                article.title,
                TextBand.objects.filter(article_id=article.pk).exists(),
                Derivation.objects.filter(derived_id=article.pk, source_article__isnull=False).count(),
            )
        )

    user = django_user_model.objects.create_user(username="importer", password="x")
    article_stored.connect(listen, dispatch_uid="test-one-way-in")
    try:
        entry(tmp_path, user)
    finally:
        article_stored.disconnect(dispatch_uid="test-one-way-in")
    assert [title for title, _, _ in heard] == [
        "Relief Convoy Reaches Marsk After Three Days",
        "Café Owners Greet The Relief Convoy In Marsk",
    ]
    assert all(indexed for _, indexed, _ in heard), "the text-reuse index exists when the article is announced"
    assert heard[1][2] >= 1, "the repost's link to the original exists when it is announced"
