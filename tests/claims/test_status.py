"""The suggested status counts independent origins, not outlets; it follows chain changes at once."""

from datetime import date

import pytest

from claims.models import Claim, ClaimStatus, Mention, Review, SuggestedStatus
from claims.selectors import claims_in_disagreement, claims_with_status, mentions_for_claims, status_counts
from claims.selectors.status import attach_statuses, isolated, status_explanation
from claims.services import add_mention, merge_claims, record_review, relate_claims
from claims.text.w3c import selector_for_quote
from provenance.models import Derivation
from provenance.services import add_derivation, decide_derivations
from sources.services import set_parent

REPORT = (
    "Fictional report. Shelling hit the grain silos of Tarnholm on Tuesday, "
    "and 12 civilians were killed, the district office said."
)
QUOTE = "12 civilians were killed"


def mention(claim, article, quote=QUOTE, **fields):
    selector = selector_for_quote(article.body, quote)
    return add_mention(claim=claim, article=article, start=selector.start, end=selector.end, quote=quote, **fields)


def status_of(claim) -> ClaimStatus:
    status = ClaimStatus.objects.get(claim=claim)
    # the table lists filter by (kept by triggers) says the same as the view, after every change
    assert SuggestedStatus.objects.get(claim=claim).suggested_status == status.suggested_status
    # and list pages, which read the view's rows through claims_status_rows (migration 0015), get the same row
    page = [Claim.objects.get(pk=claim.pk)]
    attach_statuses(page)
    assert _row(page[0].status) == _row(status)
    return status


def _row(status: ClaimStatus) -> dict:
    return {field.attname: getattr(status, field.attname) for field in ClaimStatus._meta.concrete_fields}


@pytest.fixture
def chain_of_four(make_source, make_article):
    """One report by the Korrin Daily Post, copied three times down a chain of other outlets."""
    origin = make_article(REPORT, outlet=make_source("Korrin Daily Post"), published=date(2031, 4, 19))
    articles = [origin]
    for n in range(3):
        copy = make_article(f"{REPORT}\nCopy number {n}.", outlet=make_source(), published=date(2031, 4, 20 + n))
        add_derivation(derived=copy, source_article=articles[-1], status=Derivation.Status.CONFIRMED)
        articles.append(copy)
    return articles


def test_four_copies_of_one_report_are_single_sourced(chain_of_four, make_claim):
    claim = make_claim("12 civilians were killed in Tarnholm.", kind="casualty")
    for article in chain_of_four:
        mention(claim, article)
    status = status_of(claim)
    assert (status.suggested_status, status.mention_count, status.outlet_count) == ("single_sourced", 4, 4)
    assert status.asserting_origins == ["Korrin Daily Post"]
    assert status_explanation(status) == (
        "4 mentions in 4 outlets (4 still proposed, not yet accepted), all derived from "
        f"{isolated('Korrin Daily Post')} (19 Apr 2031): 1 independent origin"
    )


def test_the_live_mentions_are_the_ones_the_status_counts(chain_of_four, make_claim):
    claim = make_claim("12 civilians were killed in Tarnholm.", kind="casualty")
    for article, status in zip(chain_of_four, Mention.Status.values, strict=True):
        Mention.objects.filter(pk=mention(claim, article).pk).update(status=status)
    live = Mention.objects.filter(claim=claim).live()
    assert status_of(claim).mention_count == live.count() == 2
    assert {m.status for m in live} == set(Mention.LIVE_STATUSES)
    assert (
        {m for m in Mention.objects.filter(claim=claim) if m.is_live}
        == set(live)
        == set(mentions_for_claims([claim.pk]))
    )


def test_two_outlets_quoting_the_same_monitor_are_one_origin(make_source, make_article, make_claim):
    monitor = make_source("Tarnholm Casualty Monitor", kind="monitor")
    claim = make_claim()
    for outlet in ("Marsk Evening Star", "Hollin Valley Radio"):
        article = make_article(f"{REPORT} ({outlet})", outlet=make_source(outlet))
        mention(claim, article, attributed_to=monitor, status=Mention.Status.ACCEPTED)
    status = status_of(claim)
    assert status.asserting_origin_count == 1
    assert status.suggested_status == "single_sourced"
    assert status_explanation(status).startswith(
        f"2 mentions in 2 outlets, all attributed to {isolated('Tarnholm Casualty Monitor')} (1 Mar 2031)"
    )


def test_a_question_adds_no_origin_and_is_named_in_the_explanation(make_source, make_article, make_claim):
    claim = make_claim()
    mention(claim, make_article(REPORT, outlet=make_source("Marsk Evening Star")), status=Mention.Status.ACCEPTED)
    doubt = make_article(
        f"{REPORT} Hollin Valley Radio could not verify the figure.", outlet=make_source("Hollin Valley Radio")
    )
    mention(claim, doubt, quote="could not verify the figure", stance="questions", status=Mention.Status.ACCEPTED)
    status = status_of(claim)
    assert (status.suggested_status, status.asserting_origins) == ("single_sourced", ["Marsk Evening Star"])
    assert status.questioning_origins == ["Hollin Valley Radio"]
    assert status_explanation(status).endswith(f"1 independent origin; questioned by {isolated('Hollin Valley Radio')}")


def test_two_independent_reports_are_corroborated(make_source, make_article, make_claim):
    claim = make_claim()
    for outlet in ("Marsk Evening Star", "Hollin Valley Radio"):
        mention(claim, make_article(f"{REPORT} ({outlet})", outlet=make_source(outlet)))
    status = status_of(claim)
    assert (status.suggested_status, status.asserting_origin_count) == ("corroborated", 2)
    names = f"{isolated('Hollin Valley Radio')} and {isolated('Marsk Evening Star')}"
    assert f"from 2 independent origins: {names}" in status_explanation(status)


def test_outlets_under_one_parent_are_not_independent(make_source, make_article, make_claim):
    parent = make_source("Dravonian State Broadcasting Group", kind="state_media")
    claim = make_claim()
    for outlet in ("Dravonia Morning", "Dravonia Evening"):
        source = make_source(outlet, kind="state_media")
        set_parent(source=source, parent=parent)
        mention(claim, make_article(f"{REPORT} ({outlet})", outlet=source))
    status = status_of(claim)
    assert status.suggested_status == "single_sourced"
    assert status.asserting_origins == ["Dravonian State Broadcasting Group"]


def test_an_independent_denial_contradicts(make_source, make_article, make_claim):
    claim = make_claim()
    mention(claim, make_article(REPORT, outlet=make_source("Marsk Evening Star")))
    denial = make_article(
        "The ministry said that no civilians were killed in Tarnholm.", outlet=make_source("Ministry Wire")
    )
    mention(claim, denial, quote="no civilians were killed in Tarnholm", stance=Mention.Stance.DENIES)
    status = status_of(claim)
    assert status.suggested_status == "contradicted"
    assert status.independent_denying_origins == ["Ministry Wire"]
    assert f"contradicted by {isolated('Ministry Wire')}, independent of the 1 origin asserting it" in (
        status_explanation(status)
    )


def test_a_denial_from_the_asserting_origin_is_not_independent(make_source, make_article, make_claim):
    monitor = make_source("Tarnholm Casualty Monitor", kind="monitor")
    claim = make_claim()
    mention(claim, make_article(REPORT, outlet=make_source()), attributed_to=monitor)
    retraction = make_article("The monitor later said that no civilians were killed.", outlet=make_source())
    mention(claim, retraction, quote="no civilians were killed", attributed_to=monitor, stance=Mention.Stance.DENIES)
    status = status_of(claim)
    assert status.suggested_status == "single_sourced"
    assert status.independent_denial_count == 0
    monitor_name = isolated("Tarnholm Casualty Monitor")
    assert f"the denial by {monitor_name} is not independent of it" in status_explanation(status)


def test_a_contradicting_claim_linked_by_a_person_disputes_both_ways(make_source, make_article, make_claim):
    ministry = make_source("Dravonian Ministry of Defence", kind="ministry")
    claim, counter = make_claim(), make_claim("Only soldiers were killed in Tarnholm.", kind="casualty")
    mention(claim, make_article(REPORT, outlet=make_source("Marsk Evening Star")))
    statement = make_article("The ministry said only soldiers were killed in Tarnholm.", outlet=make_source())
    mention(counter, statement, quote="only soldiers were killed in Tarnholm", attributed_to=ministry)
    relate_claims(from_claim=counter, to_claim=claim, kind="contradicts")
    assert status_of(claim).suggested_status == "contradicted"
    assert status_of(claim).independent_denying_origins == ["Dravonian Ministry of Defence"]
    assert status_of(counter).suggested_status == "contradicted"  # the report disputes the counter-claim as well
    assert status_of(counter).asserting_origins == ["Dravonian Ministry of Defence"]


def test_a_contradicting_claim_from_the_same_origin_does_not_contradict(make_source, make_article, make_claim):
    outlet = make_source("Marsk Evening Star")
    claim, other = make_claim(), make_claim("No civilians were killed in Tarnholm.")
    mention(claim, make_article(REPORT, outlet=outlet))
    mention(
        other, make_article("Correction: no civilians were killed in Tarnholm.", outlet=outlet), quote="no civilians"
    )
    relate_claims(from_claim=other, to_claim=claim, kind="contradicts")
    assert status_of(claim).suggested_status == "single_sourced"


def test_a_linked_contradicting_claim_without_mentions_counts_as_its_own_origin(make_article, make_claim):
    claim, other = make_claim(), make_claim("A reviewer's note: the silos were empty that week.")
    mention(claim, make_article(REPORT))
    relate_claims(from_claim=other, to_claim=claim, kind="contradicts")
    status = status_of(claim)
    assert status.suggested_status == "contradicted"
    assert status.independent_denying_origins == [f"claim #{other.pk}"]


def test_confirming_a_new_derivation_turns_corroborated_into_single_sourced(
    make_source, make_article, make_claim, reviewer
):
    claim = make_claim()
    first = make_article(REPORT, outlet=make_source("Marsk Evening Star"), published=date(2031, 4, 1))
    second = make_article(f"{REPORT} (radio)", outlet=make_source("Hollin Valley Radio"), published=date(2031, 4, 2))
    mention(claim, first)
    mention(claim, second)
    review = record_review(claim=claim, verdict="corroborated", rationale="Two outlets.", reviewer=reviewer)
    assert status_of(claim).suggested_status == "corroborated"

    edge, _ = add_derivation(derived=second, source_article=first, evidence=Derivation.Evidence.TEXT_REUSE)
    decide_derivations(derivation_ids=[edge.pk], status=Derivation.Status.CONFIRMED)
    status = status_of(claim)
    assert status.suggested_status == "single_sourced"
    assert (status.verdict, status.is_disagreement, status.review_count) == ("corroborated", True, 1)
    assert list(claims_in_disagreement()) == [claim]
    assert Review.objects.get(pk=review.pk).verdict == "corroborated"  # the stored verdict is untouched

    decide_derivations(derivation_ids=[edge.pk], status=Derivation.Status.REJECTED)
    assert status_of(claim).suggested_status == "corroborated"
    assert not status_of(claim).is_disagreement


def test_unnamed_sources_are_traced_through_the_chain_of_their_article(make_source, make_article, make_claim):
    outlet = make_source("Marsk Evening Star")
    unnamed = make_source("a military source (Marsk Evening Star)", kind="anonymous", parent=outlet)
    original = make_article(REPORT, outlet=outlet)
    copy = make_article(f"{REPORT} (copy)", outlet=make_source("Hollin Valley Radio"))
    add_derivation(derived=copy, source_article=original, status=Derivation.Status.CONFIRMED)
    claim = make_claim()
    for article in (original, copy):
        mention(claim, article, attributed_to=unnamed)
    status = status_of(claim)
    assert status.asserting_origins == ["Marsk Evening Star"]
    assert status.attributed_count == 0


def test_unnamed_sources_tied_to_one_body_are_one_origin(make_source, make_article, make_claim):
    army = make_source("Dravonian Army", kind="armed_group")
    unnamed = make_source("a source in the Dravonian army", kind="anonymous", parent=army)
    claim = make_claim()
    for outlet in ("Marsk Evening Star", "Hollin Valley Radio"):
        mention(claim, make_article(f"{REPORT} {outlet}", outlet=make_source(outlet)), attributed_to=unnamed)
    status = status_of(claim)
    assert (status.suggested_status, status.asserting_origins) == ("single_sourced", ["Dravonian Army"])


def test_unnamed_sources_in_unrelated_outlets_are_independent(make_source, make_article, make_claim):
    unnamed = make_source("military source", kind="anonymous")
    claim = make_claim()
    for outlet in ("Marsk Evening Star", "Hollin Valley Radio"):
        mention(claim, make_article(f"{REPORT} {outlet}", outlet=make_source(outlet)), attributed_to=unnamed)
    assert status_of(claim).suggested_status == "corroborated"


def test_rejected_and_orphaned_mentions_do_not_count(make_source, make_article, make_claim):
    claim = make_claim()
    mention(claim, make_article(REPORT, outlet=make_source()))
    mention(claim, make_article(f"{REPORT} 2", outlet=make_source()), status=Mention.Status.REJECTED)
    mention(claim, make_article(f"{REPORT} 3", outlet=make_source()), status=Mention.Status.ORPHANED)
    status = status_of(claim)
    assert (status.mention_count, status.suggested_status) == (1, "single_sourced")


def test_a_claim_without_mentions_is_unverified(make_claim):
    status = status_of(make_claim())
    assert status.suggested_status == "unverified"
    assert status_explanation(status) == "no mentions yet"


def test_merged_claims_leave_the_status_list(make_article, make_claim):
    claim, duplicate = make_claim(), make_claim()
    mention(duplicate, make_article(REPORT))
    merge_claims(claims=[duplicate], into=claim)
    assert list(claims_with_status()) == [claim]
    assert claim.status.mention_count == 1
    assert status_counts()["single_sourced"] == 1


def test_status_list_costs_one_query_whatever_the_number_of_claims(
    make_source, make_article, make_claim, django_assert_num_queries
):
    def add_claims(n: int) -> None:
        for i in range(n):
            claim = make_claim(f"Claim {i} about Tarnholm.")
            mention(claim, make_article(f"{REPORT} {i}", outlet=make_source()), attributed_to=make_source())
            mention(claim, make_article(f"{REPORT} {i}b", outlet=make_source()), stance=Mention.Stance.DENIES)

    add_claims(3)
    with django_assert_num_queries(1):
        explanations = [status_explanation(claim.status) for claim in claims_with_status()[:50]]
    assert len(explanations) == 3
    add_claims(30)
    with django_assert_num_queries(1):
        explanations = [status_explanation(claim.status) for claim in claims_with_status()[:50]]
    assert len(explanations) == 33
    ids = list(Claim.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        rows = [(m.article.outlet, m.attributed_to, m.origin.origin_name) for m in mentions_for_claims(ids)]
    assert len(rows) == 66


def test_the_status_paginator_gives_the_pages_of_plain_slicing_in_one_query(
    make_article, make_claim, django_assert_num_queries
):
    from claims.selectors.status import StatusPaginator

    for i in range(7):
        mention(make_claim(f"Claim {i} about Tarnholm."), make_article(f"{REPORT} {i}"))
    queryset = claims_with_status().order_by("-created_at", "-id")
    paginator = StatusPaginator(queryset, per_page=3)
    assert paginator.num_pages == 3
    for number in (1, 2, 3):
        with django_assert_num_queries(1):
            page = [(claim.pk, claim.status.suggested_status) for claim in paginator.page(number)]
        expected = [(claim.pk, claim.status.suggested_status) for claim in queryset[(number - 1) * 3 : number * 3]]
        assert page == expected


def test_each_name_in_an_explanation_is_isolated_from_the_sentence(make_source, make_article, make_claim):
    from claims.selectors.status import status_explanation_html

    claim = make_claim()
    for outlet in ("وكالة الأنباء الفيلورية", "Marsk <Evening> Star"):
        mention(claim, make_article(f"{REPORT} {outlet}", outlet=make_source(outlet)))
    status = status_of(claim)
    plain = status_explanation(status)
    # plain text (API, CSV): U+2068 ... U+2069 around each name, so the Arabic name keeps to its place
    assert plain.endswith(
        "from 2 independent origins: \u2068Marsk <Evening> Star\u2069 and \u2068وكالة الأنباء الفيلورية\u2069"
    )
    # a web page: <bdi> around each name, the rest escaped
    html = status_explanation_html(status)
    assert html.endswith("<bdi>Marsk &lt;Evening&gt; Star</bdi> and <bdi>وكالة الأنباء الفيلورية</bdi>")
    assert "\u2068" not in html and html.count("<bdi>") == html.count("</bdi>") == 2
