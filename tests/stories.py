"""A fictional story carried by many outlets, for the spread charts: invented outlets, towns and dates."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from provenance.models import Derivation
from provenance.services import add_derivation, create_article
from sources.services import create_source

STORY = "Fictional wire {n}: the ferry to Orvel carried {n} crates of grain across the lake on Tuesday."
KINDS = ("republication", "excerpt", "rewrite", "translation", "aggregation")


def build_story(copies: int = 49) -> SimpleNamespace:
    """An origin at Lakeside Wire and `copies` copies on outlets in five affiliation groups.

    Copies are spread over three weeks; most are republications of the origin, some copy a copy,
    one kind of each, one undated, one by an outlet we do not know, and an Arabic-named outlet.
    """
    wire = create_source(name="Lakeside Wire", kind="news_agency")
    groups = [
        create_source(name=f"Group {name}", kind="organisation") for name in ("Harbour", "Ridge", "Delta", "Pine")
    ]
    origin, _ = create_article(
        title="Grain ferry crosses to Orvel",
        body=STORY.format(n=0),
        language="en",
        outlet=wire,
        published=date(2031, 5, 1),
    )
    articles = [origin]
    for n in range(1, copies + 1):
        if n == 7:
            outlet = None
        elif n == 9:
            outlet = create_source(name="صدى البحيرة", kind="outlet")
        else:
            outlet = create_source(
                name=f"Outlet {n:02d} News", kind="outlet", parent=groups[n % len(groups)] if n % 3 else None
            )
        article, _ = create_article(
            title=f"Copy {n} of the ferry story",
            body=STORY.format(n=n),
            language="ar" if n == 9 else "en",
            outlet=outlet,
            published=None if n == 11 else date(2031, 5, 1) + timedelta(days=n % 21),
        )
        source = origin if n < 4 or n % 4 else articles[n - 3]
        if source.published and article.published and source.published > article.published:
            source = origin
        add_derivation(
            derived=article,
            source_article=source,
            kind=KINDS[n % len(KINDS)] if n <= len(KINDS) else "republication",
            evidence=Derivation.Evidence.TEXT_REUSE,
            score=0.9,
        )
        articles.append(article)
    return SimpleNamespace(origin=origin, articles=articles, wire=wire, groups=groups)
