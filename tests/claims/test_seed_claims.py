"""Claims proposed on the real seed pages (read at run time): who states, denies and first published them."""

import re

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimRelation, ClaimStatus, Mention, MentionOrigin
from claims.text.patterns import DENIAL_CUES
from provenance.models import Article
from tests.conftest import SEEDS_DIR, needs_seeds
from tests.proposals import run_queued_proposals

pytestmark = [pytest.mark.slow, needs_seeds]


@pytest.fixture
def ingest(db, django_capture_on_commit_callbacks):
    def run(*prefixes: str) -> list[Article]:
        paths = [str(next(SEEDS_DIR.glob(f"{prefix}_*.txt"))) for prefix in prefixes]
        with django_capture_on_commit_callbacks(execute=True):  # article_stored fires after commit
            call_command("ingest", *paths)
        run_queued_proposals()  # what the worker does next
        return list(Article.objects.order_by("id"))

    return run


def test_the_casualty_figures_of_seed_003_come_from_the_monitor_not_al_bawaba(ingest):
    (article,) = ingest("003")
    assert article.outlet.name == "Al Bawaba"
    casualties = Mention.objects.filter(article=article, claim__kind="casualty").select_related("attributed_to")
    assert casualties.exists()
    for mention in casualties:
        assert mention.attributed_to.name == "Syrian Observatory for Human Rights"
        assert mention.attributed_to.kind == "monitor"
        status = ClaimStatus.objects.get(claim_id=mention.claim_id)
        assert status.asserting_origins == ["Syrian Observatory for Human Rights"]
    relayed = Mention.objects.filter(article=article, via__name="AFP").select_related("attributed_to")
    assert [m.attributed_to.name for m in relayed] == ["Syrian Observatory for Human Rights"]


def test_seed_000_and_001_claims_share_south_front_as_their_origin(ingest):
    articles = ingest("000", "001")
    assert {a.outlet.name for a in articles} == {"Global Research"}
    mentions = Mention.objects.filter(article__in=articles).select_related("attributed_to", "origin")
    assert mentions.count() >= 10
    named = {m.attributed_to.name for m in mentions if m.attributed_to and m.attributed_to.kind != "anonymous"}
    for mention in mentions:
        if mention.attributed_to is None or mention.attributed_to.kind == "anonymous":
            assert mention.origin.origin_name == "South Front"  # not Global Research, which republished it
    origins = {name for s in ClaimStatus.objects.filter(claim__mentions__in=mentions) for name in s.asserting_origins}
    assert origins == {"South Front"} | named
    assert len(named) <= 2  # the rest is South Front's own reporting
    unnamed = Mention.objects.filter(article__in=articles, attributed_to__kind="anonymous").select_related(
        "attributed_to__parent"
    )
    assert unnamed.exists()
    assert {m.attributed_to.parent.name for m in unnamed} == {"South Front"}


# (who denies, a word of the claim the denial denies): short facts, not sentences of the page
SEED_004_DENIALS = [
    ("Syrian state media", "Iranian"),
    ("Nusra Front", "merging"),
    ("Mohammad Javad Zarif", "Tehran"),
    ("Syrian military source (South Front)", "Red Cross"),
    ("Syrian military source (South Front)", "Revolutionary Commando Army"),
    ("Russian Defense Ministry", "Jurin"),
]


def test_the_denials_of_seed_004_are_mentions_denying_the_claims_they_deny(ingest):
    ingest("004")
    denials = Mention.objects.filter(stance="denies").select_related("claim", "attributed_to")
    found = {(mention.attributed_to.name, mention.claim.text) for mention in denials}
    for denier, word in SEED_004_DENIALS:
        assert any(denier in d and word in text for d, text in found), (denier, word, found)
    for mention in denials:
        assert DENIAL_CUES.search(mention.quote)  # the quote is the denial sentence ...
        assert not DENIAL_CUES.search(mention.claim.text)  # ... the claim is what it denies
        assert ClaimStatus.objects.get(claim=mention.claim).suggested_status == "contradicted"
    # no denial is a claim of its own, and so none is shown contradicted by the party it denies
    assert not Claim.objects.filter(kind="denial").exists() and not ClaimRelation.objects.exists()
    for status in ClaimStatus.objects.filter(suggested_status="contradicted").select_related("claim"):
        assert not DENIAL_CUES.search(status.claim.text), status.claim.text


def test_the_jurin_reports_of_seed_004_come_from_vedomosti_and_are_contradicted(ingest):
    ingest("004")
    (jurin,) = Claim.objects.filter(text__contains="Jurin")
    asserting = jurin.mentions.get(stance="asserts")
    assert asserting.attributed_to.name == "Vedomosti"  # named in the sentence after the denial
    status = ClaimStatus.objects.get(claim=jurin)
    assert (status.suggested_status, status.asserting_origins) == ("contradicted", ["Vedomosti"])
    assert status.independent_denying_origins == ["Russian Defense Ministry"]


def test_no_origin_of_the_seeds_is_named_after_an_article_title(ingest):
    articles = ingest("000", "001", "002", "003", "004")
    titles = {article.title for article in articles}
    assert any(article.outlet is None for article in articles)  # the seeds hold articles of unknown outlet
    names = set(MentionOrigin.objects.values_list("origin_name", flat=True))
    for status in ClaimStatus.objects.all():
        names |= {*status.asserting_origins, *status.denying_origins, *status.questioning_origins}
    assert names and not names & titles
    unknown = {name for name in names if name.startswith("unknown outlet")}
    assert unknown and all(re.fullmatch(r"unknown outlet \(004_\w+\.txt, part \d+\)", name) for name in unknown)


def test_the_arabic_article_of_seed_004_gets_proposals(ingest):
    articles = ingest("004")
    arabic = [a for a in articles if a.language == "ar"]
    assert arabic
    for article in arabic:
        for mention in Mention.objects.filter(article=article):
            assert article.body[mention.start : mention.end] == mention.quote
    assert Mention.objects.filter(article__in=arabic).count() >= 3
