"""What provenance and claims know about one source: what it originates, what it copies, what it is quoted for."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from claims.models import Mention
from provenance.models import Article
from sources.models import Source


def source_profile(source: Source) -> dict:
    """Counts for a source's page, in four queries."""
    elsewhere = ~Q(outlet=source) & (Q(origin_outlet=source) | Q(origin_article__outlet=source))
    counts = Article.objects.aggregate(
        published=Count("pk", filter=Q(outlet=source)),
        originals=Count("pk", filter=Q(outlet=source, origin_depth=0)),
        copies=Count("pk", filter=Q(outlet=source, origin_depth__gt=0)),
        copied_elsewhere=Count("pk", filter=elsewhere),
    )
    copies_from = (
        Article.objects.filter(outlet=source, origin_depth__gt=0)
        .values(origin=Coalesce("origin_article__outlet__name", "origin_outlet__name"))
        .annotate(count=Count("pk"))
        .order_by("-count", "origin")[:10]
    )
    copied_by = (
        Article.objects.filter(elsewhere)
        .values(outlet_name=Coalesce("outlet__name", "carrier__name"))
        .annotate(count=Count("pk"))
        .order_by("-count", "outlet_name")[:10]
    )
    quoted = Mention.objects.filter(attributed_to=source).aggregate(
        mentions=Count("pk", distinct=True), claims=Count("claim", distinct=True)
    )
    return {**counts, "copies_from": list(copies_from), "copied_by": list(copied_by), **quoted}
