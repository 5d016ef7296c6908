"""Proposing claim mentions: quotes and selectors, attribution to Sources, one claim across the corpus, denials."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from claims.models import Claim, ClaimRelation, ClaimStatus, Mention
from claims.services import propose_for_article
from claims.tasks import articles_awaiting_proposals
from provenance.models import Derivation
from provenance.services import add_derivation
from provenance.signals import article_stored
from sources.models import Source
from sources.services import create_source
from tests.proposals import run_queued_proposals

BODY = (
    "Tarnholm after the shelling\n\n"
    "Artillery shelled the grain silos of Tarnholm on Tuesday, the Tarnholm Casualty Monitor said.\n\n"
    "Since Tuesday, 12 civilians have been killed in Tarnholm, the monitor told Veloria Wire.\n\n"
    "A Dravonian military source said that the army took control of the village of Sarnel.\n\n"
    "The Dravonian Ministry of Defence denied that its artillery shelled the grain silos of Tarnholm.\n\n"
    "The town is known for its old bridge."
)


@pytest.fixture
def herald(make_source):
    return make_source("Marsk Herald")


@pytest.fixture
def monitor(db):
    return create_source(name="TCM Observatory", kind="monitor", aliases=["Tarnholm Casualty Monitor"])


def mentions_of(article):
    return {m.quote: m for m in Mention.objects.filter(article=article).select_related("claim", "attributed_to", "via")}


def test_each_candidate_becomes_a_proposed_mention_with_exact_selectors(make_article, herald, monitor):
    article = make_article(BODY, outlet=herald)
    report = propose_for_article(article=article)
    assert report.mentions_created == 4 == Mention.objects.filter(article=article).count()
    for mention in Mention.objects.filter(article=article):
        assert article.body[mention.start : mention.end] == mention.quote
        assert article.body[: mention.start].endswith(mention.prefix)
        assert article.body[mention.end :].startswith(mention.suffix)
        assert mention.status == "proposed"
    assert not any("old bridge" in quote or "after the shelling" in quote for quote in mentions_of(article))


def test_attributions_resolve_through_aliases_and_unnamed_sources_are_tied_to_the_outlet(make_article, herald, monitor):
    article = make_article(BODY, outlet=herald)
    propose_for_article(article=article)
    found = mentions_of(article)
    casualty = next(m for q, m in found.items() if "12 civilians" in q)
    assert (casualty.attributed_to, casualty.via.name, casualty.hedge) == (monitor, "Veloria Wire", "reported")
    assert casualty.claim.kind == "casualty"
    sarnel = next(m for q, m in found.items() if "military source" in q)
    assert (sarnel.claim.kind, sarnel.claim.places) == ("territory", ["Sarnel"])
    unnamed = sarnel.attributed_to
    assert (unnamed.name, unnamed.kind, unnamed.parent) == (
        "Dravonian military source (Marsk Herald)",
        "anonymous",
        herald,
    )
    assert unnamed.needs_review
    assert Source.objects.get(name="Veloria Wire").needs_review


def test_a_denial_is_a_mention_denying_the_claim_it_answers(make_article, herald, monitor):
    article = make_article(BODY, outlet=herald)
    report = propose_for_article(article=article)
    shelling = Claim.objects.get(text__startswith="Artillery shelled")
    assert report.denials_linked == 1
    assert not Claim.objects.filter(kind="denial").exists() and not ClaimRelation.objects.exists()
    denial = shelling.mentions.get(stance="denies")
    assert denial.quote.startswith("The Dravonian Ministry of Defence denied")
    assert denial.attributed_to.name == "Dravonian Ministry of Defence"
    status = ClaimStatus.objects.get(claim=shelling)
    assert status.suggested_status == "contradicted"
    assert status.independent_denying_origins == ["Dravonian Ministry of Defence"]


QUESTIONED = (
    "Drones over Tollvik\n\n"
    "Dravonia's Ministry of Defence said its air defences had intercepted 11 drones over Tollvik overnight.\n\n"
    "Veloria Wire was unable to verify the number of drones or where they had been launched from.\n\n"
    "Analysts questioned the figure of 4,200 displaced people given by the Marsk council."
)


def test_a_question_is_a_mention_of_the_claim_it_questions(make_article, herald):
    article = make_article(QUESTIONED, outlet=herald)
    report = propose_for_article(article=article)
    drones = Claim.objects.get(text__contains="intercepted 11 drones")
    unable = Mention.objects.get(article=article, quote__startswith="Veloria Wire was unable")
    assert (unable.claim, unable.stance) == (drones, "questions")
    assert report.questions_linked == 1
    # questioning a claim is not stating it: the claim keeps its one asserting origin
    assert ClaimStatus.objects.get(claim=drones).asserting_mention_count == 1
    # nothing earlier states the 4,200 figure, so that question stays a claim of its own
    figure = Mention.objects.get(article=article, quote__startswith="Analysts questioned")
    assert figure.stance == "questions" and figure.claim.text.startswith("Analysts questioned")
    again = propose_for_article(article=article)
    assert (again.mentions_created, again.questions_linked) == (0, 0)


def test_proposing_again_adds_nothing(make_article, herald, monitor):
    article = make_article(BODY, outlet=herald)
    propose_for_article(article=article)
    counts = (Mention.objects.count(), Claim.objects.count(), ClaimRelation.objects.count(), Source.objects.count())
    again = propose_for_article(article=article)
    assert (again.mentions_created, again.claims_created, again.denials_linked) == (0, 0, 0)
    assert counts == (
        Mention.objects.count(),
        Claim.objects.count(),
        ClaimRelation.objects.count(),
        Source.objects.count(),
    )


def test_copies_and_rewordings_are_mentions_of_one_claim(make_source, make_article, herald, monitor):
    original = make_article(BODY, outlet=herald, published=date(2031, 5, 2))
    copy = make_article(
        BODY + "\n\nRepublished with thanks.", outlet=make_source("Hollin Digest"), published=date(2031, 5, 3)
    )
    add_derivation(derived=copy, source_article=original, status=Derivation.Status.CONFIRMED)
    reworded = make_article(
        "The Tarnholm Casualty Monitor said 12 civilians have been killed in Tarnholm since Tuesday.",
        outlet=make_source("Lorn Courier"),
    )
    other_figure = make_article(
        "The Tarnholm Casualty Monitor said 15 civilians have been killed in Tarnholm since Tuesday.",
        outlet=make_source("Vetch Times"),
    )
    for article in (original, copy, reworded, other_figure):
        propose_for_article(article=article)
    twelve = Claim.objects.get(text__contains="12 civilians")
    assert sorted(twelve.mentions.values_list("article_id", flat=True)) == sorted([original.pk, copy.pk, reworded.pk])
    assert Claim.objects.filter(text__contains="15 civilians").count() == 1
    status = ClaimStatus.objects.get(claim=twelve)
    assert (status.asserting_origin_count, status.asserting_origins) == (1, ["TCM Observatory"])
    assert Claim.objects.count() == 4  # three in the report (its denial is a mention of one), one for the other figure


def test_selectors_count_code_points(make_article, herald):
    article = make_article(
        "🛰️ 𝕏 Satellite view. Drones struck a fuel depot at Vetch on Monday, the army said.", outlet=herald
    )
    propose_for_article(article=article)
    mention = Mention.objects.get(article=article)
    assert (mention.start, mention.end) == (article.body.index("Drones"), len(article.body))
    assert mention.quote == article.body[mention.start :]


def test_an_arabic_article_gets_arabic_proposals(make_article, herald):
    body = "قال مصدر عسكري إن 12 جنديا قتلوا في بلدة تارنهولم. ونفت وزارة الدفاع أن تكون طائراتها قد قصفت السوق."
    article = make_article(body, outlet=herald, language="ar")
    propose_for_article(article=article)
    found = sorted(Mention.objects.filter(article=article).values_list("claim__kind", "stance", "attributed_to__name"))
    assert found == [("casualty", "asserts", "مصدر عسكري (Marsk Herald)"), ("event", "denies", "وزارة الدفاع")]
    assert Source.objects.filter(name="مصدر عسكري (Marsk Herald)", kind="anonymous").exists()
    assert Claim.objects.get(kind="event").text == "تكون طائراتها قد قصفت السوق"  # what the ministry denies


def test_storing_articles_queues_one_job_that_proposes_their_claims(
    make_article, herald, monitor, django_capture_on_commit_callbacks
):
    first, second = make_article(BODY, outlet=herald), make_article(BODY + " Again.", outlet=herald)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():  # as the ingest announces a file
        for article in (first, second):
            article_stored.send(sender=type(article), article=article)
    assert not Mention.objects.exists(), "nothing is proposed while the articles are stored"
    assert articles_awaiting_proposals([first.pk, second.pk]) == {first.pk, second.pk}
    assert run_queued_proposals() == 1, "one job for the articles announced together"
    assert Mention.objects.filter(article=first).count() == 4
    assert Mention.objects.filter(article=second).count() >= 4
    assert articles_awaiting_proposals([first.pk, second.pk]) == set()


def test_storing_proposes_nothing_when_switched_off(make_article, herald, settings, django_capture_on_commit_callbacks):
    settings.CLAIMS_PROPOSE_ON_STORE = False
    article = make_article(BODY, outlet=herald)
    with django_capture_on_commit_callbacks(execute=True):
        article_stored.send(sender=type(article), article=article)
    assert run_queued_proposals() == 0
    assert not Mention.objects.exists()


def test_the_command_proposes_for_chosen_or_all_articles(make_article, herald, monitor, capsys):
    first = make_article(BODY, outlet=herald)
    second = make_article("Drones struck a fuel depot at Vetch on Monday, the army said.", outlet=herald)
    call_command("propose-claims", "--article", str(first.pk))
    assert "1 article(s): 4 mention(s) proposed" in capsys.readouterr().out
    call_command("propose-claims", "--all", "--json")
    report = json.loads(capsys.readouterr().out)
    assert (report["articles"], report["mentions_created"]) == (2, 1)
    assert Mention.objects.filter(article=second).count() == 1


def test_the_command_refuses_unknown_articles_and_missing_arguments(db):
    with pytest.raises(CommandError, match="no article with id 999999"):
        call_command("propose-claims", "--article", "999999")
    with pytest.raises(CommandError, match="one of the arguments --article --all is required"):
        call_command("propose-claims")


def test_a_sentence_with_two_claims_gives_two_mentions_attributed_to_its_speaker(make_article, herald, monitor):
    body = (
        "Dravonian artillery shelled the silos of Tarnholm on Tuesday, while Korrin Front fighters took the "
        "village of Sarnel, the Tarnholm Casualty Monitor said."
    )
    article = make_article(body, outlet=herald)
    propose_for_article(article=article)
    mentions = list(Mention.objects.filter(article=article).select_related("claim", "attributed_to").order_by("start"))
    assert [m.claim.kind for m in mentions] == ["event", "territory"]
    assert mentions[0].quote == "Dravonian artillery shelled the silos of Tarnholm on Tuesday"
    assert mentions[1].quote.startswith("Korrin Front fighters took the village of Sarnel")
    assert {m.attributed_to for m in mentions} == {monitor}
    assert mentions[0].claim != mentions[1].claim
    assert "Korrin Front" in mentions[1].claim.groups and mentions[1].claim.check_worthiness > 0
