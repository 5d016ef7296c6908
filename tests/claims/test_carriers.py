"""Origins that reach us through one article, and articles of unknown outlet, as the status and its readers say them.

Crafted fictional reports, read back through the status view (ClaimStatus and its explanation), the
claim list and claim report APIs, and the admin's triage filter.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from claims.models import ClaimStatus
from claims.roles import VIEWER, sync_role_groups
from claims.selectors.status import isolated, status_explanation, status_explanation_html
from claims.services import add_mention
from claims.text.w3c import selector_for_quote
from provenance.services import create_article, store_capture

pytestmark = pytest.mark.django_db

ROUNDUP = (
    "Shelling in Tarnholm\n\n"
    "Shelling hit the grain silos of Tarnholm on Tuesday, Veloria Wire reported.\n\n"
    "The Tarnholm Casualty Monitor also said shelling hit the grain silos of Tarnholm on Tuesday."
)
BY_WIRE = "Shelling hit the grain silos of Tarnholm on Tuesday, Veloria Wire reported."
BY_MONITOR = "The Tarnholm Casualty Monitor also said shelling hit the grain silos of Tarnholm on Tuesday."
OWN_WORDS = (
    "Shelling in Tarnholm\n\n"
    "Shelling hit the grain silos of Tarnholm on Tuesday.\n\n"
    "The Tarnholm Casualty Monitor also said shelling hit the grain silos of Tarnholm on Tuesday."
)


def mention(claim, article, quote, **fields):
    selector = selector_for_quote(article.body, quote)
    return add_mention(
        claim=claim, article=article, start=selector.start, end=selector.end, quote=quote, status="accepted", **fields
    )


@pytest.fixture
def parties(make_source):
    return {
        "herald": make_source("Marsk Herald"),
        "wire": make_source("Veloria Wire", kind="news_agency"),
        "monitor": make_source("Tarnholm Casualty Monitor", kind="monitor"),
    }


@pytest.fixture
def api(client, django_user_model, settings):
    settings.API_USER_RATE = "100000/hour"
    sync_role_groups()
    user = django_user_model.objects.create_user(username="carrier-viewer")
    user.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(user)
    return client


def api_explanations(api, claim) -> tuple[str, str]:
    """The claim's explanation in the claim list API and in its report."""
    listed = api.get("/api/v1/claims/", {"id": claim.pk})
    assert listed.status_code == 200
    (entry,) = [entry for entry in listed.json()["results"] if entry["id"] == claim.pk]
    report = api.get(f"/api/v1/claims/{claim.pk}/report/")
    assert report.status_code == 200
    assert entry["suggested_status"] == report.json()["suggested_status"]
    return entry["status_explanation"], report.json()["status_explanation"]


def test_one_article_naming_two_parties_corroborates_and_says_both_came_through_it(
    make_article, make_claim, parties, api
):
    article = make_article(ROUNDUP, outlet=parties["herald"])
    claim = make_claim("Shelling hit the grain silos of Tarnholm on Tuesday.")
    mention(claim, article, BY_WIRE, attributed_to=parties["wire"])
    mention(claim, article, BY_MONITOR, attributed_to=parties["monitor"])
    status = ClaimStatus.objects.get(claim=claim)
    assert (status.suggested_status, status.asserting_origin_count) == ("corroborated", 2)
    assert status.one_carrier == "Marsk Herald"
    through = f"both through one article ({isolated('Marsk Herald')})"
    assert through in status_explanation(status)
    assert "both through one article (<bdi>Marsk Herald</bdi>)" in status_explanation_html(status)
    for explanation in api_explanations(api, claim):
        assert explanation.startswith("2 mentions in 1 outlet from 2 independent origins") and through in explanation


def test_one_article_that_is_itself_one_of_the_origins_does_not_corroborate(make_article, make_claim, parties, api):
    article = make_article(OWN_WORDS, outlet=parties["herald"])
    claim = make_claim("Shelling hit the grain silos of Tarnholm on Tuesday.")
    mention(claim, article, "Shelling hit the grain silos of Tarnholm on Tuesday.")  # the Herald's own words
    mention(claim, article, BY_MONITOR, attributed_to=parties["monitor"])
    status = ClaimStatus.objects.get(claim=claim)
    assert (status.suggested_status, status.asserting_origin_count, status.one_carrier) == (
        "single_sourced",
        2,
        "Marsk Herald",
    )
    for explanation in (status_explanation(status), *api_explanations(api, claim)):
        assert f"both through one article ({isolated('Marsk Herald')})" in explanation
        assert explanation.endswith(
            "does not attribute them to distinct named parties: counted as 1 independent origin"
        )


def test_two_articles_corroborate_without_a_carrier_note(make_source, make_article, make_claim, parties, api):
    claim = make_claim("Shelling hit the grain silos of Tarnholm on Tuesday.")
    mention(claim, make_article(ROUNDUP, outlet=parties["herald"]), BY_WIRE, attributed_to=parties["wire"])
    mention(
        claim, make_article(ROUNDUP + "\n\nHollin Valley Radio", outlet=make_source("Hollin Valley Radio")), BY_MONITOR
    )
    status = ClaimStatus.objects.get(claim=claim)
    assert (status.suggested_status, status.one_carrier) == ("corroborated", None)
    assert all(
        "through one article" not in text for text in (status_explanation(status), *api_explanations(api, claim))
    )


def test_the_triage_filter_lists_claims_corroborated_through_one_carrier(
    make_source, make_article, make_claim, parties, admin_client
):
    one = make_claim("Shelling hit the grain silos of Tarnholm on Tuesday.")
    article = make_article(ROUNDUP, outlet=parties["herald"])
    mention(one, article, BY_WIRE, attributed_to=parties["wire"])
    mention(one, article, BY_MONITOR, attributed_to=parties["monitor"])
    two = make_claim("The grain silos of Tarnholm were shelled on Tuesday.")
    mention(two, article, BY_WIRE, attributed_to=parties["wire"])
    mention(
        two, make_article(ROUNDUP + "\n\nHollin Valley Radio", outlet=make_source("Hollin Valley Radio")), BY_MONITOR
    )
    response = admin_client.get("/admin/claims/claim/", {"suggested": "corroborated_one_carrier"})
    assert response.status_code == 200
    assert [claim.pk for claim in response.context["cl"].result_list] == [one.pk]
    assert "Corroborated through one carrier" in response.content.decode()
    corroborated = admin_client.get("/admin/claims/claim/", {"suggested": "corroborated"})
    assert {claim.pk for claim in corroborated.context["cl"].result_list} == {one.pk, two.pk}


def test_an_article_of_unknown_outlet_is_named_by_its_capture_never_counted_as_0_outlets(make_claim, api):
    capture, _ = store_capture(data=b"Fictional page.", media_type="text/plain", filename="inbox/tarnholm-page.txt")
    article, _ = create_article(
        title="انتصار ترنهولم", body=OWN_WORDS, language="en", capture=capture
    )  # a headline, never a name
    claim = make_claim("Shelling hit the grain silos of Tarnholm on Tuesday.")
    mention(claim, article, "Shelling hit the grain silos of Tarnholm on Tuesday.")
    status = ClaimStatus.objects.get(claim=claim)
    name = isolated("unknown outlet (tarnholm-page.txt)")
    for explanation in (status_explanation(status), *api_explanations(api, claim)):
        assert explanation.startswith(f"1 mention in {name}, from {name}")
        assert "0 outlets" not in explanation and "انتصار" not in explanation
    assert "1 mention in <bdi>unknown outlet (tarnholm-page.txt)</bdi>" in status_explanation_html(status)
