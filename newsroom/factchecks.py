"""Import others' fact-checks (ClaimReview) from files and URLs, propose links to our claims, and decide them.

The claim matcher is the one that matches claim mentions (claims.text.matching, shortlisted by
the same match keys): a fact-check is linked to the claims it states. A person confirms or rejects
each link. A fact-check's rating is evidence shown beside our status; it never changes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import Claim
from claims.services.proposals import _shortlists
from claims.text.matching import signature, similarity, text_key
from newsroom.claimreview.parse import ClaimReviewError, ParsedFactCheck, read_claim_reviews
from newsroom.models import FactCheck, FactCheckLink
from provenance.ingestion.accept import megabytes
from provenance.ingestion.fetch import Fetcher, FetchPolicy, LinkRefused
from provenance.text.decode import DecodeError, decode_bytes

# A fact-check words a claim its own way, and a person confirms every link: links are proposed from
# a lower score than the one at which two mentions are taken to be the same claim (SAME_CLAIM, 80).
LINK_FROM_SCORE = 60.0
JSON_TYPES = ("application/json", "application/ld+json")

__all__ = ["ClaimReviewError", "ImportReport", "decide_links", "import_claim_reviews", "read_inputs"]


class _ClaimReviewFetcher(Fetcher):
    """The capture Fetcher (same address rules, limits and robots.txt), taking JSON answers too."""

    page_types = (*Fetcher.page_types, *JSON_TYPES)


def claim_key(text: str) -> str:
    """What makes two fact-checks of one page the same record: the claim's match form, hashed."""
    return hashlib.sha1(text_key(text).encode()).hexdigest()


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def read_inputs(inputs: Sequence[str | tuple[str, bytes]]) -> list[tuple[str, ParsedFactCheck]]:
    """Read every input (a path, a URL, or (name, bytes)); any problem refuses them all, naming it."""
    found: list[tuple[str, ParsedFactCheck]] = []
    urls = [item for item in inputs if isinstance(item, str) and _is_url(item)]
    fetcher = _ClaimReviewFetcher(FetchPolicy.from_settings()) if urls else None
    try:
        for item in inputs:
            if isinstance(item, tuple):
                name, data = item
            elif _is_url(item):
                try:
                    name, data = item, fetcher.fetch(item).data
                except LinkRefused as error:
                    raise ClaimReviewError(str(error)) from None
            else:
                name, data = item, _read_file(item)
            found.extend((name, parsed) for parsed in read_claim_reviews(_decode(name, data), origin=name))
    finally:
        if fetcher is not None:
            fetcher.close()
    return found


def _read_file(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise ClaimReviewError(f"{path}: no such file")
    if file.stat().st_size > settings.INGEST_MAX_BYTES:
        raise ClaimReviewError(f"{path}: over the limit of {megabytes(settings.INGEST_MAX_BYTES)}")
    return file.read_bytes()


def _decode(name: str, data: bytes) -> str:
    if len(data) > settings.INGEST_MAX_BYTES:
        raise ClaimReviewError(f"{name}: over the limit of {megabytes(settings.INGEST_MAX_BYTES)}")
    try:
        return decode_bytes(data, filename=name).text
    except DecodeError as error:
        raise ClaimReviewError(f"{name}: {error}") from None


@dataclass
class ImportReport:
    """What an import stored: new fact-checks, the ones already known, and the links proposed."""

    created: list[FactCheck] = field(default_factory=list)
    duplicates: int = 0
    links_proposed: int = 0

    def as_dict(self) -> dict:
        return {
            "created": len(self.created),
            "duplicates": self.duplicates,
            "links_proposed": self.links_proposed,
            "fact_checks": [fact_check.pk for fact_check in self.created],
        }


@transaction.atomic
def import_claim_reviews(*, inputs: Sequence[str | tuple[str, bytes]], imported_by=None) -> ImportReport:
    """Read all inputs, then store the fact-checks not yet known (by URL and claim) and propose links.

    All or nothing: an input that cannot be read refuses the whole import (ClaimReviewError), and
    nothing is stored.
    """
    if not inputs:
        raise ClaimReviewError("give at least one file or URL")
    read = read_inputs(inputs)
    report = ImportReport()
    wanted: dict[tuple[str, str], FactCheck] = {}
    for origin, parsed in read:
        key = (parsed.url, claim_key(parsed.claim_reviewed))
        if key in wanted:
            report.duplicates += 1
            continue
        wanted[key] = _record(parsed, origin=origin, imported_by=imported_by)
    known = set(FactCheck.objects.filter(url__in={url for url, _ in wanted}).values_list("url", "claim_key"))
    new = [fact_check for key, fact_check in wanted.items() if key not in known]
    report.duplicates += len(wanted) - len(new)
    report.created = FactCheck.objects.bulk_create(new)
    report.links_proposed = len(propose_links(fact_checks=report.created))
    return report


def _record(parsed: ParsedFactCheck, *, origin: str, imported_by) -> FactCheck:
    return FactCheck(
        publisher=parsed.publisher,
        publisher_url=parsed.publisher_url,
        url=parsed.url,
        claim_reviewed=parsed.claim_reviewed,
        claim_key=claim_key(parsed.claim_reviewed),
        claimant=parsed.claimant,
        review_date=parsed.review_date,
        rating=parsed.rating,
        rating_value=parsed.rating_value,
        best_rating=parsed.best_rating,
        worst_rating=parsed.worst_rating,
        language=parsed.language,
        imported_from=origin[:2000],
        raw=parsed.raw,
        imported_by=imported_by,
    )


def propose_links(*, fact_checks: Sequence[FactCheck]) -> list[FactCheckLink]:
    """Link each fact-check to the claims it states (by the claim matcher): one shortlist query for all."""
    signatures = {index: signature(fc.claim_reviewed) for index, fc in enumerate(fact_checks)}
    shortlists = _shortlists(signatures)
    links = []
    for index, fact_check in enumerate(fact_checks):
        for claim_id, text, kind in shortlists.get(index, []):
            if kind == Claim.Kind.DENIAL:
                continue
            score = similarity(signatures[index], signature(text))
            if score >= LINK_FROM_SCORE:
                links.append(FactCheckLink(fact_check=fact_check, claim_id=claim_id, score=round(score, 1)))
    return FactCheckLink.objects.bulk_create(links, ignore_conflicts=True)


@transaction.atomic
def decide_links(*, link_ids: Iterable[int], status: str, decided_by) -> int:
    """Confirm or reject links between fact-checks and claims (a reviewer's decision)."""
    if status not in (FactCheckLink.Status.CONFIRMED, FactCheckLink.Status.REJECTED):
        raise ClaimReviewError(f"a decision is 'confirmed' or 'rejected', not {status!r}")
    ids = sorted({int(pk) for pk in link_ids})
    if not ids:
        raise ClaimReviewError("select at least one link")
    found = FactCheckLink.objects.filter(pk__in=ids)
    missing = set(ids) - set(found.values_list("pk", flat=True))
    if missing:
        raise ClaimReviewError(f"unknown link id(s): {', '.join(map(str, sorted(missing)))}; nothing was decided")
    return found.update(status=status, decided_by=decided_by, decided_at=timezone.now())
