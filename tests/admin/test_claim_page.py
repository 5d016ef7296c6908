"""The claim page: evidence grouped by independent origin, quotes in context, chains, reviews, history."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Review
from claims.services import add_mention, record_review
from claims.services.reviews import record_reviews
from provenance.models import Article, Derivation
from provenance.services import add_derivation
from tests.admin.conftest import confirmed_action


def claim_page(client, claim: Claim):
    response = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    return response


def market_claim() -> Claim:
    return Claim.objects.get(text__startswith="Airstrikes hit the central market")


def test_copies_from_several_outlets_are_grouped_by_independent_origin(admin_client, demo_corpus):
    response = claim_page(admin_client, market_claim())
    groups = [group for group in response.context["evidence"].groups if group.asserts]
    # four outlets carry it, from two first-hand reports: Veloria Wire's and the Marsk Herald's (the
    # Dravonian ministry's denials are a third group, denying it)
    assert len(groups) == 2
    outlets = [sorted(item.mention.article.outlet.name for item in group.mentions) for group in groups]
    assert sorted(outlets) == [
        ["Centre for Borderland Research", "The Marsk Herald"],
        ["Frontline Digest", "Veloria Wire Service"],
    ]
    assert {group.label.split(",")[0] for group in groups} == {"The Marsk Herald", "Veloria Wire Service"}
    content = response.content.decode()
    assert content.count('class="origin-group') == 3
    assert "Evidence by independent origin (3)" in content


def test_an_outlet_that_only_questions_the_claim_is_shown_as_doubt_not_as_a_denial(admin_client, demo_corpus):
    claim = Claim.objects.get(text__startswith="Dravonian air defences intercepted")
    article = Article.objects.get(title__startswith="Veloria denies launching drones")
    start = article.body.index("Veloria Wire was unable to verify")
    add_mention(claim=claim, article=article, start=start, end=article.body.index(".", start), stance="questions")
    content = claim_page(admin_client, claim).content.decode()
    assert 'class="origin-group module questions"' in content and "origin-group module denies" not in content
    assert "questioned by <bdi>Veloria Wire Service</bdi>" in content  # the name isolated from the sentence


def test_each_mention_shows_its_quote_in_context_highlighted_with_outlet_date_stance_and_chain(
    admin_client, demo_corpus
):
    response = claim_page(admin_client, market_claim())
    content = response.content.decode()
    excerpt = Article.objects.get(url__contains="frontline-digest", title__icontains="excerpt")
    mention = market_claim().mentions.get(article=excerpt)
    item = next(i for g in response.context["evidence"].groups for i in g.mentions if i.mention == mention)
    assert item.quote == mention.quote and item.after  # the sentence after it is shown too
    assert f"<mark>{mention.quote[:20]}" in content
    assert "Frontline Digest" in content and "19 Mar 2031" in content and "Asserts" in content
    # the excerpt's chain: Veloria Wire's report, then this copy
    assert [link.article.outlet.name for link in item.chain.links] == ["Veloria Wire Service", "Frontline Digest"]
    assert "this copy" in content


def test_attributed_source_and_explanation_are_shown(admin_client, demo_corpus):
    claim = Claim.objects.get(text__startswith="23 civilians")
    response = claim_page(admin_client, claim)
    content = response.content.decode()
    assert 'attributed to <strong dir="auto">Veloria Observatory for Civilian Safety</strong>' in content
    [group] = response.context["evidence"].groups  # four outlets, one origin: the Observatory
    assert len(group.mentions) == 4
    assert response.context["evidence"].explanation in content.replace("&#x27;", "'")


def test_arabic_quotes_are_shown_right_to_left(admin_client, demo_corpus):
    claim = Claim.objects.get(text__startswith="Airstrikes hit the central market")  # denied in Arabic too
    content = claim_page(admin_client, claim).content.decode()
    assert '<blockquote dir="rtl" lang="ar">' in content
    assert '<blockquote dir="auto" lang="en">' in content


def test_quote_context_is_escaped(admin_client, make_article, make_claim):
    body = "Before <b>bold</b> & more. The <script>alert(1)</script> convoy reached Marsk. After."
    article = make_article(body)
    start = body.index("The <script>")
    claim = make_claim("A convoy reached Marsk")
    add_mention(claim=claim, article=article, start=start, end=body.index(" reached"))
    content = claim_page(admin_client, claim).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more." in content


def test_review_history_is_read_only_newest_first_and_linked_claims_show_their_status(
    admin_client, demo_corpus, reviewer
):
    claim = market_claim()
    record_review(claim=claim, verdict="contradicted", rationale="A later look", reviewer=reviewer)
    response = claim_page(admin_client, claim)
    reviews = response.context["evidence"].reviews
    assert reviews[0].rationale == "A later look"
    assert len(reviews) == 2
    content = response.content.decode()
    assert 'class="current"' in content and "A later look" in content
    assert "review_set" not in content and 'name="reviews-' not in content  # no editable review rows
    linked = {link.phrase: link.claim.text for link in response.context["evidence"].linked}
    assert "is contradicted by" not in linked  # the ministry's denial is a mention of this claim, not a claim
    denials = [g for g in response.context["evidence"].groups if not g.asserts]
    assert [(g.label, len(g.mentions)) for g in denials] == [("Dravonian Ministry of Defence", 3)]
    assert linked["is supported by"].startswith("23 civilians")
    assert linked["is duplicated by"].startswith("Marsk's main market")
    assert "Linked claims" in content


def add_copies(make_article, make_source, claim: Claim, n: int) -> None:
    """n more outlets copying the first article that carries the claim, each with a mention."""
    mention = claim.mentions.order_by("pk").first()
    original = mention.article
    for _ in range(n):
        outlet = make_source()
        copy = make_article(
            f"{original.body}\n\nRepublished by {outlet.name}.", outlet=outlet, published=original.published
        )
        add_derivation(derived=copy, source_article=original, evidence=Derivation.Evidence.MANUAL)
        add_mention(claim=claim, article=copy, start=mention.start, end=mention.end)


def test_claim_page_query_count_does_not_grow_with_mentions(admin_client, demo_corpus, make_article, make_source):
    claim = market_claim()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            claim_page(admin_client, claim)
        return len(queries)

    add_copies(make_article, make_source, claim, 2)
    small = count()
    add_copies(make_article, make_source, claim, 12)
    assert count() == small


def test_changes_are_recorded_with_who_and_when_and_shown_on_the_page(client_for, demo_corpus):
    client = client_for("reviewer")
    claim = market_claim()
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    data = {"text": claim.text + " (edited)", "kind": claim.kind, "places": "Marsk", "groups": ""}
    assert client.post(change, data).status_code == 302
    page = claim_page(client, claim)
    [entry] = [e for e in page.context["history"] if e.subject == f"claim {claim.pk}" and e.action == "changed"]
    assert entry.user.startswith("reviewer") and entry.action == "changed"
    assert ("text", claim.text, claim.text + " (edited)") in entry.changes
    full = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert full.status_code == 200
    assert "(edited)" in full.content.decode() and entry.user in full.content.decode()


def test_bulk_verdicts_appear_in_each_claims_history(client_for, demo_corpus):
    client = client_for("reviewer")
    claim = market_claim()
    client.post(
        "/admin/claims/claim/",
        confirmed_action("mark_corroborated", [claim.pk], rationale="Bulk"),
    )
    history = claim_page(client, claim).context["history"]
    reviews = [e for e in history if e.subject.startswith("review ") and e.action == "created"]
    assert reviews[0].user.startswith("reviewer")  # newest first: the bulk verdict, signed by its reviewer


def test_viewer_sees_history_but_not_the_verdict_button(client_for, demo_corpus):
    client = client_for("viewer")
    claim = market_claim()
    content = claim_page(client, claim).content.decode()
    assert "Recent changes" in content
    assert "Record a verdict" not in content
    assert client.get(reverse("admin:claims_claim_history", args=[claim.pk])).status_code == 200


def test_two_reviewers_deciding_at_once_both_get_recorded_and_the_newer_is_current(
    admin_client, demo_corpus, reviewer, django_user_model
):
    """Both reviewers opened the page before either decided; both submissions stand."""
    claim = Claim.objects.get(text__startswith="Marsk's main market")
    other = django_user_model.objects.create_user(username="second-reviewer")
    first_page = claim_page(admin_client, claim)
    assert first_page.context["evidence"].current_review is None
    record_reviews(claim_ids=[claim.pk], verdict="corroborated", rationale="First", reviewer=reviewer)
    record_reviews(claim_ids=[claim.pk], verdict="single_sourced", rationale="Second", reviewer=other)
    evidence = claim_page(admin_client, claim).context["evidence"]
    assert [r.rationale for r in evidence.reviews] == ["Second", "First"]
    assert evidence.current_review.reviewer == other
    assert ClaimStatus.objects.get(claim=claim).verdict == "single_sourced"


@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_in_overlapping_transactions_are_both_kept(admin_client, django_user_model):
    """Two transactions record a review of one claim at the same time: neither waits or fails."""
    claim = Claim.objects.create(text="A fictional claim two reviewers decide at once")
    people = [django_user_model.objects.create_user(username=f"concurrent{i}") for i in range(2)]
    both_inside = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def decide(person, verdict: str) -> None:
        try:
            with transaction.atomic():
                record_reviews(claim_ids=[claim.pk], verdict=verdict, rationale=f"By {person}", reviewer=person)
                both_inside.wait()  # the other transaction is open too
        except Exception as error:  # noqa: BLE001 (reported to the test below)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(people[0], "corroborated")),
        threading.Thread(target=decide, args=(people[1], "contradicted")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    reviews = list(Review.objects.filter(claim=claim).order_by("-created_at", "-id"))
    assert len(reviews) == 2
    response = claim_page(admin_client, claim)
    assert response.context["evidence"].current_review == reviews[0]
    assert ClaimStatus.objects.get(claim=claim).verdict == reviews[0].verdict
    content = response.content.decode()
    assert "By concurrent0" in content and "By concurrent1" in content


def test_record_a_verdict_opens_the_review_form_for_this_claim_and_returns(client_for, demo_corpus):
    client = client_for("reviewer")
    claim = market_claim()
    assert "Record a verdict" in claim_page(client, claim).content.decode()
    form = client.get(reverse("admin:claims_review_add") + f"?claim={claim.pk}")
    assert form.context["adminform"].form.initial["claim"] == str(claim.pk)
    response = client.post(
        reverse("admin:claims_review_add"), {"claim": claim.pk, "verdict": "corroborated", "rationale": "Seen"}
    )
    assert response["Location"] == reverse("admin:claims_claim_change", args=[claim.pk])
    assert claim_page(client, claim).context["evidence"].current_review.rationale == "Seen"


def test_mentions_relations_and_reviews_have_a_history_page(client_for, demo_corpus):
    client = client_for("viewer")
    claim = market_claim()
    mention, review = claim.mentions.first(), claim.reviews.first()
    relation = claim.relations_in.first()
    for name, obj in [("mention", mention), ("claimrelation", relation), ("review", review)]:
        response = client.get(reverse(f"admin:claims_{name}_history", args=[obj.pk]))
        assert response.status_code == 200
        assert "Every recorded change" in response.content.decode()
