"""Writes from the annotation web app: a selection becomes a mention, proposals are decided, orphans placed."""

from __future__ import annotations

from django.db import transaction

from claims.models import Claim, Mention
from claims.services.carry import carry_mention
from claims.services.core import ClaimError, add_mention, create_claim
from claims.text.anchoring import trim_span
from claims.text.w3c import SelectorError, selector_for_span
from provenance.models import Article
from sources.models import Source
from sources.services import SourceError, get_or_create_source


class AnnotationError(ValueError):
    """An annotation that cannot be made; the message says why and what to do."""


def selection_span(*, article: Article, start: int, end: int) -> tuple[int, int]:
    """The selected span of the article body (code points), without surrounding whitespace."""
    if not (0 <= start < end <= len(article.body)):
        raise AnnotationError(
            f"the selection {start}-{end} is outside the article text (0-{len(article.body)}); reload the page"
        )
    start, end = trim_span(article.body, start, end)
    if start >= end:
        raise AnnotationError("the selection holds only white space; select some words")
    return start, end


def anonymous_source(*, name: str) -> Source:
    """The source known by this name or alias, or a new anonymous one flagged for review."""
    try:
        source, _ = get_or_create_source(name=name, kind=Source.Kind.ANONYMOUS)
    except SourceError as error:
        raise AnnotationError(str(error)) from error
    return source


@transaction.atomic
def annotate_selection(
    *,
    article: Article,
    start: int,
    end: int,
    quote: str | None = None,
    claim: Claim | None = None,
    claim_text: str = "",
    claim_kind: str = Claim.Kind.EVENT,
    attributed_to: Source | None = None,
    new_source_name: str = "",
    hedge: str = Mention.Hedge.ASSERTED,
    stance: str = Mention.Stance.ASSERTS,
    user=None,
) -> Mention:
    """Turn a selection of article text into an accepted mention of a new or an existing claim.

    quote, when given, is the text the annotator saw selected: it must still be what the stored
    body holds there (the text may have been corrected since the page was loaded).
    """
    start, end = selection_span(article=article, start=start, end=end)
    if quote is not None and quote.strip() != article.body[start:end]:
        raise AnnotationError("the article text changed since the page was loaded; reload it and select again")
    if new_source_name.strip():
        attributed_to = anonymous_source(name=new_source_name)
    try:
        if claim is None:
            claim = create_claim(text=claim_text or article.body[start:end], kind=claim_kind, created_by=user)
        elif claim.merged_into_id is not None:
            raise AnnotationError(f"claim {claim.pk} was merged into claim {claim.merged_into_id}; attach to that one")
        mention = add_mention(
            claim=claim,
            article=article,
            start=start,
            end=end,
            attributed_to=attributed_to,
            hedge=hedge,
            stance=stance,
            status=Mention.Status.ACCEPTED,
            created_by=user,
        )
    except ClaimError as error:
        raise AnnotationError(str(error)) from error
    carry_mention(mention=mention)  # annotate once: proposed on every other article of the chain
    return mention


DECISIONS = {"accept": Mention.Status.ACCEPTED, "reject": Mention.Status.REJECTED}


@transaction.atomic
def decide_mention(*, mention: Mention, decision: str, user=None) -> Mention:
    """Accept or reject a proposed mention (one click in the reader)."""
    if decision not in DECISIONS:
        raise AnnotationError(f"unknown decision {decision!r}; use accept or reject")
    mention = Mention.objects.select_for_update().get(pk=mention.pk)
    if mention.status == Mention.Status.ORPHANED and decision == "accept":
        raise AnnotationError("an orphaned mention must be placed in the text before it can be accepted")
    if mention.status != DECISIONS[decision]:
        mention.status = DECISIONS[decision]
        mention.save(update_fields=["status", "updated_at"])
        if mention.status == Mention.Status.ACCEPTED:
            carry_mention(mention=mention)
    return mention


@transaction.atomic
def place_orphan(*, mention: Mention, start: int, end: int, user=None) -> Mention:
    """Give an orphaned mention a new place in its article's current text, chosen by a person."""
    mention = Mention.objects.select_for_update().select_related("article").get(pk=mention.pk)
    if mention.status != Mention.Status.ORPHANED:
        raise AnnotationError(f"mention {mention.pk} is {mention.get_status_display().lower()}, not orphaned")
    start, end = selection_span(article=mention.article, start=start, end=end)
    taken = (
        Mention.objects.filter(claim_id=mention.claim_id, article_id=mention.article_id, start__lt=end, end__gt=start)
        .exclude(pk=mention.pk)
        .exclude(status=Mention.Status.ORPHANED)
        .first()
    )
    if taken is not None:
        raise AnnotationError(f"the claim already has a mention at {taken.start}-{taken.end} overlapping the selection")
    try:
        selector = selector_for_span(mention.article.body, start, end)
    except SelectorError as error:
        raise AnnotationError(str(error)) from error
    if not mention.original_quote and selector.exact != mention.quote:
        mention.original_quote = mention.quote
    mention.quote, mention.prefix, mention.suffix = selector.exact, selector.prefix, selector.suffix
    mention.start, mention.end = selector.start, selector.end
    mention.status = Mention.Status.ACCEPTED
    mention.save()
    carry_mention(mention=mention)
    return mention
