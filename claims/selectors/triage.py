"""Reads for reviewing claims: triage queues, full-text search, and the evidence behind one claim."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value

from claims.models import Claim, ClaimRelation, ClaimStatus, Mention, Review, Verdict
from claims.selectors.status import status_explanation
from provenance.search import TextMatches
from provenance.selectors import Chain, chains_for
from provenance.text.languages import text_direction
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


# --- the evidence behind one claim ----------------------------------------------------------------

# A sentence ends at . ! ? ؟ … (with closing quotes or brackets) and the spaces after it, or at a line
# break; each match ends where the next sentence starts.
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*\s+|\n+")


def quote_in_context(
    text: str, start: int, end: int, *, sentences: int = 1, max_chars: int = 320
) -> tuple[str, str, str]:
    """The text around text[start:end]: the rest of its sentences and `sentences` more on each side.

    Returns (before, quote, after); each side is cut to max_chars at a word, with an ellipsis.
    """
    if not (0 <= start < end <= len(text)):
        return "", text[start:end], ""
    boundaries = [match.end() for match in _SENTENCE_END.finditer(text)]
    ends_before = [b for b in boundaries if b <= start]
    begin = ends_before[-(sentences + 1)] if len(ends_before) > sentences else 0
    ends_after = [b for b in boundaries if b >= end]
    stop = ends_after[sentences] if len(ends_after) > sentences else len(text)
    before, after = text[begin:start].lstrip(), text[end:stop].rstrip()
    if len(before) > max_chars:
        cut = before[-max_chars:]
        before = "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut
    if len(after) > max_chars:
        cut = after[:max_chars]
        after = (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"
    return before, text[start:end], after


@dataclass
class MentionEvidence:
    """One mention with its quote in context and the chain of its article."""

    mention: Mention
    before: str
    quote: str
    after: str
    direction: str
    chain: Chain | None


@dataclass
class OriginGroup:
    """The mentions that share one origin key: together they count as one independent origin."""

    key: str
    label: str
    note: str
    mentions: list[MentionEvidence] = field(default_factory=list)

    @property
    def stances(self) -> list[str]:
        return sorted({item.mention.get_stance_display() for item in self.mentions})

    @property
    def outlet_count(self) -> int:
        return len({item.mention.article.outlet_id for item in self.mentions})

    @property
    def asserts(self) -> bool:
        return any(item.mention.stance == Mention.Stance.ASSERTS for item in self.mentions)

    @property
    def only_questions(self) -> bool:
        """Every mention of the group questions the claim: doubt, not a denial and not an origin."""
        return all(item.mention.stance == Mention.Stance.QUESTIONS for item in self.mentions)


@dataclass
class LinkedClaim:
    """A claim related to this one, with how, seen from this claim."""

    relation: ClaimRelation
    claim: Claim
    phrase: str


@dataclass
class ClaimEvidence:
    """Everything a reviewer weighs on a claim's page, read in a constant number of queries."""

    status: ClaimStatus | None
    explanation: str
    groups: list[OriginGroup]
    set_aside_count: int
    reviews: list[Review]
    linked: list[LinkedClaim]

    @property
    def current_review(self) -> Review | None:
        return self.reviews[0] if self.reviews else None


_INVERSE = {
    ClaimRelation.Kind.SUPPORTS: "is supported by",
    ClaimRelation.Kind.CONTRADICTS: "is contradicted by",
    ClaimRelation.Kind.DUPLICATES: "is duplicated by",
}


def _origin_of(mention: Mention) -> tuple[str, str, str]:
    """(key, label, note) of a mention's origin, read from the MentionOrigin view (the status rule)."""
    origin = getattr(mention, "origin", None)
    attributed = mention.attributed_to
    if origin is None:  # not live: no origin row
        return f"mention:{mention.pk}", "no origin", ""
    if origin.origin_source is not None:
        label = origin.origin_source.name
    elif origin.origin_article is not None:
        article = origin.origin_article
        outlet = article.outlet.name if article.outlet else "unknown outlet"
        label = f"{outlet}, {article.published:%d %b %Y}" if article.published else outlet
    else:
        label = origin.origin_name
    if origin.is_attributed:
        note = "by attribution in the text"
        if attributed is not None and origin.origin_source_id != attributed.pk:
            note += f" ({attributed.name} is part of it)"
    elif attributed is not None:
        note = f"traced through the chain ({attributed.name} is not an independent origin by itself)"
    else:
        note = "traced through the chain"
    return origin.origin_key, label, note


def claim_evidence(claim: Claim, *, context_sentences: int = 1) -> ClaimEvidence:
    """The claim's mentions grouped by independent origin (each with its quote in context and its
    article's chain), its status explanation, review history (newest first) and linked claims."""
    try:
        status = claim.status
    except ClaimStatus.DoesNotExist:
        status = None
    mentions = list(
        Mention.objects.filter(claim=claim)
        .select_related(
            "article__outlet",
            "attributed_to",
            "via",
            "origin__origin_source",
            "origin__origin_article__outlet",
        )
        .order_by("article__published", "article_id", "start")
    )
    live = [m for m in mentions if m.is_live]
    chains = chains_for(m.article_id for m in live)
    groups: dict[str, OriginGroup] = {}
    for mention in live:
        key, label, note = _origin_of(mention)
        group = groups.setdefault(key, OriginGroup(key=key, label=label, note=note))
        before, quote, after = quote_in_context(
            mention.article.body, mention.start, mention.end, sentences=context_sentences
        )
        group.mentions.append(
            MentionEvidence(
                mention=mention,
                before=before,
                quote=quote or mention.quote,
                after=after,
                direction=text_direction(mention.article.language),
                chain=chains.get(mention.article_id),
            )
        )
    ordered = sorted(groups.values(), key=lambda g: (not g.asserts, -len(g.mentions), g.label))
    reviews = list(claim.reviews.select_related("reviewer").order_by("-created_at", "-id"))
    relations = ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)).select_related(
        "from_claim__status", "to_claim__status"
    )
    linked = [
        LinkedClaim(relation=r, claim=r.to_claim, phrase=r.get_kind_display().lower())
        if r.from_claim_id == claim.pk
        else LinkedClaim(relation=r, claim=r.from_claim, phrase=_INVERSE[r.kind])
        for r in relations.order_by("kind", "pk")
    ]
    return ClaimEvidence(
        status=status,
        explanation=status_explanation(status) if status is not None else "",
        groups=ordered,
        set_aside_count=len(mentions) - len(live),
        reviews=reviews,
        linked=linked,
    )


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
