"""When an article's text is corrected: re-anchor its mentions; the ones that cannot be placed become orphans."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from claims.models import Mention
from claims.text.anchoring import DEFAULT_THRESHOLD, find_anchor
from claims.text.w3c import selector_for_span
from provenance.models import Article
from provenance.reuse import correct_article_body
from provenance.services import ProvenanceError

# Parking offset for the two-step move that keeps (claim, article, start, end) unique throughout.
_PARKING = 1_000_000_000
_SELECTOR_FIELDS = ["quote", "prefix", "suffix", "start", "end"]


class CorrectionError(ValueError):
    """A text correction that cannot be made; the message says why."""


@dataclass
class ReanchorReport:
    """What happened to each mention of an article after its text changed."""

    article_id: int
    unchanged: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    restored: list[int] = field(default_factory=list)  # orphans placed again (now proposed)
    orphaned: list[Mention] = field(default_factory=list)  # mentions no one could place: listed, kept

    @property
    def summary(self) -> str:
        return (
            f"{len(self.unchanged)} mentions in place, {len(self.moved)} moved, "
            f"{len(self.restored)} placed again, {len(self.orphaned)} orphaned"
        )


@transaction.atomic
def reanchor_mentions(*, article: Article, threshold: float = DEFAULT_THRESHOLD) -> ReanchorReport:
    """Place every mention of the article again in its current body, from quote + prefix/suffix.

    A mention found with enough confidence gets new selectors (the quote takes the corrected
    wording; the first wording is kept in original_quote). One found only weakly, or not at all,
    becomes an orphan with its old selectors kept, for a person to place. Rejected mentions stay.
    """
    body = Article.objects.values_list("body", flat=True).get(pk=article.pk)
    mentions = list(
        Mention.objects.select_for_update()
        .filter(article_id=article.pk)
        .exclude(status=Mention.Status.REJECTED)
        .order_by("start", "id")
    )
    report = ReanchorReport(article_id=article.pk)
    targets: dict[int, tuple] = {}
    claimed: set[tuple[int, int, int]] = set()
    for mention in mentions:
        anchor = find_anchor(
            body, quote=mention.quote, prefix=mention.prefix, suffix=mention.suffix, start=mention.start
        )
        span = (mention.claim_id, anchor.start, anchor.end) if anchor else None
        if anchor is None or not anchor.is_confident(threshold) or span in claimed:
            report.orphaned.append(mention)
            continue
        claimed.add(span)
        selector = selector_for_span(body, anchor.start, anchor.end)
        current = (mention.quote, mention.prefix, mention.suffix, mention.start, mention.end)
        wanted = (selector.exact, selector.prefix, selector.suffix, selector.start, selector.end)
        if current == wanted and mention.status != Mention.Status.ORPHANED:
            report.unchanged.append(mention.pk)
            continue
        targets[mention.pk] = wanted
        (report.restored if mention.status == Mention.Status.ORPHANED else report.moved).append(mention.pk)

    by_pk = {m.pk: m for m in mentions}
    # Park the moving mentions out of the way first, so no move collides with a span not yet vacated.
    parked = [by_pk[pk] for pk in targets]
    for mention in parked:
        mention.start += _PARKING
        mention.end += _PARKING
    Mention.objects.bulk_update(parked, ["start", "end"])
    for pk, (exact, prefix, suffix, start, end) in targets.items():
        mention = by_pk[pk]
        if exact != mention.quote and not mention.original_quote:
            mention.original_quote = mention.quote
        mention.quote, mention.prefix, mention.suffix, mention.start, mention.end = exact, prefix, suffix, start, end
        if mention.status == Mention.Status.ORPHANED:
            mention.status = Mention.Status.PROPOSED  # placed by the machine: a person confirms it
        mention.save(update_fields=[*_SELECTOR_FIELDS, "original_quote", "status", "updated_at"])
    for mention in report.orphaned:
        if mention.status != Mention.Status.ORPHANED:
            mention.status = Mention.Status.ORPHANED
            mention.save(update_fields=["status", "updated_at"])
    return report


@transaction.atomic
def correct_article_text(*, article: Article, body: str, threshold: float = DEFAULT_THRESHOLD) -> ReanchorReport:
    """Correct an article's text (provenance reindexes and relinks it), then re-anchor its mentions."""
    try:
        correct_article_body(article=article, body=body)
    except ProvenanceError as error:
        raise CorrectionError(str(error)) from error
    return reanchor_mentions(article=article, threshold=threshold)
