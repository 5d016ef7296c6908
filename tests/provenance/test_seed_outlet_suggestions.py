"""The aggregator seed (004): its articles that name no outlet get the outlet their page gives in its own ways."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from provenance.models import Article, OutletSuggestion
from tests.conftest import SEEDS_DIR, needs_seeds

pytestmark = [needs_seeds, pytest.mark.django_db]

# Read from the page itself: a dateline house style ("BEIRUT, LEBANON (10:00 A.M.) –") shared with a
# piece that names Al-Masdar News in a link card, and South Front offering its own video product.
EXPECTED = {
    "SYRIAN WAR DIARY": "South Front",
    "In-depth footage of Syrian Army": "Al-Masdar News",
    "Russian Air Force eliminates several militant sites": "Al-Masdar News",
    "Militant group once supported by US": "Al-Masdar News",
    "SYRIAN ARMY DEPLOYS TROOPS": "Al-Masdar News",
    "Latest map and field update": "Al-Masdar News",
}
# Nothing on the page says whose these are: two Arabic columns, a piece credited only by a "Source"
# link, a blog post and a map update.
NONE_GIVEN = ["انتصار حلب", "أهمّ دروس", "Syria Repels Militant Drone", "KHAN SHAYKHOON LIBERATED", "MAP UPDATE"]


def seed_004() -> list[Article]:
    out = io.StringIO()
    call_command("ingest", *sorted(str(path) for path in SEEDS_DIR.glob("004_*")), "--json", stdout=out)
    ids = [row["article_id"] for row in json.loads(out.getvalue())]
    assert len(ids) == 24  # the page still splits into its 24 articles
    return list(Article.objects.filter(pk__in=ids).select_related("outlet", "outlet_suggestion__outlet"))


def suggested(articles: list[Article]) -> dict[str, str | None]:
    """Each article without an outlet, by title, with the outlet suggested for it (None when none)."""
    found = {}
    for article in articles:
        if article.outlet is None:
            suggestion = getattr(article, "outlet_suggestion", None)
            found[article.title] = suggestion.outlet.name if suggestion and suggestion.outlet else None
    return found


def by_prefix(found: dict[str, str | None], prefix: str) -> str | None:
    (title,) = [title for title in found if title.casefold().startswith(prefix.casefold())]
    return found[title]


def test_unnamed_aggregated_articles_get_the_outlet_their_page_gives_for_review():
    articles = seed_004()
    found = suggested(articles)
    assert len(found) == len(EXPECTED) + len(NONE_GIVEN)
    assert {prefix: by_prefix(found, prefix) for prefix in EXPECTED} == EXPECTED
    assert {prefix: by_prefix(found, prefix) for prefix in NONE_GIVEN} == dict.fromkeys(NONE_GIVEN)
    suggestions = OutletSuggestion.objects.filter(article__in=articles)
    assert all(s.status == "pending" and s.article.needs_review for s in suggestions.select_related("article"))


def test_each_suggestion_shows_the_text_that_gave_it():
    found = {article.title: article for article in seed_004() if article.outlet is None}
    (diary,) = [article for title, article in found.items() if title.startswith("SYRIAN WAR DIARY")]
    [cue] = diary.outlet_suggestion.evidence
    assert cue["cue"] == "self_name" and cue["text"].startswith("Dear friends, SouthFront is now offering")
    (footage,) = [article for title, article in found.items() if title.startswith("In-depth footage")]
    [cue] = footage.outlet_suggestion.evidence
    assert cue["cue"] == "dateline" and cue["text"] == "BEIRUT, LEBANON (6:45 A.M.) –"
    [teacher] = cue["outlets"]
    assert teacher["name"] == "Al-Masdar News" and teacher["taught_by_suggestion"]
    taught_by = Article.objects.get(pk=teacher["examples"][0])
    assert taught_by.title.startswith("SYRIAN ARMY DEPLOYS TROOPS")
    assert "Al-Masdar News" in taught_by.outlet_suggestion.evidence[0]["text"]
