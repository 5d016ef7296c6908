"""The evidence behind a claim: its live mentions grouped by independent origin, its reviews and links.

One read for the three places that show it: the admin's claim page (`claim_evidence`: each quote
in context with its article's chain), the web app's claim page (`mentions_by_origin`) and the
API's claim report (`claim_report_row`). An origin is named one way everywhere (`mention_origin`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.safestring import SafeString

from claims.models import Claim, ClaimRelation, ClaimStatus, Mention, Review
from claims.selectors.status import carriers_text, isolates_as_html, status_explanation_html
from provenance.selectors import Chain, chains_for
from provenance.text.languages import text_direction

# Evidence is listed oldest article first, in reading order within an article.
READING_ORDER = ("article__published", "article_id", "start", "id")


# --- the mentions ---------------------------------------------------------------------------------


def live_mentions_in_order() -> QuerySet[Mention]:
    """Live mentions with article (without its body), outlet and sources, oldest article first."""
    return (
        Mention.objects.live()
        .select_related("article__outlet", "attributed_to", "via")
        .defer("article__body")
        .order_by(*READING_ORDER)
    )


def mentions_with_origin(claim: Claim) -> QuerySet[Mention]:
    """Every mention of the claim (any status) with its article, sources and origin, oldest first: one query."""
    return (
        Mention.objects.filter(claim=claim)
        .select_related(
            "article__outlet",
            "attributed_to",
            "via",
            "origin__origin_source",
            "origin__origin_article__outlet",
        )
        .defer("origin__origin_article__body")
        .order_by(*READING_ORDER)
    )


def mention_origin(mention: Mention) -> tuple[str, str, str]:
    """(key, label, note) of a mention's independent origin, read from the MentionOrigin view (the status rule).

    Equal keys are one origin. The label is the view's origin name (a source; for an article with
    no known outlet, "unknown outlet" and its capture, never its title), with the article's date
    when the origin is an article; the note says how the mention reaches it (attribution in the
    text, or its article's chain). A mention the view does not cover has an origin of its own.
    """
    origin = getattr(mention, "origin", None)
    attributed = mention.attributed_to
    if origin is None:
        return f"mention:{mention.pk}", "no origin", ""
    label = origin.origin_name
    if origin.origin_source is None and origin.origin_article is not None and origin.origin_article.published:
        label = f"{label}, {origin.origin_article.published:%d %b %Y}"
    if origin.is_attributed:
        note = "by attribution in the text"
        if attributed is not None and origin.origin_source_id != attributed.pk:
            note += f" ({attributed.name} is part of it)"
    elif attributed is not None:
        note = f"traced through the chain ({attributed.name} is not an independent origin by itself)"
    else:
        note = "traced through the chain"
    return origin.origin_key, label, note


# --- grouped by independent origin ------------------------------------------------------------------

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
    """One mention as evidence: its quote (with the text around it, when asked for) and its article's chain."""

    mention: Mention
    quote: str
    direction: str  # the HTML dir of the quote
    before: str = ""
    after: str = ""
    chain: Chain | None = None


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
        """Known outlets carrying the group's mentions (articles of unknown outlet are in `carriers`)."""
        return len({item.mention.article.outlet_id for item in self.mentions} - {None})

    @property
    def carriers(self) -> SafeString:
        """Where the group's mentions are: "2 outlets", "<bdi>unknown outlet (page.txt)</bdi>"."""
        unknown = [
            item.mention.origin.carrier_name
            for item in self.mentions
            if item.mention.article.outlet_id is None and getattr(item.mention, "origin", None) is not None
        ]
        return isolates_as_html(carriers_text(self.outlet_count, unknown))

    @property
    def asserts(self) -> bool:
        return any(item.mention.stance == Mention.Stance.ASSERTS for item in self.mentions)

    @property
    def only_questions(self) -> bool:
        """Every mention of the group questions the claim: doubt, not a denial and not an origin."""
        return all(item.mention.stance == Mention.Stance.QUESTIONS for item in self.mentions)


def _as_evidence(mention: Mention, *, context_sentences: int | None, chains: Mapping[int, Chain]) -> MentionEvidence:
    evidence = MentionEvidence(
        mention=mention,
        quote=mention.quote,
        direction=text_direction(mention.article.language),
        chain=chains.get(mention.article_id),
    )
    if context_sentences is not None:
        before, quote, after = quote_in_context(
            mention.article.body, mention.start, mention.end, sentences=context_sentences
        )
        evidence.before, evidence.quote, evidence.after = before, quote or mention.quote, after
    return evidence


def origin_groups(
    mentions: Iterable[Mention], *, context_sentences: int | None = None, chains: Mapping[int, Chain] | None = None
) -> list[OriginGroup]:
    """The live ones among mentions, grouped by independent origin: origins asserting the claim first,
    then the most mentioned, then by name; no query.

    Mentions come from mentions_with_origin(). With context_sentences, each quote comes with that
    many sentences on each side (the article bodies must be loaded); with chains, its article's chain.
    """
    groups: dict[str, OriginGroup] = {}
    for mention in mentions:
        if not mention.is_live:
            continue
        key, label, note = mention_origin(mention)
        group = groups.setdefault(key, OriginGroup(key=key, label=label, note=note))
        group.mentions.append(_as_evidence(mention, context_sentences=context_sentences, chains=chains or {}))
    return sorted(groups.values(), key=lambda g: (not g.asserts, -len(g.mentions), g.label))


def mentions_by_origin(claim: Claim) -> tuple[list[OriginGroup], list[Mention]]:
    """The claim's live mentions grouped by independent origin, and its orphaned ones (one query)."""
    mentions = list(mentions_with_origin(claim).exclude(status=Mention.Status.REJECTED).defer("article__body"))
    return origin_groups(mentions), [m for m in mentions if m.status == Mention.Status.ORPHANED]


# --- reviews and linked claims ----------------------------------------------------------------------


def review_history() -> QuerySet[Review]:
    """Reviews with their reviewer, newest first (the first is a claim's current verdict)."""
    return Review.objects.select_related("reviewer").order_by("-created_at", "-id")


def reviews_for_claim(claim: Claim) -> QuerySet[Review]:
    """The claim's review history, newest first."""
    return review_history().filter(claim=claim)


def relations_for_claim(claim: Claim) -> QuerySet[ClaimRelation]:
    """Links from and to the claim, with both claims and their status."""
    return (
        ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
        .select_related("from_claim__status", "to_claim__status")
        .order_by("kind", "id")
    )


@dataclass
class LinkedClaim:
    """A claim related to this one, with how, seen from this claim."""

    relation: ClaimRelation
    claim: Claim
    phrase: str


_INVERSE = {
    ClaimRelation.Kind.SUPPORTS: "is supported by",
    ClaimRelation.Kind.CONTRADICTS: "is contradicted by",
    ClaimRelation.Kind.DUPLICATES: "is duplicated by",
}


def _linked(claim: Claim, relation: ClaimRelation) -> LinkedClaim:
    if relation.from_claim_id == claim.pk:
        return LinkedClaim(relation=relation, claim=relation.to_claim, phrase=relation.get_kind_display().lower())
    return LinkedClaim(relation=relation, claim=relation.from_claim, phrase=_INVERSE[relation.kind])


# --- the admin's claim page -----------------------------------------------------------------------


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


def claim_evidence(claim: Claim, *, context_sentences: int = 1) -> ClaimEvidence:
    """The claim's mentions grouped by independent origin (each with its quote in context and its
    article's chain), its status explanation, review history (newest first) and linked claims."""
    try:
        status = claim.status
    except ClaimStatus.DoesNotExist:
        status = None
    mentions = list(mentions_with_origin(claim))
    live = [m for m in mentions if m.is_live]
    groups = origin_groups(live, context_sentences=context_sentences, chains=chains_for(m.article_id for m in live))
    return ClaimEvidence(
        status=status,
        explanation=status_explanation_html(status) if status is not None else "",
        groups=groups,
        set_aside_count=len(mentions) - len(live),
        reviews=list(reviews_for_claim(claim)),
        linked=[_linked(claim, relation) for relation in relations_for_claim(claim)],
    )


# --- the API's claim report -----------------------------------------------------------------------


def claim_for_report(claim_id: int) -> Claim | None:
    """One claim (merged or not) with status, live mentions, review history and relations."""
    relations_out = ClaimRelation.objects.select_related("to_claim").order_by("id")
    relations_in = ClaimRelation.objects.select_related("from_claim").order_by("id")
    return (
        Claim.objects.select_related("status")
        .prefetch_related(
            Prefetch("mentions", queryset=live_mentions_in_order(), to_attr="live_mentions"),
            Prefetch("reviews", queryset=review_history(), to_attr="review_history"),
            Prefetch("relations_out", queryset=relations_out, to_attr="outgoing_relations"),
            Prefetch("relations_in", queryset=relations_in, to_attr="incoming_relations"),
        )
        .filter(pk=claim_id)
        .first()
    )


def chains_for_mentions(mentions: Iterable[Mention]) -> dict[int, Chain]:
    """The chain (origin first) of every mention's article, keyed by article id."""
    return chains_for({mention.article_id for mention in mentions})


@dataclass(frozen=True)
class ReportRow:
    """A claim of the report page with the figures the template shows."""

    claim: Claim
    chains: dict[int, Chain]


def claim_report_row(claim_id: int) -> ReportRow | None:
    """A claim with everything its report needs: status, mentions, chains, reviews, relations."""
    claim = claim_for_report(claim_id)
    if claim is None:
        return None
    return ReportRow(claim=claim, chains=chains_for_mentions(claim.live_mentions))
