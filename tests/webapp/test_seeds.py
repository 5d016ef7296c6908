"""The reader on the real seed pages once ingested (read at run time, never copied), Arabic ones included."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from provenance.models import Article
from tests.conftest import SEEDS_DIR, missing_shared_reason

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def seeds_ingested(db):
    if not SEEDS_DIR.is_dir():
        pytest.skip(missing_shared_reason(SEEDS_DIR))
    call_command("ingest", str(SEEDS_DIR), verbosity=0)
    return list(Article.objects.order_by("id"))


def test_every_ingested_seed_article_renders_in_the_reader(client_as, seeds_ingested):
    client = client_as("annotator")
    assert len(seeds_ingested) >= 5
    for article in seeds_ingested:
        response = client.get(reverse("web:article", args=[article.pk]))
        assert response.status_code == 200, article
        body = response.content.decode()
        assert f'data-length="{len(article.body)}"' in body
    listing = client.get(reverse("web:article_list"))
    assert listing.context["page"].paginator.count == len(seeds_ingested)


def test_seed_arabic_articles_render_right_to_left(client_as, seeds_ingested):
    arabic = [a for a in seeds_ingested if a.language == "ar"]
    assert arabic, "seed 004 holds Arabic articles"
    client = client_as("viewer")
    for article in arabic:
        content = client.get(reverse("web:article", args=[article.pk])).content.decode()
        assert 'lang="ar" dir="rtl"' in content
