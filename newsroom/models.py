"""Webhooks (endpoints, events, deliveries) and fact-checks published elsewhere, linked to our claims."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from claims.models import Claim


class Event(models.TextChoices):
    """What an endpoint can subscribe to; the value is the `event` field of every payload."""

    CLAIM_STATUS_CHANGED = "claim.status_changed", "Claim status changed (suggested)"
    VERDICT_RECORDED = "verdict.recorded", "Verdict recorded"
    DERIVATION_DECIDED = "derivation.decided", "Derivation confirmed or rejected"
    CONTRADICTION_NEW = "contradiction.new", "New contradiction"
    BATCH_FINISHED = "batch.finished", "Capture or import batch finished"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """Where events are posted, signed with the endpoint's secret."""

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=2000, help_text="Receives a POST with a JSON body for each event.")
    secret = models.CharField(
        max_length=200, default=new_secret, help_text="Signs each body (HMAC-SHA256); share it with the receiver."
    )
    events = ArrayField(models.CharField(max_length=40, choices=Event.choices), help_text="Events to send here.")
    is_active = models.BooleanField(default=True)
    is_failing = models.BooleanField(
        default=False, editable=False, help_text="Its last delivery failed after every retry."
    )
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(events__len__gt=0), name="webhook_endpoint_has_events"),
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_endpoint_has_secret"),
        ]

    def __str__(self) -> str:
        return self.name


class WebhookEvent(models.Model):
    """One thing that happened, as sent to every endpoint subscribed to it (the same body for all)."""

    name = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class WebhookDelivery(models.Model):
    """One event to one endpoint: its attempts, the last answer or error, and what happens next."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_by_endpoint")]
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="webhook_delivery_once_per_endpoint"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint} ({self.status})"


class ClaimStatusSeen(models.Model):
    """The suggested status last announced for a claim, so that a change is announced once."""

    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="+")
    suggested_status = models.CharField(max_length=20)
    seen_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.suggested_status}"


class FactCheck(models.Model):
    """A fact-check published by someone else (schema.org ClaimReview): who checked what, when, and the rating."""

    publisher = models.CharField(max_length=300, blank=True)
    publisher_url = models.URLField(max_length=2000, blank=True)
    url = models.URLField(max_length=2000, help_text="The fact-check's own page.")
    claim_reviewed = models.TextField()
    claim_key = models.CharField(
        max_length=40, editable=False, help_text="SHA-1 of the claim text's match form: one record per URL and claim."
    )
    claimant = models.CharField(max_length=300, blank=True)
    review_date = models.DateField(null=True, blank=True)
    rating = models.CharField(max_length=300, blank=True, help_text="The rating as the publisher words it.")
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True)
    imported_from = models.CharField(max_length=2000, blank=True, help_text="The file or URL it was read from.")
    raw = models.JSONField(default=dict, help_text="The ClaimReview object as read.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-review_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["url", "claim_key"], name="factcheck_once_per_url_and_claim"),
            models.CheckConstraint(condition=~Q(claim_reviewed=""), name="factcheck_claim_not_empty"),
            models.CheckConstraint(condition=~Q(url=""), name="factcheck_url_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.publisher or 'unnamed publisher'}: {self.rating or 'no rating'}"


class FactCheckLink(models.Model):
    """A fact-check tied to one of our claims: proposed by the matcher, confirmed or rejected by a reviewer."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    fact_check = models.ForeignKey(FactCheck, on_delete=models.CASCADE, related_name="links")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="fact_check_links")
    score = models.FloatField(null=True, blank=True, help_text="The matcher's similarity, 0 to 100.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["claim", "status"], name="factchecklink_claim_status")]
        constraints = [
            models.UniqueConstraint(fields=["fact_check", "claim"], name="factchecklink_once_per_claim"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)), name="factchecklink_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fact_check} ↔ claim {self.claim_id} ({self.status})"
