"""Others' fact-checks of our claims, as the claim pages and the report show them, from whichever app keeps them.

Claims never imports the apps that build on it: an app that stores fact-checks published elsewhere
(newsroom) registers a provider here in its AppConfig.ready. A provider answers for many claims
at once (one query whatever their number), so a page or report asks once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CheckedElsewhere:
    """A fact-check published by someone else and linked to one of our claims; evidence, never our status."""

    fact_check_id: int
    publisher: str
    url: str
    review_date: date | None
    rating: str
    claim_reviewed: str
    is_confirmed: bool  # a reviewer confirmed the link; otherwise the matcher proposed it

    @property
    def line(self) -> str:
        """'Already checked by <publisher>, <date>: <rating>', as every page words it."""
        when = f", {self.review_date:%-d %b %Y}" if self.review_date else ""
        publisher = self.publisher or "an unnamed publisher"
        return f"Already checked by {publisher}{when}: {self.rating or 'no rating given'}"

    def as_record(self) -> dict:
        return {
            "fact_check": self.fact_check_id,
            "publisher": self.publisher,
            "url": self.url,
            "review_date": self.review_date.isoformat() if self.review_date else None,
            "rating": self.rating,
            "claim_reviewed": self.claim_reviewed,
            "link_status": "confirmed" if self.is_confirmed else "proposed",
            "line": self.line,
        }


Provider = Callable[[list[int]], dict[int, list[CheckedElsewhere]]]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    """Add a source of fact-checks published elsewhere (called once, from an AppConfig.ready)."""
    if provider not in _providers:
        _providers.append(provider)


def checked_elsewhere(claim_ids: Iterable[int]) -> dict[int, list[CheckedElsewhere]]:
    """For each claim id, the fact-checks published elsewhere that are linked to it (confirmed first)."""
    ids = sorted(set(claim_ids))
    found: dict[int, list[CheckedElsewhere]] = {claim_id: [] for claim_id in ids}
    if not ids:
        return found
    for provider in _providers:
        for claim_id, checks in provider(ids).items():
            found.setdefault(claim_id, []).extend(checks)
    for checks in found.values():
        checks.sort(key=lambda check: (not check.is_confirmed, -(check.review_date or date.min).toordinal()))
    return found


def checked_elsewhere_for(claim_id: int) -> list[CheckedElsewhere]:
    return checked_elsewhere([claim_id])[claim_id]
