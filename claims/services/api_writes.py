"""Edits of claims and mentions guarded by a version tag (the API's ETag), so no edit is silently lost."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from claims.models import Claim, Mention
from claims.services.core import ClaimError
from claims.text.w3c import SelectorError, check_selector, selector_for_span
from sources.models import Source


class StaleVersion(ClaimError):
    """The record changed since the client read it: the edit was not applied."""


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()
ANY_VERSION = "*"


def version_tag(instance: Claim | Mention) -> str:
    """A short opaque tag that changes whenever the claim or mention is saved."""
    stamp = instance.updated_at.isoformat() if instance.updated_at else ""
    payload = f"{type(instance).__name__}:{instance.pk}:{stamp}"
    return hashlib.sha256(payload.encode()).hexdigest()[:27]


def _check_version(instance: Claim | Mention, expected_versions: Iterable[str] | None) -> None:
    if expected_versions is None:
        return
    expected = set(expected_versions)
    if ANY_VERSION in expected or version_tag(instance) in expected:
        return
    noun = type(instance).__name__.lower()
    raise StaleVersion(
        f"{noun} {instance.pk} changed since you read it (its version is now {version_tag(instance)!r}); "
        "fetch it again, reapply your edit and send the new version in If-Match"
    )


def _names(values: Iterable[str], *, field: str) -> list[str]:
    cleaned = [value.strip() for value in values]
    if any(not value for value in cleaned):
        raise ClaimError(f"{field} cannot contain empty names")
    return cleaned


@transaction.atomic
def update_claim(
    *,
    claim_id: int,
    expected_versions: Iterable[str] | None = None,
    text: str | _Unset = UNSET,
    kind: str | _Unset = UNSET,
    places: list[str] | _Unset = UNSET,
    groups: list[str] | _Unset = UNSET,
    event_date: date | _Unset | None = UNSET,
) -> Claim:
    """Change a claim's wording or facets; refused when the claim changed since expected_versions."""
    claim = Claim.objects.select_for_update().get(pk=claim_id)
    _check_version(claim, expected_versions)
    changed: list[str] = []
    if not isinstance(text, _Unset):
        if not text.strip():
            raise ClaimError("a claim needs a text")
        claim.text = text.strip()
        changed.append("text")
    if not isinstance(kind, _Unset):
        if kind not in Claim.Kind.values:
            raise ClaimError(f"unknown claim kind {kind!r}; use one of {', '.join(Claim.Kind.values)}")
        claim.kind = kind
        changed.append("kind")
    if not isinstance(places, _Unset):
        claim.places = _names(places, field="places")
        changed.append("places")
    if not isinstance(groups, _Unset):
        claim.groups = _names(groups, field="groups")
        changed.append("groups")
    if not isinstance(event_date, _Unset):
        claim.event_date = event_date
        changed.append("event_date")
    if changed:
        claim.save(update_fields=[*changed, "updated_at"])
    return claim


@transaction.atomic
def update_mention(
    *,
    mention_id: int,
    expected_versions: Iterable[str] | None = None,
    start: int | _Unset = UNSET,
    end: int | _Unset = UNSET,
    quote: str | _Unset = UNSET,
    attributed_to: Source | _Unset | None = UNSET,
    via: Source | _Unset | None = UNSET,
    hedge: str | _Unset = UNSET,
    stance: str | _Unset = UNSET,
    status: str | _Unset = UNSET,
) -> Mention:
    """Move a mention's span or change its attribution, hedge, stance or status.

    A new span is checked against the article text (and against the quote when one is given);
    the selectors' prefix and suffix are recomputed from the text.
    """
    mention = Mention.objects.select_for_update().select_related("article").get(pk=mention_id)
    _check_version(mention, expected_versions)
    changed: list[str] = []
    new_start = mention.start if isinstance(start, _Unset) else start
    new_end = mention.end if isinstance(end, _Unset) else end
    if not (isinstance(start, _Unset) and isinstance(end, _Unset) and isinstance(quote, _Unset)):
        body = mention.article.body
        try:
            if not isinstance(quote, _Unset):
                check_selector(body, quote=quote, start=new_start, end=new_end)
            selector = selector_for_span(body, new_start, new_end)
        except SelectorError as error:
            raise ClaimError(f"mention in article {mention.article_id}: {error}") from error
        overlapping = (
            Mention.objects.filter(
                claim_id=mention.claim_id, article_id=mention.article_id, start__lt=new_end, end__gt=new_start
            )
            .exclude(pk=mention.pk)
            .first()
        )
        if overlapping is not None:
            raise ClaimError(
                f"claim {mention.claim_id} already has mention {overlapping.pk} at "
                f"{overlapping.start}-{overlapping.end} of article {mention.article_id}, "
                f"overlapping {new_start}-{new_end}"
            )
        mention.start, mention.end = selector.start, selector.end
        mention.quote, mention.prefix, mention.suffix = selector.exact, selector.prefix, selector.suffix
        changed += ["start", "end", "quote", "prefix", "suffix"]
    if not isinstance(attributed_to, _Unset):
        mention.attributed_to = attributed_to
        changed.append("attributed_to")
    if not isinstance(via, _Unset):
        mention.via = via
        changed.append("via")
    for field, value, choices in (
        ("hedge", hedge, Mention.Hedge),
        ("stance", stance, Mention.Stance),
        ("status", status, Mention.Status),
    ):
        if isinstance(value, _Unset):
            continue
        if value not in choices.values:
            raise ClaimError(f"unknown {field} {value!r}; use one of {', '.join(choices.values)}")
        setattr(mention, field, value)
        changed.append(field)
    if changed:
        mention.save(update_fields=[*changed, "updated_at"])
    return mention
