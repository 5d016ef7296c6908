"""The claim list as a triage queue: filters, saved views, full-text search per language, constant queries."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim, Mention, Review
from claims.services import add_mention, record_review
from sources.models import Source

CLAIMS = "/admin/claims/claim/"


def listed(client, query: str = "") -> set[str]:
    """The texts of the claims the list shows for this query string."""
    response = client.get(CLAIMS + query)
    assert response.status_code == 200, query
    return {claim.text for claim in response.context["cl"].result_list}


def texts(**filters) -> set[str]:
    return set(Claim.objects.filter(**filters).values_list("text", flat=True))


def starting(*prefixes: str) -> set[str]:
    return {text for text in texts() if text.startswith(prefixes)}


def source(slug: str) -> Source:
    return Source.objects.get(slug=slug)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=casualty", lambda: texts(kind="casualty")),
        ("?suggested=contradicted", lambda: texts(status__suggested_status="contradicted")),
        ("?verdict=none", lambda: texts(status__verdict__isnull=True)),
        ("?verdict=corroborated", lambda: texts(status__verdict="corroborated")),
        ("?disagreement=yes", lambda: texts(status__is_disagreement=True)),
        ("?language=ar", lambda: texts(mentions__article__language="ar")),
    ],
)
def test_status_and_mention_filters(admin_client, demo_corpus, query, expected):
    assert listed(admin_client, query) == expected()
    assert listed(admin_client, query)  # every filter here matches some demo claims


def test_outlet_origin_and_attributed_source_filters(admin_client, demo_corpus):
    herald = source("marsk-herald")
    assert listed(admin_client, f"?outlet={herald.pk}") == texts(mentions__article__outlet=herald)
    vocs = source("vocs")
    by_vocs = texts(mentions__attributed_to=vocs)
    assert listed(admin_client, f"?attributed_to={vocs.pk}") == by_vocs
    # the origin of an unattributed mention is its article's chain: Veloria Wire's market report
    wire = source("veloria-wire")
    assert starting("Airstrikes hit the central market") <= listed(admin_client, f"?origin={wire.pk}")
    assert listed(admin_client, f"?origin={vocs.pk}") == by_vocs


def test_origin_filter_lifts_to_the_top_of_the_affiliation(admin_client, demo_corpus):
    # Dravonia Today is part of DNB: its copies of DNB reports have DNB as their origin
    dnb, today = source("dnb"), source("dravonia-today")
    assert today.root_id == dnb.pk
    specs = admin_client.get(CLAIMS).context["cl"].filter_specs
    origins = {pk for pk, _name in next(spec for spec in specs if spec.title == "origin").lookup_choices}
    assert dnb.pk in origins
    assert today.pk not in origins


def test_reviewer_and_date_range_filters(admin_client, demo_corpus, reviewer):
    demo = Review.objects.first().reviewer
    assert listed(admin_client, f"?reviewer={demo.pk}") == texts(reviews__reviewer=demo)
    march = listed(admin_client, "?reported_from=2031-03-01&reported_to=2031-03-31")
    assert march == texts(status__first_published__range=(date(2031, 3, 1), date(2031, 3, 31)))
    assert march and march != texts()
    claim = Claim.objects.get(text__startswith="About 4,200")
    record_review(claim=claim, verdict="corroborated", rationale="Fresh", reviewer=reviewer)
    today = date.today().isoformat()
    assert listed(admin_client, f"?reviewed_from={today}&reviewer={reviewer.pk}") == {claim.text}


def test_merged_claims_are_hidden_unless_asked_for(admin_client, demo_corpus):
    kept, merged = Claim.objects.order_by("pk")[:2]
    Claim.objects.filter(pk=merged.pk).update(merged_into=kept)
    assert merged.text not in listed(admin_client)
    assert listed(admin_client, "?merged=yes") == {merged.text}
    assert merged.text in listed(admin_client, "?merged=all")


def test_saved_views_are_links_with_counts(admin_client, demo_corpus, reviewer):
    claim = Claim.objects.get(text__startswith="The Korrin Liberation Front carried out")
    record_review(claim=claim, verdict="contradicted", rationale="Denied", reviewer=reviewer)
    old = Claim.objects.get(text__startswith="The drones sent towards Tollvik")
    with connection.cursor() as cursor:  # a contradicted verdict given a month ago
        cursor.execute(
            "INSERT INTO claims_review (claim_id, verdict, rationale, evidence, reviewer_id, created_at) "
            "VALUES (%s, 'contradicted', 'Old', '', %s, now() - interval '30 days')",
            [old.pk, reviewer.pk],
        )
    response = admin_client.get(CLAIMS)
    saved = {view["label"]: view for view in response.context["saved_views"]}
    assert saved["Unreviewed"]["count"] == len(texts(status__verdict__isnull=True, merged_into__isnull=True))
    assert saved["Contradicted this week"]["count"] == 1
    content = response.content.decode()
    for view in saved.values():
        assert f'href="{view["url"]}"' in content
    assert listed(admin_client, "?view=contradicted-this-week") == {claim.text}
    assert listed(admin_client, "?view=disagreements") == texts(status__is_disagreement=True)
    assert listed(admin_client, "?view=unreviewed") == texts(status__verdict__isnull=True)


def test_search_uses_the_english_configuration_for_claim_texts(admin_client, demo_corpus):
    # "kill" finds "killed" only through English stemming
    assert starting("23 civilians") <= listed(admin_client, "?q=kill")
    assert listed(admin_client, '?q="central market" -denies') == starting("Airstrikes hit the central market")


def test_search_finds_arabic_quotes_with_the_arabic_configuration(admin_client, demo_corpus):
    # "سوق" (market) is only in an Arabic quote, as "السوق": the Arabic stemmer removes the article
    found = listed(admin_client, "?q=سوق")
    assert found == starting("Airstrikes hit the central market")  # the ministry's Arabic denial is a mention of it
    quote = Mention.objects.get(article__language="ar", claim__text__startswith="Airstrikes hit the central").quote
    assert "السوق" in quote and " سوق" not in quote


def test_search_by_claim_number_and_odd_input_never_fails(admin_client, demo_corpus):
    claim = Claim.objects.first()
    assert claim.text in listed(admin_client, f"?q={claim.pk}")
    for odd in ["&|!", "'", '"', "-", "((", "<script>"]:
        assert admin_client.get(CLAIMS, {"q": odd}).status_code == 200


@pytest.mark.parametrize("query", ["²", "①", "¹²"])
def test_a_digit_like_character_is_searched_as_text_not_read_as_a_claim_number(admin_client, demo_corpus, query):
    assert listed(admin_client, "?" + urlencode({"q": query})) == set()


@pytest.fixture
def one_mentioned_claim(make_article, make_claim) -> Claim:
    article = make_article("Fictional report: shelling hit the market in Marsk on 3 March.")
    claim = make_claim("Shelling hit the market in Marsk")
    add_mention(claim=claim, article=article, start=18, end=50)
    return claim


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.text())
def test_any_search_text_lists_claims_without_a_server_error(admin_client, one_mentioned_claim, query):
    response = admin_client.get(CLAIMS, {"q": query})
    assert response.status_code < 500


def test_bad_filter_values_are_named_and_ignored(admin_client, demo_corpus):
    response = admin_client.get(CLAIMS + "?outlet=abc&reported_from=2031-13-45&verdict=maybe")
    assert response.status_code == 200
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "'abc' is not a choice of the outlet filter" in messages
    assert "'2031-13-45' is not a date" in messages
    assert "'maybe' is not a choice of the verdict filter" in messages
    assert {c.text for c in response.context["cl"].result_list} == texts(merged_into__isnull=True)


def test_columns_show_status_verdict_origins_mentions_and_last_review(admin_client, demo_corpus):
    content = admin_client.get(CLAIMS).content.decode()
    for header in ["suggested status", "verdict", "independent origins", "mentions", "last review"]:
        assert header in content.lower()
    assert "≠ suggested" in content  # the demo review that disagrees on the Sarnel claim
    assert "by demo-reviewer" in content


def add_claims(make_article, n: int) -> None:
    """n more claims, each with a mention, an attributed source and a review."""
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.create_user(username=f"extra{Claim.objects.count()}")
    outlet = source("veloria-wire")
    for i in range(n):
        article = make_article(outlet=outlet, language="ar" if i % 2 else "en")
        claim = Claim.objects.create(text=f"Fictional extra claim {i} about Marsk market")
        add_mention(claim=claim, article=article, start=0, end=10, attributed_to=source("vocs"))
        record_review(claim=claim, verdict="unverified", rationale="Extra", reviewer=person)


QUERIES = [
    "",
    "?view=unreviewed",
    "?q=market",
    "?outlet={outlet}&language=en&origin={vocs}&attributed_to={vocs}&reported_from=2031-01-01&reviewer={reviewer}",
    "?o=3.-5",  # ordered by independent origins, then last review
]


@pytest.mark.parametrize("query", QUERIES)
def test_claim_list_query_count_does_not_grow_with_claims(admin_client, demo_corpus, make_article, query):
    url = CLAIMS + query.format(
        outlet=source("veloria-wire").pk, vocs=source("vocs").pk, reviewer=Review.objects.first().reviewer_id
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    add_claims(make_article, 3)
    small = count()
    add_claims(make_article, 30)
    assert count() == small


def test_the_claims_most_worth_checking_come_first(admin_client, demo_corpus):
    vague = Claim.objects.create(text="Fighting continued on the outskirts.", kind="event")
    rich = Claim.objects.create(
        text="The Korrin Front said 14 fighters of the Dravonian Army were killed near the village of Vetch on Monday.",
        kind="casualty",
    )
    response = admin_client.get(CLAIMS)
    shown = list(response.context["cl"].result_list)
    scores = [claim.check_worthiness for claim in shown]
    assert scores == sorted(scores, reverse=True)
    assert rich.check_worthiness > vague.check_worthiness
    assert shown.index(rich) < (shown.index(vague) if vague in shown else len(shown))
    assert "worth checking" in response.content.decode()
