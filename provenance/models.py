"""Captures (raw bytes, immutable), articles, and derivation edges between them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from sources.models import Author, Source


class Capture(models.Model):
    """The bytes exactly as received: our chain of custody. Rows never change (a trigger refuses it)."""

    data = models.BinaryField()
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    filename = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    media_type = models.CharField(max_length=100)
    encoding = models.CharField(max_length=50, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="capture_sha256_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.filename or self.url or 'capture'} ({self.sha256[:12]})"


class Article(models.Model):
    """One article's clean text and metadata, as published by its outlet."""

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    outlet = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    carrier = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_articles",
        help_text="The aggregator whose page carried this article, when it came from an aggregated page.",
    )
    authors = models.ManyToManyField(Author, blank=True, related_name="articles")
    title = models.CharField(max_length=1000)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, blank=True
    )
    language = models.CharField(max_length=8, help_text="ISO 639-1 code.")
    body = models.TextField()
    text_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the normalised body: the same text is stored once."
    )
    capture = models.ForeignKey(Capture, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    position_in_capture = models.PositiveIntegerField(default=0)
    attribution_lines = models.JSONField(
        default=list, blank=True, help_text="Attribution lines read from the page, kept as evidence."
    )
    needs_review = models.BooleanField(default=False)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["outlet", "published"]), models.Index(fields=["language"])]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(condition=~Q(language=""), name="article_language_set"),
            models.CheckConstraint(condition=Q(text_hash__regex=r"^[0-9a-f]{64}$"), name="article_text_hash_hex"),
        ]

    def __str__(self) -> str:
        return self.title


class Derivation(models.Model):
    """One edge of a cross-posting chain: derived was taken from a source article or outlet."""

    class Kind(models.TextChoices):
        REPUBLICATION = "republication", "Republication"
        EXCERPT = "excerpt", "Excerpt"
        TRANSLATION = "translation", "Translation"
        REWRITE = "rewrite", "Rewrite"
        AGGREGATION = "aggregation", "Aggregation"

    class Evidence(models.TextChoices):
        ATTRIBUTION = "attribution", "Attribution line"
        BYLINE = "byline", "Byline credit"
        TEXT_REUSE = "text_reuse", "Text reuse"
        MANUAL = "manual", "A person's decision"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    derived = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="derived_from")
    source_article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="copies")
    source_outlet = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="copied_derivations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPUBLICATION)
    evidence = models.CharField(max_length=20, choices=Evidence.choices)
    evidence_text = models.TextField(blank=True, help_text="The attribution line, or what the person noted.")
    score = models.FloatField(null=True, blank=True, help_text="Text-reuse similarity, 0 to 1.")
    passages = models.JSONField(default=list, blank=True, help_text="Shared passages as offsets in both texts.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    needs_review = models.BooleanField(default=False, help_text="Direction or kind is uncertain.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source_article__isnull=False) & Q(source_outlet__isnull=True))
                | (Q(source_article__isnull=True) & Q(source_outlet__isnull=False)),
                name="derivation_one_source",
            ),
            models.CheckConstraint(condition=~Q(source_article=F("derived")), name="derivation_not_self"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)), name="derivation_score_0_1"
            ),
            models.UniqueConstraint(
                fields=["derived", "source_article"],
                condition=Q(source_article__isnull=False),
                name="derivation_unique_article_edge",
            ),
            models.UniqueConstraint(
                fields=["derived", "source_outlet"],
                condition=Q(source_outlet__isnull=False),
                name="derivation_unique_outlet_edge",
            ),
        ]

    def __str__(self) -> str:
        source = self.source_article or self.source_outlet
        return f"{self.derived} ← {source} ({self.get_kind_display()})"
