"""Bounded work: a text too long to propose claims for is stored, linked and flagged, not held for minutes."""

from __future__ import annotations

from claims.models import Mention
from provenance.batches import import_files, paste_as_file
from provenance.models import Article, IngestBatch
from tests.proposals import run_queued_proposals

SENTENCE = "Observers in Marsk counted {n} trucks on the Vell bridge road on Monday, the council said. "
REPORT = (
    "At least 30 soldiers were killed near the Oradin checkpoint, the Marsk Observatory said on Tuesday. "
    "The council of Marsk said the convoy carried grain, fuel and medicine for the eastern district."
)


def test_a_text_over_the_word_limit_is_stored_and_flagged_with_its_claims_left_for_a_person(
    db, settings, django_capture_on_commit_callbacks
):
    settings.CLAIMS_PROPOSE_MAX_WORDS = 2_000
    text = "Marsk convoy log\n\n" + "\n\n".join(SENTENCE.format(n=n) * 3 for n in range(120))
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_files(files=[paste_as_file(text=text)], origin="paste")
    assert batch.status == IngestBatch.Status.DONE
    assert run_queued_proposals() == 0, "nothing queued for it"
    article = Article.objects.get()
    assert not Mention.objects.filter(article=article).exists()
    assert article.needs_review
    assert "claims not proposed: the text has" in article.review_note
    assert f"propose_claims --article {article.pk}" in article.review_note


def test_a_text_within_the_limit_gets_its_proposals(db, settings, django_capture_on_commit_callbacks):
    settings.CLAIMS_PROPOSE_MAX_WORDS = 2_000
    text = "Marsk convoy log\n\n" + REPORT
    with django_capture_on_commit_callbacks(execute=True):
        import_files(files=[paste_as_file(text=text)], origin="paste")
    assert run_queued_proposals() == 1
    article = Article.objects.get()
    assert Mention.objects.filter(article=article).exists()
    assert "claims not proposed" not in article.review_note
