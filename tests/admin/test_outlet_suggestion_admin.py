"""The article page shows a suggested outlet with its evidence; a reviewer accepts or dismisses it there or in bulk."""

from __future__ import annotations

import pytest
from django.urls import reverse

from provenance.house_style import record_house_style
from provenance.models import Article, OutletSuggestion
from provenance.services import create_article
from provenance.text.outlets import OutletDirectory
from tests.provenance.house_pages import KESTREL, kestrel_text


def body_of(text: str) -> str:
    return text.split("\n\n", 1)[1]


def store(body: str, *, outlet=None, title: str = "") -> Article:
    article, _ = create_article(
        title=title or body[:40],
        body=body,
        language="en",
        outlet=outlet,
        needs_review=outlet is None,
        review_note="" if outlet else "no outlet named on the page",
    )
    record_house_style(article=article, directory=OutletDirectory.with_defaults(), source_for=lambda entry: None)
    return article


@pytest.fixture
def unsigned(db, make_source) -> Article:
    """An article naming no outlet, in the house style of two Kestrel Daily articles."""
    kestrel = make_source(KESTREL)
    for n in range(2):
        store(body_of(kestrel_text(n)), outlet=kestrel)
    article = store(body_of(kestrel_text(7)), title="An unsigned valley report")
    assert article.outlet_suggestion.outlet == kestrel
    return article


def page(client, article: Article) -> str:
    response = client.get(reverse("admin:provenance_article_change", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


def decide(client, article: Article, **data):
    return client.post(reverse("admin:provenance_article_outlet_suggestion", args=[article.pk]), data, follow=True)


def test_the_article_page_shows_the_suggestion_its_evidence_and_buttons_to_a_reviewer(client_for, unsigned):
    html = page(client_for("reviewer"), unsigned)
    assert "Suggested outlet: <strong>Kestrel Daily</strong>" in html and "to review" in html
    assert "Dateline style" in html and "<q>OSTRAVEL, KARDUN (6:40 A.M.) –</q>" in html
    assert "2 article(s) of Kestrel Daily show it" in html
    assert f"Accept {KESTREL} as the outlet" in html and ">Dismiss</button>" in html


def test_a_viewer_sees_the_suggestion_without_the_buttons_and_cannot_post(client_for, unsigned):
    client = client_for("viewer")
    html = page(client, unsigned)
    assert "Suggested outlet: <strong>Kestrel Daily</strong>" in html and "as the outlet</button>" not in html
    response = client.post(
        reverse("admin:provenance_article_outlet_suggestion", args=[unsigned.pk]),
        {"accept": unsigned.outlet_suggestion.outlet_id},
    )
    assert response.status_code == 403
    unsigned.refresh_from_db()
    assert unsigned.outlet is None


def test_accepting_on_the_page_makes_it_the_outlet(client_for, unsigned):
    response = decide(client_for("reviewer"), unsigned, accept=unsigned.outlet_suggestion.outlet_id)
    assert f"{KESTREL} is now the article" in response.content.decode()
    unsigned.refresh_from_db()
    assert unsigned.outlet.name == KESTREL and unsigned.outlet_suggestion.status == "accepted"
    assert "accepted by" in page(client_for("reviewer"), unsigned)


def test_a_garbled_choice_is_named_and_changes_nothing(client_for, unsigned):
    response = decide(client_for("reviewer"), unsigned, accept="kestrel")
    assert "source id: &#x27;kestrel&#x27;; nothing was changed" in response.content.decode()
    unsigned.refresh_from_db()
    assert unsigned.outlet is None and unsigned.outlet_suggestion.status == "pending"


def test_dismissing_on_the_page_keeps_the_outlet_empty(client_for, unsigned):
    response = decide(client_for("reviewer"), unsigned, dismiss="1")
    assert "The suggested outlet was dismissed." in response.content.decode()
    unsigned.refresh_from_db()
    assert unsigned.outlet is None and unsigned.outlet_suggestion.status == "dismissed"


def test_a_get_on_the_decision_address_changes_nothing(client_for, unsigned):
    response = client_for("reviewer").get(reverse("admin:provenance_article_outlet_suggestion", args=[unsigned.pk]))
    assert response.status_code == 405


def test_accepting_in_bulk_and_filtering_by_suggestion(client_for, unsigned):
    client = client_for("reviewer")
    listing = client.get(reverse("admin:provenance_article_changelist"), {"outlet_suggestion": "pending"})
    assert list(listing.context["cl"].result_list) == [unsigned]
    response = client.post(
        reverse("admin:provenance_article_changelist"),
        {"action": "accept_suggested_outlets", "_selected_action": [unsigned.pk]},
        follow=True,
    )
    assert "1 suggested outlet(s) accepted." in response.content.decode()
    assert OutletSuggestion.objects.get(article=unsigned).status == "accepted"
