"""Claims, their mentions in articles, relations between claims, and append-only reviews."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from claims.text.matching import match_keys, signature
from claims.text.patterns import check_worthiness
from provenance.models import Article
from sources.models import Source


class Verdict(models.TextChoices):
    """A reviewer's verdict, and the status the system suggests (same vocabulary)."""

    CORROBORATED = "corroborated", "Corroborated"
    CONTRADICTED = "contradicted", "Contradicted"
    SINGLE_SOURCED = "single_sourced", "Single-sourced"
    UNVERIFIED = "unverified", "Unverified"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["match_keys", "check_worthiness"],
)
class Claim(models.Model):
    """One checkable statement, in a canonical wording."""

    class Kind(models.TextChoices):
        EVENT = "event", "Event"
        CASUALTY = "casualty", "Casualty figure"
        TERRITORY = "territory", "Territorial control"
        RESPONSIBILITY = "responsibility", "Responsibility"
        QUOTATION = "quotation", "Quotation"
        DENIAL = "denial", "Denial"

    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EVENT)
    places = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    groups = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    event_date = models.DateField(null=True, blank=True)
    match_keys = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        editable=False,
        help_text="Figures, dates, names and words of the text: shortlists claims that may state the same thing.",
    )
    check_worthiness = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        help_text="0-100, from the text and kind: figures, named actors, places, a day, a source. Triage shows the "
        "highest first.",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_claims"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("merge_claim", "Can merge and split claims")]
        indexes = [
            GinIndex(fields=["match_keys"], name="claim_match_keys_gin"),
            # the default order: a list page reads the newest claims without sorting (and computing) them all
            models.Index(fields=["-created_at", "-id"], name="claim_newest_first"),
            # the triage list's order: the claims most worth checking first
            models.Index(fields=["-check_worthiness", "-id"], name="claim_most_checkable_first"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="claim_not_merged_into_self"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def save(self, *args, **kwargs) -> None:
        self.match_keys = match_keys(signature(self.text))
        self.check_worthiness = check_worthiness(self.text, self.kind)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"text", "kind"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "match_keys", "check_worthiness"}
        super().save(*args, **kwargs)


class MentionQuerySet(models.QuerySet):
    def live(self) -> MentionQuerySet:
        """The mentions that count (Mention.LIVE_STATUSES): proposed or accepted."""
        return self.filter(status__in=Mention.LIVE_STATUSES)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Mention(models.Model):
    """Where a claim appears: an exact quote in an article, with W3C-style selectors."""

    class Hedge(models.TextChoices):
        ASSERTED = "asserted", "Asserted"
        REPORTED = "reported", "Reported"
        ALLEGED = "alleged", "Alleged"
        RUMOURED = "rumoured", "Rumoured"

    class Stance(models.TextChoices):
        ASSERTS = "asserts", "Asserts"
        DENIES = "denies", "Denies"
        QUESTIONS = "questions", "Questions"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        ORPHANED = "orphaned", "Orphaned (cannot be placed in the text)"

    # The mentions that count: for the suggested status (the status view, migration 0006, counts
    # the same ones), on the evidence pages, in the API and as highlights in the reader. Rejected
    # and orphaned mentions are kept, but not counted.
    LIVE_STATUSES = (Status.PROPOSED, Status.ACCEPTED)

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    # W3C TextQuoteSelector
    quote = models.TextField(help_text="The exact text quoted (TextQuoteSelector exact).")
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    # W3C TextPositionSelector, in Unicode code points of the article body
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    attributed_to = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attributed_mentions",
        help_text="Who the text says this comes from.",
    )
    via = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relayed_mentions",
        help_text='Who relayed it ("told AFP").',
    )
    hedge = models.CharField(max_length=10, choices=Hedge.choices, default=Hedge.ASSERTED)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.ASSERTS)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    is_altered = models.BooleanField(default=False, help_text="Carried to a copy whose wording differs.")
    original_quote = models.TextField(blank=True, help_text="The wording where this mention was first made.")
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["claim", "status"]), models.Index(fields=["article", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="mention_start_before_end"),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("quote")), name="mention_span_matches_quote_length"
            ),
            models.UniqueConstraint(fields=["claim", "article", "start", "end"], name="mention_unique_span"),
        ]

    def __str__(self) -> str:
        return f"“{self.quote[:60]}” in {self.article_id}"

    @property
    def is_live(self) -> bool:
        """Whether this mention counts (see LIVE_STATUSES)."""
        return self.status in self.LIVE_STATUSES

    def clean(self) -> None:
        from claims.text.w3c import SelectorError, check_selector

        if self.article_id is None or self.start is None or self.end is None:
            return
        try:
            check_selector(self.article.body, quote=self.quote, start=self.start, end=self.end)
        except SelectorError as error:
            raise ValidationError({"quote": str(error)}) from error


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ClaimRelation(models.Model):
    """A link between two claims: one supports, contradicts or duplicates the other."""

    class Kind(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CONTRADICTS = "contradicts", "Contradicts"
        DUPLICATES = "duplicates", "Duplicates"

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(from_claim=F("to_claim")), name="claimrelation_not_self"),
            models.UniqueConstraint(fields=["from_claim", "to_claim", "kind"], name="claimrelation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim_id} {self.kind} {self.to_claim_id}"


@pghistory.track(pghistory.InsertEvent())
class Review(models.Model):
    """A reviewer's verdict on a claim. Append-only: the database refuses UPDATE and DELETE."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    rationale = models.TextField()
    evidence = models.TextField(blank=True, help_text="Evidence cited: links, mention ids, documents.")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["claim", "-created_at"], name="review_claim_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(verdict__in=Verdict.values), name="review_verdict_known"),
            models.CheckConstraint(condition=~Q(rationale=""), name="review_rationale_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} on claim {self.claim_id}"


class MentionOrigin(models.Model):
    """The origin key of each mention: a database view (migration 0006), read-only.

    A mention's origin is the source it is attributed to in the text, lifted to the top of that
    source's affiliation tree; an anonymous source counts only when a person tied it to a body
    that is not an outlet ("a military source" tied to an army), otherwise the mention is traced
    like an unattributed one: to the origin of its article's chain (the origin outlet, lifted to
    the top of its affiliation, or the origin article when no outlet is known).
    """

    mention = models.OneToOneField(
        Mention, primary_key=True, on_delete=models.DO_NOTHING, related_name="origin", db_column="mention_id"
    )
    origin_key = models.TextField(help_text='"source:<id>" or "article:<id>": equal keys are one origin.')
    origin_name = models.TextField()
    origin_source = models.ForeignKey(
        Source, null=True, on_delete=models.DO_NOTHING, related_name="+", db_column="origin_source_id"
    )
    origin_article = models.ForeignKey(
        Article, null=True, on_delete=models.DO_NOTHING, related_name="+", db_column="origin_article_id"
    )
    origin_published = models.DateField(null=True)
    is_attributed = models.BooleanField(help_text="Traced through in-text attribution rather than the chain.")
    article = models.ForeignKey(
        Article, on_delete=models.DO_NOTHING, related_name="+", db_column="article_id", help_text="The mention's."
    )
    carrier_name = models.TextField(
        help_text='The outlet of the mention\'s article, or "unknown outlet (<capture>)" (migration 0012).'
    )

    class Meta:
        managed = False
        db_table = "claims_mentionorigin"

    def __str__(self) -> str:
        return f"mention {self.mention_id}: {self.origin_name}"


class ClaimStatus(models.Model):
    """The suggested status of a claim and what it rests on: a database view (migration 0006).

    Each live (proposed or accepted) mention has an origin key (see MentionOrigin); independent
    origins are distinct keys. A claim's denying origins are those of its mentions that deny it
    and the asserting origins of every claim linked to it by "contradicts" (a linked contradicting
    claim with no live mention counts as one origin of its own). Contradicted when a denying origin
    is not among the asserting ones; corroborated when two or more independent origins assert it;
    single-sourced with one; unverified with none. Origins that all reach us through one article
    corroborate only when that article attributes them to distinct named parties (migration 0012).
    """

    claim = models.OneToOneField(
        Claim, primary_key=True, on_delete=models.DO_NOTHING, related_name="status", db_column="claim_id"
    )
    suggested_status = models.CharField(max_length=20, choices=Verdict.choices)
    mention_count = models.IntegerField()
    proposed_count = models.IntegerField(help_text="Live mentions still proposed, not yet accepted by a person.")
    outlet_count = models.IntegerField()
    asserting_mention_count = models.IntegerField()
    attributed_count = models.IntegerField(help_text="Asserting mentions traced through in-text attribution.")
    asserting_origin_count = models.IntegerField()
    asserting_origins = ArrayField(models.TextField())
    denying_origins = ArrayField(models.TextField())
    independent_denying_origins = ArrayField(models.TextField())
    independent_denial_count = models.IntegerField()
    contradicting_claim_count = models.IntegerField()
    has_contradicting_claim = models.BooleanField()
    first_published = models.DateField(null=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, null=True)
    verdict_at = models.DateTimeField(null=True)
    review_count = models.IntegerField()
    is_disagreement = models.BooleanField()
    questioning_origins = ArrayField(
        models.TextField(), help_text="Origins of the mentions that question the claim (they add no origin to it)."
    )
    asserting_article_count = models.IntegerField(help_text="Articles carrying the asserting mentions.")
    attributed_origin_count = models.IntegerField(help_text="Asserting origins named by in-text attribution.")
    one_carrier = models.TextField(
        null=True, help_text="With two or more asserting origins all in one article: that article's outlet."
    )
    unknown_outlets = ArrayField(
        models.TextField(), help_text='Articles of unknown outlet carrying mentions: "unknown outlet (<capture>)".'
    )

    class Meta:
        managed = False
        db_table = "claims_claimstatus"

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.suggested_status}"


class SuggestedStatus(models.Model):
    """Each claim's suggested status kept in a table, so lists filter and count by it through an index.

    The ClaimStatus view stays the rule: database triggers (migration 0013) recompute a claim's row
    from it whenever what it rests on changes (its mentions, its "contradicts" links and the mentions
    of the claims at their other end, its articles' origins, its sources' affiliation and kind).
    Written by the database only.
    """

    claim = models.OneToOneField(
        Claim,
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the database deletes the row with its claim (ON DELETE CASCADE)
        db_constraint=False,
        related_name="suggestion",
        db_column="claim_id",
    )
    suggested_status = models.CharField(max_length=20, choices=Verdict.choices)

    class Meta:
        indexes = [models.Index(fields=["suggested_status", "claim"], name="suggestedstatus_by_status")]

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.suggested_status}"


class ApiRequestCount(models.Model):
    """One API limit's counter for one user or client address: requests in this window and the last.

    Written by claims.api.throttling with one INSERT ... ON CONFLICT statement per request; rows whose
    two windows are over (`expires_at`, in seconds since the epoch) are deleted from time to time.
    """

    # "<scope>:<hash of the user or address>": short, and no address in clear.
    key = models.CharField(max_length=80, primary_key=True)
    window_start = models.BigIntegerField()  # seconds since the epoch, a multiple of the rate's duration
    count = models.IntegerField()  # requests allowed in this window
    previous_count = models.IntegerField()  # requests allowed in the window before it
    allowed = models.BooleanField()  # whether the last request counted was allowed
    expires_at = models.BigIntegerField()  # when both windows are over and the row counts for nothing

    def __str__(self) -> str:
        return f"{self.key}: {self.count} (+{self.previous_count} before)"
