"""Lists filter by suggested status through a table the database keeps equal to the ClaimStatus view."""

from datetime import date

from claims.models import Claim, ClaimStatus, Mention, SuggestedStatus
from claims.services import add_mention, relate_claims
from claims.text.w3c import selector_for_quote
from provenance.models import Derivation
from provenance.services import add_derivation
from sources.services import set_parent

REPORT = "Fictional report. Shelling hit the depot of Tarnholm on Tuesday, and 12 civilians were killed, it was said."
QUOTE = "12 civilians were killed"


def mention(claim, article, **fields):
    selector = selector_for_quote(article.body, QUOTE)
    return add_mention(claim=claim, article=article, start=selector.start, end=selector.end, quote=QUOTE, **fields)


def table_and_view() -> tuple[dict[int, str], dict[int, str]]:
    table = dict(SuggestedStatus.objects.values_list("claim_id", "suggested_status"))
    view = dict(ClaimStatus.objects.values_list("claim_id", "suggested_status"))
    return table, view


def statuses() -> dict[int, str]:
    table, view = table_and_view()
    assert table == view
    return table


def test_the_table_follows_mentions_links_chains_and_affiliations(make_source, make_article, make_claim):
    claim, counter = make_claim(), make_claim("No civilians were killed in Tarnholm.")
    assert statuses() == {claim.pk: "unverified", counter.pk: "unverified"}

    first = make_article(REPORT, outlet=make_source("Marsk Evening Star"), published=date(2031, 4, 1))
    second = make_article(f"{REPORT} (radio)", outlet=make_source("Hollin Valley Radio"), published=date(2031, 4, 2))
    mention(claim, first)
    assert statuses()[claim.pk] == "single_sourced"
    radio = mention(claim, second)
    assert statuses()[claim.pk] == "corroborated"

    # a chain found later: the radio took the report from the evening paper (articles' origins change)
    add_derivation(derived=second, source_article=first, status=Derivation.Status.CONFIRMED)
    assert statuses()[claim.pk] == "single_sourced"
    Derivation.objects.filter(derived=second).delete()
    assert statuses()[claim.pk] == "corroborated"

    # both outlets put under one group afterwards (the sources' roots change)
    group = make_source("Dravonian Broadcasting Group", kind="state_media")
    set_parent(source=first.outlet, parent=group)
    set_parent(source=second.outlet, parent=group)
    assert statuses()[claim.pk] == "single_sourced"
    set_parent(source=second.outlet, parent=None)
    assert statuses()[claim.pk] == "corroborated"

    # a mention rejected, then a contradicting claim linked (and its mentions read from the other end)
    Mention.objects.filter(pk=radio.pk).update(status=Mention.Status.REJECTED)
    assert statuses()[claim.pk] == "single_sourced"
    relate_claims(from_claim=counter, to_claim=claim, kind="contradicts")
    assert statuses() == {claim.pk: "contradicted", counter.pk: "contradicted"}
    mention(counter, make_article(f"{REPORT} (wire)", outlet=make_source("Ministry Wire")))
    assert statuses()[claim.pk] == "contradicted"
    counter.mentions.all().delete()
    assert statuses()[claim.pk] == "contradicted"  # a linked claim without mentions is an origin of its own

    Claim.objects.filter(pk=counter.pk).delete()
    assert statuses() == {claim.pk: "single_sourced"}
