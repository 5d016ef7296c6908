"""Captures (raw bytes, immutable), articles, and derivation edges between them."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from sources.models import Author, Source


class Capture(models.Model):
    """The bytes exactly as received: our chain of custody. Rows never change (a trigger refuses it).

    A file or a paste is kept once per content (the same bytes again are the same capture). A page
    from a web archive is kept once per archive record; a fetch is an event, kept every time, and
    captures of the same bytes are recognised by sha256 (their articles are the same articles).
    """

    class Kind(models.TextChoices):
        FILE = "file", "File or paste"
        ARCHIVE = "archive", "Web archive record"
        FETCH = "fetch", "Fetched from the web"

    data = models.BinaryField()
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    filename = models.CharField(max_length=500, blank=True)
    url = models.URLField(
        max_length=2000, blank=True, help_text="The page's address (for a fetch, the final one after redirects)."
    )
    media_type = models.CharField(max_length=100)
    encoding = models.CharField(max_length=50, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FILE)
    # How the page came from the web (archive records and fetches; empty for files).
    requested_url = models.URLField(max_length=2000, blank=True, help_text="The address a fetch asked for.")
    captured_at = models.DateTimeField(
        null=True, blank=True, help_text="When the page was captured from the web (WARC-Date, fetch time)."
    )
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    http_headers = models.JSONField(default=list, blank=True, help_text="Response headers, [[name, value], ...].")
    redirects = models.JSONField(default=list, blank=True, help_text="Each hop of a fetch: url, status, location.")
    server_ip = models.GenericIPAddressField(null=True, blank=True)
    tls_certificate = models.JSONField(
        default=dict, blank=True, help_text="An HTTPS server's certificate: subject, issuer, SHA-256 fingerprint."
    )
    archive_record_id = models.CharField(max_length=300, blank=True, help_text="WARC-Record-ID, or MHTML part id.")
    archive_digest = models.CharField(max_length=200, blank=True, help_text="The digest the archive gives.")
    archive_info = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the archive says of the record: its file, WARC headers, digests checked, WACZ package.",
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="capture_sha256_hex"),
            models.UniqueConstraint(fields=["sha256"], condition=Q(kind="file"), name="capture_file_once"),
            models.UniqueConstraint(
                fields=["sha256", "archive_record_id"], condition=Q(kind="archive"), name="capture_archive_record_once"
            ),
            models.CheckConstraint(
                condition=~Q(kind="fetch")
                | (Q(captured_at__isnull=False) & Q(http_status__isnull=False) & ~Q(requested_url="")),
                name="capture_fetch_has_request",
            ),
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
        max_length=64,
        db_index=True,
        help_text="SHA-256 of the normalised body: the same text is stored once per outlet.",
    )
    capture = models.ForeignKey(Capture, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    position_in_capture = models.PositiveIntegerField(default=0)
    attribution_lines = models.JSONField(
        default=list, blank=True, help_text="Attribution lines read from the page, kept as evidence."
    )
    needs_review = models.BooleanField(default=False)
    review_note = models.TextField(blank=True)
    # The root of this article's chain, kept current by database triggers on articles and
    # derivations (migration 0005): origin_article is the article itself when it is its own
    # origin, NULL when the chain ends at an outlet whose original is not in the database.
    origin_article = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    origin_outlet = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    origin_depth = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["outlet", "published"]), models.Index(fields=["language"])]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(condition=~Q(language=""), name="article_language_set"),
            models.CheckConstraint(condition=Q(text_hash__regex=r"^[0-9a-f]{64}$"), name="article_text_hash_hex"),
            # The same text again from its outlet is the same article; from another outlet it is a copy.
            models.UniqueConstraint(
                fields=["text_hash", "outlet"], nulls_distinct=False, name="article_text_once_per_outlet"
            ),
        ]

    def __str__(self) -> str:
        return self.title


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
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
        permissions = [("decide_derivation", "Can confirm or reject derivations")]
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


class BoilerplatePattern(models.Model):
    """A piece of site furniture to strip from article text: per outlet, or generic when outlet is empty.

    Generic defaults ship in code (provenance.text.boilerplate); rows here add to them and are
    editable in the admin, so a new outlet's furniture is data, not a code branch.
    """

    class Kind(models.TextChoices):
        LINE = "line", "Drop matching lines"
        BLOCK_START = "block_start", "Drop from a matching line to the end of the article"
        ATTRIBUTION = "attribution", "Attribution line (read as evidence, then dropped)"

    outlet = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="boilerplate_patterns"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LINE)
    pattern = models.CharField(max_length=500, help_text="A Python regular expression, matched case-insensitively.")
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outlet__name", "kind", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "kind", "pattern"], name="boilerplate_unique_pattern"),
            models.CheckConstraint(condition=~Q(pattern=""), name="boilerplate_pattern_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.outlet or 'all outlets'}: {self.pattern}"

    def clean(self) -> None:
        import re

        from django.core.exceptions import ValidationError

        try:
            re.compile(self.pattern)
        except re.error as error:
            raise ValidationError({"pattern": f"Not a valid regular expression: {error}"}) from error


class IngestBatch(models.Model):
    """A set of files brought in together (command, upload or paste), with its progress and report."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    origin = models.CharField(max_length=20, default="upload", help_text="command, upload, paste or admin.")
    outlet_name = models.CharField(max_length=200, blank=True, help_text="Outlet given by the user, if any.")
    url = models.URLField(max_length=2000, blank=True, help_text="URL given by the user, if any.")
    respect_robots_txt = models.BooleanField(
        default=True, help_text="Links of this batch are fetched only where the site's robots.txt allows it."
    )
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    articles_created = models.PositiveIntegerField(default=0)
    articles_known = models.PositiveIntegerField(default=0)
    files_failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the whole batch failed, if it did.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "ingest batches"

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.status}, {self.files_done}/{self.files_total})"


class IngestItem(models.Model):
    """One file of a batch: its capture is stored on arrival, its result when processed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="items")
    filename = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True, help_text="A link to fetch (its capture is made when fetched).")
    capture = models.ForeignKey(Capture, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    result = models.JSONField(default=list, blank=True, help_text="The per-article report, as `ingest --json`.")
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class TextBand(models.Model):
    """One LSH band key of an article's text (provenance.text.reuse): the text-reuse index.

    Articles sharing a (band, key) pair share a chunk of text with high probability; candidate
    lookup is one indexed join, kept in the database so it survives restarts and serves every process.
    """

    pk = models.CompositePrimaryKey("article", "band", "key")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="text_bands")
    band = models.SmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "key", "article"], name="textband_lookup")]

    def __str__(self) -> str:
        return f"article {self.article_id} band {self.band}: {self.key}"


class TextShingles(models.Model):
    """An article's word-shingle hashes (provenance.text.reuse), in text order: what candidates are checked by.

    Stored with the band keys, so a candidate is screened without reading or tokenising its text
    again; only a candidate that shares enough shingles to be a copy has its text aligned.
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="text_shingles")
    hashes = models.BinaryField(help_text="uint32 little-endian, one per shingle.")
    words = models.PositiveIntegerField(help_text="Words in the text the hashes were computed from.")

    def __str__(self) -> str:
        return f"article {self.article_id}: {self.words} words"


class CaptureTimestamp(models.Model):
    """An RFC 3161 timestamp token over a capture's SHA-256: a time-stamping authority's word on when we held it.

    The token is kept exactly as the authority answered (a DER TimeStampResp), so anyone can check it
    again with their own tools (`openssl ts -verify`). Rows never change (a trigger refuses it).
    """

    capture = models.ForeignKey(Capture, on_delete=models.PROTECT, related_name="timestamps")
    tsa_url = models.URLField(max_length=2000, help_text="The time-stamping authority asked.")
    hash_algorithm = models.CharField(max_length=10, default="sha256")
    message_imprint = models.CharField(max_length=128, help_text="The hash the authority signed (hex).")
    token = models.BinaryField(help_text="The authority's answer as received (DER TimeStampResp).")
    gen_time = models.DateTimeField(help_text="The time the authority put in the token.")
    serial_number = models.CharField(max_length=100)
    tsa_name = models.CharField(max_length=500, blank=True, help_text="The signing certificate's subject.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["capture", "gen_time"]
        constraints = [
            models.UniqueConstraint(fields=["capture", "tsa_url"], name="capture_timestamp_once_per_tsa"),
            models.CheckConstraint(
                condition=Q(message_imprint__regex=r"^[0-9a-f]{64}([0-9a-f]{64})?$"),
                name="capture_timestamp_imprint_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capture_id} stamped by {self.tsa_name or self.tsa_url} at {self.gen_time:%Y-%m-%d %H:%M:%S}"


class PendingCredit(models.Model):
    """A credit line naming an article's original (by name, site or URL) before that original is stored.

    Kept so that the edge is made when the original arrives, whatever the order of import: each new
    article is looked up here by its URL, domain and outlet, and a credit whose copy shares text with
    it is resolved to it (an attribution edge). Resolved rows stay, with the article they found.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pending_credits")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    name_key = models.CharField(max_length=200, blank=True, db_index=True, help_text="The credited name's key.")
    domain = models.CharField(max_length=255, blank=True, db_index=True, help_text="The credited site's domain.")
    url_key = models.CharField(max_length=1000, blank=True, db_index=True, help_text="The credited page's address.")
    evidence = models.CharField(max_length=20, choices=Derivation.Evidence.choices)
    evidence_text = models.TextField(blank=True)
    resolved_to = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_key="") | ~Q(domain="") | ~Q(url_key=""), name="pending_credit_names_something"
            ),
            models.UniqueConstraint(fields=["article", "name_key", "url_key"], name="pending_credit_once"),
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} credits {self.url_key or self.domain or self.name_key}"


class OutletCue(models.Model):
    """One house-style habit found in an article's text (provenance.text.house_style): what is learned.

    Articles whose outlet is known teach which outlet writes a cue; an article that names no outlet
    is matched against them by (kind, key). A self-reference is kept for an article only when it
    names the article's own outlet, or any outlet when the article has none.
    """

    class Kind(models.TextChoices):
        DATELINE = "dateline", "Dateline style"
        MARKER = "marker", "Link marker"
        SIGN_OFF = "sign_off", "Closing line"
        FURNITURE = "furniture", "Page furniture line"
        SELF_NAME = "self_name", "Names itself"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="outlet_cues")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=200, help_text="The habit's comparable form (a shape, a marker, a name key).")
    text = models.CharField(max_length=300, help_text="The text that matched, as evidence.")
    is_direct = models.BooleanField(
        default=False, help_text="A self-reference in a phrase no outlet uses of another ('Dear friends, X')."
    )
    awaits_outlet = models.BooleanField(
        default=False, help_text="The article had no outlet when its cues were read: it learns from others."
    )

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key"], name="outletcue_lookup"),
            # the few articles waiting for an outlet, found without scanning a common habit's many teachers
            models.Index(fields=["kind", "key"], condition=Q(awaits_outlet=True), name="outletcue_learners"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "key"], name="outletcue_once_per_article"),
            models.CheckConstraint(condition=~Q(key=""), name="outletcue_key_not_empty"),
        ]

    def __str__(self) -> str:
        return f"article {self.article_id}: {self.kind} {self.key!r}"


class OutletSuggestion(models.Model):
    """An outlet suggested for an article that names none, from house-style evidence: for a person to decide.

    Never the article's outlet until accepted. evidence lists each cue: its kind, the text that
    matched, the outlets it points to and the articles that taught it. When the cues point to
    several outlets the suggestion is ambiguous and outlet is empty.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "To review"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="outlet_suggestion")
    outlet = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    is_ambiguous = models.BooleanField(default=False, help_text="The cues point to more than one outlet.")
    is_direct = models.BooleanField(
        default=False, help_text="The text names the outlet itself (not only a habit learned from other articles)."
    )
    evidence = models.JSONField(default=list, help_text="Each cue: kind, text, outlets, the articles that taught it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_ambiguous=True, outlet__isnull=True) | Q(is_ambiguous=False, outlet__isnull=False),
                name="outletsuggestion_outlet_unless_ambiguous",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False), name="outletsuggestion_decided_when"
            ),
        ]

    def __str__(self) -> str:
        target = "ambiguous" if self.is_ambiguous else str(self.outlet)
        return f"article {self.article_id}: {target} ({self.status})"
