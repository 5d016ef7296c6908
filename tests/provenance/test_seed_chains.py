"""The seed pages: after ingestion, their chains lead to South Front (facts only, no seed text here)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from provenance.models import Article
from provenance.reuse import redetect
from provenance.selectors import origins_for
from sources.names import name_key
from tests.conftest import SEEDS_DIR, needs_seeds

pytestmark = needs_seeds

SOUTH_FRONT = name_key("South Front")


@pytest.fixture
def seeds(db):
    call_command("ingest", str(SEEDS_DIR), verbosity=0)
    return {
        path.name[:3]: list(Article.objects.filter(capture__filename__endswith=path.name).select_related("outlet"))
        for path in sorted(SEEDS_DIR.iterdir())
    }


def origin_keys(articles) -> list[str]:
    origins = origins_for(article.pk for article in articles)
    return [name_key(origins[article.pk].outlet_name or "") for article in articles]


def test_seeds_000_and_001_both_derive_from_south_front(seeds):
    for seed in ("000", "001"):
        articles = seeds[seed]
        assert articles, seed
        assert origin_keys(articles) == [SOUTH_FRONT] * len(articles)
        assert all(origins_for([a.pk])[a.pk].depth >= 1 for a in articles)
        assert all(a.outlet and name_key(a.outlet.name) != SOUTH_FRONT for a in articles)


def test_the_south_front_articles_in_seed_004_are_recognised_as_south_fronts(seeds):
    articles = seeds["004"]
    south_front = [a for a, key in zip(articles, origin_keys(articles), strict=True) if key == SOUTH_FRONT]
    assert len(south_front) >= 4
    assert all(a.outlet and name_key(a.outlet.name) == SOUTH_FRONT for a in south_front)


def test_redetecting_the_seeds_keeps_their_origins(seeds):
    ids = [a.pk for articles in seeds.values() for a in articles]
    before = origins_for(ids)
    redetect()
    assert origins_for(ids) == before
