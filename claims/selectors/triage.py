"""Reads for reviewing claims: the triage list, its filters and saved views, search, bulk-verdict previews."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value

from claims.models import Claim, Mention, Review, Verdict
from provenance.search import TextMatches
from sources.models import Source

# Claims are worded canonically in English; quotes are searched in their article's language.
CLAIM_TEXT_LANGUAGE = "en"
# A claim number: ASCII digits only ("²" and "①" are digits to str.isdigit, not to int()).
_CLAIM_NUMBER = re.compile(r"[0-9]+")


# --- the triage list -------------------------------------------------------------------------


def claims_for_triage() -> QuerySet[Claim]:
    """Claims with their status (suggested status, verdict, counts) and last reviewer: one query."""
    latest = Review.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
    return Claim.objects.select_related("status").annotate(
        last_reviewer=Subquery(latest.values("reviewer__username")[:1])
    )


def with_mention(queryset: QuerySet[Claim], condition: Q) -> QuerySet[Claim]:
    """Claims with at least one live mention meeting condition (EXISTS, so no duplicate rows).

    A mention's origin is `origin` (the MentionOrigin view): filter on origin__origin_source_id
    to follow the same rule as the suggested status.
    """
    return queryset.filter(Exists(Mention.objects.live().filter(condition, claim=OuterRef("pk"))))


def reviewed_by(queryset: QuerySet[Claim], user_id: int) -> QuerySet[Claim]:
    """Claims this user has reviewed at least once."""
    return queryset.filter(Exists(Review.objects.filter(claim=OuterRef("pk"), reviewer_id=user_id)))


def quote_matches(query: str) -> TextMatches:
    """A mention's quote matches query, in the configuration of its article's language."""
    return TextMatches(F("quote"), F("article__language"), query)


def search_claims(queryset: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Claims whose text or one of whose quotes match query (PostgreSQL full-text search).

    The query is parsed with websearch_to_tsquery ("quoted phrases", or, -word). Claim texts
    are searched in English; each quote in the configuration of its article's language
    (search_config(language), Arabic included), so "سوق" finds "السوق" in an Arabic quote.
    A number also finds the claim with that id.
    """
    query = query.strip()
    if not query:
        return queryset
    in_quotes = Mention.objects.live().filter(quote_matches(query), claim=OuterRef("pk"))
    condition = Q(TextMatches(F("text"), Value(CLAIM_TEXT_LANGUAGE), query)) | Q(Exists(in_quotes))
    if _CLAIM_NUMBER.fullmatch(query):
        condition |= Q(pk=int(query))
    return queryset.filter(condition)


def search_mentions(queryset: QuerySet[Mention], query: str) -> QuerySet[Mention]:
    """Mentions whose quote matches query (websearch_to_tsquery syntax), each in its article's language."""
    query = query.strip()
    if not query:
        return queryset
    return queryset.filter(quote_matches(query))


def _reviewed(**lookups) -> Exists:
    return Exists(Review.objects.filter(claim=OuterRef("pk"), **lookups))


@dataclass(frozen=True)
class SavedView:
    """A named triage queue, offered as a link at the top of the claim list.

    Each condition first narrows the claims with plain review lookups, so the status view is
    computed only for claims that have been reviewed (it costs a lateral join per claim).
    """

    slug: str
    label: str
    condition: Callable[[datetime], Q]


SAVED_VIEWS = (
    SavedView("unreviewed", "Unreviewed", lambda now: ~Q(_reviewed())),
    SavedView("disagreements", "Disagreements", lambda now: Q(_reviewed()) & Q(status__is_disagreement=True)),
    SavedView(
        "contradicted-this-week",
        "Contradicted this week",
        lambda now: (
            Q(_reviewed(verdict=Verdict.CONTRADICTED, created_at__gte=now - timedelta(days=7)))
            & Q(status__verdict=Verdict.CONTRADICTED)
        ),
    ),
)


def saved_view(slug: str) -> SavedView | None:
    return next((view for view in SAVED_VIEWS if view.slug == slug), None)


def saved_view_counts(queryset: QuerySet[Claim], now: datetime) -> dict[str, int]:
    """How many claims each saved view holds, in one query (a count subquery per view)."""
    parts, params = [], []
    for view in SAVED_VIEWS:
        sql, view_params = queryset.filter(view.condition(now)).order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT count(*) FROM ({sql}) AS matching)")
        params.extend(view_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        counts = cursor.fetchone()
    return {view.slug: count for view, count in zip(SAVED_VIEWS, counts, strict=True)}


# Choices for the list filters: the sources that matter most (by number of claims), one query each
# whatever the number of claims; a chosen source outside the top is added so it stays selectable.
FILTER_CHOICES = 15


def _top_sources(lookup: str, *, limit: int, include: int | None) -> list[tuple[int, str]]:
    """Sources reached from live mentions through `lookup`, most claims first, then listed by name."""
    rows = list(
        Mention.objects.live()
        .exclude(**{f"{lookup}__isnull": True})
        .values_list(lookup, f"{lookup.removesuffix('_id')}__name")
        .annotate(claims=Count("claim_id", distinct=True))
        .order_by("-claims", f"{lookup.removesuffix('_id')}__name")[:limit]
    )
    choices = {pk: name for pk, name, _claims in rows}
    if include is not None and include not in choices:
        extra = Source.objects.filter(pk=include).values_list("pk", "name").first()
        if extra is not None:
            choices[extra[0]] = extra[1]
    return sorted(choices.items(), key=lambda item: item[1].casefold())


def outlet_choices(*, limit: int = FILTER_CHOICES, include: int | None = None) -> list[tuple[int, str]]:
    """Outlets of the articles live mentions are in."""
    return _top_sources("article__outlet_id", limit=limit, include=include)


def origin_choices(*, limit: int = FILTER_CHOICES, include: int | None = None) -> list[tuple[int, str]]:
    """Sources that are the origin of live mentions."""
    return _top_sources("origin__origin_source_id", limit=limit, include=include)


def attributed_source_choices(*, limit: int = FILTER_CHOICES, include: int | None = None) -> list[tuple[int, str]]:
    """Sources live mentions are attributed to."""
    return _top_sources("attributed_to_id", limit=limit, include=include)


def language_choices() -> list[str]:
    """Languages of the articles live mentions are in."""
    return list(Mention.objects.live().order_by().values_list("article__language", flat=True).distinct())


def reviewer_choices() -> list[tuple[int, str]]:
    """People who have reviewed at least one claim."""
    reviewed = Review.objects.filter(reviewer_id=OuterRef("pk"))
    return list(get_user_model().objects.filter(Exists(reviewed)).order_by("username").values_list("pk", "username"))


# --- what a bulk verdict will change ----------------------------------------------------------------


@dataclass
class VerdictPreview:
    """What recording one verdict on many claims changes, for the confirmation page."""

    verdict: str
    total: int
    found: int
    from_verdicts: list[tuple[str, int]]
    unchanged: int
    against_suggestion: int
    merged: int
    rows: list[Claim]

    @property
    def more(self) -> int:
        return self.found - len(self.rows)


def verdict_preview(claim_ids: list[int], verdict: str, *, limit: int = 100) -> VerdictPreview:
    """Counts of current verdict -> new verdict over all the claims, and the first `limit` claims: two queries."""
    labels = dict(Verdict.choices)
    rows = list(
        Claim.objects.filter(pk__in=claim_ids).values_list(
            "pk", "status__verdict", "status__suggested_status", "merged_into"
        )
    )
    transitions: dict[str, int] = {}
    for _pk, current, _suggested, _merged in rows:
        label = labels.get(current, "No verdict yet")
        transitions[label] = transitions.get(label, 0) + 1
    shown = list(claims_for_triage().filter(pk__in=claim_ids).order_by("pk")[:limit])
    return VerdictPreview(
        verdict=labels.get(verdict, verdict),
        total=len(claim_ids),
        found=len(rows),
        from_verdicts=sorted(transitions.items(), key=lambda item: -item[1]),
        unchanged=sum(1 for _pk, current, _s, _m in rows if current == verdict),
        against_suggestion=sum(1 for _pk, _c, suggested, _m in rows if suggested != verdict),
        merged=sum(1 for *_rest, merged in rows if merged is not None),
        rows=shown,
    )
