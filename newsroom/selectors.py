"""Reads of the newsroom: others' fact-checks beside our claims, and the lists of the admin and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.elsewhere import CheckedElsewhere
from newsroom.models import FactCheck, FactCheckLink, WebhookDelivery, WebhookEndpoint

SHOWN_LINKS = (FactCheckLink.Status.PROPOSED, FactCheckLink.Status.CONFIRMED)


def checked_elsewhere_for_claims(claim_ids: list[int]) -> dict[int, list[CheckedElsewhere]]:
    """The fact-checks linked to these claims and not rejected: one query whatever their number."""
    found: dict[int, list[CheckedElsewhere]] = {}
    links = (
        FactCheckLink.objects.filter(claim_id__in=claim_ids, status__in=SHOWN_LINKS)
        .select_related("fact_check")
        .order_by("claim_id", "-fact_check__review_date", "pk")
    )
    for link in links:
        fact_check = link.fact_check
        found.setdefault(link.claim_id, []).append(
            CheckedElsewhere(
                fact_check_id=fact_check.pk,
                publisher=fact_check.publisher,
                url=fact_check.url,
                review_date=fact_check.review_date,
                rating=fact_check.rating,
                claim_reviewed=fact_check.claim_reviewed,
                is_confirmed=link.status == FactCheckLink.Status.CONFIRMED,
            )
        )
    return found


def fact_checks_for_api() -> QuerySet[FactCheck]:
    """Fact-checks with their links to our claims: two queries per page."""
    return FactCheck.objects.prefetch_related("links")


def links_for_api() -> QuerySet[FactCheckLink]:
    return FactCheckLink.objects.select_related("fact_check", "claim", "decided_by")


def endpoints_for_api() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.select_related("created_by")


def deliveries_for_admin() -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.select_related("event", "endpoint")
