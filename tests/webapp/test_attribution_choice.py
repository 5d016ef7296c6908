"""Attribution in the annotate popover is a choice: typing a name picks no source, and a save with a
name typed but not picked is refused with the suggestions shown again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Mention
from provenance.models import Article
from sources.models import Source

pytestmark = pytest.mark.django_db
QUOTE = "Dravonian state media showed images of a damaged rooftop in Tollvik."


def annotate(client, **fields):
    article = Article.objects.get(title__startswith="Veloria denies launching drones")
    start = article.body.index(QUOTE)
    data = {
        "start": start,
        "end": start + len(QUOTE),
        "quote": QUOTE,
        "claim_text": "A rooftop in Tollvik was damaged.",
        "hedge": "asserted",
        "stance": "asserts",
        **fields,
    }
    return client.post(reverse("web:annotate", args=[article.pk]), data, headers={"HX-Request": "true"})


def checked_values(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('name="source" value="')[1:] if "checked" in part[:60]]


def test_typing_a_name_checks_no_suggestion(client_as, demo_corpus):
    response = client_as("annotator").get(reverse("web:source_search"), {"source_q": "Dravonia"})
    html = response.content.decode()
    assert len(response.context["matches"]) >= 2
    assert checked_values(html) == []  # neither the first match nor "Not attributed"
    assert "Not attributed until you pick one" in html


def test_a_picked_source_stays_picked_while_the_name_is_refined(client_as, demo_corpus):
    ministry = Source.objects.get(slug="dravonia-mod")
    client = client_as("annotator")
    refined = client.get(reverse("web:source_search"), {"source_q": ministry.name[:12], "source": ministry.pk})
    assert checked_values(refined.content.decode()) == [str(ministry.pk)]
    gone = client.get(reverse("web:source_search"), {"source_q": "Veloria Wire", "source": ministry.pk})
    assert checked_values(gone.content.decode()) == []  # no longer listed: no longer picked


def test_an_empty_search_checks_not_attributed(client_as, demo_corpus):
    response = client_as("annotator").get(reverse("web:source_search"), {"source_q": "  "})
    assert checked_values(response.content.decode()) == ["none"]


def test_saving_with_a_name_typed_but_not_picked_is_refused_and_shows_the_suggestions(client_as, demo_corpus):
    response = annotate(client_as("annotator"), source_q="Dravonia", source="")
    html = response.content.decode()
    assert response["HX-Retarget"] == "#popover"
    assert "“Dravonia” is not picked yet" in html and 'aria-invalid="true"' in html
    assert f'value="{Source.objects.get(slug="dravonia-mod").pk}"' in html  # pick it right there
    assert checked_values(html) == []
    assert not Mention.objects.filter(quote=QUOTE).exists()


def test_a_refused_save_keeps_a_source_already_picked(client_as, demo_corpus):
    ministry = Source.objects.get(slug="dravonia-mod")
    response = annotate(client_as("annotator"), source_q=ministry.name[:12], source=ministry.pk, claim_text=" ")
    html = response.content.decode()
    assert "Write the claim" in html
    assert checked_values(html) == [str(ministry.pk)]


def test_not_attributed_chosen_with_a_name_still_typed_saves_it_unattributed(client_as, demo_corpus):
    response = annotate(client_as("annotator"), source_q="Dravonia", source="none")
    assert response.status_code == 200 and "reader-updated" in response["HX-Trigger"]
    assert Mention.objects.get(quote=QUOTE).attributed_to is None


def test_a_picked_suggestion_attributes_the_mention(client_as, demo_corpus):
    ministry = Source.objects.get(slug="dravonia-mod")
    response = annotate(client_as("annotator"), source_q="Dravonia", source=ministry.pk)
    assert "reader-updated" in response["HX-Trigger"]
    assert Mention.objects.get(quote=QUOTE).attributed_to == ministry
