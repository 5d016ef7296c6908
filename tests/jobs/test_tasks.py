"""The maintenance jobs: re-run text-reuse detection, re-propose claims, recompute after a merge."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from claims.models import Mention
from claims.services.merging import merge_claims
from claims.tasks import propose_claims, recompute_after_merge
from provenance.models import Derivation
from provenance.tasks import detect_text_reuse
from tests.jobs.conftest import run_jobs_here

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = (
    "Observers in the fictional town of Marsk counted {n} trucks on the Vell bridge road on Monday. "
    "The council of Marsk said the convoy carried grain, fuel and medicine for the eastern district. "
    "At least 30 soldiers were killed near the Oradin checkpoint, the Marsk Observatory said on Tuesday. "
    "Residents described a night of loud explosions near the depot and the old railway station. "
    "Talks between the two sides are expected to continue in the coastal city of Quessa next week."
)


def job_results(task_name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM procrastinate_jobs WHERE task_name = %s ORDER BY id", [task_name])
        return [row[0] for row in cursor.fetchall()]


def test_text_reuse_detection_runs_as_a_job(make_article, job_queue):
    original = make_article(REPORT.format(n=41))
    copy = make_article(REPORT.format(n=41) + "\n\nRepublished with thanks to the Vell Courier.")
    Derivation.objects.all().delete()  # as if detection had not run yet
    detect_text_reuse.defer(article_ids=[original.pk, copy.pk], reindex=True)
    run_jobs_here()
    assert job_results("provenance.tasks.detect_text_reuse") == ["succeeded"]
    assert Derivation.objects.filter(
        derived=copy, source_article=original, evidence=Derivation.Evidence.TEXT_REUSE
    ).exists()


def test_claim_proposals_run_as_a_job(make_article, job_queue):
    article = make_article(REPORT.format(n=7))
    Mention.objects.filter(article=article).delete()
    propose_claims.defer(article_ids=[article.pk])
    run_jobs_here()
    assert job_results("claims.tasks.propose_claims") == ["succeeded"]
    assert Mention.objects.filter(article=article, status=Mention.Status.PROPOSED).exists()


def merge_of_two_claims_quoted_in_an_original(make_article, make_claim, n: int):
    """An original and its confirmed copy; a claim with an accepted mention in the original merged into another."""
    from claims.services import add_mention
    from provenance.services import add_derivation

    original = make_article(REPORT.format(n=n))
    copy = make_article("Republished from the Marsk Observer.\n\n" + REPORT.format(n=n))
    add_derivation(derived=copy, source_article=original, status=Derivation.Status.CONFIRMED)
    start = original.body.index("At least 30")
    end = original.body.index(", the Marsk Observatory")
    survivor, merged = make_claim("30 soldiers killed near Oradin"), make_claim("Thirty soldiers died at Oradin")
    add_mention(claim=merged, article=original, start=start, end=end, status=Mention.Status.ACCEPTED)
    merge_claims(claims=[merged], into=survivor)
    return original, copy, survivor, merged, original.body[start:end]


def test_recompute_after_a_merge_carries_the_survivors_accepted_mentions_to_the_copies(
    make_article, make_claim, job_queue
):
    _original, copy, survivor, merged, quote = merge_of_two_claims_quoted_in_an_original(make_article, make_claim, 9)
    assert not Mention.objects.filter(article=copy).exists()

    recompute_after_merge.defer(claim_id=merged.pk)  # the merged claim's id leads to the survivor
    run_jobs_here()
    # the merge queued its own recompute too (see the next test): both succeed, nothing is carried twice
    assert job_results("claims.tasks.recompute_after_merge") == ["succeeded", "succeeded"]
    carried = Mention.objects.get(article=copy)
    assert (carried.claim_id, carried.status, carried.quote) == (survivor.pk, "proposed", quote)


def test_merging_claims_carries_the_mentions_it_brings_to_the_copies_by_itself(make_article, make_claim, job_queue):
    # no job deferred by hand: the merge queues it
    _original, copy, survivor, _merged, _quote = merge_of_two_claims_quoted_in_an_original(make_article, make_claim, 12)
    run_jobs_here()
    assert job_results("claims.tasks.recompute_after_merge") == ["succeeded"]
    carried = Mention.objects.get(article=copy)
    assert (carried.claim_id, carried.status) == (survivor.pk, "proposed")


def test_an_ingest_queues_claim_proposals_and_the_reader_says_so_until_a_worker_runs_them(
    job_queue, tmp_path, client, django_user_model
):
    from django.contrib.auth.models import Group

    from claims.roles import sync_role_groups
    from provenance.models import Article
    from tests.provenance.ingest_pages import original_page, repost_page

    (tmp_path / "original.txt").write_text(original_page())
    (tmp_path / "repost.txt").write_text(repost_page())
    out = io.StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    assert "claim proposals queued for 2 new article(s): a worker runs them (`manage.py worker`" in out.getvalue()
    assert job_results("claims.tasks.propose_claims") == ["todo", "todo"], "one job per file"
    assert not Mention.objects.exists(), "the import did not wait for the proposals"

    sync_role_groups()
    viewer = django_user_model.objects.create_user(username="viewer", password="x")
    viewer.groups.add(Group.objects.get(name="viewer"))
    client.force_login(viewer)
    article = Article.objects.order_by("id").first()
    reader = client.get(f"/articles/{article.pk}/").content.decode()
    assert "Claims being proposed" in reader and "No claim mentioned here yet" not in reader
    assert client.get(f"/api/v1/articles/{article.pk}/").json()["claims_being_proposed"] is True

    run_jobs_here()
    assert job_results("claims.tasks.propose_claims") == ["succeeded", "succeeded"]
    assert Mention.objects.filter(article=article, status=Mention.Status.PROPOSED).exists()
    assert "Claims being proposed" not in client.get(f"/articles/{article.pk}/").content.decode()
    assert client.get(f"/api/v1/articles/{article.pk}/").json()["claims_being_proposed"] is False
